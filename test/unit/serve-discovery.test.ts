// kubesim serve's discovery of custom resources: the CRDs committed by any process, every served
// version (src/server/discovery.ts, src/apiserver/crd.ts syncCustomResourcesFromDisk).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRD_KEY, syncCustomResourcesFromDisk } from '../../src/apiserver/crd.js';
import { CLUSTER_SCOPE } from '../../src/store/store.js';
import { apiGroup, apiResourceList, lookupResource } from '../../src/server/discovery.js';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    scope: 'Namespaced',
    versions: [
      { name: 'v1', served: true, storage: true },
      { name: 'v1beta1', served: true, storage: false },
    ],
  },
};

function commit(stateDir: string, crds: object[]): void {
  const dir = join(stateDir, 'objects', CRD_KEY);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${CLUSTER_SCOPE}.json`), JSON.stringify(Object.fromEntries(crds.map((c) => [(c as typeof crd).metadata.name, c]))));
}

describe('serve discovery of custom resources', () => {
  it('follows the committed CRDs and lists every served version', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'kubesim-discovery-'));
    commit(stateDir, [crd]);
    syncCustomResourcesFromDisk(stateDir);
    expect(apiGroup('example.com')).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'example.com',
      versions: [
        { groupVersion: 'example.com/v1', version: 'v1' },
        { groupVersion: 'example.com/v1beta1', version: 'v1beta1' },
      ],
      preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
    });
    expect((apiResourceList('example.com/v1beta1')?.resources as { name: string }[]).map((r) => r.name)).toEqual(['widgets']);
    expect(lookupResource('example.com', 'v1beta1', 'widgets')?.kind).toBe('Widget');
    commit(stateDir, []); // deleted by another process
    syncCustomResourcesFromDisk(stateDir);
    expect(apiGroup('example.com')).toBeUndefined();
    expect(lookupResource('example.com', 'v1', 'widgets')).toBeUndefined();
  });
});
