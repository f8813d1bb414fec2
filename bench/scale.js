#!/usr/bin/env node
// Scale: a big cluster, built the way a trainer would, and what commands cost on it.
//
// Usage: node bench/scale.js     (env BENCH_NODES, default 1000; BENCH_PODS, default 30000;
//                                 BENCH_N samples per read figure, default 5)
// Needs a build (`npm run build`); `npm run bench` does it.
//
// 1. `kubesim node add worker --count NODES` on a fresh home (the bulk path);
// 2. NODES/1000*30 namespaces... in fact PODS/1000 namespaces `scale-K`, each with ten Deployments of
//    100 replicas (PODS pods), plus a namespace `one` with one Deployment of 100 replicas;
//    `kubectl apply -f` of all of them, then `kubesim advance` until every pod is Running:
//    the sum is "time to all Running";
// 3. `kubectl get pods -A` (every row), `kubectl get pods -n one` (100 pods), the latter also
//    on a default cluster holding only namespace `one` (it should read only what it needs);
// 4. the size of KUBESIM_HOME and each command's peak memory (max RSS).
// Each time comes with the command's CPU time (user + system), steadier than wall time on a busy machine.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { nodeStartMs, sandbox, kubectl, kubesim, median, duBytes, table, fmtMs, deploymentYaml } from './lib/common.js';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 30000);
const N = Number(process.env.BENCH_N ?? 5);
const PER_NS = 1000;
const PER_DEPLOY = 100;

const box = sandbox('scale');

const WEB = ['- name: web', '  image: nginx:1.27'];
const deployment = (namespace, name, replicas) => deploymentYaml({ name, namespace, replicas, container: WEB });
const namespace = (ns) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`;

function manifest(file, withScale) {
  const docs = [namespace('one'), deployment('one', 'web', PER_DEPLOY)];
  if (withScale) {
    const namespaces = Math.ceil(PODS / PER_NS);
    let left = PODS;
    for (let k = 1; k <= namespaces; k++) {
      docs.push(namespace(`scale-${k}`));
      for (let d = 1; left > 0 && d <= PER_NS / PER_DEPLOY; d++) {
        const r = Math.min(PER_DEPLOY, left);
        left -= r;
        docs.push(deployment(`scale-${k}`, `app-${d}`, r));
      }
    }
  }
  writeFileSync(file, docs.join('---\n'));
  return file;
}

/** Advances 1 minute at a time until every pod in the cluster is Running; returns total ms. */
function untilRunning(home, expected) {
  let ms = 0;
  let cpuMs = 0;
  let peak = 0;
  for (let i = 0; i < 30; i++) {
    const a = kubesim(box, home, 'advance', '1m');
    ms += a.ms;
    cpuMs += a.cpuMs;
    peak = Math.max(peak, a.rssMB);
    const out = kubectl(box, home, 'get', 'pods', '-A', '--no-headers', '--field-selector=status.phase=Running');
    const running = out.stdout.split('\n').filter(Boolean).length;
    if (running >= expected) return { ms, cpuMs, peak };
  }
  console.error(`not all ${expected} pods Running after 30 minutes`);
  process.exit(1);
}

const rows = [];
const mem = [];
const note = (label, r) => mem.push([label, `${r.rssMB.toFixed(0)} MB`]);

// The small cluster: namespace `one` only.
const small = path.join(box, 'small');
kubectl(box, small, 'apply', '-f', manifest(path.join(box, 'small.yaml'), false));
untilRunning(small, 100 + 0);

// The big cluster.
const big = path.join(box, 'big');
const nodes = kubesim(box, big, 'node', 'add', 'worker', '--count', String(NODES));
const cpu = (ms) => `CPU ${fmtMs(ms)}`;
rows.push([`kubesim node add worker --count ${NODES}`, fmtMs(nodes.ms), cpu(nodes.cpuMs)]);
note('node add --count', nodes);
const apply = kubectl(box, big, 'apply', '-f', manifest(path.join(box, 'big.yaml'), true));
rows.push([`kubectl apply -f (${Math.ceil(PODS / PER_DEPLOY) + 1} Deployments)`, fmtMs(apply.ms), cpu(apply.cpuMs)]);
note('apply -f', apply);
const systemPods = 0; // the pods counted below are only the workload's Running ones
const running = untilRunning(big, PODS + PER_DEPLOY + systemPods);
rows.push([`advance until all ${PODS + PER_DEPLOY} pods Running`, fmtMs(running.ms), cpu(running.cpuMs)]);
rows.push(['time to all Running (apply + advance)', fmtMs(apply.ms + running.ms), cpu(apply.cpuMs + running.cpuMs)]);
mem.push(['advance (peak over the steps)', `${running.peak.toFixed(0)} MB`]);

const sample = (home, ...args) => {
  const xs = [];
  const cpus = [];
  let last;
  for (let i = 0; i < N; i++) {
    last = kubectl(box, home, ...args);
    xs.push(last.ms);
    cpus.push(last.cpuMs);
  }
  return { ms: median(xs), cpuMs: median(cpus), last };
};
const all = sample(big, 'get', 'pods', '-A');
const lines = all.last.stdout.split('\n').filter(Boolean).length - 1;
rows.push([`kubectl get pods -A (${lines} rows)`, fmtMs(all.ms), `${cpu(all.cpuMs)}; target < 2 s`]);
note('get pods -A', all.last);
const oneBig = sample(big, 'get', 'pods', '-n', 'one');
const oneSmall = sample(small, 'get', 'pods', '-n', 'one');
rows.push(['kubectl get pods -n one (100 pods), big cluster', fmtMs(oneBig.ms), cpu(oneBig.cpuMs)]);
rows.push([
  'kubectl get pods -n one (100 pods), small cluster',
  fmtMs(oneSmall.ms),
  `${cpu(oneSmall.cpuMs)}; big/small ${(oneBig.ms / oneSmall.ms).toFixed(2)}x wall, ${(oneBig.cpuMs / oneSmall.cpuMs).toFixed(2)}x CPU (target <= 1.20x)`,
]);
note('get pods -n one (big)', oneBig.last);
note('get pods -n one (small)', oneSmall.last);
rows.push(['KUBESIM_HOME size', `${(duBytes(big) / 1048576).toFixed(0)} MB`]);

table(`kubesim scale (${NODES} nodes, ${PODS + PER_DEPLOY} pods; node ${process.version}; medians of ${N} for reads; node -e 0: ${nodeStartMs().toFixed(0)} ms)`, rows);
console.log('');
table('peak memory (max RSS) per command', mem);
