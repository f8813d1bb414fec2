#!/usr/bin/env node
// Catch-up: the cost of `kubesim advance` over long stretches of simulated time.
//
// Usage: node bench/catchup.js     (env BENCH_PODS, default 1000 of each kind; BENCH_RUNS, default 3)
// Needs a build (`npm run build`); `npm run bench` does it.
//
// A cluster with PODS crash-looping pods (busybox `exit 1`, restartPolicy Always) and PODS pods
// whose liveness probe keeps failing (`cat /tmp/healthy` on a file that is never there), on
// enough added nodes, brought to a steady state with `advance 10m`; then `advance 24h` and
// `advance 30d`, each on RUNS fresh copies of that state. Target: each under 1 s, and the two alike
// (catch-up cost must not grow with the time elapsed).
import path from 'node:path';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
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
function advanceCopies(span) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const copy = path.join(box, `copy-${span}-${i}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(home, copy, { recursive: true });
    runs.push({ ...kubesim(box, copy, 'advance', span), home: copy });
  }
  const mid = (f) => median(runs.map(f));
  return { ms: mid((r) => r.ms), cpuMs: mid((r) => r.cpuMs), rssMB: mid((r) => r.rssMB), home: runs[0].home };
}
const day = advanceCopies('24h');
const month = advanceCopies('720h');

const restarts = (h) =>
  kubectl(box, h, 'get', 'pods', '--no-headers', '-o', 'custom-columns=R:.status.containerStatuses[0].restartCount')
    .stdout.split('\n')
    .filter(Boolean)
    .reduce((s, x) => s + Number(x), 0);

table(`kubesim catch-up (${PODS} crash-looping + ${PODS} failing-probe pods on ${nodes} added nodes; medians of ${RUNS} runs; node ${process.version}, node -e 0: ${nodeStartMs().toFixed(0)} ms)`, [
  ['advance 10m (from apply to steady state)', fmtMs(settle.ms), `${fmtMs(settle.cpuMs)} CPU, ${settle.rssMB.toFixed(0)} MB peak`],
  ['advance 24h', fmtMs(day.ms), `${fmtMs(day.cpuMs)} CPU, ${day.rssMB.toFixed(0)} MB peak; target < 1 s`],
  ['advance 30d', fmtMs(month.ms), `${fmtMs(month.cpuMs)} CPU, ${month.rssMB.toFixed(0)} MB peak; target < 1 s, about the same as 24h`],
  ['restarts after 24h (sum over pods)', String(restarts(day.home))],
  ['restarts after 30d (sum over pods)', String(restarts(month.home))],
  ['KUBESIM_HOME size after 30d', `${(duBytes(month.home) / 1048576).toFixed(0)} MB`],
]);
