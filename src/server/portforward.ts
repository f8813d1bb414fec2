// pods/NAME/portforward as kubectl v1.32 asks for it first (the
// KUBECTL_PORT_FORWARD_WEBSOCKETS feature, on by default since 1.31): a
// WebSocket with subprotocol SPDY/3.1+portforward.k8s.io whose binary messages
// carry a SPDY/3.1 connection (client-go tools/portforward/tunneling_connection.go;
// the API server's streamtunnel.go). For each local connection the client opens
// two streams with the same `requestid`: an error stream and a data stream,
// both naming the pod's `port`. Each stream gets its SYN_REPLY; the data
// stream's bytes are an HTTP request, answered by the pod's simulated server
// through the cluster network (src/client/port-forward.ts forwardRequest, the
// function kubesim's own port-forward uses), then both streams are closed. A
// port nothing listens on gets the kubelet's error text on the error stream.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClusterSession } from '../cluster/session.js';
import { forwardRequest, type ForwardAnswer } from '../client/port-forward.js';
import type { ResourcePath } from './rest.js';
import { streamPod, type Open } from './exec.js';
import { FLAG_FIN, FrameReader, GOAWAY, HeaderCodec, PING, RST_STREAM, SYN_REPLY, SYN_STREAM, controlFrame, dataFrame, uint32, type Frame } from './spdy.js';

export const TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

export interface ForwardTarget {
  namespace: string;
  name: string;
}

/** Checks a port-forward request before the upgrade. */
export function portForwardTarget(s: ClusterSession, path: ResourcePath): ForwardTarget {
  const pod = streamPod(s, path);
  return { namespace: pod.metadata.namespace!, name: pod.metadata.name! };
}

/** Whether the client offers the tunneled protocol. */
export const offersTunnel = (req: IncomingMessage): boolean =>
  (req.headers['sec-websocket-protocol'] ?? '').split(',').some((p) => p.trim() === TUNNEL_PROTOCOL);

/**
 * The `ws` package accepts only RFC 6455 tokens as subprotocols, and the
 * tunnel's name has a `/` and a `+`: the request names it by a token instead
 * (see tunnelRequest), and the answer names it as the client offered it.
 */
const TUNNEL_TOKEN = 'kubesim-spdy-tunnel';

export const tunnelServer = () => new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(TUNNEL_TOKEN) ? TUNNEL_PROTOCOL : false) });

/** The upgrade request as `ws` can read it (the tunnel offered under its token). */
export function tunnelRequest(req: IncomingMessage): IncomingMessage {
  req.headers['sec-websocket-protocol'] = TUNNEL_TOKEN;
  return req;
}

interface Stream {
  kind: string;
  port: number;
  requestId: string;
  received: Buffer[];
}

/** Serves the SPDY connection the tunnel carries until the client closes it. */
export function forwardPorts(ws: WebSocket, target: ForwardTarget, open: Open): void {
  const reader = new FrameReader();
  const codec = new HeaderCodec();
  const streams = new Map<number, Stream>();
  const send = (bytes: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(bytes);
  };
  const finish = (id: number) => send(dataFrame(id, FLAG_FIN, Buffer.alloc(0)));
  const errorStreamOf = (s: Stream) => [...streams].find(([, x]) => x.kind === 'error' && x.requestId === s.requestId)?.[0];

  const answerRequest = async (id: number, s: Stream): Promise<void> => {
    // Frames are handled one at a time: a stream answered is gone before its next frame is looked at.
    const request = parseRequest(Buffer.concat(s.received));
    if (!request) return;
    const errorId = errorStreamOf(s);
    let failure: string | undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      failure = `${request.method} requests through port-forward are not supported by kubesim (its pods' servers answer GET and HEAD)`;
    } else {
      const a: ForwardAnswer = await open((c) => forwardRequest(c, target.namespace, target.name, s.port, request.path, request.userAgent));
      if ('lost' in a) return void ws.close(1000);
      if ('refused' in a) failure = a.refused;
      else send(dataFrame(id, 0, httpResponse(a.status, request.method === 'HEAD' ? '' : a.body, Buffer.byteLength(a.body))));
    }
    if (failure && errorId !== undefined) send(dataFrame(errorId, 0, Buffer.from(failure, 'utf8')));
    finish(id);
    streams.delete(id);
    if (errorId === undefined) return;
    finish(errorId);
    streams.delete(errorId);
  };

  const handle = async (f: Frame): Promise<void> => {
    if (!f.control) {
      const s = streams.get(f.streamId);
      if (!s || s.kind !== 'data' || !f.payload.length) return;
      s.received.push(Buffer.from(f.payload));
      return answerRequest(f.streamId, s);
    }
    if (f.type === SYN_STREAM) {
      const id = f.payload.readUInt32BE(0) & 0x7fffffff;
      const h = await codec.decode(f.payload.subarray(10));
      streams.set(id, { kind: h.streamtype ?? '', port: Number(h.port), requestId: h.requestid ?? '', received: [] });
      send(controlFrame(SYN_REPLY, 0, Buffer.concat([uint32(id), await codec.encode({})])));
    } else if (f.type === RST_STREAM) {
      streams.delete(f.payload.readUInt32BE(0) & 0x7fffffff);
    } else if (f.type === PING) {
      send(controlFrame(PING, 0, f.payload));
    } else if (f.type === GOAWAY) {
      ws.close(1000);
    }
    // SETTINGS, HEADERS and WINDOW_UPDATE change nothing here: answers are small and sent at once.
  };

  let queue = Promise.resolve();
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return void ws.close(1003, 'binary messages only');
    for (const f of reader.push(data)) {
      queue = queue.then(() => handle(f)).catch(() => {
        send(controlFrame(GOAWAY, 0, uint32(0, 2)));
        ws.close(1011);
      });
    }
  });
}

/** The request line and user agent of an HTTP request, once its head is complete. */
function parseRequest(bytes: Buffer): { method: string; path: string; userAgent: string } | undefined {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [line, ...headers] = text.slice(0, end).split('\r\n');
  const [method = '', path = '/'] = line!.split(' ');
  const ua = headers.find((h) => /^user-agent:/i.test(h));
  return { method, path, userAgent: ua ? ua.slice(ua.indexOf(':') + 1).trim() : '-' };
}

/** What the simulated server sends back: its status, length and body (other headers are not simulated). */
function httpResponse(status: number, body: string, length: number): Buffer {
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nDate: ${new Date().toUTCString()}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
  return Buffer.from(head + body, 'utf8');
}
