// Issue 12, proof 6: with RBAC, an impersonated user or a service account token
// reaches exactly what its bindings allow. Each attack (wrong namespace, secrets
// list vs get, subresources, wildcards, escalation through roles and bindings,
// `escalate` and `bind`, impersonation by a token) gets the API server's answer,
// and a refused write changes nothing.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { accessRun, newHome } from './lib.js';

const home = newHome('access');
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('reliability: access', () => {
  it('every attack is refused as Kubernetes refuses it, every granted request works', async () => {
    const f = await accessRun(home);
    console.log('access', JSON.stringify({ ...f, wrong: f.wrong.length, leaked: f.leaked.length }));
    expect(f.wrong).toEqual([]);
    expect(f.leaked).toEqual([]);
    expect(f.allowed + f.refused).toBe(f.attacks);
  }, 240_000);
});
