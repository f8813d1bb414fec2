// `kubectl port-forward` binds a real local port and answers with what the pod's simulated
// server serves: the child process is started as a learner would, its Forwarding line read,
// the port fetched with node's http, and the process stopped with Ctrl-C (SIGINT).
import { rmSync } from 'node:fs';
import { get } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { newHome, run, start } from './lib.js';

const home = newHome('port-forward');
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Resolves with the first stdout line matching `re` (the child keeps running). */
function lineOf(child: ReturnType<typeof start>['child'], re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = re.exec(seen);
      if (m) resolve(m);
    });
    child.on('close', () => reject(new Error(`exited before ${re}: ${seen}`)));
  });
}

function fetch(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: { 'user-agent': 'vitest' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('kubectl port-forward', () => {
  it('serves the pod\'s nginx page on a random local port until Ctrl-C', async () => {
    await run(home, ['run', 'web', '--image=nginx', '--port=80'], 'manual');
    await run(home, ['expose', 'pod', 'web', '--port=8000', '--target-port=80'], 'manual');
    await run(home, ['advance', '30s'], 'manual', 'kubesim');
    const pf = start(home, ['port-forward', 'svc/web', ':8000'], 'manual');
    const m = await lineOf(pf.child, /^Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
    const port = Number(m[1]);
    const page = await fetch(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Welcome to nginx!</title>');
    expect((await fetch(port, '/missing')).status).toBe(404);
    pf.child.kill('SIGINT');
    const done = await pf.done;
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(`Forwarding from 127.0.0.1:${port} -> 80\nForwarding from [::1]:${port} -> 80\nHandling connection for ${port}\nHandling connection for ${port}\n`);
    expect(done.stderr).toBe('');
    // nginx logged both requests, from the pod's loopback as a real port-forward's are.
    const logs = await run(home, ['logs', 'web'], 'manual');
    expect(logs.stdout).toMatch(/127\.0\.0\.1 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 615 "-" "vitest" "-"\n.*"GET \/missing HTTP\/1\.1" 404 153/);
  }, 30_000);

  it('reports a port nothing listens on as kubectl does and ends', async () => {
    const pf = start(home, ['port-forward', 'web', ':81'], 'manual');
    const m = await lineOf(pf.child, /^Forwarding from 127\.0\.0\.1:(\d+) -> 81\n/);
    await expect(fetch(Number(m[1]), '/')).rejects.toThrow();
    const done = await pf.done;
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(
      /^E\d{4} [\d:.]+ +\d+ portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\": failed to connect to localhost:81 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: connect: connection refused "\nerror: lost connection to pod\n$/,
    );
  }, 30_000);

  it('refuses a pod that is not running, and ports the object does not have', async () => {
    await run(home, ['run', 'slow', '--image=nginx'], 'manual');
    expect(await run(home, ['port-forward', 'pod/slow', '8080:80'], 'manual')).toMatchObject({ code: 1, stdout: '', stderr: 'error: unable to forward port because pod is not running. Current status=Pending\n' });
    expect((await run(home, ['port-forward', 'svc/web', '9999'], 'manual')).stderr).toBe('error: Service web does not have a service port 9999\n');
    expect((await run(home, ['port-forward', 'web', '8080:http'], 'manual')).stderr).toBe("error: Pod 'web' does not have a named port 'http'\n");
    expect((await run(home, ['port-forward', 'web'], 'manual')).stderr).toBe("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
  }, 30_000);
});
