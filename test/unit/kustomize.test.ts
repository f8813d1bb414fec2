// kustomize v5.5.0 (kubectl v1.32) name hashes and output order, checked against `kubectl.1.32 kustomize`.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kustomizeBuild } from '../../src/client/kustomize.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'kustomize-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(d, p, '..'), { recursive: true });
    writeFileSync(join(d, p), text);
  }
  return d;
}

const GAME = 'enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\nsecret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30\n';

describe('kustomize generators', () => {
  it('hashes ConfigMaps as kustomize v5.5.0 does', async () => {
    const d = dir({
      'c/game.properties': GAME,
      'kustomization.yaml': 'configMapGenerator:\n- name: game-config-4\n  options:\n    labels:\n      game-config: config-4\n  files:\n  - c/game.properties\n- name: special-config-2\n  literals:\n  - special.how=very\n  - special.type=charm\n',
    });
    const out = await kustomizeBuild(d);
    expect(out.map((o) => o.metadata.name)).toEqual(['game-config-4-92cb5f7c7h', 'special-config-2-2b86tk8fhm']);
    expect(out[0]!.metadata.labels).toEqual({ 'game-config': 'config-4' });
  });

  it('hashes Secrets with their type and base64 data', async () => {
    const d = dir({ 'kustomization.yaml': "secretGenerator:\n- name: s\n  literals:\n  - a=<b>&\n  type: kubernetes.io/tls\n" });
    const [s] = await kustomizeBuild(d);
    expect(s!.metadata.name).toBe('s-g9t7hkb9c2');
    expect((s as unknown as { data: Record<string, string> }).data).toEqual({ a: 'PGI+Jg==' });
  });

  it('renames references, sets the namespace and orders the output', async () => {
    const d = dir({
      'a.env': '# c\n  A=1\nB="q"\nC\n',
      'dep.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        envFrom:\n        - configMapRef:\n            name: cfg\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: zz\n',
      'kustomization.yaml': 'namespace: prod\nresources:\n- dep.yaml\nconfigMapGenerator:\n- name: cfg\n  envs:\n  - a.env\n',
    });
    const out = await kustomizeBuild(d);
    expect(out.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual(['Namespace//prod', 'ConfigMap/prod/cfg-gmg6fbmk5t', 'Deployment/prod/web']);
    const dep = out[2] as unknown as { spec: { template: { spec: { containers: { envFrom: { configMapRef: { name: string } }[] }[] } } } };
    expect(dep.spec.template.spec.containers[0]!.envFrom[0]!.configMapRef.name).toBe('cfg-gmg6fbmk5t');
  });

  it('refuses what it does not model', async () => {
    await expect(kustomizeBuild(dir({ 'kustomization.yaml': 'namePrefix: a-\n' }))).rejects.toThrow('is not supported by kubesim yet');
    await expect(kustomizeBuild(dir({ 'kustomization.yaml': 'bogus: 1\n' }))).rejects.toThrow('invalid Kustomization: json: unknown field "bogus"');
  });
});
