// Shared drivers of the reliability proofs (issue 12). The quick tests in
// test/reliability/*.test.ts and the long runs in test/stress/ call the same
// functions with different sizes; each returns the figures it measured.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'run.js');

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function newHome(tag: string): string {
  return mkdtempSync(join(tmpdir(), `kubesim-${tag}-`));
}

export function envFor(home: string, as: 'kubectl' | 'kubesim' = 'kubectl'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBESIM_HOME: home, KUBESIM_CLOCK: 'manual', KUBESIM_ARGV0: as === 'kubectl' ? 'kubectl' : '' };
  delete env.KUBESIM_DEBUG;
  return env;
}

export interface RunOptions {
  input?: string;
  as?: 'kubectl' | 'kubesim';
  /** SIGKILL the process after this many ms (if still running). */
  killAfterMs?: number;
  timeoutMs?: number;
}

/**
 * Runs the CLI once as a child process. A run that found no oclif.manifest.json
 * or a missing dist/ chunk (another `npm run build` in the same tree rewriting
 * them) is run again: that is the shared work tree, not kubesim.
 */
export async function cli(home: string, args: string[], opts: RunOptions = {}): Promise<Result> {
  for (let attempt = 0; ; attempt++) {
    const r = await cliOnce(home, args, opts);
    const rebuilding = r.stderr.includes(`open '${join(ROOT, 'oclif.manifest.json')}'`) || (r.stderr.includes('ERR_MODULE_NOT_FOUND') && r.stderr.includes(join(ROOT, 'dist')));
    if (attempt < 5 && rebuilding) {
      await new Promise((res) => setTimeout(res, 1000));
      continue;
    }
    return r;
  }
}

function cliOnce(home: string, args: string[], opts: RunOptions = {}): Promise<Result> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: envFor(home, opts.as), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    const timers: NodeJS.Timeout[] = [];
    if (opts.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs));
    timers.push(setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000));
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** A digest of everything the cluster stores (objects and the revision counter). */
export function stateDigest(home: string): string {
  const h = createHash('sha256');
  const state = join(home, 'state');
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.json') && !f.startsWith('.') && f !== 'journal.json') h.update(p).update(readFileSync(p));
    }
  };
  if (existsSync(state)) walk(state);
  return h.digest('hex');
}

/** Every stored object, read straight from the shards (what a restarted cluster would load). */
export function storedObjects(home: string): { resource: string; namespace: string; obj: { metadata: Record<string, unknown>; data?: Record<string, string> } }[] {
  const root = join(home, 'state', 'objects');
  const out: ReturnType<typeof storedObjects> = [];
  for (const resource of readdirSync(root)) {
    for (const f of readdirSync(join(root, resource))) {
      if (!f.endsWith('.json') || f.startsWith('.')) continue;
      const data = JSON.parse(readFileSync(join(root, resource, f), 'utf8')) as Record<string, { metadata: Record<string, unknown> }>;
      for (const obj of Object.values(data)) out.push({ resource, namespace: f.slice(0, -5), obj });
    }
  }
  return out;
}

/** What must never reach a user: a stack frame, a raw JS exception name. */
export function looksLikeCrash(text: string): string | undefined {
  const m = /(^|\n)\s+at [\w.<>]+ \(|\bat file:\/\/|\bat node:|(TypeError|ReferenceError|RangeError|SyntaxError|AssertionError)\b|Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack|\[object Object\]|FATAL ERROR|heap out of memory/.exec(text);
  return m ? m[0].trim() : undefined;
}

export const KUBECTL_ERROR = /^(error: |Error from server|Error: |The \w+ "[^"]*" is invalid|The request is invalid|unable to recognize|error validating)/m;

async function pool<T>(items: T[], width: number, fn: (item: T, lane: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async (_, lane) => {
      while (next < items.length) await fn(items[next++]!, lane);
    }),
  );
}

// ---------------------------------------------------------------------------
// 1. Concurrency

export interface ConcurrencyFigures {
  workers: number;
  seconds: number;
  commands: number;
  acknowledgedWrites: number;
  conflicts: number;
  failures: string[];
  missing: string[];
  duplicateRVs: number;
  nonIncreasing: number;
  objectsChecked: number;
}

const cm = (name: string, v: string, ns = 'default') =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { v } });

/**
 * `workers` concurrent writers, each creating, patching, applying and deleting
 * its own ConfigMaps for `durationMs`; then checks that every acknowledged write
 * is what the store holds, and that resourceVersions are unique and increasing.
 */
