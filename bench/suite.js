#!/usr/bin/env node
// The scenario suite's wall time (test/scenarios.test.ts through vitest), as `npm test` runs it
// after the build. Usage: node bench/suite.js   (env BENCH_SUITE=0 skips it)
import { spawnSync } from 'node:child_process';
import { ROOT, table, fmtMs } from './lib/common.js';

if (process.env.BENCH_SUITE === '0') {
  console.log('scenario suite: skipped (BENCH_SUITE=0)');
  process.exit(0);
}
const t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/scenarios.test.ts'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const summary = (r.stdout + r.stderr).split('\n').filter((l) => /Tests\s|Test Files/.test(l)).map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
table('scenario suite (vitest run test/scenarios.test.ts)', [['wall time', fmtMs(ms), summary.join('; ')]]);
