// `kubesim serve`: the Kubernetes REST API on 127.0.0.1 over the same API
// layer the CLI uses. Every request is one short cluster session
// (src/cluster/session.ts withCluster: lock, catch up, do, settle, save), so the
// CLI, the daemon and the server share the cluster through the store's lock;
// requests of this process are serialised before they take it.
//
// Authentication: no credentials is the admin (the plain-HTTP endpoint has no
// client certificates to check); `Authorization: Bearer TOKEN` is checked as
// `kubectl --token` is (src/apiserver/auth/identity.ts), and Impersonate-User /
// Impersonate-Group as `--as` / `--as-group`. Then the same RBAC and admission.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { CLUSTER_CA_CERT } from '../cluster/ca.js';
import type { UserInfo } from '../apiserver/api.js';
import { withCluster, ClusterSession, stateDir } from '../cluster/session.js';
import { syncCustomResourcesFromDisk } from '../apiserver/crd.js';
import { ADMIN_USER } from '../apiserver/api.js';
import { StatusError, badRequest, statusBody } from '../apiserver/errors.js';

export { statusBody };
import { authenticate } from '../apiserver/auth/identity.js';
import { impersonated } from '../client/command.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, lookupResource, SERVER_VERSION } from './discovery.js';
import { handleResource, notSupported, parseResourcePath, type ResourcePath, type RestResponse } from './rest.js';
import { ExecUpgrader, KubeletRefusal, execTarget, type Open } from './exec.js';
import { attachTarget, streamAttach } from './attach.js';
import { TUNNEL_PROTOCOL, forwardPorts, offersTunnel, portForwardTarget, tunnelRequest, tunnelServer } from './portforward.js';
import { serveWatch } from './watch.js';
import { serveLog } from './logs.js';
import { openapiGroupVersion, openapiIndex } from './openapi.js';
import { frameShiftMs, fromClientFrame, simClock, timeScope, toClientFrame } from './time-frame.js';
import { wantsTable } from './table.js';

export interface ServeOptions {
  home: string;
  port: number;
  host?: string;
  /** Serve HTTPS with this certificate (src/server/tls.ts); plain HTTP without. */
  tls?: { cert: string; key: string };
  /** Called for each request (method, path, status), for the server's log. */
  log?: (line: string) => void;
  /**
   * `kubectl proxy`: who a plain-HTTP request without credentials acts as (the kubeconfig's user,
   * its token checked as a bearer token would be), instead of the admin.
   */
  actAs?: { user: UserInfo; token?: string };
  /** `kubectl proxy`: the requests it lets through (others get 403 Forbidden in plain text). */
  accept?: (method: string, path: string, host: string) => boolean;
  /** `kubectl proxy --api-prefix`: the path the API is served under ('/' by default). */
  apiPrefix?: string;
}