export async function concurrencyRun(home: string, workers: number, durationMs: number): Promise<ConcurrencyFigures> {
  await cli(home, ['get', 'ns']); // bootstrap once, outside the measurement
  const f: ConcurrencyFigures = { workers, seconds: durationMs / 1000, commands: 0, acknowledgedWrites: 0, conflicts: 0, failures: [], missing: [], duplicateRVs: 0, nonIncreasing: 0, objectsChecked: 0 };
  const expected = new Map<string, string | null>(); // name -> data.v, or null when deleted
  const rvs: number[] = [];
  const deadline = Date.now() + durationMs;
  const check = (r: Result, what: string): boolean => {
    f.commands++;
    if (r.code === 0) return true;
    if (/\(Conflict\)/.test(r.stderr) && !looksLikeCrash(r.stderr)) f.conflicts++;
    else f.failures.push(`${what}: exit ${r.code} ${r.signal ?? ''} ${r.stderr.trim()}`);
    return false;
  };
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      let last = 0;
      const seen = (text: string) => {
        const rv = Number(text.trim());
        if (!Number.isInteger(rv) || rv <= 0) return f.failures.push(`worker ${w}: no resourceVersion in ${JSON.stringify(text)}`);
        if (rv <= last) f.nonIncreasing++;
        last = rv;
        rvs.push(rv);
      };
      for (let i = 0; Date.now() < deadline; i++) {
        const name = `w${w}-${i}`;
        const rvOut = ['-o', 'jsonpath={.metadata.resourceVersion}'];
        const c = await cli(home, ['create', '-f', '-', ...rvOut], { input: cm(name, '0') });
        if (!check(c, `create ${name}`)) continue;
        expected.set(name, '0');
        f.acknowledgedWrites++;
        seen(c.stdout);
        const p = await cli(home, ['patch', 'configmap', name, '--type=merge', '-p', '{"data":{"v":"1"}}', ...rvOut]);
        if (check(p, `patch ${name}`)) {
          expected.set(name, '1');
          f.acknowledgedWrites++;
          seen(p.stdout);
        }
        const a = await cli(home, ['apply', '-f', '-'], { input: cm(name, '2') });
        if (check(a, `apply ${name}`)) {
          expected.set(name, '2');
          f.acknowledgedWrites++;
        }
        if (i % 3 === 2) {
          const d = await cli(home, ['delete', 'configmap', name]);
          if (check(d, `delete ${name}`)) {
            expected.set(name, null);
            f.acknowledgedWrites++;
          }
        }
      }
    }),
  );
  const stored = new Map<string, { v?: string; rv: number }>();
  const allRVs = new Set<string>();
  for (const { resource, obj } of storedObjects(home)) {
    const rv = String(obj.metadata.resourceVersion);
    if (allRVs.has(rv)) f.duplicateRVs++;
    allRVs.add(rv);
    if (resource === 'configmaps' && /^w\d+-\d+$/.test(String(obj.metadata.name))) stored.set(String(obj.metadata.name), { v: obj.data?.v, rv: Number(rv) });
  }
  if (new Set(rvs).size !== rvs.length) f.duplicateRVs += rvs.length - new Set(rvs).size;
  for (const [name, v] of expected) {
    f.objectsChecked++;
    const got = stored.get(name);
    if (v === null ? got !== undefined : got?.v !== v) f.missing.push(`${name}: expected ${v ?? 'deleted'}, stored ${got ? got.v : 'nothing'}`);
  }
  return f;
}

// ---------------------------------------------------------------------------
// 2. Crashes

export interface CrashFigures {
  kills: number;
  killedWhileRunning: number;
  acknowledged: number;
  lostAcknowledged: string[];
  partialObjects: string[];
  duplicateRVs: number;
  loadFailures: string[];
  staleLocksFound: number;
  staleLockRecoveryMs: number[];
}

/** A manifest that touches several shards (two namespaces, two kinds), so one commit writes several files. */
function crashManifest(i: number): string {
  const docs = [cm(`k${i}`, `v${i}`, 'default'), cm(`k${i}`, `v${i}`, 'kube-public'),
    JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `k${i}`, namespace: 'default' }, stringData: { v: `v${i}` } })];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs.map((d) => JSON.parse(d)) });
}

/**
 * Starts a writer (an apply touching three shards) and SIGKILLs it after a
 * random delay in [0, maxDelayMs), `kills` times; after each, the next command
 * must load the store (waiting out a stale lock). Then checks every
 * acknowledged write is stored, every object whole, every resourceVersion unique.
 */
export async function crashRun(home: string, kills: number, maxDelayMs: number, rng: () => number = Math.random): Promise<CrashFigures> {
  await cli(home, ['get', 'ns']);
  const f: CrashFigures = { kills, killedWhileRunning: 0, acknowledged: 0, lostAcknowledged: [], partialObjects: [], duplicateRVs: 0, loadFailures: [], staleLocksFound: 0, staleLockRecoveryMs: [] };
  const acked: number[] = [];
  // Kill delays follow how long a writer takes right now (the machine may be loaded): each
  // fifth writer runs to the end and sets the scale; the others are killed within 1.3x of it.
  let scale = maxDelayMs;
  for (let i = 0, killed = 0; killed < kills; i++) {
    const calibrate = i % 5 === 4;
    const r = await cli(home, ['apply', '-f', '-'], { input: crashManifest(i), killAfterMs: calibrate ? undefined : Math.floor(rng() * scale * 1.3) });
    if (calibrate && r.code === 0) scale = r.ms;
    if (!calibrate) killed++;
    if (r.signal === 'SIGKILL') f.killedWhileRunning++;
    else if (r.code === 0) acked.push(i);
    else f.loadFailures.push(`writer ${i}: ${r.stderr.trim()}`);
    const locked = existsSync(join(home, 'state.lock'));
    const probe = await cli(home, ['get', 'configmap', '-o', 'name']);
    if (locked) {
      f.staleLocksFound++;
      f.staleLockRecoveryMs.push(Math.round(probe.ms));
    }
    if (probe.code !== 0) f.loadFailures.push(`after kill ${i}: ${probe.stderr.trim()}`);
  }
  f.acknowledged = acked.length;
  const objs = storedObjects(home);
  const rvs = new Set<string>();
  const key = new Set<string>();
  for (const { resource, namespace, obj } of objs) {
    const rv = String(obj.metadata.resourceVersion);
    if (rvs.has(rv)) f.duplicateRVs++;
    rvs.add(rv);
    const name = String(obj.metadata.name);
    key.add(`${resource}/${namespace}/${name}`);
    const m = /^k(\d+)$/.exec(name);
    if (m && resource === 'configmaps' && obj.data?.v !== `v${m[1]}`) f.partialObjects.push(`${resource}/${namespace}/${name}`);
    if (!resource.startsWith('_') && (!obj.metadata.uid || !obj.metadata.creationTimestamp)) f.partialObjects.push(`${resource}/${namespace}/${name} (metadata)`);
  }
  for (const i of acked) {
    for (const k of [`configmaps/default/k${i}`, `configmaps/kube-public/k${i}`, `secrets/default/k${i}`]) if (!key.has(k)) f.lostAcknowledged.push(k);
  }
  return f;
}

