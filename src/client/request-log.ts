// kubectl -v=N: the klog lines real kubectl writes to stderr (client-go's round_trippers.go and
// kubectl's helpers), for the REST requests kubectl would have sent. kubesim's API calls are
// in-process, so each ApiServer call a command makes is logged as the request it stands for:
// method, URL (the kubeconfig cluster's server, the path, kubectl's query), status, duration.
// Levels as in client-go: 1+ the client feature-gate lines, 6 one line per request (and the
// Status of an error kubectl reports), 7 request headers and the response status, 8 response
// headers and bodies, 9 the curl command and connection statistics instead of the headers.
// Not simulated: discovery requests (kubectl's discovery cache is taken to be fresh).
// Loaded only when -v is 1 or more, so other commands do not pay for it.
import { randomUUID } from 'node:crypto';
import type { ApiServer } from '../apiserver/api.js';
import { StatusError, notFound, statusBody } from '../apiserver/errors.js';
import { apiVersionOf, type ResourceInfo } from '../apiserver/resources.js';
import { restPath } from '../apiserver/rest-path.js';
import { CLIENT_VERSION } from '../cluster/version.js';
import type { KObject } from '../types/k8s.js';

export interface RequestLog {
  level: number;
  /** The kubeconfig cluster's server, e.g. https://127.0.0.1:6443. */
  server: string;
  /** The command's verb (`get`, `create`, `apply`...): kubectl's field manager and Accept header follow it. */
  verb: string;
  write: (line: string) => void;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable',
};
const USER_AGENT = `kubectl/${CLIENT_VERSION.gitVersion} (${CLIENT_VERSION.platform}) kubernetes/${CLIENT_VERSION.gitCommit.slice(0, 7)}`;
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const JSON_ACCEPT = 'application/json, */*';

const two = (n: number) => String(n).padStart(2, '0');

const ORIGIN_MS = Date.now();
const ORIGIN_HR = process.hrtime.bigint();

/** klog's text header: `I1202 11:20:18.123456   12345 file.go:N] ` (local time, microseconds). */
export function klogLine(source: string, message: string): string {
  const micro = ORIGIN_MS * 1000 + Number((process.hrtime.bigint() - ORIGIN_HR) / 1000n);
  const now = new Date(Math.floor(micro / 1000));
  const micros = String(micro % 1_000_000).padStart(6, '0');
  const stamp = `${two(now.getMonth() + 1)}${two(now.getDate())} ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}.${micros}`;
  return `I${stamp} ${String(process.pid).padStart(7)} ${source}] ${message}`;
}

/**
 * What kubectl logs before its first request: the kubeconfig file (v6+; kubectl loads it before
 * it builds a client), then the client feature gates (v1+). client-go logs the gates while ranging
 * over a Go map, so real kubectl prints them in a random rotation of this order (any of the four
 * first); kubesim prints this one.
 */
