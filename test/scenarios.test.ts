/**
 * Every tutorial scenario (test/scenarios/*.t) as one test.
 *
 * test/scenarios/PENDING lists scenarios that do not pass yet. They run too
 * (stopping at their first failing command), with the verdict inverted: a
 * pending scenario that fails is expected; one that passes FAILS the suite
 * until it is removed from PENDING, so the list only shrinks.
 *
 * Environment knobs:
 *   SCENARIO=path/to/file.t          run only that file (any path), never inverted
 *   KUBESIM_SCENARIO_VERBOSE=1       print each scenario's actual transcript and report
 *   KUBESIM_SCENARIO_ERR_DIR=dir     write NAME.t.err (the file with actual outputs) for failures
 *   KUBESIM_SCENARIO_KEEP=1          keep each scenario's temporary folder
 *   KUBESIM_SKIP_PENDING=1           skip pending scenarios instead of running them
 *   KUBESIM_SCENARIO_BUDGET_MS=N     time budget per scenario (default 120000)
 *   KUBESIM_SCENARIO_CMD_TIMEOUT_MS=N  per-command timeout (default 60000)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { actualTranscript, DEFAULT_COMMAND_TIMEOUT_MS, PROJECT_ROOT, runScenario } from './scenario/run.js';

const DIR = path.join(PROJECT_ROOT, 'test', 'scenarios');
const PENDING_FILE = path.join(DIR, 'PENDING');
const BUDGET_MS = Number(process.env.KUBESIM_SCENARIO_BUDGET_MS ?? 120_000);
const VERBOSE = process.env.KUBESIM_SCENARIO_VERBOSE === '1';
const SKIP_PENDING = process.env.KUBESIM_SKIP_PENDING === '1';
const ERR_DIR = process.env.KUBESIM_SCENARIO_ERR_DIR;

function readPending(): string[] {
  if (!existsSync(PENDING_FILE)) return [];
  return readFileSync(PENDING_FILE, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

const pendingList = readPending();
const pending = new Set(pendingList);
const only = process.env.SCENARIO ? path.resolve(process.env.SCENARIO) : undefined;
const files = only
  ? [only]
  : readdirSync(DIR)
      .filter((f) => f.endsWith('.t'))
      .sort()
      .map((f) => path.join(DIR, f));

const counts = { passed: 0, failed: 0, pending: 0 };
const nowPassing: string[] = [];

afterAll(() => {
  const total = counts.passed + counts.failed + counts.pending;
  if (total === 0) return;
  console.log(`scenarios: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending`);
  if (nowPassing.length) {
    console.log(`pending but passing now (remove from test/scenarios/PENDING): ${nowPassing.sort().join(' ')}`);
  }
});

describe.concurrent('scenarios', () => {
  if (!only) {
    it('PENDING names only existing scenarios, once each', () => {
      const names = new Set(files.map((f) => path.basename(f)));
      expect(pendingList.filter((p) => !names.has(p)), 'unknown names in PENDING').toEqual([]);
      expect(pendingList.filter((p, i) => pendingList.indexOf(p) !== i), 'duplicates in PENDING').toEqual([]);
    });
  }

  for (const file of files) {
    const name = path.basename(file);
    const isPending = !only && pending.has(name);

    if (isPending && SKIP_PENDING) {
      counts.pending++;
      it.skip(`${name} (pending)`, () => {});
      continue;
    }

    it(
      isPending ? `${name} (pending)` : name,
      async ({ signal }) => {
        const result = await runScenario(file, {
          budgetMs: BUDGET_MS,
          stopOnFailure: isPending, // its verdict is known at the first failure
          signal,
        });
        if (VERBOSE) {
          console.log(`----- ${name}: actual transcript -----\n${actualTranscript(result)}`);
          console.log(`----- ${name}: report -----\n${result.report}`);
        }
        if (ERR_DIR && !result.passed) {
          mkdirSync(ERR_DIR, { recursive: true });
          writeFileSync(path.join(ERR_DIR, `${name}.err`), actualTranscript(result));
        }
        if (isPending) {
          if (result.passed) {
            counts.failed++;
            nowPassing.push(name);
            throw new Error(`${name} is listed in test/scenarios/PENDING but passes now: remove it from PENDING.`);
          }
          counts.pending++;
          return;
        }
        if (result.passed) {
          counts.passed++;
          return;
        }
        counts.failed++;
        throw new Error(`scenario ${name} failed\n\n${result.report}`);
      },
      BUDGET_MS + DEFAULT_COMMAND_TIMEOUT_MS + 30_000,
    );
  }
});