export { pool };

// ---------------------------------------------------------------------------
// 3. Bad input

export interface FuzzCase {
  id: string;
  category: string;
  args: string[];
  input?: string;
}

const BASES: Record<string, () => Record<string, unknown>> = {
  Pod: () => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fz', labels: { app: 'fz' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.14.2', resources: { requests: { memory: '64Mi', cpu: '100m' } } }] } }),
  Deployment: () => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fz', labels: { app: 'fz' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'fz' } }, template: { metadata: { labels: { app: 'fz' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.14.2', resources: { limits: { memory: '128Mi' } } }] } } },
  }),
  Service: () => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'fz', labels: { app: 'fz' } }, spec: { selector: { app: 'fz' }, ports: [{ port: 80, targetPort: 8080 }] } }),
  ConfigMap: () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fz', labels: { app: 'fz' } }, data: { key: 'value' } }),
  Secret: () => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fz', labels: { app: 'fz' } }, type: 'Opaque', stringData: { key: 'value' } }),
  Namespace: () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fz', labels: { app: 'fz' } } }),
};

/** Paths of an int field, a list field, a string field and a quantity per kind (for wrong types and bad quantities). */
const FIELDS: Record<string, { int?: string; list?: string; str: string; unknown: string; qty?: string }> = {
  Pod: { list: 'spec.containers', str: 'spec.containers.0.image', unknown: 'spec.containers.0.imagePullPolic', qty: 'spec.containers.0.resources.requests.memory', int: 'spec.terminationGracePeriodSeconds' },
  Deployment: { int: 'spec.replicas', list: 'spec.template.spec.containers', str: 'spec.template.spec.containers.0.name', unknown: 'spec.replica', qty: 'spec.template.spec.containers.0.resources.limits.memory' },
  Service: { int: 'spec.ports.0.port', list: 'spec.ports', str: 'spec.type', unknown: 'spec.selectr' },
  ConfigMap: { str: 'data.key', unknown: 'dat', list: 'data' },
  Secret: { str: 'type', unknown: 'stringdata', list: 'stringData' },
  Namespace: { str: 'metadata.name', unknown: 'spec.finalizer', list: 'metadata.labels' },
};

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
  cur[parts.at(-1)!] = value;
}

