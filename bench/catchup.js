#!/usr/bin/env node
// Catch-up: the cost of `kubesim advance` over long stretches of simulated time.
//
// Usage: node bench/catchup.js     (env BENCH_PODS, default 1000 of each kind; BENCH_RUNS, default 3)
// Needs a build (`npm run build`); `npm run bench` does it.
//
// A cluster with PODS crash-looping pods (busybox `exit 1`, restartPolicy Always) and PODS pods
// whose liveness probe keeps failing (`cat /tmp/healthy` on a file that is never there), on
// enough added nodes. After `advance 10m` the crash loops wait at the 5-minute back-off cap but the
// probe loops do not yet (a liveness-killed cycle is longer): `advance 24h` from there is the first
// catch-up, which brings them to it. After 5 minutes more every loop is steady (the kubelet has
// parked it, docs/architecture.md); then `advance 24h` and `advance 30d`, each on RUNS fresh copies
// of that state. Target: each under 1 s, and the two alike (catch-up cost must not grow with the
// time elapsed).
import path from 'node:path';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeStartMs, sandbox, kubectl, kubesim, duBytes, table, fmtMs, deploymentYaml, median } from './lib/common.js';

const PODS = Number(process.env.BENCH_PODS ?? 1000);
const box = sandbox('catchup');

const crash = ['- name: crash', '  image: busybox:1.28', "  command: ['sh', '-c', 'echo starting; sleep 5; exit 1']"];
const probe = [
  '- name: probed',
  '  image: busybox:1.28',
  "  command: ['sh', '-c', 'sleep 36000000']",
  '  livenessProbe:',
  '    exec:',
  "      command: ['cat', '/tmp/healthy']",
  '    initialDelaySeconds: 5',
  '    periodSeconds: 5',
];
const manifest = path.join(box, 'catchup.yaml');
writeFileSync(manifest, [deploymentYaml({ name: 'crash', replicas: PODS, container: crash }), deploymentYaml({ name: 'probe', replicas: PODS, container: probe })].join('---\n'));

const home = path.join(box, 'cluster');
// 100 pods per added node: a node holds 110 (the kubelet's maxPods), with room for the rest.
const nodes = Math.ceil((2 * PODS) / 100);
kubesim(box, home, 'node', 'add', 'worker', '--count', String(nodes));
kubectl(box, home, 'apply', '-f', manifest);
const settle = kubesim(box, home, 'advance', '10m');

// Each span is advanced on fresh copies of the settled home, RUNS times; the medians are shown.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
function advanceCopies(span, label = span) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const copy = path.join(box, `copy-${label}-${i}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(home, copy, { recursive: true });
    runs.push({ ...kubesim(box, copy, 'advance', span), home: copy });
  }
  const mid = (f) => median(runs.map(f));
  return { ms: mid((r) => r.ms), cpuMs: mid((r) => r.cpuMs), rssMB: mid((r) => r.rssMB), home: runs[0].home };
}
const first = advanceCopies('24h', 'first-24h');
const steady = kubesim(box, home, 'advance', '5m');
const day = advanceCopies('24h');
const month = advanceCopies('720h');

// The JSON state files (shards, meta, wake-up queue) under `after` whose bytes differ from `before`'s.
function changedJson(before, after, rel = 'state') {
  const changed = [];
  for (const name of readdirSync(path.join(after, rel))) {
    const r = path.join(rel, name);
    if (statSync(path.join(after, r)).isDirectory()) changed.push(...changedJson(before, after, r));
    else if (name.endsWith('.json') && (!existsSync(path.join(before, r)) || !readFileSync(path.join(before, r)).equals(readFileSync(path.join(after, r))))) changed.push(r);
  }
  return changed;
}

// The floor (bench/lib/state-floor.js): a bare Node process that reads, parses, prints and writes
// back the files the span rewrote, on fresh copies of the settled home; wall time of the process.
// The ratio of a span's time to its floor changes less with the machine's speed than either does.
const FLOOR_JS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'state-floor.js');
function floor(span) {
  const files = changedJson(home, span.home);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const copy = path.join(box, `floor-${i}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(home, copy, { recursive: true });
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [FLOOR_JS, ...files.map((f) => path.join(copy, f))], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`state-floor.js failed: ${r.stderr}`);
    const inside = JSON.parse(r.stdout);
    runs.push({ ms, workMs: inside.ms, bytes: inside.bytes });
  }
  return { ms: median(runs.map((r) => r.ms)), workMs: median(runs.map((r) => r.workMs)), mb: runs[0].bytes / 1048576, files: files.length };
}
const dayFloor = floor(day);
const monthFloor = floor(month);

const restarts = (h) =>
  kubectl(box, h, 'get', 'pods', '--no-headers', '-o', 'custom-columns=R:.status.containerStatuses[0].restartCount')
    .stdout.split('\n')
    .filter(Boolean)
    .reduce((s, x) => s + Number(x), 0);

table(`kubesim catch-up (${PODS} crash-looping + ${PODS} failing-probe pods on ${nodes} added nodes; medians of ${RUNS} runs; node ${process.version}, node -e 0: ${nodeStartMs().toFixed(0)} ms)`, [
  ['advance 10m (from apply: crash loops at their cap)', fmtMs(settle.ms), `${fmtMs(settle.cpuMs)} CPU, ${settle.rssMB.toFixed(0)} MB peak`],
  ['advance 24h from there (first catch-up: the probe loops reach their cap)', fmtMs(first.ms), `${fmtMs(first.cpuMs)} CPU, ${first.rssMB.toFixed(0)} MB peak`],
  ['advance 5m more (every loop steady)', fmtMs(steady.ms), `${fmtMs(steady.cpuMs)} CPU`],
  ['advance 24h', fmtMs(day.ms), `${fmtMs(day.cpuMs)} CPU, ${day.rssMB.toFixed(0)} MB peak; target < 1 s`],
  ['floor under 24h (bare node: read, parse, print, write what it changed)', fmtMs(dayFloor.ms), `${fmtMs(dayFloor.workMs)} of it reading to writing; ${dayFloor.files} files, ${dayFloor.mb.toFixed(1)} MB; advance 24h is ${(day.ms / dayFloor.ms).toFixed(2)}x it`],
  ['advance 30d', fmtMs(month.ms), `${fmtMs(month.cpuMs)} CPU, ${month.rssMB.toFixed(0)} MB peak; target < 1 s, about the same as 24h`],
  ['floor under 30d', fmtMs(monthFloor.ms), `${fmtMs(monthFloor.workMs)} of it reading to writing; ${monthFloor.files} files, ${monthFloor.mb.toFixed(1)} MB; advance 30d is ${(month.ms / monthFloor.ms).toFixed(2)}x it`],
  ['restarts after 24h (sum over pods)', String(restarts(day.home))],
  ['restarts after 30d (sum over pods)', String(restarts(month.home))],
  ['KUBESIM_HOME size after 30d', `${(duBytes(month.home) / 1048576).toFixed(0)} MB`],
]);
