// pods/NAME/attach over WebSocket: the channels of exec (src/server/exec.ts)
// joined to the container's main process as kubesim's own `kubectl attach`
// joins it (src/client/attach-session.ts AttachedContainer): its output from
// now on until it stops and, with stdin=true, the client's stdin channel to the
// process's stdin (runtime writeStdin), a line at a time as the CLI's attach
// reads a terminal, the end of input closing the process's stdin when the
// container is stdinOnce (or the session is a TTY's). A TTY session (stdin and
// tty, from kubectl -it at a terminal) gets raw keystrokes, so the server is
// the terminal's line discipline, as for exec -it. The process's end is a
// Success on the error channel, as the kubelet's attach ends when the
// container does.
import { PassThrough } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ClusterSession } from '../cluster/session.js';
import { containerRunning } from '../cluster/pod-logs.js';
import { requestContainer } from '../cluster/pod-exec.js';
import { AttachedContainer } from '../client/attach-session.js';
import type { LogLine } from '../runtime/index.js';
import type { ResourcePath } from './rest.js';
import { KubeletRefusal, STDERR, STDOUT, channelOutput, frame, onStdin, streamPod, type Open } from './exec.js';

export interface AttachTarget {
  attached: AttachedContainer;
  /** The output is one stream (the container's terminal merges stderr into stdout). */
  tty: boolean;
  /** stdin=true: the client's input goes to the process. */
  stdin: boolean;
  stdinOnce: boolean;
  /** Set when the client has gone: the next cluster session of the attach fails, which ends it. */
  link: { gone: boolean };
}

/** Checks an attach request before the upgrade (the errors a client sees before any stream); `open` runs the attach's later sessions. */
export function attachTarget(s: ClusterSession, path: ResourcePath, query: URLSearchParams, open: Open): AttachTarget {
  const pod = streamPod(s, path);
  const container = requestContainer(pod, query.get('container'));
  if (!containerRunning(s, pod, container)) throw new KubeletRefusal(`container ${container} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
  const spec = pod.spec.containers.find((c) => c.name === container) as { tty?: boolean; stdinOnce?: boolean } | undefined;
  const link = { gone: false };
  const whileConnected: Open = (fn) => (link.gone ? Promise.reject(new Error('client gone')) : open(fn));
  return {
    attached: new AttachedContainer(whileConnected, pod, container, s, false),
    tty: spec?.tty === true && query.get('tty') === 'true',
    stdin: query.get('stdin') === 'true',
    stdinOnce: spec?.stdinOnce === true,
    link,
  };
}

/** Streams the process's output (and the client's input to it) until it stops, or until the client goes away. */
export async function streamAttach(ws: WebSocket, t: AttachTarget, end: (status: Record<string, unknown>) => void): Promise<void> {
  ws.on('close', () => (t.link.gone = true));
  const write = (l: LogLine) => {
    if (!t.link.gone) ws.send(frame(l.s === 2 && !t.tty ? STDERR : STDOUT, `${l.x}${l.p ? '' : '\n'}`));
  };
  try {
    if (t.stdin) {
      const input = new PassThrough();
      onStdin(ws, (data) => input.write(data), () => input.end());
      const output = channelOutput(ws, STDOUT, t.tty);
      await t.attached.terminal({ input, output, errors: t.tty ? output : channelOutput(ws, STDERR, false), tty: t.tty, stdinOnce: t.stdinOnce });
    }
    // Without a terminal the client streams on to the container's end, its input done or not (as the CLI's attach -i of a pipe does).
    if (!t.stdin || !t.tty) await t.attached.follow(write);
  } catch (e) {
    if (!t.link.gone) end({ metadata: {}, status: 'Failure', message: (e as Error).message ?? String(e) });
    return;
  }
  end({ metadata: {}, status: 'Success' });
}