function toYaml(v: unknown, indent = ''): string {
  // A small emitter (JSON flow style for scalars) is enough: YAML is a superset of JSON.
  if (Array.isArray(v)) return v.length ? v.map((x) => `${indent}- ${toYaml(x, indent + '  ').trimStart()}`).join('\n') : `${indent}[]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (!entries.length) return `${indent}{}`;
    return entries
      .map(([k, x]) => (x && typeof x === 'object' && (Array.isArray(x) ? x.length : Object.keys(x).length) ? `${indent}${k}:\n${toYaml(x, indent + '  ')}` : `${indent}${k}: ${JSON.stringify(x)}`))
      .join('\n');
  }
  return `${indent}${JSON.stringify(v)}`;
}

// ('Gi' and '.' look wrong but Go's scanner takes them as 0: not in the list.)
const QUANTITIES = ['1.5.3Gi', '12XB', '--1', '1e', '0x10', '1 Gi', '∞', '1Gi1', '1.2.3', 'NaN', '100mm'];
const BAD_NAMES = ['Nginx_Pod', '-leading', 'trailing-', 'a..b', 'UPPER', 'x'.repeat(254), 'sp ace', 'dot.', 'ünï', '../etc', 'a/b', '*'];
const BAD_LABELS: [string, string][] = [['app', '-bad-'], ['app', 'v'.repeat(64)], ['a/b/c', 'x'], ['-k', 'v'], ['k', 'sp ace'], ['x'.repeat(64), 'v'], ['example.com/', 'v'], ['k', 'a$b']];
const YAML_BREAKERS = [
  (t: string) => t.replace(/\n/, '\n\t'), // a tab in indentation
  (t: string) => t + '\n  : :\n', // a key without a name
  (t: string) => t.replace('name:', 'name: "unclosed'), // an unclosed quote
  (t: string) => t + '\nmetadata: [\n', // an unclosed flow list
  (t: string) => t.replace(/\n  /g, '\n   ').replace(/\n/, '\n '), // broken indentation
  (t: string) => t + '\n- dangling\n', // a list item after a map
  (t: string) => t.replace('kind:', 'kind: *undefined_alias\nx:'), // an undefined alias
  (t: string) => `%YAML 9.9\n---\n${t}`, // an unknown version directive
  (t: string) => t.replace(/: /, ':: {'), // stray flow map
];
const JSON_BREAKERS = [
  (t: string) => t.slice(0, Math.floor(t.length / 2)), // truncated
  (t: string) => t.replace(/,/, ',,'), // double comma
  (t: string) => t.replace(/"kind"/, 'kind'), // unquoted key
  (t: string) => `${t}}`, // extra brace
  (t: string) => t.replace(/:/, ': undefined, "x":'), // a JS literal
];

/** `count` malformed inputs: manifests of every kind and category, bad flags and URLs, deterministic for a seed. */
export function fuzzCases(count: number, seed = 1): FuzzCase[] {
  let s = seed >>> 0 || 1;
  const rng = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const kinds = Object.keys(BASES);
  const manifestCategories = ['yaml-syntax', 'json-syntax', 'wrong-type', 'unknown-field', 'missing-apiVersion', 'missing-kind', 'bad-kind', 'huge-value', 'deep-nesting', 'invalid-name', 'invalid-label', 'bad-quantity', 'not-an-object', 'empty'];
  const out: FuzzCase[] = [];
  for (let i = 0; out.length < count; i++) {
    const id = `c${i}`;
    if (i % 10 === 8) {
      out.push({ id, category: 'flag', args: pick(badFlagCases()) });
      continue;
    }
    if (i % 10 === 9) {
      out.push({ id, category: 'url', args: [pick(['apply', 'create']), '-f', pick(BAD_URLS)] });
      continue;
    }
    const kind = pick(kinds);
    const category = pick(manifestCategories);
    const obj = BASES[kind]!();
    const fields = FIELDS[kind]!;
    let json = rng() < 0.5;
    let text: string | undefined;
    switch (category) {
      case 'yaml-syntax':
        json = false;
        text = pick(YAML_BREAKERS)(toYaml(obj));
        break;
      case 'json-syntax':
        json = true;
        text = pick(JSON_BREAKERS)(JSON.stringify(obj));
        break;
      case 'wrong-type': {
        const [path, value] = pick([
          ...(fields.int ? [[fields.int, pick(['three', true, { a: 1 }, [1], 1.5, -1e30])]] : []),
          ...(fields.list ? [[fields.list, pick(['a string', 42, true])]] : []),
          [fields.str, pick([{ nested: 'map' }, [1, 2], true, 3.14])],
          ['metadata.labels', pick(['a string', ['app=fz'], 7])],
          ['metadata.name', pick([5, true, ['fz'], { n: 1 }])],
          ['metadata', pick(['x', 1, []])],
          ['metadata.annotations', { a: pick([1, true, { b: 'c' }, ['l']]) }],
        ] as [string, unknown][]);
        setPath(obj, path, value);
        break;
      }
      case 'unknown-field':
        setPath(obj, fields.unknown, pick(['Always', 1, 'x', { a: 'b' }]));
        break;
      case 'missing-apiVersion':
        delete obj.apiVersion;
        break;
      case 'missing-kind':
        delete obj.kind;
        break;
      case 'bad-kind':
        obj[pick(['kind', 'apiVersion'])] = pick(['Podd', 'v0', 'apps/v9', '', 'Deployment/v1', 'v1beta9']);
        break;
      case 'huge-value':
        if (kind === 'ConfigMap' || kind === 'Secret') setPath(obj, kind === 'ConfigMap' ? 'data.key' : 'stringData.key', 'x'.repeat(1024 * 1024 + 1 + Math.floor(rng() * 4096)));
        else if (rng() < 0.5) setPath(obj, 'metadata.annotations', { big: 'y'.repeat(262145 + Math.floor(rng() * 1000)) });
        else setPath(obj, 'metadata.name', 'z'.repeat(254 + Math.floor(rng() * 100000)));
        break;
      case 'deep-nesting': {
        const depth = pick([200, 2000, 20000]);
        if (json) text = JSON.stringify(obj).replace(/}$/, `,"metadata2":${'['.repeat(depth)}${']'.repeat(depth)}}`);
        else text = `${toYaml(obj)}\nextra: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
        break;
      }
      case 'invalid-name':
        setPath(obj, 'metadata.name', pick(BAD_NAMES));
        break;
      case 'invalid-label': {
        const [k, v] = pick(BAD_LABELS);
        setPath(obj, 'metadata.labels', { [k]: v });
        if (kind === 'Deployment') setPath(obj, 'spec.template.metadata.labels', { app: 'fz', [k]: v });
        break;
      }
      case 'bad-quantity': {
        const q = pick(QUANTITIES);
        if (fields.qty) setPath(obj, fields.qty, q);
        else {
          // kinds without quantities get a malformed Pod instead
          const pod = BASES.Pod!();
          setPath(pod, FIELDS.Pod!.qty!, q);
          Object.assign(obj, pod);
        }
        break;
      }
      case 'not-an-object':
        text = pick(['just a string', '42', '- a\n- list', '[1,2,3]', 'null', 'true', '"quoted"']);
        break;
      case 'empty':
        text = pick(['', '\n', '---\n', '# only a comment\n', '---\n---\n']);
        break;
    }
    text ??= json ? JSON.stringify(obj) : toYaml(obj);
    const verb = pick(['apply', 'create', 'apply']);
    out.push({ id, category, args: [verb, '-f', '-'], input: text });
  }
  return out;
}

const BAD_URLS = [
  'https://k8s.io/examples/does/not/exist.yaml',
  'https://k8s.io/examples/',
  'http://127.0.0.1:1/pod.yaml',
  'https://example.invalid/x.yaml',
  'ftp://example.com/pod.yaml',
  'https://',
  'https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/nope.yaml',
  '/nonexistent/file.yaml',
  './no-such-dir/',
  'https://k8s.io/examples/../../../etc/passwd',
];

