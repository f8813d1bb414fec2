// The RBAC objects a kubeadm (kind) v1.32 cluster starts with: the API
// server's bootstrap policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy)
// as far as kubesim needs it, and kubeadm's `kubeadm:cluster-admins` binding.
// Data, not code: adding a role is adding a row.
import type { ApiServer } from '../api.js';
import { resolveResource } from '../resources.js';
import { aggregateAll, type PolicyRule, type Role, type RoleBinding } from './rbac.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

const R = (verbs: string, groups: string, resources: string, names?: string): PolicyRule => ({
  verbs: verbs.split(' '),
  apiGroups: groups.split(' ').map((g) => (g === '""' ? '' : g)),
  resources: resources.split(' '),
  ...(names ? { resourceNames: names.split(' ') } : {}),
});
const URL = (verbs: string, urls: string): PolicyRule => ({ verbs: verbs.split(' '), nonResourceURLs: urls.split(' ') });

const READ = 'get list watch';
const WRITE = 'create delete deletecollection patch update';

interface RoleRow {
  name: string;
  rules?: PolicyRule[];
  labels?: Record<string, string>;
  aggregate?: string;
}

const ROLES: RoleRow[] = [
  { name: 'cluster-admin', rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, URL('*', '*')] },
  { name: 'admin', aggregate: 'rbac.authorization.k8s.io/aggregate-to-admin' },
  { name: 'edit', aggregate: 'rbac.authorization.k8s.io/aggregate-to-edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
  { name: 'view', aggregate: 'rbac.authorization.k8s.io/aggregate-to-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
  {
    name: 'system:aggregate-to-admin',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
    rules: [
      R('create', 'authorization.k8s.io', 'localsubjectaccessreviews'),
      R('create delete deletecollection get list patch update watch', 'rbac.authorization.k8s.io', 'rolebindings roles'),
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
    rules: [
      R(READ, '""', 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy'),
      R('impersonate', '""', 'serviceaccounts'),
      R(WRITE, '""', 'pods pods/attach pods/exec pods/portforward pods/proxy'),
      R('create', '""', 'pods/eviction'),
      R(WRITE, '""', 'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy'),
      R('create', '""', 'serviceaccounts/token'),
      R(WRITE, 'apps', 'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale'),
      R(WRITE, 'autoscaling', 'horizontalpodautoscalers'),
      R(WRITE, 'batch', 'cronjobs jobs'),
      R(WRITE, 'extensions', 'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale'),
      R(WRITE, 'policy', 'poddisruptionbudgets'),
      R(WRITE, 'networking.k8s.io', 'ingresses networkpolicies'),
      R('create delete deletecollection get list patch update watch', 'coordination.k8s.io', 'leases'),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
    rules: [
      R(READ, '""', 'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status'),
      R(READ, '""', 'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status'),
      R(READ, '""', 'namespaces'),
      R(READ, 'discovery.k8s.io', 'endpointslices'),
      R(READ, 'apps', 'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status'),
      R(READ, 'autoscaling', 'horizontalpodautoscalers horizontalpodautoscalers/status'),
      R(READ, 'batch', 'cronjobs cronjobs/status jobs jobs/status'),
      R(READ, 'extensions', 'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale'),
      R(READ, 'policy', 'poddisruptionbudgets poddisruptionbudgets/status'),
      R(READ, 'networking.k8s.io', 'ingresses ingresses/status networkpolicies'),
    ],
  },
  {
    name: 'system:basic-user',
    rules: [
      R('create', 'authentication.k8s.io', 'selfsubjectreviews'),
      R('create', 'authorization.k8s.io', 'selfsubjectaccessreviews selfsubjectrulesreviews'),
    ],
  },
  { name: 'system:discovery', rules: [URL('get', '/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/')] },
  { name: 'system:public-info-viewer', rules: [URL('get', '/healthz /livez /readyz /version /version/')] },
  { name: 'system:monitoring', rules: [URL('get', '/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz /readyz/*')] },
  {
    name: 'system:aggregated-metrics-reader',
    labels: {
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
    },
    rules: [R(READ, 'metrics.k8s.io', 'nodes pods')],
  },
];

interface BindingRow {
  name: string;
  role: string;
  groups: string[];
  bootstrap?: boolean;
}

const BINDINGS: BindingRow[] = [
  { name: 'cluster-admin', role: 'cluster-admin', groups: ['system:masters'], bootstrap: true },
  { name: 'kubeadm:cluster-admins', role: 'cluster-admin', groups: ['kubeadm:cluster-admins'] },
  { name: 'system:basic-user', role: 'system:basic-user', groups: ['system:authenticated'], bootstrap: true },
  { name: 'system:discovery', role: 'system:discovery', groups: ['system:authenticated'], bootstrap: true },
  { name: 'system:monitoring', role: 'system:monitoring', groups: ['system:monitoring'], bootstrap: true },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', groups: ['system:authenticated', 'system:unauthenticated'], bootstrap: true },
];

/** The default cluster roles, with the aggregated ones already filled in (as the controller would). */
export function defaultClusterRoles(): Role[] {
  const roles: Role[] = ROLES.map((row) => {
    const system = row.name.startsWith('system:') || ['cluster-admin', 'admin', 'edit', 'view'].includes(row.name);
    const metered = row.name === 'system:aggregated-metrics-reader';
    const role: Role = {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: {
        ...(system && !metered ? { annotations: { ...AUTOUPDATE } } : {}),
        labels: { ...(system && !metered ? BOOTSTRAP_LABELS : {}), ...(row.labels ?? {}) },
        name: row.name,
      },
    };
    if (metered) role.metadata.labels = { ...row.labels, 'k8s-app': 'metrics-server' };
    if (row.aggregate) {
      role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [row.aggregate]: 'true' } }] };
      role.rules = [];
    } else {
      role.rules = row.rules ?? [];
    }
    return role;
  });
  const changed = new Map(aggregateAll(roles).map((r) => [r.metadata.name!, r]));
  return roles.map((r) => changed.get(r.metadata.name!) ?? r);
}

export function defaultClusterRoleBindings(): RoleBinding[] {
  return BINDINGS.map((row) => ({
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: {
      ...(row.bootstrap ? { annotations: { ...AUTOUPDATE }, labels: { ...BOOTSTRAP_LABELS } } : {}),
      name: row.name,
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: row.role },
    subjects: row.groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
  }));
}

/** Creates the default RBAC objects (called once from bootstrapCluster). */
export function bootstrapRbac(api: ApiServer): void {
  const roles = resolveResource('clusterroles')!;
  const bindings = resolveResource('clusterrolebindings')!;
  for (const r of defaultClusterRoles()) api.create(roles, undefined, r);
  for (const b of defaultClusterRoleBindings()) api.create(bindings, undefined, b);
}
