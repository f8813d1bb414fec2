import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forbiddenMessage, ruleAllows, aggregatedRules, type Role } from '../../src/apiserver/auth/rbac.js';
import { formatRulesTable } from '../../src/apiserver/auth/reviews.js';
import { defaultClusterRoles } from '../../src/apiserver/auth/default-roles.js';
import { withCluster } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { StatusError } from '../../src/apiserver/errors.js';
import { buildBinding, buildRole } from '../../src/client/rbac-generators.js';

const jane = { name: 'jane', groups: ['system:authenticated'] };
const res = (n: string) => resolveResource(n)!;

describe('RBAC rules', () => {
  it('matches verbs, groups, resources, subresources and names', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], resourceNames: ['web'] };
    expect(ruleAllows(rule, { verb: 'get', resource: 'pods', apiGroup: '', name: 'web' })).toBe(true);
    expect(ruleAllows(rule, { verb: 'get', resource: 'pods', apiGroup: '', name: 'db' })).toBe(false);
    expect(ruleAllows(rule, { verb: 'list', resource: 'pods', apiGroup: '' })).toBe(false);
    expect(ruleAllows(rule, { verb: 'get', resource: 'pods', subresource: 'log', apiGroup: '', name: 'web' })).toBe(true);
    expect(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verb: 'delete', resource: 'deployments', apiGroup: 'apps' })).toBe(true);
    expect(ruleAllows({ verbs: ['get'], nonResourceURLs: ['/api/*'] }, { verb: 'get', path: '/api/v1' })).toBe(true);
  });

  it('words denials like the API server', () => {
    expect(forbiddenMessage(jane, { verb: 'list', resource: 'pods', apiGroup: '', namespace: 'default' })).toBe(
      'User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(forbiddenMessage(jane, { verb: 'list', resource: 'nodes', apiGroup: '' })).toBe('User "jane" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(forbiddenMessage(jane, { verb: 'create', resource: 'pods', subresource: 'exec', apiGroup: '', namespace: 'ns' })).toContain('"pods/exec"');
  });

  it('aggregates edit and view into admin', () => {
    const roles = defaultClusterRoles();
    const admin = roles.find((r) => r.metadata.name === 'admin')!;
    const view = roles.find((r) => r.metadata.name === 'view')!;
    const allows = (r: Role, verb: string, resource: string, group = '') => (r.rules ?? []).some((x) => ruleAllows(x, { verb, resource, apiGroup: group }));
    expect(allows(admin, 'create', 'rolebindings', 'rbac.authorization.k8s.io')).toBe(true);
    expect(allows(admin, 'create', 'pods')).toBe(true);
    expect(allows(admin, 'list', 'deployments', 'apps')).toBe(true);
    expect(allows(view, 'get', 'secrets')).toBe(false);
    expect(aggregatedRules(view, roles).length).toBe(view.rules!.length);
  });

  it('prints can-i --list like kubectl', () => {
    const table = formatRulesTable([
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'] },
      { verbs: ['get'], nonResourceURLs: ['/api'] },
    ]);
    expect(table).toBe(
      'Resources                                       Non-Resource URLs   Resource Names   Verbs\n' +
        'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]\n' +
        'pods                                            []                  []               [get list]\n' +
        '                                                [/api]              []               [get]\n',
    );
  });
});