function badFlagCases(): string[][] {
  return [
    ['get', 'pods', '--no-such-flag'],
    ['get', 'pods', '-z'],
    ['get', 'pods', '-o', 'badformat'],
    ['get', 'pods', '-o', 'jsonpath={.items[0'],
    ['get', 'pods', '-o', 'custom-columns=NAME'],
    ['get', 'pods', '-l', 'a=(b'],
    ['get', 'pods', '--selector', '!!'],
    ['get', 'pods', '--request-timeout', 'soon'],
    ['get', 'pods', '--field-selector', 'spec.nope=x'],
    ['get', 'nosuchresource'],
    ['get'],
    ['scale', 'deployment', 'x', '--replicas', 'abc'],
    ['scale', 'deployment', 'x'],
    ['delete', 'pod', 'x', '--grace-period', 'soon'],
    ['delete'],
    ['logs'],
    ['logs', 'nope', '--tail', 'abc'],
    ['exec', 'nope', '--', 'sh'],
    ['exec'],
    ['run', 'Bad_Name', '--image=nginx'],
    ['run', 'x'],
    ['create', 'deployment', 'x'],
    ['create', 'namespace', 'Bad_NS'],
    ['create', 'configmap', 'x', '--from-literal=novalue'],
    ['label', 'pod'],
    ['label', 'pods', 'nope', 'bad key=v'],
    ['patch', 'pod', 'nope', '-p', '{not json'],
    ['patch', 'configmap', 'kube-root-ca.crt', '-p', '{"data":'],
    ['patch', 'configmap', 'kube-root-ca.crt', '--type', 'weird', '-p', '{}'],
    ['patch', 'configmap', 'kube-root-ca.crt', '--type', 'json', '-p', '[{"op":"explode"}]'],
    ['apply'],
    ['apply', '-f'],
    ['apply', '-f', '-', '--validate', 'sometimes'],
    ['apply', '-k', '/nonexistent'],
    ['describe'],
    ['rollout', 'status'],
    ['rollout', 'undo', 'deployment/nope', '--to-revision', 'x'],
    ['top', 'pods', '--sort-by', 'weight'],
    ['wait', '--for', 'nothing', 'pod/x'],
    ['wait', 'pod/x', '--for=condition=Ready', '--timeout', 'never'],
    ['config', 'use-context', 'nope'],
    ['expose', 'pod', 'nope', '--port', 'http'],
    ['taint', 'nodes', 'kubesim-worker', 'bad taint'],
    ['cordon'],
    ['--namespace'],
    ['get', 'pods', '--v', 'loud'],
    ['get', 'pods', '--as-group', 'x'],
    ['-n'],
  ];
}

/**
 * Flag cases kubesim still answers differently from kubectl (no crash, no state
 * change: a fidelity gap). Reported as `known`, not as failures; remove a line
 * when it is fixed.
 */
export const KNOWN_GAPS: string[] = [];

export interface FuzzFigures {
  known: string[];
  inputs: number;
  byCategory: Record<string, number>;
  crashes: string[];
  zeroExits: string[];
  unstyled: string[];
  stateChanged: string[];
  seconds: number;
}

/** Runs every case against `lanes` homes in parallel; a case must fail kubectl-style and change nothing. */
export async function fuzzRun(cases: FuzzCase[], lanes: number): Promise<FuzzFigures> {
  const started = Date.now();
  const f: FuzzFigures = { known: [], inputs: cases.length, byCategory: {}, crashes: [], zeroExits: [], unstyled: [], stateChanged: [], seconds: 0 };
  const homes = Array.from({ length: lanes }, () => newHome('fuzz'));
  await Promise.all(homes.map((h) => cli(h, ['get', 'ns'])));
  const digests = homes.map(stateDigest);
  const show = (c: FuzzCase, r: Result) => `${c.id} [${c.category}] kubectl ${c.args.join(' ')}${c.input !== undefined ? ` <<< ${JSON.stringify(c.input.slice(0, 160))}` : ''}\n    exit ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`;
  await pool(cases, lanes, async (c, lane) => {
    f.byCategory[c.category] = (f.byCategory[c.category] ?? 0) + 1;
    const home = homes[lane]!;
    const r = await cli(home, c.args, { input: c.input, timeoutMs: 60_000 });
    const crash = looksLikeCrash(r.stderr) ?? looksLikeCrash(r.stdout);
    if (crash || r.signal) f.crashes.push(show(c, r));
    else if (c.category === 'flag' && KNOWN_GAPS.includes(c.args.join(' ')) && (r.code === 0 || !KUBECTL_ERROR.test(r.stderr))) f.known.push(show(c, r));
    else if (r.code === 0) f.zeroExits.push(show(c, r));
    else if (!KUBECTL_ERROR.test(r.stderr)) f.unstyled.push(show(c, r));
    const d = stateDigest(home);
    if (d !== digests[lane]) {
      f.stateChanged.push(show(c, r));
      digests[lane] = d;
    }
  });
  f.seconds = Math.round((Date.now() - started) / 100) / 10;
  return f;
}

// ---------------------------------------------------------------------------
// 6. Access (RBAC attacks)

/** The RBAC world the attacks run in: two namespaces, users with narrow grants, a service account. */
const ACCESS_SETUP = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
    ...['app-secret', 'other-secret'].map((name) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'dev' }, stringData: { k: 'v' } })),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app-secret', namespace: 'prod' }, stringData: { k: 'v' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'dev' }, data: { k: 'v' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'prod' }, data: { k: 'v' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'dev' } },
    role('dev', 'dev-reader', [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['app-secret'], verbs: ['get'] },
    ]),
    role('dev', 'rbac-writer', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['create', 'get', 'list', 'update', 'patch'] }]),
    role('dev', 'escalator', [
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['create', 'get', 'escalate'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create', 'get'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['admin'], verbs: ['bind'] },
    ]),
    role('dev', 'cm-anything', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }]),
    role('dev', 'read-everything', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list'] }]),
    binding('dev', 'alice-reader', 'Role', 'dev-reader', { kind: 'User', name: 'alice' }),
    binding('dev', 'alice-rbac', 'Role', 'rbac-writer', { kind: 'User', name: 'alice' }),
    binding('dev', 'bob-escalator', 'Role', 'escalator', { kind: 'User', name: 'bob' }),
    binding('dev', 'wild-cm', 'Role', 'cm-anything', { kind: 'User', name: 'wild' }),
    binding('dev', 'star-read', 'Role', 'read-everything', { kind: 'User', name: 'star' }),
    binding('dev', 'robot-view', 'ClusterRole', 'view', { kind: 'ServiceAccount', name: 'robot', namespace: 'dev' }),
  ],
};

