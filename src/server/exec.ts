// pods/NAME/exec over WebSocket, as kubectl v1.32 speaks it first
// (client-go tools/remotecommand/websocket.go; the KUBECTL_REMOTE_COMMAND_WEBSOCKETS
// feature, on by default since 1.30): subprotocol v5.channel.k8s.io (v4
// accepted), every message binary with its channel as the first byte (0 stdin,
// 1 stdout, 2 stderr, 3 error, 4 resize); in v5, [255, channel] closes a
// channel, which is how the client says stdin has ended. The command runs in
// the container's runtime state (src/cluster/pod-exec.ts) once its input is
// complete, its output goes back on channels 1 and 2, its end as a Status on
// channel 3, and the connection closes normally.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClusterSession } from '../cluster/session.js';
import { execRefusal, inContainerRuntime, requestContainer } from '../cluster/pod-exec.js';
import { execInContainer, type ExecResult } from '../runtime/index.js';
import { authorizeRequest } from '../apiserver/auth/rbac.js';
import { badRequest, notFound } from '../apiserver/errors.js';
import type { Pod } from '../types/k8s.js';
import type { ResourcePath } from './rest.js';
import { notSupported } from './rest.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

/**
 * The kubelet's refusal of a stream (a container not running): the API server
 * passes the kubelet's plain-text answer through, so kubectl reports
 * `unable to upgrade connection: TEXT` rather than a Status.
 */
export class KubeletRefusal extends Error {}

export interface ExecTarget {
  pod: Pod;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** Checks an exec request before the upgrade (the errors a client sees as an HTTP Status). */
export function execTarget(s: ClusterSession, path: ResourcePath, query: URLSearchParams): ExecTarget {
  authorizeRequest(s.store, s.api.user, 'create', path.resource, path.namespace, path.name, 'exec');
  const pod = s.store.get('pods', path.namespace!, path.name!) as Pod | undefined;
  if (!pod) throw notFound(path.resource, path.name!);
  const container = requestContainer(pod, query.get('container'));
  const command = query.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least one command for the container');
  const stdin = query.get('stdin') === 'true' || query.get('input') === '1';
  const tty = query.get('tty') === 'true';
  if (stdin && tty) throw notSupported('an interactive terminal (exec -it from a terminal) over kubesim serve');
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const refusal = execRefusal(s, pod, container);
  if (refusal) throw new KubeletRefusal(refusal);
  return { pod, container, command, stdin, tty };
}

/** The Status the error channel carries at the end of the command (the kubelet's remotecommand result). */
export function exitStatus(command: string[], exitCode: number): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

const frame = (channel: number, data: Buffer | string) => Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8')]);

export class ExecUpgrader {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  /** Upgrades the connection and runs the exec: `run` executes the command in a cluster session. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, target: ExecTarget, run: (fn: (s: ClusterSession) => ExecResult) => Promise<ExecResult>): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.session(ws, target, run));
  }

  private async session(ws: WebSocket, t: ExecTarget, run: (fn: (s: ClusterSession) => ExecResult) => Promise<ExecResult>): Promise<void> {
    const v5 = ws.protocol === PROTOCOLS[0];
    const input: Buffer[] = [];
    // The command's input is complete when the client closes stdin (v5), or the connection.
    const inputDone = new Promise<void>((resolve) => {
      if (!t.stdin) return resolve();
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary || data.length === 0) return;
        if (data[0] === STDIN) input.push(data.subarray(1));
        else if (v5 && data[0] === CLOSE && data[1] === STDIN) resolve();
      });
      ws.on('close', () => resolve());
    });
    await inputDone;
    if (ws.readyState !== ws.OPEN) return;
    let result: ExecResult;
    try {
      result = await run((s) => inContainerRuntime(s, t.pod, t.container, (rt, name, now) => execInContainer(rt, name, t.command, t.stdin ? Buffer.concat(input).toString('utf8') : undefined, now)));
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      ws.send(frame(ERROR, JSON.stringify({ metadata: {}, status: 'Failure', message })));
      ws.close(1000);
      return;
    }
    for (const chunk of result.output) {
      if (chunk.x) ws.send(frame(t.tty || chunk.s === 1 ? STDOUT : STDERR, chunk.x));
    }
    ws.send(frame(ERROR, JSON.stringify(exitStatus(t.command, result.exitCode))));
    ws.close(1000);
  }
}
