// pods/NAME/exec over WebSocket, as kubectl v1.32 speaks it first
// (client-go tools/remotecommand/websocket.go; the KUBECTL_REMOTE_COMMAND_WEBSOCKETS
// feature, on by default since 1.30): subprotocol v5.channel.k8s.io (v4
// accepted), every message binary with its channel as the first byte (0 stdin,
// 1 stdout, 2 stderr, 3 error, 4 resize); in v5, [255, channel] closes a
// channel, which is how the client says stdin has ended. The command runs in
// the container's runtime state (src/cluster/pod-exec.ts) once its input is
// complete, its output goes back on channels 1 and 2, its end as a Status on
// channel 3, and the connection closes normally. A shell on a terminal
// (`exec -it` from one) is a line-by-line session instead (`terminal` below).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClusterSession } from '../cluster/session.js';
import { execRefusal, inContainerRuntime, requestContainer } from '../cluster/pod-exec.js';
import { execInContainer, isInteractiveShell, type ExecResult } from '../runtime/index.js';
import { runShellSession, type InContainer } from '../client/exec-shell.js';
import { PassThrough, Writable } from 'node:stream';
import { authorizeRequest } from '../apiserver/auth/rbac.js';
import { badRequest, notFound } from '../apiserver/errors.js';
import type { Pod } from '../types/k8s.js';
import type { ResourcePath } from './rest.js';
import { notSupported } from './rest.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
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

/** The pod a stream request (exec, attach, portforward) names, once the user may create that subresource. */
export function streamPod(s: ClusterSession, path: ResourcePath): Pod {
  authorizeRequest(s.store, s.api.user, 'create', path.resource, path.namespace, path.name, path.subresource);
  const pod = s.store.get('pods', path.namespace!, path.name!) as Pod | undefined;
  if (!pod) throw notFound(path.resource, path.name!);
  return pod;
}

/** Checks an exec request before the upgrade (the errors a client sees as an HTTP Status). */
export function execTarget(s: ClusterSession, path: ResourcePath, query: URLSearchParams): ExecTarget {
  const pod = streamPod(s, path);
  const container = requestContainer(pod, query.get('container'));
  const command = query.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least one command for the container');
  const stdin = query.get('stdin') === 'true' || query.get('input') === '1';
  const tty = query.get('tty') === 'true';
  if (stdin && tty && !isInteractiveShell(command)) throw notSupported('a terminal for anything but a shell (exec -it from a terminal) over kubesim serve');
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

/** Runs a function in a cluster session as the request's user. */
export type Open = <T>(fn: (s: ClusterSession) => T) => Promise<T>;

export const frame = (channel: number, data: Buffer | string) => Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8')]);

/**
 * The client's input: each stdin message's data, then its end, once: the client
 * closes stdin ([255, 0], v5) or the connection.
 */
export function onStdin(ws: WebSocket, data: (chunk: Buffer) => void, end: () => void): void {
  const v5 = ws.protocol === PROTOCOLS[0];
  let ended = false;
  const finish = () => {
    if (!ended) (ended = true), end();
  };
  ws.on('message', (message: Buffer, isBinary: boolean) => {
    if (!isBinary || message.length === 0 || ended) return;
    if (message[0] === STDIN) data(message.subarray(1));
    else if (v5 && message[0] === CLOSE && message[1] === STDIN) finish();
  });
  ws.on('close', finish);
}

/**
 * A channel (stdout, stderr) as a stream to write to. On a terminal's (`crlf`)
 * each newline goes out as CR LF, as the container's terminal turns it (onlcr),
 * for kubectl's terminal is raw.
 */
export function channelOutput(ws: WebSocket, channel: number, crlf: boolean): Writable {
  let afterCR = false;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      let text = chunk.toString('utf8');
      if (crlf) text = text.replace(/\n/g, (nl, at: number, all: string) => ((at === 0 ? afterCR : all[at - 1] === '\r') ? nl : '\r\n'));
      if (text) afterCR = text.endsWith('\r');
      if (ws.readyState === ws.OPEN) ws.send(frame(channel, text));
      done();
    },
  });
}

export class ExecUpgrader {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  /** Upgrades the connection and runs the exec: `open` runs a function in a cluster session. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, target: ExecTarget, open: Open): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => void (target.tty && target.stdin ? this.terminal(ws, target, open) : this.session(ws, target, open)));
  }

  /** Upgrades the connection for another stream on the same channels (attach: src/server/attach.ts). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, run: (ws: WebSocket, end: (status: Record<string, unknown>) => void) => void): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => run(ws, (status) => this.end(ws, status)));
  }

  /**
   * A shell on a terminal (`exec -it` from one): the client sends raw keystrokes,
   * so the server is the terminal's line discipline, as kubesim's own `exec -it`
   * is at a local terminal (src/client/exec-shell.ts: readline echoes and edits,
   * each line runs in its own cluster session). Resize messages are ignored.
   */
  private async terminal(ws: WebSocket, t: ExecTarget, open: Open): Promise<void> {
    const input = new PassThrough();
    onStdin(ws, (data) => input.write(data), () => input.end());
    const output = channelOutput(ws, STDOUT, true);
    const inContainer: InContainer = (fn) => open((s) => inContainerRuntime(s, t.pod, t.container, fn));
    let result: { failed?: ExecResult; code: number };
    try {
      result = await runShellSession(t.command, inContainer, { input, output, errors: output, tty: true });
    } catch (e) {
      return this.end(ws, { metadata: {}, status: 'Failure', message: (e as Error).message ?? String(e) });
    }
    for (const chunk of result.failed?.output ?? []) if (chunk.x) ws.send(frame(STDOUT, chunk.x));
    this.end(ws, exitStatus(t.command, result.code));
  }

  /** The end of a stream: its Status on the error channel, then a normal close. */
  private end(ws: WebSocket, status: Record<string, unknown>): void {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(frame(ERROR, JSON.stringify(status)));
    ws.close(1000);
  }

  private async session(ws: WebSocket, t: ExecTarget, run: Open): Promise<void> {
    const input: Buffer[] = [];
    // The command's input is complete when the client closes stdin (v5), or the connection.
    const inputDone = new Promise<void>((resolve) => {
      if (!t.stdin) return resolve();
      onStdin(ws, (data) => input.push(data), resolve);
    });
    await inputDone;
    if (ws.readyState !== ws.OPEN) return;
    let result: ExecResult;
    try {
      result = await run((s) => inContainerRuntime(s, t.pod, t.container, (rt, name, now) => execInContainer(rt, name, t.command, t.stdin ? Buffer.concat(input).toString('utf8') : undefined, now)));
    } catch (e) {
      return this.end(ws, { metadata: {}, status: 'Failure', message: (e as Error).message ?? String(e) });
    }
    for (const chunk of result.output) {
      if (chunk.x) ws.send(frame(t.tty || chunk.s === 1 ? STDOUT : STDERR, chunk.x));
    }
    this.end(ws, exitStatus(t.command, result.exitCode));
  }
}
