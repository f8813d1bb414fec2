#!/usr/bin/env node
// Runs every bench/*.js (except this file), one after the other.
// Usage: npm run bench   (builds first)   or   node bench/run-all.js
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== self)
  .sort();

let failed = 0;
for (const b of benches) {
  console.log(`\n=== bench/${b}`);
  const r = spawnSync(process.execPath, [path.join(here, b), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`bench/${b} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
