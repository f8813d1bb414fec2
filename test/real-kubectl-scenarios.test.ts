/**
 * Every tutorial scenario (test/scenarios/*.t) with `kubectl` the real v1.32
 * client against a `kubesim serve` of the scenario's home (test/scenario/run.ts,
 * real mode), judged by the same expectations as kubesim's own CLI: real kubectl
 * is the second judge of the scenarios, and serve's API of kubesim's.
 *
 * Only commands that run kubectl are compared: a command of kubesim's own verbs
 * (`kubesim advance`, `kubesim trace`...) still runs, but what it prints of the
 * requests kubectl made is kubesim's business. Pending scenarios
 * (test/scenarios/PENDING) are left out.
 *
 * Skipped when there is no real kubectl v1.32 (findRealKubectl: $KUBECTL_REAL,
 * /usr/lib/google-cloud-sdk/bin/kubectl.1.32, or kubectl.1.32 beside the kubectl
 * on PATH) or no build (dist/bundle).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

import { formatCommandDiff } from './scenario/cram.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, PROJECT_ROOT, SERVE_PORT, findRealKubectl, runScenario } from './scenario/run.js';

const DIR = path.join(PROJECT_ROOT, 'test', 'scenarios');
const BUDGET_MS = Number(process.env.KUBESIM_SCENARIO_BUDGET_MS ?? 120_000);
const real = findRealKubectl();
const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'bundle', 'commands', 'serve.js'));
const why = !real ? 'no real kubectl v1.32 (set KUBECTL_REAL)' : !built ? 'not built (npm run build)' : '';
if (why) console.warn(`test/real-kubectl-scenarios.test.ts skipped: ${why}`);

const pending = new Set(
  existsSync(path.join(DIR, 'PENDING'))
    ? readFileSync(path.join(DIR, 'PENDING'), 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)
    : [],
);
const files = readdirSync(DIR).filter((f) => f.endsWith('.t') && !pending.has(f)).sort();

/** Whether a command line runs kubectl (as a word: `kubectl get`, `$(kubectl ...)`, `KUBECONFIG=x kubectl`). */
const runsKubectl = (text: string) => /(^|[^\w.-])kubectl([^\w.-]|$)/.test(text);

/**
 * Scenarios that show serve's address (`server: https://127.0.0.1:6443`, the
 * -v=6 request lines) need port 6443; they take it one at a time, the others
 * take any free port.
 */
let portHolder: Promise<void> = Promise.resolve();
function withServePort<T>(fn: () => Promise<T>): Promise<T> {
  const run = portHolder.then(fn);
  portHolder = run.then(() => undefined, () => undefined);
  return run;
}

describe.skipIf(!!why).concurrent(`scenarios with the real kubectl v1.32 (${real ?? 'none'}) against kubesim serve`, () => {
  for (const name of files) {
    const file = path.join(DIR, name);
    const needsPort = readFileSync(file, 'utf8').includes(`127.0.0.1:${SERVE_PORT}`);
    it(
      name,
      async ({ signal }) => {
        const run = () => runScenario(file, { realKubectl: real, servePort: needsPort ? SERVE_PORT : 0, budgetMs: BUDGET_MS, signal });
        const result = await (needsPort ? withServePort(run) : run());
        const failed = result.results.filter((r) => !r.passed && runsKubectl(r.command.text));
        const notRun = result.notRun.length ? `\n\n${result.notRun.length} commands not run (${result.notRunReason})` : '';
        const setup = result.report.split('\n\n').filter((p) => p.startsWith('!  '));
        if (failed.length || notRun || setup.length) {
          const diffs = failed.map((r) => formatCommandDiff(result.cram.path, r.command, r.actual, r.note));
          throw new Error(`${name} differs with the real kubectl\n\n${[...setup, ...diffs].join('\n\n')}${notRun}`);
        }
      },
      BUDGET_MS + DEFAULT_COMMAND_TIMEOUT_MS + 30_000,
    );
  }
});