export function startupLines(level: number, configFile: string | undefined): string[] {
  const lines: string[] = [];
  if (level >= 6 && configFile) lines.push(klogLine('loader.go:402', `Config loaded from file:  ${configFile}`));
  if (level >= 1) {
    for (const gate of ['ClientsAllowCBOR', 'ClientsPreferCBOR', 'InformerResourceVersion', 'WatchListClient']) {
      lines.push(klogLine('envvar.go:172', `"Feature gate default state" feature="${gate}" enabled=false`));
    }
  }
  return lines;
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/** url.Values.Encode: keys sorted. */
function encodeQuery(q: Record<string, string | undefined>): string {
  const parts = Object.keys(q).filter((k) => q[k] !== undefined).sort().map((k) => `${k}=${queryEscape(q[k]!)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The field manager kubectl names itself on writes. */
function fieldManager(verb: string): string {
  return verb === 'apply' ? 'kubectl-client-side-apply' : `kubectl-${verb.split(':')[0]}`;
}

/** Commands whose writes ask for strict field validation (kubectl's --validate=strict default). */
const STRICT = new Set(['create', 'apply', 'replace']);

interface Request {
  method: string;
  url: string;
  body?: unknown;
  resource: ResourceInfo;
  name?: string;
}

/** The request an ApiServer call stands for; undefined for calls that are not client requests. */
function requestFor(log: RequestLog, method: string, args: unknown[]): Request | undefined {
  const r = args[0] as ResourceInfo;
  const ns = args[1] as string | undefined;
  const path = (name?: string, sub?: string) => `${log.server}${restPath(r, ns, name, sub)}`;
  const write = (opts: { dryRun?: boolean; subresource?: string } | undefined) => ({
    dryRun: opts?.dryRun ? 'All' : undefined,
    fieldManager: fieldManager(log.verb),
    fieldValidation: STRICT.has(log.verb.split(':')[0]!) ? 'Strict' : undefined,
  });
  switch (method) {
    case 'get':
    case 'tryGet':
      return { method: 'GET', url: path(args[2] as string), resource: r, name: args[2] as string };
    case 'list':
    case 'listByNamespace': {
      const opts = (args[2] ?? {}) as { labelSelector?: string; fieldSelector?: string };
      return { method: 'GET', url: path() + encodeQuery({ labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: '500' }), resource: r };
    }
    case 'create': {
      const opts = args[3] as { dryRun?: boolean } | undefined;
      return { method: 'POST', url: path() + encodeQuery(write(opts)), body: args[2], resource: r };
    }
    case 'update': {
      const body = args[2] as { metadata?: { name?: string } };
      const opts = args[3] as { dryRun?: boolean; subresource?: string } | undefined;
      return { method: 'PUT', url: path(body.metadata?.name, opts?.subresource) + encodeQuery(write(opts)), body, resource: r };
    }
    case 'patch': {
      const opts = args[5] as { dryRun?: boolean; subresource?: string } | undefined;
      return { method: 'PATCH', url: path(args[2] as string, opts?.subresource) + encodeQuery({ ...write(opts), fieldValidation: undefined }), body: args[4], resource: r };
    }
    case 'delete': {
      const opts = args[3] as { dryRun?: boolean } | undefined;
      return { method: 'DELETE', url: path(args[2] as string) + encodeQuery({ dryRun: opts?.dryRun ? 'All' : undefined }), resource: r };
    }
    default:
      return undefined;
  }
}

/** Go's %q-like quoting klog uses for a string value. */
const quoted = (s: string) => JSON.stringify(s);

function logRequest(log: RequestLog, req: Request, code: number, ms: number, response: unknown): void {
  const w = (source: string, message: string) => log.write(klogLine(source, message));
  const status = `${code} ${STATUS_TEXT[code] ?? ''}`.trim();
  const accept = log.verb === 'get' && req.method === 'GET' ? TABLE_ACCEPT : JSON_ACCEPT;
  const headers = [...(req.body !== undefined ? [['Content-Type', 'application/json']] : []), ['Accept', accept], ['User-Agent', USER_AGENT]];
  if (log.level >= 8 && (req.body !== undefined || log.level >= 9)) {
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    w('helper.go:113', body ? `"Request Body" body=<\n\t${body}\n >` : '"Request Body" body=""');
  }
  if (log.level >= 9) {
    w('round_trippers.go:473', `curl -v -X${req.method}  ${headers.map(([k, v]) => `-H ${quoted(`${k}: ${v}`)}`).join(' ')} '${req.url}'`);
    w('round_trippers.go:517', `HTTP Trace: Dial to tcp:${new URL(req.url).host} succeed`);
  } else if (log.level >= 7) {
    w('round_trippers.go:470', `${req.method} ${req.url}`);
    w('round_trippers.go:476', 'Request Headers:');
    for (const [k, v] of headers) w('round_trippers.go:480', `    ${k}: ${v}`);
  }
  if (log.level >= 9 || log.level === 6) w('round_trippers.go:560', `${req.method} ${req.url} ${status} in ${ms} milliseconds`);
  if (log.level >= 9) w('round_trippers.go:577', `HTTP Statistics: DNSLookup 0 ms Dial 0 ms TLSHandshake 0 ms ServerProcessing ${ms} ms Duration ${ms} ms`);
  if (log.level >= 7 && log.level < 9) w('round_trippers.go:581', `Response Status: ${status} in ${ms} milliseconds`);
  if (log.level >= 8) {
    const body = JSON.stringify(response);
    w('round_trippers.go:584', 'Response Headers:');
    const date = new Date().toUTCString();
    for (const [k, v] of [['Audit-Id', randomUUID()], ['Cache-Control', 'no-cache, private'], ['Content-Type', 'application/json'], ['Date', date], ['Content-Length', String(Buffer.byteLength(body))]]) {
      w('round_trippers.go:587', `    ${k}: ${v}`);
    }
    w('helper.go:113', `"Response Body" body=${quoted(body)}`);
  }
}

/** The line kubectl logs at -v=6 for a server error it reports (cmdutil's CheckErr: helpers.go's "server response object"). */
export function serverErrorLine(err: StatusError): string {
  const body = statusBody(err);
  const details = body.details as Record<string, unknown> | undefined;
  if (details) body.details = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== '' && v !== undefined));
  return klogLine('helpers.go:246', `server response object: %s[${JSON.stringify(body, null, 2)}]`);
}

/** A list response as the API server sends it (kubesim's list returns the items). */
function listBody(r: ResourceInfo, items: unknown[]): unknown {
  return { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: {}, items };
}

/** A list read a namespace at a time: one request, logged once its last page is read. */
function* loggedPages(pages: Generator<KObject[]>, log: RequestLog, req: Request, started: number): Generator<KObject[]> {
  const items: KObject[] = [];
  try {
    for (const page of pages) {
      if (log.level >= 8) items.push(...page);
      yield page;
    }
  } catch (e) {
    if (e instanceof StatusError) logRequest(log, req, e.code, Math.round(performance.now() - started), statusBody(e));
    throw e;
  }
  logRequest(log, req, 200, Math.round(performance.now() - started), listBody(req.resource, items));
}

/** The API as the command sees it, each client request logged as kubectl -v=N would log it. */
export function loggedApi(api: ApiServer, log: RequestLog): ApiServer {
  if (log.level < 6) return api;
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'as') return (user: unknown) => loggedApi((value as (u: unknown) => ApiServer).call(target, user), log);
      return (...args: unknown[]) => {
        // A logged response body shows whole objects, never table projections (ListOptions.forTable).
        if (prop === 'listByNamespace' && args[2]) args[2] = { ...(args[2] as object), forTable: false };
        const req = requestFor(log, String(prop), args);
        const call = () => (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!req) return call();
        const started = performance.now();
        if (prop === 'listByNamespace') return loggedPages(call() as Generator<KObject[]>, log, req, started);
        try {
          const result = call();
          const ms = Math.round(performance.now() - started);
          if (result === undefined) logRequest(log, req, 404, ms, statusBody(notFound(req.resource, req.name ?? '')));
          else logRequest(log, req, req.method === 'POST' ? 201 : 200, ms, Array.isArray(result) ? listBody(req.resource, result) : result);
          return result;
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          logRequest(log, req, e.code, Math.round(performance.now() - started), statusBody(e));
          throw e;
        }
      };
    },
  });
}
