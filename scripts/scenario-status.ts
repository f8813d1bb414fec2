// Prints, for each scenario, how many commands pass and the first failing one
// (a progress report; the test suite is the verdict). Usage:
//   npx tsx scripts/scenario-status.ts [file.t ...]   (or via vitest-node: node --import)
//   KUBESIM_SCENARIO_KUBECTL=real ...: kubectl is the real v1.32 client against a kubesim serve
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, PROJECT_ROOT } from '../test/scenario/run.js';

const dir = join(PROJECT_ROOT, 'test', 'scenarios');
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(dir).filter((f) => f.endsWith('.t')).sort().map((f) => join(dir, f));
const showDiff = process.env.DIFF === '1';
for (const file of files) {
  const r = await runScenario(file, {});
  const ok = r.results.filter((c) => c.passed).length;
  const total = r.cram.commands.length;
  const first = r.failed[0];
  console.log(`${r.name}: ${ok}/${total} commands pass${first ? `; first failure line ${first.command.lineNo}: ${first.command.source[0]}` : ''}`);
  if (showDiff && first) console.log(r.report.split('\n').slice(0, 40).join('\n'));
}
