// The scenario runner's example proxy (test/scenario/example-proxy.ts), as an
// HTTPS client behind HTTPS_PROXY sees it: CONNECT, TLS trusting the proxy's CA,
// then the request.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { get as httpsGet } from 'node:https';
import path from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { exampleProxy } from '../scenario/example-proxy.js';
import { PROJECT_ROOT } from '../scenario/run.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

/** CONNECT host:443 through the proxy: the status line's code, and the tunnel when it is 200. */
function tunnel(proxyUrl: string, host: string): Promise<{ code: number; socket?: import('node:net').Socket }> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${host}:443` });
    req.on('connect', (res, socket) => resolve({ code: res.statusCode ?? 0, socket: res.statusCode === 200 ? socket : (socket.destroy(), undefined) }));
    req.on('error', reject);
    req.end();
  });
}

async function fetchVia(url: string): Promise<{ status: number; location?: string; body: string }> {
  const { url: proxyUrl, caFile } = await exampleProxy(EXAMPLES);
  const u = new URL(url);
  const { code, socket } = await tunnel(proxyUrl, u.hostname);
  if (!socket) return { status: code, body: '' };
  const tls: TLSSocket = connect({ socket, servername: u.hostname, ca: readFileSync(caFile) });
  return new Promise((resolve, reject) => {
    httpsGet({ host: u.hostname, port: 443, path: u.pathname, createConnection: () => tls }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    }).on('error', reject);
  });
}

describe('example proxy', () => {
  it('redirects k8s.io/examples to kubernetes.io, as the web does', async () => {
    expect(await fetchVia('https://k8s.io/examples/pods/simple-pod.yaml')).toMatchObject({ status: 301, location: 'https://kubernetes.io/examples/pods/simple-pod.yaml' });
  });

  it('serves kubernetes.io/examples and the website repository from examples/', async () => {
    const file = readFileSync(path.join(EXAMPLES, 'pods', 'simple-pod.yaml'), 'utf8');
    expect(await fetchVia('https://kubernetes.io/examples/pods/simple-pod.yaml')).toEqual({ status: 200, location: undefined, body: file });
    expect((await fetchVia('https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/pods/simple-pod.yaml')).body).toBe(file);
  });

  it('answers 404 for a file that is not there, or outside examples/', async () => {
    expect((await fetchVia('https://kubernetes.io/examples/pods/nope.yaml')).status).toBe(404);
    expect((await fetchVia('https://kubernetes.io/examples/..%2fpackage.json')).status).toBe(404);
    expect((await fetchVia('https://kubernetes.io/docs/home/')).status).toBe(404);
  });

  it('refuses to tunnel to any other host', async () => {
    expect((await fetchVia('https://example.com/x.yaml')).status).toBe(502);
  });
});
