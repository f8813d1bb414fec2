// pods/NAME/attach over WebSocket: the channels of exec (src/server/exec.ts),
// carrying the container's main process's output from now on until it stops,
// as kubesim's own `kubectl attach` prints it (the same follow loop,
// src/client/container-logs.ts followLogs, over src/cluster/pod-logs.ts). The
// process's end is a Success on the error channel, as the kubelet's attach
// ends when the container does.
import type { WebSocket } from 'ws';
import type { ClusterSession } from '../cluster/session.js';
import { containerLogLines, containerRunning } from '../cluster/pod-logs.js';
import { requestContainer } from '../cluster/pod-exec.js';
import { followLogs } from '../client/container-logs.js';
import type { Pod } from '../types/k8s.js';
import type { ResourcePath } from './rest.js';
import { notSupported } from './rest.js';
import { KubeletRefusal, STDERR, STDOUT, frame, streamPod, type Open } from './exec.js';

export interface AttachTarget {
  pod: Pod;
  container: string;
  tty: boolean;
  /** How many log lines the process had written when the client attached. */
  printed: number;
}

/** Checks an attach request before the upgrade (the errors a client sees before any stream). */
export function attachTarget(s: ClusterSession, path: ResourcePath, query: URLSearchParams): AttachTarget {
  const pod = streamPod(s, path);
  const container = requestContainer(pod, query.get('container'));
  if (query.get('stdin') === 'true') throw notSupported("attach -i (input to the container's main process)");
  if (!containerRunning(s, pod, container)) throw new KubeletRefusal(`container ${container} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
  const spec = pod.spec.containers.find((c) => c.name === container) as { tty?: boolean } | undefined;
  return { pod, container, tty: spec?.tty === true && query.get('tty') === 'true', printed: containerLogLines(s, pod, container).length };
}

/** Streams the process's output until it stops, or until the client goes away. */
export async function streamAttach(ws: WebSocket, t: AttachTarget, open: Open, end: (status: Record<string, unknown>) => void): Promise<void> {
  let gone = false;
  ws.on('close', () => (gone = true));
  // A client that has gone ends the follow loop at its next look.
  const whileConnected: Open = (fn) => (gone ? Promise.reject(new Error('client gone')) : open(fn));
  try {
    await followLogs(whileConnected, t.pod, new Map([[t.container, t.printed]]), (_name, l) => {
      // With a TTY the container's terminal merges stderr into stdout.
      if (!gone) ws.send(frame(l.s === 2 && !t.tty ? STDERR : STDOUT, `${l.x}${l.p ? '' : '\n'}`));
    });
  } catch (e) {
    if (!gone) end({ metadata: {}, status: 'Failure', message: (e as Error).message ?? String(e) });
    return;
  }
  end({ metadata: {}, status: 'Success' });
}
