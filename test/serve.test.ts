// Real kubectl as a second judge: `kubesim serve` on a temp home, the real
// kubectl v1.32 client against it, and kubesim's own CLI on the same cluster
// state; both must print the same bytes. Skipped where no real kubectl v1.32
// is installed (kubectl.1.32 beside the binary the PATH's kubectl links to).
//
// The cluster follows the wall clock here (no KUBESIM_CLOCK=manual): real
// kubectl computes describe's ages from the machine's clock, so simulated time
// must be wall time. Both sides are taken at the same instant: real kubectl runs
// somewhere in [t0, t1], and kubesim's CLI runs with its clock pinned at each
// whole second of that window (test/fixtures/pin-clock.mjs); one must match.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REAL = process.env.KUBECTL_REAL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'run.js');
const PIN_CLOCK = join(ROOT, 'test', 'fixtures', 'pin-clock.mjs');
const BUILT = existsSync(join(ROOT, 'dist', 'bundle', 'commands', 'serve.js'));
const run = promisify(execFile);
const haveReal = existsSync(REAL);
if (!haveReal) console.warn(`test/serve.test.ts skipped: no real kubectl v1.32 at ${REAL} (set KUBECTL_REAL)`);
if (haveReal && !BUILT) console.warn('test/serve.test.ts skipped: run `npm run build` first (dist/bundle/commands/serve.js is missing)');

interface Out {
  stdout: string;
  stderr: string;
  code: number;
}

async function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Out> {
  try {
    const r = await run(file, args, { env, cwd: ROOT, maxBuffer: 16 << 20 });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : 1 };
  }
}

function baseEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBESIM_HOME: home, KUBECONFIG: join(home, 'kubeconfig'), TZ: 'UTC', LANG: 'C.UTF-8' };
  delete env.KUBESIM_CLOCK;
  return env;
}

/** Starts `kubesim serve` and resolves with its port once it listens. */
function startServe(home: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI, 'serve', '--port', '0', ...args], { env: baseEnv(home), cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`kubesim serve exited (${code}): ${err}`)));
  });
}

const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe.skipIf(!haveReal || !BUILT)('kubesim serve: real kubectl v1.32 against the simulated cluster', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-serve-'));
  const fresh = mkdtempSync(join(tmpdir(), 'kubesim-serve-fresh-'));
  let child: ChildProcess | undefined;
  const real = (args: string[]) => exec(REAL, ['--context', 'kubesim-api', ...args], baseEnv(home));
  const sim = (args: string[], h = home, atMs?: number) =>
    exec('node', [...(atMs ? ['--import', PIN_CLOCK] : []), CLI, ...args], { ...baseEnv(h), KUBESIM_ARGV0: 'kubectl', ...(atMs ? { KUBESIM_TEST_NOW_MS: String(atMs) } : {}) });

  /**
   * Both sides on the same state at the same instant: equal stdout, stderr and exit status. Ages and
   * heartbeats change with the second only (timestamps are whole seconds), so kubesim pinned in each
   * second real kubectl may have read its clock in covers every answer a faithful kubesim can give.
   * (A second attempt covers the one case the window cannot: the server's clock reading and the
   * client's on two sides of a second boundary, when one output holds both.)
   */
  async function same(args: string[]): Promise<void> {
    let a: Out | undefined;
    let b: Out | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const t0 = Date.now();
      a = await real(args);
      const t1 = Date.now();
      for (let second = Math.floor(t0 / 1000); second <= Math.floor(t1 / 1000); second++) {
        b = await sim(args, home, second * 1000 + 500);
        if (a.stdout === b.stdout && a.stderr === b.stderr && a.code === b.code) return;
      }
    }
    expect({ stdout: b!.stdout, stderr: b!.stderr, code: b!.code }, `kubesim (expected) vs real kubectl via serve for: kubectl ${args.join(' ')}`).toEqual({
      stdout: a!.stdout,
      stderr: a!.stderr,
      code: a!.code,
    });
  }

  beforeAll(async () => {
    child = (await startServe(home, ['--http'])).child;
  }, 30_000);

  afterAll(async () => {
    await stop(child);
    rmSync(home, { recursive: true, force: true });
    rmSync(fresh, { recursive: true, force: true });
  });

  it('writes the kubesim-api context without changing the current one', async () => {
    const ctx = await exec(REAL, ['config', 'current-context'], baseEnv(home));
    expect(ctx.stdout).toBe('kubesim\n');
    const server = await exec(REAL, ['config', 'view', '-o', 'jsonpath={.clusters[?(@.name=="kubesim-api")].cluster.server}'], baseEnv(home));
    expect(server.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('get nodes, get pods -A', async () => {
    await same(['get', 'nodes']);
    await same(['get', 'pods', '-A']);
    await same(['get', 'pods', '-A', '-o', 'wide']);
  }, 60_000);

  it('apply -f the nginx example, then get -o yaml and describe', async () => {
    const file = join(ROOT, 'examples', 'pods', 'simple-pod.yaml');
    // The first apply: real kubectl through the server, kubesim on a fresh cluster of its own.
    const created = await real(['apply', '-f', file]);
    const own = await sim(['apply', '-f', file], fresh);
    expect(created).toEqual(own);
    expect(created.stdout).toBe('pod/nginx created\n');
    await same(['apply', '-f', file]);
    await same(['get', 'pod', 'nginx', '-o', 'yaml']);
    await same(['describe', 'pod', 'nginx']);
    await same(['describe', 'node', 'kubesim-worker']);
  }, 90_000);

  it('errors are the same Status', async () => {
    await same(['get', 'pod', 'nope']);
    await same(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns']);
    await same(['delete', 'pod', 'nope']);
  }, 60_000);
});

describe.skipIf(!haveReal || !BUILT)('kubesim serve over HTTPS', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-serve-tls-'));
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    child = (await startServe(home, [])).child;
  }, 30_000);

  afterAll(async () => {
    await stop(child);
    rmSync(home, { recursive: true, force: true });
  });

  it('trusts the serving CA, authenticates the admin certificate and service account tokens', async () => {
    const env = baseEnv(home);
    const nodes = await exec(REAL, ['--context', 'kubesim-api', 'get', 'nodes', '-o', 'name'], env);
    expect(nodes).toMatchObject({ code: 0, stdout: 'node/kubesim-control-plane\nnode/kubesim-worker\nnode/kubesim-worker2\n' });
    const token = (await exec('node', [CLI, 'create', 'token', 'default'], { ...env, KUBESIM_ARGV0: 'kubectl' })).stdout.trim();
    const kc = join(home, 'token-kubeconfig');
    const server = (await exec(REAL, ['config', 'view', '-o', 'jsonpath={.clusters[?(@.name=="kubesim-api")].cluster.server}'], env)).stdout;
    expect(server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await exec(REAL, ['--kubeconfig', kc, 'config', 'set-cluster', 'c', '--server', server, '--insecure-skip-tls-verify'], env);
    await exec(REAL, ['--kubeconfig', kc, 'config', 'set-credentials', 'sa', `--token=${token}`], env);
    await exec(REAL, ['--kubeconfig', kc, 'config', 'set-context', 'sa', '--cluster', 'c', '--user', 'sa'], env);
    const denied = await exec(REAL, ['--kubeconfig', kc, '--context', 'sa', 'get', 'pods'], env);
    expect(denied.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"\n');
    const bad = await exec(REAL, ['--kubeconfig', kc, '--context', 'sa', '--token', 'nope', 'get', 'pods'], env);
    expect(bad.stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
  }, 60_000);
});
