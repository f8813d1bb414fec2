// A client library against `kubesim serve`: @kubernetes/client-node (the
// official JavaScript client) lists, creates and watches pods over HTTPS with
// the kubeconfig's `kubesim-api` context (the admin client certificate). The
// cluster runs on the manual clock: the open watch is what moves simulated
// time, so the new pod goes from Pending to Running while it is watched.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, baseEnv, startServe, stop } from './serve-helpers.js';

type ClientNode = typeof import('@kubernetes/client-node');
let k8s: ClientNode | undefined;
try {
  k8s = await import('@kubernetes/client-node');
} catch (e) {
  console.warn(`test/serve-client-node.test.ts skipped: @kubernetes/client-node cannot be loaded (${(e as Error).message})`);
}
if (!BUILT) console.warn('test/serve-client-node.test.ts skipped: run `npm run build` first');

describe.skipIf(!k8s || !BUILT)('@kubernetes/client-node against kubesim serve', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-serve-client-'));
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    child = (await startServe(home, [], { ...baseEnv(home), KUBESIM_CLOCK: 'manual' })).child;
  }, 30_000);

  afterAll(async () => {
    await stop(child);
    rmSync(home, { recursive: true, force: true });
  });

  it('lists, creates and watches pods', async () => {
    const kc = new k8s!.KubeConfig();
    kc.loadFromFile(join(home, 'kubeconfig'));
    kc.setCurrentContext('kubesim-api');
    const core = kc.makeApiClient(k8s!.CoreV1Api);

    const system = await core.listNamespacedPod({ namespace: 'kube-system' });
    expect(system.items.map((p) => p.metadata?.name)).toContain('etcd-kubesim-control-plane');
    expect((await core.listNamespacedPod({ namespace: 'default' })).items).toEqual([]);

    const created = await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.status?.phase).toBe('Pending');

    const phases: string[] = [];
    const running = new Promise<void>((resolve, reject) => {
      void new k8s!.Watch(kc)
        .watch(
          '/api/v1/namespaces/default/pods',
          { fieldSelector: 'metadata.name=web' },
          (type: string, pod: { status?: { phase?: string } }) => {
            phases.push(`${type} ${pod.status?.phase}`);
            if (pod.status?.phase === 'Running') resolve();
          },
          (err: unknown) => (err ? reject(err) : undefined),
        )
        .then((req) => running.finally(() => req.abort()));
    });
    await running;
    expect(phases[0]).toBe('ADDED Pending');
    expect(phases[phases.length - 1]).toBe('MODIFIED Running');

    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'web' });
    expect(pod.status?.containerStatuses?.[0]?.ready).toBe(true);
  }, 60_000);
});
