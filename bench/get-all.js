#!/usr/bin/env node
// `kubectl get pods -A` over a big cluster, without the minutes bench/scale.js takes to make one.
//
// Usage: node bench/get-all.js        (env BENCH_PODS, default 30000; BENCH_N samples, default 5)
// Needs a build (`npm run build`).
//
// Applies 10 pods through a Deployment on a fresh cluster, advances until they run, then copies
// them into BENCH_PODS / 100 namespaces of 100 pods each by writing the pod shards
// (state/objects/pods/<namespace>.json) with new names and uids: the read path sees what a
// cluster of that size stores (~3 KB a pod), the write path is bench/scale.js's business.
// Prints the median wall time, CPU time (user + system) and peak RSS of `get pods -A`.
import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { nodeStartMs, sandbox, kubectl, kubesim } from './lib/common.js';

const PODS = Number(process.env.BENCH_PODS ?? 30000);
const N = Number(process.env.BENCH_N ?? 5);
const box = sandbox('get-all');
const home = path.join(box, 'cluster');
const manifest = path.join(box, 'web.yaml');
writeFileSync(
  manifest,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 10
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: main
        image: busybox:1.28
        command: ['sh', '-c', 'sleep 3600']
`,
);
kubectl(box, home, 'apply', '-f', manifest);
kubesim(box, home, 'advance', '1m');
const shards = path.join(home, 'state', 'objects', 'pods');
const pods = Object.values(JSON.parse(readFileSync(path.join(shards, 'default.json'), 'utf8')));
for (let ns = 0; ns < Math.ceil(PODS / 100); ns++) {
  const namespace = `bench-${String(ns).padStart(3, '0')}`;
  const shard = {};
  for (let i = 0; i < 100 && ns * 100 + i < PODS; i++) {
    const pod = structuredClone(pods[i % pods.length]);
    pod.metadata.name = `${pod.metadata.name}-${i}`;
    pod.metadata.namespace = namespace;
    pod.metadata.uid = randomUUID();
    shard[pod.metadata.name] = pod;
  }
  writeFileSync(path.join(shards, `${namespace}.json`), JSON.stringify(shard));
}

const samples = [];
for (let i = 0; i < N; i++) samples.push(kubectl(box, home, 'get', 'pods', '-A'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = samples[0].stdout.split('\n').length - 2;
console.log(`kubectl get pods -A, ${rows} rows (node ${process.version}, median of ${N}; node -e 0: ${nodeStartMs().toFixed(0)} ms)`);
console.log(`wall ${median(samples.map((s) => s.ms)).toFixed(0)} ms, CPU ${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms, max RSS ${median(samples.map((s) => s.rssMB)).toFixed(0)} MB`);
