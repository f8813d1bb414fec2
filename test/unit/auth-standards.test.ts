// Issue 7's proofs: a token from TokenRequest verifies against the cluster's
// public key with a standard JWT library (jose), and a matrix of `can-i`
// questions over the default roles gives the answers Kubernetes documents for
// cluster-admin, admin, edit and view (RBAC docs, "User-facing roles").
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { withCluster } from '../../src/cluster/session.js';
import { signingKey } from '../../src/apiserver/auth/tokens.js';
import { requestToken } from '../../src/apiserver/auth/token-request.js';
import { isAllowed, type Attributes } from '../../src/apiserver/auth/rbac.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { ADMIN_USER } from '../../src/apiserver/api.js';

const home = () => mkdtempSync(join(tmpdir(), 'kubesim-auth-'));

describe('service account tokens, checked by a standard JWT library', () => {
  it('verifies with the public key, issuer and audience', async () => {
    await withCluster({ home: home() }, async (s) => {
      s.api.create(resolveResource('serviceaccounts')!, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
      const token = requestToken(s.api, 'default', 'robot', { audiences: ['vault'] }).status.token;
      const key = await importSPKI(signingKey(s.store).publicKey, 'RS256');
      const { payload, protectedHeader } = await jwtVerify(token, key, {
        issuer: 'https://kubernetes.default.svc.cluster.local',
        audience: 'vault',
        currentDate: new Date(s.now),
      });
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload.sub).toBe('system:serviceaccount:default:robot');
      await expect(jwtVerify(token.slice(0, -4) + 'AAAA', key, { currentDate: new Date(s.now) })).rejects.toThrow();
    });
  });
});

type Q = [verb: string, resource: string, group: string, expected: boolean, subresource?: string];

// Answers per the Kubernetes RBAC documentation of the default user-facing roles,
// asked in namespace "team" where each role is bound with a RoleBinding.
const VIEW: Q[] = [
  ['get', 'pods', '', true], ['list', 'pods', '', true], ['watch', 'pods', '', true], ['get', 'pods', '', true, 'log'],
  ['list', 'services', '', true], ['list', 'configmaps', '', true], ['list', 'deployments', 'apps', true],
  ['list', 'jobs', 'batch', true], ['list', 'persistentvolumeclaims', '', true], ['list', 'events', '', true],
  ['get', 'secrets', '', false], ['list', 'secrets', '', false], ['create', 'pods', '', false],
  ['delete', 'deployments', 'apps', false], ['list', 'roles', 'rbac.authorization.k8s.io', false],
  ['create', 'pods', '', false, 'exec'],
];
const EDIT: Q[] = [
  ['create', 'pods', '', true], ['delete', 'pods', '', true], ['create', 'pods', '', true, 'exec'],
  ['create', 'deployments', 'apps', true], ['patch', 'deployments', 'apps', true], ['update', 'deployments', 'apps', true, 'scale'],
  ['create', 'secrets', '', true], ['get', 'secrets', '', true], ['create', 'configmaps', '', true],
  ['create', 'services', '', true], ['create', 'jobs', 'batch', true], ['create', 'cronjobs', 'batch', true],
  ['create', 'roles', 'rbac.authorization.k8s.io', false], ['create', 'rolebindings', 'rbac.authorization.k8s.io', false],
  ['create', 'resourcequotas', '', false], ['list', 'resourcequotas', '', true],
];
const ADMIN: Q[] = [
  ['create', 'roles', 'rbac.authorization.k8s.io', true], ['create', 'rolebindings', 'rbac.authorization.k8s.io', true],
  ['create', 'pods', '', true], ['delete', 'secrets', '', true], ['create', 'deployments', 'apps', true],
  ['create', 'resourcequotas', '', false], ['delete', 'resourcequotas', '', false], ['list', 'resourcequotas', '', true],
  ['create', 'limitranges', '', false],
];
// RoleBindings grant nothing at the cluster scope or in other namespaces.
const OUTSIDE: [string, Attributes][] = [
  ['view', { verb: 'list', resource: 'nodes', apiGroup: '' }],
  ['edit', { verb: 'list', resource: 'nodes', apiGroup: '' }],
  ['admin', { verb: 'list', resource: 'namespaces', apiGroup: '' }],
  ['admin', { verb: 'delete', resource: 'namespaces', apiGroup: '', name: 'team' }],
  ['edit', { verb: 'list', resource: 'pods', apiGroup: '', namespace: 'default' }],
  ['view', { verb: 'get', resource: 'pods', apiGroup: '', namespace: 'kube-system' }],
];

describe('auth can-i over the default roles', () => {
  it('answers a matrix of questions as Kubernetes documents them', async () => {
    await withCluster({ home: home() }, (s) => {
      const rbs = resolveResource('rolebindings.rbac.authorization.k8s.io')!;
      s.api.create(resolveResource('namespaces')!, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
      for (const role of ['view', 'edit', 'admin']) {
        s.api.create(rbs, 'team', {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: `${role}-binding`, namespace: 'team' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `${role}-user` }],
        });
      }
      const user = (role: string) => ({ name: `${role}-user`, groups: ['system:authenticated'] });
      const asked: string[] = [];
      const check = (role: string, q: Q) => {
        const [verb, resource, apiGroup, expected, subresource] = q;
        const a: Attributes = { verb, resource, apiGroup, namespace: 'team', ...(subresource ? { subresource } : {}) };
        asked.push(`${role} ${verb} ${resource}${subresource ? '/' + subresource : ''}`);
        expect(isAllowed(s.store, user(role), a), `${role} ${verb} ${resource}/${subresource ?? ''}`).toBe(expected);
      };
      VIEW.forEach((q) => check('view', q));
      EDIT.forEach((q) => check('edit', q));
      ADMIN.forEach((q) => check('admin', q));
      for (const [role, a] of OUTSIDE) {
        asked.push(`${role} ${a.verb} ${a.resource} outside`);
        expect(isAllowed(s.store, user(role), a), `${role} ${a.verb} ${a.resource}`).toBe(false);
      }
      // cluster-admin (the kubeconfig's admin, via kubeadm:cluster-admins) may do anything.
      for (const a of [{ verb: 'delete', resource: 'nodes', apiGroup: '' }, { verb: 'create', resource: 'clusterroles', apiGroup: 'rbac.authorization.k8s.io' }, { verb: '*', resource: 'pods', apiGroup: '', namespace: 'team' }]) {
        asked.push(`admin ${a.verb} ${a.resource}`);
        expect(isAllowed(s.store, ADMIN_USER, a)).toBe(true);
      }
      expect(asked.length).toBeGreaterThanOrEqual(50);
    });
  });
});
