// pods/NAME/attach over WebSocket: the channels of exec (src/server/exec.ts)
// joined to the container's main process as kubesim's own `kubectl attach`
// joins it (src/client/attach-session.ts AttachedContainer): its output from
// now on until it stops and, with stdin=true, the client's stdin channel to the
// process's stdin (runtime writeStdin) as it comes; the end of input closes the
// process's stdin when the container is stdinOnce. A TTY session (stdin and
// tty, from kubectl -it at a terminal) gets raw keystrokes, so the server is
// the terminal's line discipline, as for exec -it (its Ctrl-D also closes the
// stdin of a TTY's process, as the CLI's attach -it does). The process's end is
// a Success on the error channel, as the kubelet's attach ends when the
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
  /** Closes the process's stdin once the client has gone (the attach's own sessions fail then). */
  closeStdin: () => Promise<unknown>;
}

/** Checks an attach request before the upgrade (the errors a client sees before any stream); `open` runs the attach's later sessions. */
export function attachTarget(s: ClusterSession, path: ResourcePath, query: URLSearchParams, open: Open): AttachTarget {
  const pod = streamPod(s, path);
  const container = requestContainer(pod, query.get('container'));
  if (!containerRunning(s, pod, container)) throw new KubeletRefusal(`container ${container} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
  const spec = pod.spec.containers.find((c) => c.name === container) as { tty?: boolean; stdinOnce?: boolean } | undefined;
  const link = { gone: false };
  const whileConnected: Open = (fn) => (link.gone ? Promise.reject(new Error('client gone')) : open(fn));
  const afterwards = new AttachedContainer(open, pod, container, s, false);
  return {
    closeStdin: () => afterwards.send('', true),
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
    const input = new PassThrough();
    if (t.stdin) onStdin(ws, (data) => input.write(data), () => input.end());
    if (!t.stdin) await t.attached.follow(write);
    else if (t.tty) {
      const output = channelOutput(ws, STDOUT, true);
      await t.attached.terminal({ input, output, errors: output, tty: true, stdinOnce: t.stdinOnce });
    } else await t.attached.stream(input, t.stdinOnce, write);
  } catch (e) {
    if (!t.link.gone) end({ metadata: {}, status: 'Failure', message: (e as Error).message ?? String(e) });
    // The kubelet closes a stdinOnce container's stdin when its one attach ends, the client gone or not.
    else if (t.stdin && t.stdinOnce) await t.closeStdin().catch(() => undefined);
    return;
  }
  end({ metadata: {}, status: 'Success' });
}
