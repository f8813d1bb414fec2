import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Scenario tests spend their time in child processes (bash, node bin/run.js),
// so run about one per CPU at a time inside the scenario file.
const cpus = Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Unit tests: 30 s. test/scenarios.test.ts sets its own per-scenario timeout
    // (120 s budget + 60 s for a command in flight + slack).
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    maxConcurrency: cpus,
    // One test file per CPU at a time (vitest's default is one fewer: a single file at a time on a
    // 2-CPU machine, where the files spend most of their time waiting on child processes). On a
    // 2-CPU sandbox the suite took 4m56s instead of 7m37s (docs/performance.md, suite time).
    maxWorkers: cpus,
    // Failing scenarios print long diffs; keep them whole.
    printConsoleTrace: false,
  },
});
