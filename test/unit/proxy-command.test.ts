// `kubectl proxy`: the filter (pkg/proxy FilterServer) and the command end to end through the
// built CLI: plain HTTP as the kubeconfig's user, kubectl's default filter, --api-prefix.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proxyFilter } from '../../src/client/proxy-filter.js';
import { BIN, runCli } from './cli-run.js';

const DEFAULTS = { acceptHosts: '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$', acceptPaths: '^.*', rejectPaths: '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach', rejectMethods: '^$' };

describe('kubectl proxy filter', () => {
  it("takes localhost's requests but not exec or attach", () => {
    const accept = proxyFilter(DEFAULTS);
    expect(accept('GET', '/api/v1/namespaces/default/pods', 'localhost')).toBe(true);
    expect(accept('GET', '/version', '127.0.0.1')).toBe(true);
    expect(accept('GET', '/api/v1/pods', 'example.com')).toBe(false);
    expect(accept('POST', '/api/v1/namespaces/default/pods/web/exec', 'localhost')).toBe(false);
    expect(accept('GET', '/api/v1/namespaces/default/pods/web/attach', '[::1]')).toBe(false);
    expect(proxyFilter({ ...DEFAULTS, rejectMethods: '^POST$' })('POST', '/api/v1/namespaces', 'localhost')).toBe(false);
  });
});

describe('kubectl proxy', () => {
  it('serves the API over plain HTTP as the kubeconfig user until interrupted', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-proxy-'));
    const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_CLOCK: 'manual', KUBESIM_ARGV0: 'kubectl' };
    expect(runCli(home, ['run', 'web', '--image=nginx']).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'proxy', '--port=0', '--api-prefix=/k8s/'], { env });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out);
        });
        child.on('exit', (code) => reject(new Error(`proxy exited ${code}`)));
      });
      const m = /^Starting to serve on 127\.0\.0\.1:(\d+)\n$/.exec(line);
      expect(m).not.toBeNull();
      const base = `http://127.0.0.1:${m![1]}`;
      const pods = (await (await fetch(`${base}/k8s/api/v1/namespaces/default/pods`)).json()) as { kind: string; items: { metadata: { name: string } }[] };
      expect(pods.kind).toBe('PodList');
      expect(pods.items.map((p) => p.metadata.name)).toEqual(['web']);
      const exec = await fetch(`${base}/k8s/api/v1/namespaces/default/pods/web/exec?command=ls`, { method: 'POST' });
      expect([exec.status, await exec.text()]).toEqual([403, 'Forbidden\n']);
      const outside = await fetch(`${base}/api/v1/namespaces`);
      expect([outside.status, await outside.text()]).toEqual([404, '404 page not found\n']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