function role(namespace: string, name: string, rules: object[]) {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules };
}

function binding(namespace: string, name: string, kind: string, roleName: string, subject: Record<string, string>) {
  const s = subject.kind === 'ServiceAccount' ? subject : { apiGroup: 'rbac.authorization.k8s.io', ...subject };
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName }, subjects: [s] };
}

export interface Attack {
  /** Who acts: `--as NAME`, or `token` (the dev/robot service account's token). */
  as: string;
  args: string[];
  input?: string;
  /** `allow`, or the exact first line of stderr the refusal must print. */
  expect: 'allow' | string;
}

/** `create role` prints the API error; `create rolebinding` wraps it (`error: failed to create rolebinding: `). */
const escalation = (user: string, resource: string, name: string, missing: string[]) =>
  `${resource === 'rolebindings' ? 'error: failed to create rolebinding: ' : 'Error from server (Forbidden): '}${resource}.rbac.authorization.k8s.io "${name}" is forbidden: user "${user}" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n${missing.join('\n')}`;
const deniedIn = (group: string) => (user: string, verb: string, resource: string, where: string, name?: string) =>
  `Error from server (Forbidden): ${resource.split('/')[0]}${group ? `.${group}` : ''}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${where}`;
const denied = deniedIn('');
const deniedApps = deniedIn('apps');
const deniedMetrics = deniedIn('metrics.k8s.io');
const ROBOT = 'system:serviceaccount:dev:robot';

