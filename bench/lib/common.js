// Helpers shared by the benchmarks (not a benchmark itself: run-all.js runs bench/*.js only).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RUN_JS = path.join(ROOT, 'bin', 'run.js');
const RSS_HOOK = path.join(ROOT, 'bench', 'lib', 'rss-hook.cjs');

/** A temporary directory removed when the process exits. */
export function sandbox(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kubesim-${prefix}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'home'), { recursive: true });
  return dir;
}

export function envFor(box, home, argv0 = 'kubectl') {
  return {
    ...process.env,
    KUBESIM_HOME: home,
    KUBESIM_CLOCK: 'manual',
    KUBESIM_ARGV0: argv0,
    HOME: path.join(box, 'home'),
    LANG: 'C.UTF-8',
    TZ: 'UTC',
  };
}

/**
 * Runs `bin/run.js args` (kubectl mode, or kubesim with argv0 'kubesim'); returns
 * { ms, rssMB, cpuMs, stdout }. Peak memory (max RSS) and CPU time (user + system) come from a
 * preloaded hook that writes process.resourceUsage() at exit. Exits on failure.
 */
export function run(box, home, args, { argv0 = 'kubectl', input } = {}) {
  const rssFile = path.join(box, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const env = { ...envFor(box, home, argv0), KUBESIM_BENCH_RSS: rssFile };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', RSS_HOOK, RUN_JS, ...args], {
    env,
    cwd: box,
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 30,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`failed: ${argv0} ${args.join(' ')} (exit ${r.status ?? r.signal})\n${(r.stdout + r.stderr).slice(0, 2000)}`);
    process.exit(1);
  }
  const [maxRss, cpu] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [NaN, NaN];
  return { ms, rssMB: maxRss / 1024, cpuMs: cpu ?? NaN, stdout: r.stdout };
}

export const kubectl = (box, home, ...args) => run(box, home, args);
export const kubesim = (box, home, ...args) => run(box, home, args, { argv0: 'kubesim' });

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * How fast this machine starts Node: the median wall time of `node -e 0` (n runs). Printed beside
 * the absolute figures, whose targets were set on a machine where it took ~55-60 ms, so figures
 * from machines of different speed can be compared.
 */
export function nodeStartMs(n = 5) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ms);
}

/** Bytes under `dir`, recursively. */
export function duBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    const st = statSync(p);
    total += st.isDirectory() ? duBytes(p) : st.size;
  }
  return total;
}

/** Prints rows [label, value, note] as an aligned table. */
export function table(title, rows) {
  console.log(title);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => String(r[1]).length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${String(b).padStart(w1)}${c ? `  ${c}` : ''}`);
}

export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

/** A Deployment manifest (YAML) of `replicas` pods labelled app=NAME; `container` is the containers list's lines. */
export function deploymentYaml({ name, namespace, replicas, container }) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    ...container.map((l) => `      ${l}`),
    '',
  ].join('\n');
}
