// `kubectl explain` twice over: kubesim's own CLI, and the real kubectl v1.32
// client against `kubesim serve` (which publishes the same v1.32 OpenAPI v3
// documents at /openapi/v3). Both must print the same bytes. Skipped where no
// real kubectl v1.32 is installed, or where the build lacks the OpenAPI data.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT, CLI, REAL, ROOT, baseEnv, exec, serveDuringSuite } from './serve-helpers.js';

const haveData = existsSync(join(ROOT, 'dist', 'openapi-v1.32.json.gz'));
const ready = existsSync(REAL) && BUILT && haveData;
if (!ready) console.warn('test/explain-serve.test.ts skipped: needs the real kubectl v1.32, `npm run build`, and dist/openapi-v1.32.json.gz');

const PATHS: string[][] = [
  ['pods'],
  ['pods.spec.containers'],
  ['pods.spec.containers.resources.limits'],
  ['pod.spec.restartPolicy'],
  ['deployment.spec', '--recursive'],
  ['deployments.apps.spec.strategy'],
  ['deployments', '--api-version=apps/v1'],
  ['svc.spec.ports.port'],
  ['jobs.spec.template.spec.volumes.configMap.items'],
  ['cronjobs.spec.jobTemplate', '--recursive'],
  ['nodes.status.conditions'],
  ['clusterroles.rules'],
  ['ingresses.networking.k8s.io.spec.rules.http.paths.backend'],
  ['pods.nope'],
  ['pods.spec.nope.deeper'],
  ['nope'],
  ['pods', '--api-version=v2'],
  ['pods', '-o', 'yaml'],
  ['nope', '-o', 'yaml'],
  ['pods', '--api-version=apps/v1'],
  [],
];

describe.skipIf(!ready)('kubectl explain: kubesim and real kubectl via kubesim serve print the same', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-explain-'));
  serveDuringSuite(home, ['--http']);

  it.each(PATHS.map((args) => [args.join(' ') || '(no argument)', args]))('kubectl explain %s', async (_name, args) => {
    const real = await exec(REAL, ['--context', 'kubesim-api', 'explain', ...(args as string[])], baseEnv(home));
    const sim = await exec('node', [CLI, 'explain', ...(args as string[])], { ...baseEnv(home), KUBESIM_ARGV0: 'kubectl' });
    expect(sim).toEqual(real);
    if (real.code === 0) expect(real.stdout).toMatch(/^(GROUP: .*\n)?KIND: /);
  }, 30_000);
});