function toStatusError(e: unknown): StatusError {
  if (e instanceof StatusError) return e;
  const message = (e as Error)?.message ?? String(e);
  if (/not supported by kubesim/.test(message)) return new StatusError(501, '', message.replace(/^error: /, ''));
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** One request at a time inside this process (each then takes the cross-process lock). */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function decodeBody(raw: Buffer, contentType: string): Promise<unknown> {
  if (raw.length === 0) return undefined;
  if (/^application\/vnd\.kubernetes\.protobuf/.test(contentType)) {
    // kubectl's typed clients (create deployment, auth can-i, create token) send protobuf bodies.
    const { decodeKubernetesProtobuf } = await import('./protobuf.js');
    return decodeKubernetesProtobuf(raw);
  }
  const text = raw.toString('utf8');
  if (/yaml/.test(contentType) && !/apply-patch/.test(contentType)) {
    const { parseYamlDocuments } = await import('../printers/yaml.js');
    return parseYamlDocuments(text)[0];
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding body: ${(e as Error).message}`);
  }
}

function send(res: ServerResponse, code: number, body: unknown, warnings: string[] = []): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-cache, private' };
  // RFC 7234 warning headers, as the API server sends admission warnings (kubectl prints `Warning: TEXT`).
  if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

export class KubesimApiServer {
  private readonly serial = new Serial();
  private readonly execUpgrader = new ExecUpgrader();
  private readonly tunnels = tunnelServer();
  private server: Server | undefined;

  constructor(private readonly opts: ServeOptions) {}

  /** Listens; resolves with the port (an ephemeral one for port 0). */
  listen(): Promise<number> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    // Client certificates are optional and checked against the cluster CA (the kubeconfig's admin certificate).
    const server = this.opts.tls
      ? createHttpsServer({ ...this.opts.tls, ca: [CLUSTER_CA_CERT], requestCert: true, rejectUnauthorized: false }, handler)
      : createServer(handler);
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /**
   * Runs `fn` in a cluster session as the request's user. As the kube-apiserver's
   * authenticators are ordered: a verified client certificate first, then a
   * bearer token; over HTTPS a request with neither is system:anonymous. Plain
   * HTTP has no credentials to check (client-go sends none over it): the admin.
   */
  private session<T>(req: IncomingMessage, fn: (s: ClusterSession) => T): Promise<T> {
    const auth = req.headers.authorization;
    const bearer = auth && /^bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
    const certUser = clientCertUser(req);
    const actAs = !this.opts.tls && !certUser && !bearer ? this.opts.actAs : undefined;
    const token = certUser ? undefined : (bearer ?? actAs?.token);
    const base: UserInfo = certUser ?? actAs?.user ?? (this.opts.tls && !token ? ANONYMOUS : ADMIN_USER);
    const asUser = header(req, 'impersonate-user');
    const asGroups = req.headersDistinct['impersonate-group'] ?? [];
    const user = asUser ? impersonated(asUser, asGroups) : base;
    return this.serial.run(() =>
      withCluster({ home: this.opts.home, user }, (s) => {
        if (!token) return fn(s);
        const who = authenticate(s.store, s.now, { user, token, impersonating: !!asUser });
        return fn(new ClusterSession(s.home, s.store, s.engine, who));
      }),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const refused = this.proxyRefusal(req, url, method);
    if (refused) {
      // kubectl proxy: its FilterServer's, or its mux's for a path outside the API prefix (http.Error's plain text).
      res.writeHead(refused.code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(refused.text.length) });
      res.end(refused.text);
      this.opts.log?.(`${method} ${url.pathname}${url.search} ${refused.code}`);
      return;
    }
    try {
      const response = await this.route(method, url, req, res);
      if (response) send(res, response.code, response.body, response.warnings);
      this.opts.log?.(`${method} ${url.pathname}${url.search} ${response?.code ?? 200}`);
    } catch (e) {
      const err = toStatusError(e);
      this.opts.log?.(`${method} ${url.pathname}${url.search} ${err.code}`);
      if (!res.headersSent) send(res, err.code, statusBody(err));
      else res.end();
    }
  }

  /**
   * `kubectl proxy`: why it does not pass the request on (a path outside its API prefix, or its
   * filter); the path under the prefix is moved into `url`. Without proxy options nothing is refused.
   */
  private proxyRefusal(req: IncomingMessage, url: URL, method: string): { code: number; text: string } | undefined {
    const prefix = this.opts.apiPrefix ?? '/';
    if (prefix !== '/') {
      const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
      if (!`${url.pathname}/`.startsWith(base)) return { code: 404, text: '404 page not found\n' };
      url.pathname = `/${url.pathname.slice(base.length)}`;
    }
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (this.opts.accept && !this.opts.accept(method, url.pathname, host)) return { code: 403, text: 'Forbidden\n' };
    return undefined;
  }

  /**
   * A request to switch protocols: exec and attach over WebSocket
   * (src/server/exec.ts, attach.ts), port-forward over SPDY tunneled in
   * WebSocket (src/server/portforward.ts). Errors are answered as a Status
   * before any switch, as the API server does; plain SPDY (kubectl's fallback)
   * is not spoken.
   */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const refused = this.proxyRefusal(req, url, method);
    if (refused) {
      const status = refused.code === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${refused.code} ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${refused.text.length}\r\n\r\n${refused.text}`);
      return;
    }
    const log = (code: number) => this.opts.log?.(`${method} ${url.pathname}${url.search} ${code} (upgrade: ${req.headers.upgrade})`);
    const open: Open = (fn) => this.session(req, fn);
    try {
      const path = this.resourcePath(url);
      const sub = path?.resource.name === 'pods' ? path.subresource : undefined;
      if (!path || (sub !== 'exec' && sub !== 'attach' && sub !== 'portforward')) {
        throw notSupported(`the ${path ? `${path.resource.name}/${path.subresource ?? ''}` : url.pathname} protocol upgrade`);
      }
      const websocket = /websocket/i.test(req.headers.upgrade ?? '');
      if (sub === 'portforward') {
        const target = await open((s) => portForwardTarget(s, path));
        if (!websocket || !offersTunnel(req)) throw notSupported(`${req.headers.upgrade} port-forward streams (kubesim serve speaks SPDY/3.1 tunneled in WebSocket: ${TUNNEL_PROTOCOL})`);
        log(101);
        this.tunnels.handleUpgrade(tunnelRequest(req), socket, head, (ws) => void forwardPorts(ws, target, open));
        return;
      }
      const target = sub === 'exec' ? await open((s) => execTarget(s, path, url.searchParams)) : await open((s) => attachTarget(s, path, url.searchParams, open));
      if (!websocket) throw notSupported(`${req.headers.upgrade} streams (kubesim serve speaks WebSocket: v5.channel.k8s.io)`);
      log(101);
      if ('command' in target) this.execUpgrader.accept(req, socket, head, target, open);
      else this.execUpgrader.upgrade(req, socket, head, (ws, end) => void streamAttach(ws, target, end));
    } catch (e) {
      if (e instanceof KubeletRefusal) {
        log(404);
        const text = `${e.message}\n`;
        socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
        return;
      }
      const err = toStatusError(e);
      log(err.code);
      const text = JSON.stringify(statusBody(err));
      socket.end(`HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    }
  }

  /** The resource a request path names (undefined: not a resource path). */
  private resourcePath(url: URL): ResourcePath | undefined {
    const [root, ...rest] = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    if (root === 'api' && rest.length > 1) return parseResourcePath('', rest[0]!, rest.slice(1), lookupResource);
    if (root === 'apis' && rest.length > 2) return parseResourcePath(rest[0]!, rest[1]!, rest.slice(2), lookupResource);
    return undefined;
  }

  /** Answers a request; undefined when the response was streamed (watch). */
  private async route(method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<RestResponse | undefined> {
    const segments = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    const ok = (body: unknown): RestResponse => ({ code: 200, body });
    const notFoundPath = (): RestResponse => ({
      code: 404,
      body: statusBody(new StatusError(404, 'NotFound', 'the server could not find the requested resource')),
    });
    const [root, ...rest] = segments;
    if (root === 'version' && rest.length === 0) return ok(SERVER_VERSION);
    if ((root === 'healthz' || root === 'livez' || root === 'readyz') && rest.length === 0) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return undefined;
    }
    if (root === 'openapi' && rest[0] === 'v2' && rest.length === 1) {
      // An empty OpenAPI v2 document (kubectl asks for the gnostic protobuf
      // form, which for a document without definitions is no bytes at all). kubectl
      // falls back to it for kinds the v3 index does not list (a removed API such
      // as policy/v1beta1): with no definition to check against, it leaves the
      // kind to the server, which then does not know it ("resource mapping not found").
      res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'Content-Length': '0' });
      res.end();
      return undefined;
    }
    if (root === 'openapi') {
      if (rest[0] !== 'v3') return notFoundPath();
      if (rest.length === 1) return ok(openapiIndex());
      const doc = openapiGroupVersion(rest.slice(1).join('/'));
      return doc ? ok(doc) : notFoundPath();
    }
    let group: string;
    let version: string | undefined;
    let tail: string[];
    if (root === 'api') {
      if (rest.length === 0) return ok(apiVersions());
      group = '';
      version = rest[0];
      tail = rest.slice(1);
    } else if (root === 'apis') {
      // CRDs another process created or deleted since this one started (kubesim's own CLI, an add-on).
      syncCustomResourcesFromDisk(stateDir(this.opts.home));
      if (rest.length === 0) return ok(apiGroupList());
      group = rest[0]!;
      if (rest.length === 1) {
        const g = apiGroup(group);
        return g ? ok(g) : notFoundPath();
      }
      version = rest[1];
      tail = rest.slice(2);
    } else {
      return notFoundPath();
    }
    const gv = group ? `${group}/${version}` : version!;
    if (tail.length === 0) {
      const list = apiResourceList(gv);
      return list ? ok(list) : notFoundPath();
    }
    const path = parseResourcePath(group, version!, tail, lookupResource);
    if (!path) return notFoundPath();
    const query = url.searchParams;
    const accept = header(req, 'accept') ?? '';
    const contentType = header(req, 'content-type') ?? 'application/json';
    if (path.resource.name === 'pods' && path.subresource === 'log' && method === 'GET') {
      await serveLog(path, query, res, (fn) => this.session(req, fn));
      return undefined;
    }
    if (path.subresource && ['exec', 'attach', 'portforward', 'proxy', 'log'].includes(path.subresource)) {
      throw notSupported(`the ${path.resource.name}/${path.subresource} subresource over HTTP`);
    }
    const watch = query.get('watch');
    if (method === 'GET' && (watch === 'true' || watch === '1')) {
      if (!path.resource.served) throw notSupported(`watching ${path.resource.name}`);
      await serveWatch({ home: this.opts.home, path, query, accept, res, open: (fn) => this.session(req, fn) });
      return undefined;
    }
    const body = await decodeBody(await readBody(req), contentType);
    const scope = timeScope(path.resource);
    const { response, clock } = await this.session(req, (s) => {
      // The client's times are in the machine's frame (src/server/time-frame.ts).
      const simBody = fromClientFrame(body, frameShiftMs(simClock(s), Date.now()), scope);
      const response = handleResource(s, { method, path, query, accept, contentType, body: simBody });
      const warnings = s.api.warnings.splice(0);
      return { response: warnings.length ? { ...response, warnings } : response, clock: simClock(s) };
    });
    return { ...response, body: await toClientFrame(response.body, clock, scope, !wantsTable(accept)) };
  }
}

const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** The user a verified client certificate names (CN, and O as groups), as the x509 authenticator reads it. */
function clientCertUser(req: IncomingMessage): UserInfo | undefined {
  const socket = req.socket as TLSSocket;
  if (!socket.encrypted || !socket.authorized) return undefined;
  const subject = socket.getPeerCertificate()?.subject as Record<string, string | string[]> | undefined;
  const cn = subject?.CN;
  if (!cn || Array.isArray(cn)) return undefined;
  const o = subject.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { name: cn, groups: [...groups, 'system:authenticated'] };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
