// Real kubectl as a second judge: `kubesim serve` on a temp home, the real
// kubectl v1.32 client against it, and kubesim's own CLI on the same cluster
// state; both must print the same bytes. Skipped where no real kubectl v1.32
// is installed (kubectl.1.32 beside the binary the PATH's kubectl links to).
//
// The cluster follows the wall clock here (no KUBESIM_CLOCK=manual), so both
// sides print the same instants (test/serve-time-frame.test.ts covers the
// manual clock, where serve moves times into the machine's frame). A comparison
// that straddles a second boundary (an age of 4s on one side, 5s on the other)
// is run again.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, CLI, REAL, ROOT, baseEnv, exec, startServe, stop, type Out } from './serve-helpers.js';

const haveReal = existsSync(REAL);
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g; // eslint-disable-line no-control-regex
const haveScript = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!haveReal) console.warn(`test/serve.test.ts skipped: no real kubectl v1.32 at ${REAL} (set KUBECTL_REAL)`);
if (haveReal && !BUILT) console.warn('test/serve.test.ts skipped: run `npm run build` first (dist/bundle/commands/serve.js is missing)');

describe.skipIf(!haveReal || !BUILT)('kubesim serve: real kubectl v1.32 against the simulated cluster', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-serve-'));
  const fresh = mkdtempSync(join(tmpdir(), 'kubesim-serve-fresh-'));
  let child: ChildProcess | undefined;
  const real = (args: string[]) => exec(REAL, ['--context', 'kubesim-api', ...args], baseEnv(home));
  const sim = (args: string[], h = home) => exec('node', [CLI, ...args], { ...baseEnv(h), KUBESIM_ARGV0: 'kubectl' });

  /**
   * Both sides on the same state: equal stdout, stderr and exit status. Both run at once, so they
   * read the clock close together; retried when they straddled a second boundary anyway (an age of
   * 4s on one side, 5s on the other), which a loaded machine makes likelier.
   */
  async function same(args: string[]): Promise<void> {
    let a: Out | undefined;
    let b: Out | undefined;
    for (let attempt = 0; attempt < 8; attempt++) {
      [b, a] = await Promise.all([sim(args), real(args)]);
      if (a.stdout === b.stdout && a.stderr === b.stderr && a.code === b.code) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect({ stdout: b!.stdout, stderr: b!.stderr, code: b!.code }, `kubesim (expected) vs real kubectl via serve for: kubectl ${args.join(' ')}`).toEqual({
      stdout: a!.stdout,
      stderr: a!.stderr,
      code: a!.code,
    });
  }

  /**
   * Real kubectl under script(1)'s pseudo-terminal, where it sends raw keystrokes: each of `keys` is
   * typed when the next shell prompt (`# `) shows. The screen without ANSI sequences, and the exit status.
   */
  async function atTerminal(args: string[], keys: string[]): Promise<{ screen: string; code: number | null }> {
    const child = spawn('script', ['-qec', `${REAL} --context kubesim-api ${args.join(' ')}`, '/dev/null'], { env: baseEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = 0;
    child.stdout!.on('data', (d: Buffer) => {
      screen += d.toString();
      const prompts = screen.replace(ANSI, '').split('# ').length - 1;
      if (typed < keys.length && prompts > typed) child.stdin!.write(keys[typed++]!);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { screen: screen.replace(ANSI, ''), code };
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

  it('exec over WebSocket: output, exit status, stdin', async () => {
    expect((await sim(['wait', '--for=condition=Ready', 'pod/nginx', '--timeout=60s'])).code).toBe(0);
    await same(['exec', 'nginx', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    await same(['exec', 'nginx', '-c', 'nope', '--', 'true']);
    const piped = (cmd: string[]) => ['-c', 'printf "a\\nb\\n" | "$0" "$@"', ...cmd];
    const viaServer = await exec('sh', piped([REAL, '--context', 'kubesim-api', 'exec', '-i', 'nginx', '--', 'wc', '-l']), baseEnv(home));
    const own = await exec('sh', piped(['node', CLI, 'exec', '-i', 'nginx', '--', 'wc', '-l']), { ...baseEnv(home), KUBESIM_ARGV0: 'kubectl' });
    expect(viaServer).toEqual(own);
    expect(viaServer.stdout.trim()).toBe('2');
  }, 60_000);

  it('logs: the container log, --tail and an unknown container', async () => {
    expect((await real(['run', 'talker', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo one; echo two; echo three; sleep 3600'])).stdout).toBe('pod/talker created\n');
    for (let i = 0; i < 50 && !(await sim(['logs', 'talker'])).stdout.includes('three'); i++) await new Promise((r) => setTimeout(r, 200));
    await same(['logs', 'talker']);
    await same(['logs', 'talker', '--tail=1']);
    await same(['logs', 'talker', '-c', 'nope']);
  }, 60_000);

  it.skipIf(!haveScript)('exec -it from a terminal: the server is the line discipline', async () => {
    const { screen, code } = await atTerminal(['exec', '-it', 'talker', '--', 'sh'], ['echo hi $((1+2))\r', 'cd /tmp && pwd\r', 'exit 4\r']);
    expect(screen).toBe('/ # echo hi $((1+2))\r\nhi 3\r\n/ # cd /tmp && pwd\r\n/tmp\r\n/tmp # exit 4\r\ncommand terminated with exit code 4\r\n');
    expect(code).toBe(4);
  }, 60_000);

  it('typed clients send protobuf: create namespace, configmap, secret, deployment, token; auth can-i (--list too) and whoami', async () => {
    // What differs between two clusters: identities, versions and instants.
    const strip = (o: Out) => o.stdout.replace(/"(uid|resourceVersion|\w*Time(stamp)?)": "[^"]*",?/g, '');
    const creates = [
      ['create', 'namespace', 'demo'],
      ['create', 'configmap', 'cm', '--from-literal=a=b', '--from-literal=empty='],
      ['create', 'secret', 'generic', 'sec', '--from-literal=x=y'],
      ['create', 'deployment', 'web', '--image=nginx', '--replicas=0', '--port=80'],
      ['create', 'serviceaccount', 'builder'],
      ['create', 'rolebinding', 'rb', '--clusterrole=view', '--user=jane'],
      ['create', 'quota', 'q', '--hard=pods=2', '-n', 'demo'],
    ];
    for (const args of creates) expect(await real(args)).toEqual(await sim(args, fresh));
    for (const get of [['get', 'cm', 'cm'], ['get', 'secret', 'sec'], ['get', 'deployment', 'web'], ['get', 'rolebinding', 'rb'], ['get', 'quota', 'q', '-n', 'demo']]) {
      expect(strip(await real([...get, '-o', 'json']))).toBe(strip(await sim([...get, '-o', 'json'], fresh)));
    }
    await same(['auth', 'can-i', 'list', 'pods', '--as', 'jane']);
    await same(['auth', 'can-i', 'create', 'pods', '--as', 'jane']);
    await same(['auth', 'whoami']);
    // SelfSubjectRulesReview: kubectl breaks down, compacts and sorts the rules the server sends.
    await same(['auth', 'can-i', '--list']);
    await same(['auth', 'can-i', '--list', '--as', 'jane', '-n', 'kube-system']);
    await same(['create', 'token', 'builder', '--bound-object-kind=Pod', '--bound-object-name=nope']);
    expect((await real(['create', 'token', 'builder'])).stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  }, 90_000);

  it('kubectl debug: an ephemeral container (strategic merge patch of pods/ephemeralcontainers), and a pod copy (protobuf create, protobuf DeleteOptions)', async () => {
    expect((await sim(['run', 'dbg-target', '--image=nginx'])).code).toBe(0);
    expect((await sim(['wait', '--for=condition=Ready', 'pod/dbg-target', '--timeout=60s'])).code).toBe(0);
    const legacy = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';
    expect(await real(['debug', 'dbg-target', '--image=busybox:1.28', '-c', 'dbg', '--target=dbg-target'])).toEqual({
      stdout: `Targeting container "dbg-target". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`,
      stderr: legacy,
      code: 0,
    });
    expect(JSON.parse((await sim(['get', 'pod', 'dbg-target', '-o', 'jsonpath={.spec.ephemeralContainers}'])).stdout)).toEqual([
      { image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', name: 'dbg', resources: {}, targetContainerName: 'dbg-target', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    ]);
    // The copy is created from a protobuf body: inline structs (a volume's source) and pointer
    // fields set to false or zero (allowPrivilegeEscalation, shareProcessNamespace) come through.
    const copy = ['debug', 'dbg-target', '--copy-to=dbg-copy', '--image=busybox:1.28', '-c', 'd', '--share-processes=false', '--profile=restricted', '--replace'];
    expect(await real(copy)).toEqual({ stdout: '', stderr: '', code: 0 });
    const spec = JSON.parse((await sim(['get', 'pod', 'dbg-copy', '-o', 'jsonpath={.spec}'])).stdout) as { shareProcessNamespace?: boolean; volumes: Record<string, unknown>[]; containers: { securityContext?: unknown }[] };
    expect(spec.shareProcessNamespace).toBe(false);
    expect(Object.keys(spec.volumes[0]!)).toEqual(['name', 'projected']);
    expect(spec.containers[1]!.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect((await sim(['get', 'pod', 'dbg-target'])).stderr).toBe('Error from server (NotFound): pods "dbg-target" not found\n');
  }, 90_000);

  it('scale through the scale subresource', async () => {
    expect(await real(['scale', 'deployment/web', '--replicas=2'])).toEqual({ stdout: 'deployment.apps/web scaled\n', stderr: '', code: 0 });
    expect((await sim(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('2');
    await same(['scale', 'deployment/web', '--replicas=1', '--current-replicas=5']);
  }, 60_000);

  it('attach over WebSocket: the main process output from now on, as kubesim attach prints it', async () => {
    const script = 'sleep 8; echo one; echo two >&2; sleep 1; echo three';
    expect((await sim(['run', 'ticker', '--image=busybox', '--restart=Never', '--', 'sh', '-c', script])).code).toBe(0);
    expect((await sim(['wait', '--for=condition=Ready', 'pod/ticker', '--timeout=60s'])).code).toBe(0);
    // Both attach while the process sleeps, so both see all it writes after.
    const [viaServer, own] = await Promise.all([real(['attach', 'ticker']), sim(['attach', 'ticker'])]);
    expect(viaServer).toEqual(own);
    expect(viaServer).toEqual({ stdout: 'one\nthree\n', stderr: "If you don't see a command prompt, try pressing enter.\ntwo\n", code: 0 });
    await same(['attach', 'ticker']);
    await same(['attach', 'talker', '-c', 'nope']);
    await same(['attach', 'nope']);
  }, 90_000);

  /** A pod whose one container `name` runs `command` with its stdin open for one attach (stdin, stdinOnce; tty if asked). */
  async function stdinPod(name: string, command: string[], tty = false): Promise<void> {
    const file = join(home, `${name}.json`);
    const container = { name, image: 'busybox', command, stdin: true, stdinOnce: true, ...(tty ? { tty: true } : {}) };
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy: 'Never', containers: [container] } }));
    expect((await sim(['apply', '-f', file])).code).toBe(0);
    expect((await sim(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=60s'])).code).toBe(0);
  }

  it('attach -i over WebSocket: piped input reaches a stdinOnce cat or sh, whose end ends the attach, as kubesim attach -i', async () => {
    const cases = [
      { command: ['cat'], input: 'hi\\n\\nthere', stdout: 'hi\n\nthere', stderr: '' },
      { command: ['sh'], input: 'echo one\\necho two >&2; cd /tmp\\npwd\\n', stdout: 'one\n/tmp\n', stderr: 'two\n' },
    ];
    for (const [i, c] of cases.entries()) {
      await stdinPod(`in${i}-via-server`, c.command);
      await stdinPod(`in${i}-own`, c.command);
      const piped = (cmd: string[]) => ['-c', `printf '${c.input}' | "$0" "$@"`, ...cmd];
      const viaServer = await exec('sh', piped([REAL, '--context', 'kubesim-api', 'attach', '-i', `in${i}-via-server`]), baseEnv(home));
      const own = await exec('sh', piped(['node', CLI, 'attach', '-i', `in${i}-own`]), { ...baseEnv(home), KUBESIM_ARGV0: 'kubectl' });
      expect(viaServer).toEqual(own);
      expect(viaServer).toEqual({ stdout: c.stdout, stderr: `If you don't see a command prompt, try pressing enter.\n${c.stderr}`, code: 0 });
      // The end of input closed the process's stdin (stdinOnce): both containers have completed.
      for (const pod of [`in${i}-via-server`, `in${i}-own`]) expect((await sim(['get', 'pod', pod, '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Succeeded');
    }
  }, 90_000);

  it('attach -i over WebSocket: a client gone without closing its input still closes a stdinOnce stdin, as the kubelet does', async () => {
    await stdinPod('left', ['sh']);
    const child = spawn(REAL, ['--context', 'kubesim-api', 'attach', '-i', 'left'], { env: baseEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin!.write('echo kept\n'); // and the input stays open
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve())); // the shell has run the line: attached
    const gone = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    let phase = '';
    for (let i = 0; i < 50 && phase !== 'Succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      phase = (await sim(['get', 'pod', 'left', '-o', 'jsonpath={.status.phase}'])).stdout;
    }
    expect(phase).toBe('Succeeded');
    expect((await sim(['logs', 'left'])).stdout).toBe('kept\n');
  }, 60_000);

  it.skipIf(!haveScript)('attach -it from a terminal: the server is the line discipline of the main shell', async () => {
    await stdinPod('tty-shell', ['sh'], true);
    // a line, then Ctrl-D: the end of input closes the shell's stdin
    const { screen, code } = await atTerminal(['attach', '-it', 'tty-shell'], ['echo hi $((1+2))\r', '\x04']);
    expect(screen).toBe("If you don't see a command prompt, try pressing enter.\r\n/ # echo hi $((1+2))\r\nhi 3\r\n/ # \r\n");
    expect(code).toBe(0);
    expect((await sim(['get', 'pod', 'tty-shell', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Succeeded');
  }, 60_000);

  it('port-forward over SPDY tunneled in WebSocket: the pod answers as through kubesim port-forward', async () => {
    expect((await sim(['run', 'web', '--image=nginx', '--port=80'])).code).toBe(0);
    expect((await sim(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s'])).code).toBe(0);
    const viaServer = await forward([REAL, '--context', 'kubesim-api'], 18080, 80);
    const own = await forward(['node', CLI], 18090, 80);
    expect(viaServer.answers).toEqual(own.answers);
    expect(viaServer.answers[0]).toMatchObject({ status: 200 });
    expect(viaServer.answers[0]!.body).toContain('<title>Welcome to nginx!</title>');
    expect(viaServer.answers[1]).toMatchObject({ status: 404 });
    expect(viaServer.stdout).toBe('Forwarding from 127.0.0.1:18080 -> 80\nForwarding from [::1]:18080 -> 80\nHandling connection for 18080\nHandling connection for 18080\n');
    // Nothing listens on port 81: the kubelet's error, then kubectl gives up on the pod.
    const [refused, ownRefused] = [await forward([REAL, '--context', 'kubesim-api'], 18081, 81, ['/']), await forward(['node', CLI], 18081, 81, ['/'])];
    const klog = /^E\d{4} [\d:.]+ +\d+ /gm;
    expect({ ...refused, stderr: refused.stderr.replace(klog, 'E ') }).toEqual({ ...ownRefused, stderr: ownRefused.stderr.replace(klog, 'E ') });
    expect(refused.stderr).toContain('an error occurred forwarding 18081 -> 81: error forwarding port 81 to pod ');
    expect(refused.code).toBe(1);
  }, 90_000);

  /** Runs a port-forward, fetches `paths` through it one after another, then stops it (or sees it stop). */
  async function forward(kubectl: string[], local: number, remote: number, paths = ['/', '/nope']) {
    const [file, ...pre] = kubectl;
    const child = spawn(file!, [...pre, 'port-forward', 'pod/web', `${local}:${remote}`], { env: { ...baseEnv(home), KUBESIM_ARGV0: 'kubectl' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes(`[::1]:${local}`)) resolve();
    }));
    const answers: { status?: number; body: string }[] = [];
    for (const path of paths) answers.push(await fetchLocal(local, path));
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 1500))]);
    if (code === null) {
      child.kill('SIGINT');
      await exited;
    }
    return { answers, stdout, stderr, code };
  }

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

/** GET http://127.0.0.1:PORT/PATH: the status and body (no status when the connection is dropped). */
function fetchLocal(port: number, path: string): Promise<{ status?: number; body: string }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve({ body: '' }));
  });
}