/** The attacks: each one a command a user with narrow rights might try, and what Kubernetes answers. */
export const ATTACKS: Attack[] = [
  // Namespaces: a RoleBinding grants nothing elsewhere.
  { as: 'alice', args: ['get', 'pods', '-n', 'dev'], expect: 'allow' },
  { as: 'alice', args: ['get', 'pods', '-n', 'prod'], expect: denied('alice', 'list', 'pods', 'in the namespace "prod"') },
  { as: 'alice', args: ['get', 'pods', '-A'], expect: denied('alice', 'list', 'pods', 'at the cluster scope') },
  { as: 'alice', args: ['get', 'secret', 'app-secret', '-n', 'prod'], expect: denied('alice', 'get', 'secrets', 'in the namespace "prod"', 'app-secret') },
  { as: 'alice', args: ['delete', 'pod', 'web', '-n', 'dev'], expect: denied('alice', 'delete', 'pods', 'in the namespace "dev"', 'web') },
  // Secrets: get by name is not list; resourceNames limit get.
  { as: 'alice', args: ['get', 'secret', 'app-secret', '-n', 'dev'], expect: 'allow' },
  { as: 'alice', args: ['get', 'secrets', '-n', 'dev'], expect: denied('alice', 'list', 'secrets', 'in the namespace "dev"') },
  { as: 'alice', args: ['get', 'secret', 'other-secret', '-n', 'dev'], expect: denied('alice', 'get', 'secrets', 'in the namespace "dev"', 'other-secret') },
  // Subresources need their own rule.
  { as: 'alice', args: ['logs', 'web', '-n', 'dev'], expect: 'allow' },
  { as: 'alice', args: ['exec', 'web', '-n', 'dev', '--', 'true'], expect: denied('alice', 'create', 'pods/exec', 'in the namespace "dev"', 'web') },
  { as: 'wild', args: ['logs', 'web', '-n', 'dev'], expect: denied('wild', 'get', 'pods', 'in the namespace "dev"', 'web') },
  // Escalation through role creation and update.
  { as: 'alice', args: ['create', 'role', 'held', '--verb=get', '--resource=pods', '-n', 'dev'], expect: 'allow' },
  { as: 'alice', args: ['create', 'role', 'grab', '--verb=delete', '--resource=pods', '-n', 'dev'], expect: escalation('alice', 'roles', 'grab', ['{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}']) },
  { as: 'alice', args: ['create', 'role', 'grab-secrets', '--verb=get,list', '--resource=secrets', '-n', 'dev'], expect: escalation('alice', 'roles', 'grab-secrets', ['{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}']) },
  { as: 'alice', args: ['create', 'role', 'grab-all', '--verb=*', '--resource=*', '-n', 'dev'], expect: escalation('alice', 'roles', 'grab-all', ['{APIGroups:[""], Resources:["*"], Verbs:["*"]}']) },
  { as: 'alice', args: ['patch', 'role', 'dev-reader', '-n', 'dev', '--type=json', '-p', '[{"op":"add","path":"/rules/0/verbs/-","value":"delete"}]'], expect: escalation('alice', 'roles', 'dev-reader', ['{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}']) },
  { as: 'alice', args: ['create', 'role', 'grab', '--verb=get', '--resource=pods', '-n', 'prod'], expect: `Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "prod"` },
  { as: 'alice', args: ['create', 'clusterrole', 'grab', '--verb=get', '--resource=pods'], expect: `Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope` },
  // Escalation through bindings: a role's rules must be held, unless `bind` is granted on it.
  { as: 'alice', args: ['create', 'rolebinding', 'carol-reader', '--role=dev-reader', '--user=carol', '-n', 'dev'], expect: 'allow' },
  { as: 'alice', args: ['create', 'rolebinding', 'self-admin', '--clusterrole=admin', '--user=alice', '-n', 'dev'], expect: 'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "self-admin" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:' },
  { as: 'alice', args: ['create', 'rolebinding', 'self-cm', '--role=cm-anything', '--user=alice', '-n', 'dev'], expect: escalation('alice', 'rolebindings', 'self-cm', ['{APIGroups:[""], Resources:["configmaps"], Verbs:["*"]}']) },
  { as: 'alice', args: ['create', 'clusterrolebinding', 'self-admin', '--clusterrole=cluster-admin', '--user=alice'], expect: `error: failed to create clusterrolebinding: clusterrolebindings.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope` },
  // `escalate` and `bind` are the sanctioned ways round it, and only as far as granted.
  { as: 'bob', args: ['create', 'role', 'powerful', '--verb=delete', '--resource=pods,secrets', '-n', 'dev'], expect: 'allow' },
  { as: 'bob', args: ['create', 'rolebinding', 'bob-edit', '--clusterrole=edit', '--user=bob', '-n', 'dev'], expect: 'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "bob-edit" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:' },
  { as: 'bob', args: ['create', 'rolebinding', 'bob-admin', '--clusterrole=admin', '--user=bob', '-n', 'dev'], expect: 'allow' },
  // (bob now holds admin in dev, which covers edit: binding edit is no escalation any more)
  { as: 'bob', args: ['create', 'rolebinding', 'bob-edit', '--clusterrole=edit', '--user=bob', '-n', 'dev'], expect: 'allow' },
  { as: 'bob', args: ['create', 'role', 'powerful', '--verb=delete', '--resource=pods', '-n', 'prod'], expect: `Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "bob" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "prod"` },
  // Wildcards reach exactly what they name.
  { as: 'wild', args: ['delete', 'configmap', 'cm', '-n', 'dev'], expect: 'allow' },
  { as: 'wild', args: ['get', 'configmaps', '-n', 'prod'], expect: denied('wild', 'list', 'configmaps', 'in the namespace "prod"') },
  { as: 'wild', args: ['get', 'secrets', '-n', 'dev'], expect: denied('wild', 'list', 'secrets', 'in the namespace "dev"') },
  { as: 'star', args: ['get', 'secrets', '-n', 'dev'], expect: 'allow' },
  { as: 'star', args: ['get', 'deployments', '-n', 'dev'], expect: 'allow' },
  { as: 'star', args: ['delete', 'secret', 'app-secret', '-n', 'dev'], expect: denied('star', 'delete', 'secrets', 'in the namespace "dev"', 'app-secret') },
  { as: 'star', args: ['get', 'secrets', '-n', 'prod'], expect: denied('star', 'list', 'secrets', 'in the namespace "prod"') },
  { as: 'star', args: ['create', 'role', 'copy', '--verb=get', '--resource=pods', '-n', 'dev'], expect: `Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "star" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "dev"` },
  // A service account token reaches what its bindings allow, and cannot impersonate.
  { as: 'token', args: ['get', 'pods', '-n', 'dev'], expect: 'allow' },
  { as: 'token', args: ['get', 'secrets', '-n', 'dev'], expect: denied(ROBOT, 'list', 'secrets', 'in the namespace "dev"') },
  { as: 'token', args: ['get', 'pods', '-n', 'prod'], expect: denied(ROBOT, 'list', 'pods', 'in the namespace "prod"') },
  { as: 'token', args: ['exec', 'web', '-n', 'dev', '--', 'true'], expect: denied(ROBOT, 'create', 'pods/exec', 'in the namespace "dev"', 'web') },
  { as: 'token', args: ['delete', 'pod', 'web', '-n', 'dev'], expect: denied(ROBOT, 'delete', 'pods', 'in the namespace "dev"', 'web') },
  { as: 'token', args: ['get', 'pods', '-n', 'dev', '--as', 'kubernetes-admin'], expect: `Error from server (Forbidden): users "kubernetes-admin" is forbidden: User "${ROBOT}" cannot impersonate resource "users" in API group "" at the cluster scope` },
  { as: 'token', args: ['get', 'pods', '-n', 'dev', '--as', 'alice', '--as-group', 'system:masters'], expect: `Error from server (Forbidden): users "alice" is forbidden: User "${ROBOT}" cannot impersonate resource "users" in API group "" at the cluster scope` },
  { as: 'token', args: ['create', 'role', 'grab', '--verb=list', '--resource=pods', '-n', 'dev'], expect: `Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "${ROBOT}" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "dev"` },
  { as: 'system:serviceaccount:dev:robot', args: ['get', 'pods', '-n', 'dev'], expect: 'allow' },
  { as: 'system:serviceaccount:dev:robot', args: ['get', 'configmaps', '-n', 'prod'], expect: denied(ROBOT, 'list', 'configmaps', 'in the namespace "prod"') },
  { as: 'bad-token', args: ['get', 'pods', '-n', 'dev'], expect: 'error: You must be logged in to the server (Unauthorized)' },
  // Waiting commands read through the same checks: their first get or list, then the watch.
  { as: 'alice', args: ['wait', '--for=condition=Ready', 'pod/web', '-n', 'dev', '--timeout=30s'], expect: 'allow' },
  { as: 'alice', args: ['wait', '--for=condition=Ready', 'pod/web', '-n', 'prod', '--timeout=30s'], expect: denied('alice', 'get', 'pods', 'in the namespace "prod"', 'web') },
  { as: 'wild', args: ['wait', '--for=delete', 'pod/web', '-n', 'dev', '--timeout=30s'], expect: denied('wild', 'get', 'pods', 'in the namespace "dev"', 'web') },
  { as: 'wild', args: ['wait', '--for=create', 'pod/web', '-n', 'dev', '--timeout=30s'], expect: denied('wild', 'get', 'pods', 'in the namespace "dev"', 'web') },
  { as: 'alice', args: ['wait', '--for=delete', 'pods', '--all', '-n', 'prod', '--timeout=30s'], expect: denied('alice', 'list', 'pods', 'in the namespace "prod"') },
  { as: 'alice', args: ['rollout', 'status', 'deployment/web', '-n', 'dev'], expect: deniedApps('alice', 'get', 'deployments', 'in the namespace "dev"', 'web') },
  { as: 'alice', args: ['rollout', 'history', 'deployment/web', '-n', 'dev'], expect: deniedApps('alice', 'get', 'deployments', 'in the namespace "dev"', 'web') },
  { as: 'alice', args: ['get', 'pods', '-n', 'prod', '-w'], expect: denied('alice', 'list', 'pods', 'in the namespace "prod"') },
  { as: 'alice', args: ['get', 'pod', 'web', '-n', 'prod', '-w'], expect: denied('alice', 'get', 'pods', 'in the namespace "prod"', 'web') },
  { as: 'wild', args: ['get', 'pod', 'web', '-n', 'dev', '--watch-only'], expect: denied('wild', 'get', 'pods', 'in the namespace "dev"', 'web') },
  { as: 'star', args: ['get', 'pods', '-n', 'dev', '-w'], expect: denied('star', 'watch', 'pods', 'in the namespace "dev"') },
  { as: 'star', args: ['get', 'pod', 'web', '-n', 'dev', '-w'], expect: denied('star', 'watch', 'pods', 'in the namespace "dev"', 'web') },
  { as: 'alice', args: ['get', 'pods', '-n', 'dev', '-w', '--request-timeout=5s'], expect: 'allow' },
  { as: 'alice', args: ['logs', '-f', 'web', '-n', 'prod'], expect: denied('alice', 'get', 'pods', 'in the namespace "prod"', 'web') },
  { as: 'wild', args: ['logs', '-f', 'web', '-n', 'dev'], expect: denied('wild', 'get', 'pods', 'in the namespace "dev"', 'web') },
  { as: 'alice', args: ['events', '-n', 'dev'], expect: denied('alice', 'list', 'events', 'in the namespace "dev"') },
  { as: 'token', args: ['events', '-n', 'prod'], expect: denied(ROBOT, 'list', 'events', 'in the namespace "prod"') },
  { as: 'token', args: ['events', '-n', 'dev'], expect: 'allow' },
  // describe leaves out the events it may not list (kubectl ignores that refusal), but not the object.
  { as: 'alice', args: ['describe', 'pod', 'web', '-n', 'dev'], expect: 'allow' },
  // apply's GET of the live object comes first: kubectl names what it looked up.
  { as: 'wild', args: ['apply', '-f', '-'], input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'dev' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } }), expect: `Error from server (Forbidden): error when retrieving current configuration of:\nResource: "/v1, Resource=pods", GroupVersionKind: "/v1, Kind=Pod"\nName: "web", Namespace: "dev"\nfrom server for: "STDIN": ${denied('wild', 'get', 'pods', 'in the namespace "dev"', 'web').replace('Error from server (Forbidden): ', '')}` },
  { as: 'alice', args: ['apply', '-f', '-', '-n', 'dev'], input: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'nginx' }] } } } }), expect: `Error from server (Forbidden): error when retrieving current configuration of:\nResource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"\nName: "api", Namespace: "dev"\nfrom server for: "STDIN": ${deniedApps('alice', 'get', 'deployments', 'in the namespace "dev"', 'api').replace('Error from server (Forbidden): ', '')}` },
  { as: 'alice', args: ['top', 'pod', '-n', 'dev'], expect: deniedMetrics('alice', 'list', 'pods', 'in the namespace "dev"') },
  { as: 'alice', args: ['top', 'pod', 'web', '-n', 'dev'], expect: deniedMetrics('alice', 'get', 'pods', 'in the namespace "dev"', 'web') },
  { as: 'alice', args: ['top', 'node'], expect: deniedMetrics('alice', 'list', 'nodes', 'at the cluster scope') },
  { as: 'token', args: ['top', 'pod', '-A'], expect: deniedMetrics(ROBOT, 'list', 'pods', 'at the cluster scope') },
];