describe('RBAC in the API server', () => {
  it('denies by default and allows through a RoleBinding', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-rbac-'));
    await withCluster({ home }, (s) => {
      const asJane = s.api.as(jane);
      expect(() => asJane.list(res('pods'), 'default')).toThrowError(
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
      );
      s.api.create(res('roles'), 'default', buildRole('pod-reader', undefined, { verbs: ['get', 'list'], resources: ['pods'], resourceNames: [], clusterRole: false }, () => {}));
      s.api.create(res('rolebindings'), 'default', buildBinding('jane', undefined, { role: 'pod-reader', users: ['jane'], groups: [], serviceAccounts: [], clusterBinding: false }));
      expect(asJane.list(res('pods'), 'default')).toEqual([]);
      expect(() => asJane.list(res('pods'), undefined)).toThrowError(/at the cluster scope/);
      try {
        asJane.create(res('pods'), 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'nginx' }] } });
        expect.unreachable();
      } catch (e) {
        expect((e as StatusError).code).toBe(403);
        expect((e as StatusError).message).toBe('pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "default"');
      }
    });
  });

  it('authorizes a subresource as itself: reading or patching a pod does not reach its status', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-rbac-sub-'));
    await withCluster({ home }, (s) => {
      s.api.create(res('pods'), 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
      s.api.create(res('roles'), 'default', buildRole('pods', undefined, { verbs: ['get', 'patch'], resources: ['pods'], resourceNames: [], clusterRole: false }, () => {}));
      s.api.create(res('rolebindings'), 'default', buildBinding('jane', undefined, { role: 'pods', users: ['jane'], groups: [], serviceAccounts: [], clusterBinding: false }));
      const asJane = s.api.as(jane);
      expect(asJane.get(res('pods'), 'default', 'web').metadata.name).toBe('web');
      expect(() => asJane.get(res('pods'), 'default', 'web', 'status')).toThrowError('pods "web" is forbidden: User "jane" cannot get resource "pods/status" in API group "" in the namespace "default"');
      expect(() => asJane.patch(res('pods'), 'default', 'web', 'merge', { status: {} }, { subresource: 'status' })).toThrowError(
        'pods "web" is forbidden: User "jane" cannot patch resource "pods/status" in API group "" in the namespace "default"',
      );
    });
  });
});

describe('kubectl create role/rolebinding objects', () => {
  it('groups resources by API group and validates special verbs', () => {
    const role = buildRole('r', 'x', { verbs: ['get', 'get'], resources: ['pods', 'deploy', 'rs.apps', 'pods/log'], resourceNames: [], clusterRole: false }, () => {});
    expect(role).toEqual({
      kind: 'Role',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'r', namespace: 'x', creationTimestamp: null },
      rules: [
        { verbs: ['get'], apiGroups: [''], resources: ['pods', 'pods/log'] },
        { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments', 'replicasets'] },
      ],
    });
    expect(() => buildRole('r', undefined, { verbs: ['use'], resources: ['pods'], resourceNames: [], clusterRole: false }, () => {})).toThrowError("can not perform 'use' on 'pods' in group ''");
    expect(() => buildBinding('b', undefined, { users: [], groups: [], serviceAccounts: [], clusterBinding: false })).toThrowError('exactly one of clusterrole or role must be specified');
  });
});

describe('RBAC escalation checks (rbac/validation Covers, CompactString)', () => {
  it('covers by wildcard, subresource wildcard, resource names and URL prefixes', async () => {
    const { uncovered, compactString } = await import('../../src/apiserver/auth/escalation.js');
    const owner = [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', '*/scale'] },
      { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz/*'] },
    ];
    expect(uncovered(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['pods', 'deployments/scale'] }])).toEqual([]);
    expect(uncovered(owner, [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] }])).toEqual([]);
    expect(uncovered(owner, [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }]).map(compactString)).toEqual(['{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}']);
    expect(uncovered(owner, [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd', '/metrics'] }]).map(compactString)).toEqual(['{NonResourceURLs:["/metrics"], Verbs:["get"]}']);
    expect(uncovered([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [{ verbs: ['escalate', 'bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }])).toEqual([]);
  });

  it('refuses a non-admin an aggregated ClusterRole, lets the admin write anything', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-esc-'));
    await withCluster({ home }, (s) => {
      const cr = res('clusterroles.rbac.authorization.k8s.io');
      const crb = res('clusterrolebindings.rbac.authorization.k8s.io');
      const agg = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] } };
      s.api.create(cr, undefined, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cr-writer' }, rules: [{ verbs: ['create'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }] } as never);
      s.api.create(crb, undefined, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'jane' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cr-writer' }, subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }] } as never);
      let err: unknown;
      try {
        s.api.as(jane).create(cr, undefined, agg as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).message).toBe('clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule');
      expect(s.api.create(cr, undefined, agg as never).metadata.name).toBe('agg');
    });
  });
});
