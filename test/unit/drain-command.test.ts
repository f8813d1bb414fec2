// `kubectl drain` and the eviction API end to end, through the built CLI (npm test builds first).
// The same command lines gave the same output from real kubectl v1.32 against `kubesim serve`
// (wall clock; drain is computed on the client: filters, evictions, retries, polls).
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


const cli = (home: string, args: string[], argv0: 'kubectl' | 'kubesim' = 'kubectl') => runCli(home, args, { argv0, cwd: home });

/** A cluster with a Deployment of four nginx pods, two on each worker. */
function clusterWithWeb(): string {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-drain-'));
  expect(cli(home, ['create', 'deployment', 'web', '--image=nginx', '--replicas=4']).code).toBe(0);
  expect(cli(home, ['advance', '30s'], 'kubesim').code).toBe(0);
  return home;
}

const podsOn = (home: string, node: string) =>
  cli(home, ['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {end}']).out.trim().split(' ');

describe('kubectl drain', () => {
  it('cordons, then refuses DaemonSet pods unless told to ignore them, and evicts the rest', () => {
    const home = clusterWithWeb();
    const before = podsOn(home, 'kubesim-worker');
    const daemons = before.filter((p) => /kube-system\/(kindnet|kube-proxy)-/.test(p));
    const evicted = before.filter((p) => !daemons.includes(p));
    expect(daemons).toHaveLength(2);
    const refused = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons.join(', ')}`;
    expect(cli(home, ['drain', 'kubesim-worker'])).toMatchObject({
      out: 'node/kubesim-worker cordoned\n',
      err: `error: unable to drain node "kubesim-worker" due to error: ${refused}, continuing command...\nThere are pending nodes to be drained:\n kubesim-worker\n${refused}\n`,
      code: 1,
    });
    const drained = cli(home, ['drain', 'kubesim-worker', '--ignore-daemonsets']);
    expect(drained.err).toBe(`Warning: ignoring DaemonSet-managed Pods: ${daemons.join(', ')}\n`);
    const lines = drained.out.split('\n');
    expect(lines.slice(0, 1 + evicted.length)).toEqual(['node/kubesim-worker already cordoned', ...evicted.map((p) => `evicting pod ${p}`)]);
    // Each pod is reported when it is gone, in the order they go.
    expect(lines.slice(1 + evicted.length, 1 + 2 * evicted.length).sort()).toEqual(evicted.map((p) => `pod/${p.split('/')[1]} evicted`).sort());
    expect(lines.slice(1 + 2 * evicted.length)).toEqual(['node/kubesim-worker drained', '']);
    // Only the DaemonSet pods stay; the Deployment's pods run again on the other worker.
    expect(podsOn(home, 'kubesim-worker').sort()).toEqual([...daemons].sort());
    expect(cli(home, ['get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}']).out).toBe('4');
  });

  it('refuses a pod without a controller unless --force, and checks its arguments', () => {
    const home = clusterWithWeb();
    writeFileSync(join(home, 'solo.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  nodeName: kubesim-worker\n  containers:\n  - name: nginx\n    image: nginx\n');
    expect(cli(home, ['apply', '-f', 'solo.yaml']).code).toBe(0);
    const refused = 'cannot delete cannot delete Pods that declare no controller (use --force to override): default/solo';
    expect(cli(home, ['drain', 'kubesim-worker', '--ignore-daemonsets', '--dry-run=client'])).toMatchObject({
      out: 'node/kubesim-worker cordoned (dry run)\n',
      err: expect.stringContaining(`due to error: ${refused}, continuing command...`),
      code: 1,
    });
    const forced = cli(home, ['drain', 'kubesim-worker', '--ignore-daemonsets', '--force', '--grace-period=0']);
    expect(forced.code).toBe(0);
    expect(forced.err).toMatch(/^Warning: deleting Pods that declare no controller: default\/solo; ignoring DaemonSet-managed Pods: /);
    expect(forced.out).toContain('evicting pod default/solo\n');
    expect(forced.out).toContain('pod/solo evicted\n');
    expect(cli(home, ['get', 'pod', 'solo'])).toMatchObject({ err: 'Error from server (NotFound): pods "solo" not found\n', code: 1 });
    expect(cli(home, ['drain', 'nope'])).toMatchObject({ err: 'Error from server (NotFound): nodes "nope" not found\n', code: 1 });
    expect(cli(home, ['drain'])).toMatchObject({ err: "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n", code: 1 });
  });
});

describe('eviction and PodDisruptionBudgets', () => {
  it('a refused eviction is retried every 5 s until the budget allows it; --timeout gives up', () => {
    const home = clusterWithWeb();
    expect(cli(home, ['create', 'pdb', 'web', '--selector=app=web', '--min-available=3']).code).toBe(0);
    expect(cli(home, ['advance', '2s'], 'kubesim').code).toBe(0);
    const onWorker = podsOn(home, 'kubesim-worker').filter((p) => p.startsWith('default/web-'));
    expect(onWorker).toHaveLength(2);
    // One disruption allowed: the first pod goes, the second waits until its replacement is Ready elsewhere.
    const first = cli(home, ['drain', 'kubesim-worker', '--ignore-daemonsets']);
    expect(first.code).toBe(0);
    const refusal = `error when evicting pods/"${onWorker[1]!.split('/')[1]}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    expect(first.err.split('\n')).toContain(refusal);
    expect(first.out.split('\n').filter((l) => l === `evicting pod ${onWorker[1]}`)).toHaveLength(2);
    expect(first.out).toMatch(/node\/kubesim-worker drained\n$/);
    // With both workers cordoned no replacement can run: the budget never allows the next eviction.
    const blocked = cli(home, ['drain', 'kubesim-worker2', '--ignore-daemonsets', '--timeout=12s']);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toMatch(/global timeout reached: 12s/);
    // One node failed: kubectl's CheckErr prints its errors one a line.
    expect(blocked.err).toMatch(/There are pending nodes to be drained:\n kubesim-worker2\n(error when evicting pods\/"web-[a-z0-9-]+" -n "default": global timeout reached: 12s\n){3}$/);
    expect(cli(home, ['get', 'pdb', 'web', '-o', 'jsonpath={.status.disruptionsAllowed} {.status.conditions[0].reason}']).out).toBe('0 InsufficientPods');
  });

  it('a budget without a selector guards no pod (as kube-apiserver reads a nil selector)', () => {
    const home = clusterWithWeb();
    writeFileSync(join(home, 'pdb.yaml'), 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: none\nspec:\n  minAvailable: 4\n');
    expect(cli(home, ['apply', '-f', 'pdb.yaml']).code).toBe(0);
    expect(cli(home, ['advance', '2s'], 'kubesim').code).toBe(0);
    const drained = cli(home, ['drain', 'kubesim-worker', '--ignore-daemonsets']);
    expect(drained.code).toBe(0);
    expect(drained.err).not.toMatch(/Cannot evict pod/);
  });
});
