/**
 * The tutorials' example URLs for the real kubectl of the scenario runner's
 * real mode: an HTTPS-intercepting CONNECT proxy that serves the project's
 * examples/ folder as the web does, so real kubectl fetches
 * `-f https://k8s.io/examples/...` itself and names the URL in its messages, as
 * kubesim's own kubectl does (src/client/manifests.ts resolves the same URLs to
 * the bundled copy).
 *
 * kubectl runs with HTTPS_PROXY pointing here and SSL_CERT_FILE at the proxy's
 * CA (Go honours both; it never proxies 127.0.0.1, so the API traffic to
 * `kubesim serve` goes straight there). For k8s.io, kubernetes.io and
 * raw.githubusercontent.com the proxy answers CONNECT itself and speaks TLS with
 * a certificate for those names (src/server/tls.ts makeCertificates); any other
 * host is a 502, as no network is.
 *   https://k8s.io/examples/PATH -> 301 to https://kubernetes.io/examples/PATH (as the real site)
 *   https://kubernetes.io/examples/PATH and
 *   https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/PATH -> examples/PATH, or 404
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { makeCertificates } from '../../src/server/tls.js';

export interface ExampleProxy {
  /** For HTTPS_PROXY: http://127.0.0.1:PORT */
  url: string;
  /** The proxy's CA certificate, for SSL_CERT_FILE. */
  caFile: string;
}

const RAW_PREFIX = '/kubernetes/website/main/content/en/examples/';
const HOSTS = new Set(['k8s.io', 'kubernetes.io', 'raw.githubusercontent.com']);

/** The example file a URL path names on `host`, or undefined. */
function exampleFile(examplesDir: string, host: string, pathname: string): string | undefined {
  const prefix = host === 'kubernetes.io' ? '/examples/' : host === 'raw.githubusercontent.com' ? RAW_PREFIX : undefined;
  if (!prefix || !pathname.startsWith(prefix)) return undefined;
  const file = path.join(examplesDir, decodeURIComponent(pathname.slice(prefix.length)));
  if (!file.startsWith(examplesDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  return file;
}

function site(examplesDir: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    if (host === 'k8s.io' && url.pathname.startsWith('/examples/')) {
      res.writeHead(301, { Location: `https://kubernetes.io${url.pathname}`, 'Content-Length': '0' });
      return void res.end();
    }
    const file = exampleFile(examplesDir, host, url.pathname);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('404 Not Found\n');
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

async function start(examplesDir: string): Promise<ExampleProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubesim-example-proxy-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const certs = await makeCertificates('kubesim-example-proxy-ca', 'kubernetes.io', [...HOSTS].map((dns) => ({ dns })));
  const caFile = path.join(dir, 'ca.crt');
  writeFileSync(caFile, certs.caCert);
  const secureContext = createSecureContext({ cert: certs.cert, key: certs.key });
  const https = createServer(site(path.resolve(examplesDir)));
  const proxy = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    socket.on('error', () => {});
    if (!host || !HOSTS.has(host) || port !== '443') return void socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    const tls = new TLSSocket(socket, { isServer: true, secureContext });
    tls.on('error', () => {});
    https.emit('connection', tls);
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolve);
  });
  proxy.unref(); // never what keeps a test process alive
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, caFile };
}

const started = new Map<string, Promise<ExampleProxy>>();

/** The process's one proxy for `examplesDir`, started on first use. */
export function exampleProxy(examplesDir: string): Promise<ExampleProxy> {
  let proxy = started.get(examplesDir);
  if (!proxy) started.set(examplesDir, (proxy = start(examplesDir)));
  return proxy;
}
