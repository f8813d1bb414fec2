#!/usr/bin/env node
// Start-up cost of one kubesim invocation, compared with a bare `node -e 0`.
//
// Usage: node bench/startup.js [N]      (N samples per figure, default 15; env BENCH_N too)
// Needs a build (`npm run build`); `npm run bench` does it.
//
// In a fresh temporary KUBESIM_HOME (manual clock, kubectl mode): the first command on an
// empty home (creates the default cluster), then, with 10 pods applied, `get pods`,
// `apply -f` of one new pod and `describe pod`, each alternated with `node -e 0`. Besides wall
// time, the CPU ratio (user + system time of each child) is printed: steadier on a shared machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUN_JS = path.join(ROOT, 'bin', 'run.js');
// Preloaded into every child (kubesim and the bare node alike): reports its CPU time at exit.
const USAGE_HOOK = path.join(ROOT, 'bench', 'lib', 'rss-hook.cjs');
const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 15);
const FIRST_N = Math.max(3, Math.ceil(N / 3));

const sandbox = mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-'));
process.on('exit', () => rmSync(sandbox, { recursive: true, force: true }));

function envFor(home) {
  return {
    ...process.env,
    KUBESIM_HOME: home,
    KUBESIM_CLOCK: 'manual',
    KUBESIM_ARGV0: 'kubectl',
    HOME: path.join(sandbox, 'home'),
    LANG: 'C.UTF-8',
    TZ: 'UTC',
  };
}
mkdirSync(path.join(sandbox, 'home'), { recursive: true });

/**
 * Runs node with args; returns { ms, cpu }: wall time and CPU time (user + system) in ms.
 * Exits on failure (a benchmark of errors is no benchmark).
 */
function timed(args, env) {
  const usageFile = path.join(sandbox, 'usage.txt');
  rmSync(usageFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', USAGE_HOOK, ...args], {
    env: { ...env, KUBESIM_BENCH_RSS: usageFile },
    cwd: sandbox,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`failed: node ${args.join(' ')} (exit ${r.status ?? r.signal})\n${(r.stdout + r.stderr).slice(0, 2000)}`);
    process.exit(1);
  }
  return { ms, cpu: Number(readFileSync(usageFile, 'utf8').split(' ')[1]) };
}
const kubectl = (home, ...args) => timed([RUN_JS, ...args], envFor(home));
const bare = () => timed(['-e', '0'], process.env);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function pod(name) {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    '    app: bench',
    'spec:',
    '  containers:',
    '  - name: main',
    '    image: busybox:1.28',
    "    command: ['sh', '-c', 'sleep 3600']",
    '',
  ].join('\n');
}

const rows = [];
function row(label, samples, baseline) {
  const m = median(samples.map((s) => s.ms));
  const b = median(baseline.map((s) => s.ms));
  const cpu = median(samples.map((s) => s.cpu));
  const cpuBase = median(baseline.map((s) => s.cpu));
  rows.push({ label, ms: m, base: b, ratio: m / b, cpuRatio: cpu / cpuBase });
}

// 1. First command on an empty home (creates the default cluster), on fresh homes.
const first = [];
const firstBase = [];
for (let i = 0; i < FIRST_N; i++) {
  const home = path.join(sandbox, `empty-${i}`);
  firstBase.push(bare());
  first.push(kubectl(home, 'get', 'pods'));
}
row(`first command, empty home (n=${FIRST_N})`, first, firstBase);

// 2. A cluster with 10 pods.
const home = path.join(sandbox, 'cluster');
kubectl(home, 'get', 'pods');
const tenPods = path.join(sandbox, 'ten-pods.yaml');
writeFileSync(tenPods, Array.from({ length: 10 }, (_, i) => pod(`bench-${i}`)).join('---\n'));
kubectl(home, 'apply', '-f', tenPods);
kubectl(home, 'get', 'pods'); // warm any lazy caches once

const ops = [
  ['get pods (10 pods)', () => kubectl(home, 'get', 'pods')],
  [
    'apply -f (one new pod)',
    (() => {
      let n = 0;
      return () => {
        const f = path.join(sandbox, `pod-${n}.yaml`);
        writeFileSync(f, pod(`extra-${n++}`));
        return kubectl(home, 'apply', '-f', f);
      };
    })(),
  ],
  ['describe pod', () => kubectl(home, 'describe', 'pod', 'bench-0')],
];
for (const [label, fn] of ops) {
  const samples = [];
  const base = [];
  for (let i = 0; i < N; i++) {
    base.push(bare());
    samples.push(fn());
  }
  row(`${label} (n=${N})`, samples, base);
}

// 3. The table.
const w = Math.max(...rows.map((r) => r.label.length));
console.log(`kubesim start-up (node ${process.version}, ${os.cpus().length} CPUs, medians of wall time)`);
console.log(`${'operation'.padEnd(w)}  ${'ms'.padStart(8)}  ${'node -e 0'.padStart(9)}  ${'ratio'.padStart(6)}  ${'CPU ratio'.padStart(9)}`);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(w)}  ${r.ms.toFixed(1).padStart(8)}  ${r.base.toFixed(1).padStart(9)}  ${(r.ratio.toFixed(2) + 'x').padStart(6)}  ${(r.cpuRatio.toFixed(2) + 'x').padStart(9)}`,
  );
}