export interface AccessFigures {
  attacks: number;
  allowed: number;
  refused: number;
  wrong: string[];
  /** Refused writes that changed the stored state anyway. */
  leaked: string[];
}

/** Builds the RBAC world in `home` and runs every attack; a refusal must print kubectl's text and change nothing. */
export async function accessRun(home: string, attacks: Attack[] = ATTACKS): Promise<AccessFigures> {
  const must = async (args: string[], opts: RunOptions = {}) => {
    const r = await cli(home, args, opts);
    if (r.code !== 0) throw new Error(`setup: kubectl ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  await must(['apply', '-f', '-'], { input: JSON.stringify(ACCESS_SETUP) });
  await must(['run', 'web', '--image=nginx', '-n', 'dev']);
  await must(['advance', '10s'], { as: 'kubesim' });
  const token = (await must(['create', 'token', 'robot', '-n', 'dev'])).stdout.trim();
  const f: AccessFigures = { attacks: attacks.length, allowed: 0, refused: 0, wrong: [], leaked: [] };
  for (const a of attacks) {
    const who = a.as === 'token' ? ['--token', token] : a.as === 'bad-token' ? ['--token', `${token.slice(0, -4)}AAAA`] : ['--as', a.as];
    const before = stateDigest(home);
    const r = await cli(home, [...who, ...a.args], { input: a.input }); // (before the verb: after `--` they would be the command's)
    const what = `${a.as}: kubectl ${a.args.join(' ')}`;
    const crash = looksLikeCrash(r.stderr);
    if (crash) f.wrong.push(`${what}: crashed: ${crash}`);
    else if (a.expect === 'allow') {
      if (r.code === 0) f.allowed++;
      else f.wrong.push(`${what}: expected to be allowed, got exit ${r.code}: ${r.stderr.trim()}`);
    } else if (r.code !== 0 && r.stderr.startsWith(a.expect)) {
      f.refused++;
      if (stateDigest(home) !== before) f.leaked.push(what);
    } else f.wrong.push(`${what}: expected\n    ${a.expect}\n  got exit ${r.code}:\n    ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return f;
}
