// What `kubectl create role|clusterrole|rolebinding|clusterrolebinding` build
// on the client (kubectl/pkg/cmd/create/create_role.go and friends): flag
// completion, validation with kubectl's texts, and the objects in struct order.
import { ClientError } from './command.js';
import { resolveResource } from '../apiserver/resources.js';
import type { KObject } from '../types/k8s.js';
import type { PolicyRule } from '../apiserver/auth/rbac.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

export const VALID_RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];

/** Verbs that only make sense on particular resources (create_role.go specialVerbs). */
const SPECIAL_VERBS: Record<string, { resource: string; group: string }[]> = {
  use: [
    { group: 'policy', resource: 'podsecuritypolicies' },
    { group: 'extensions', resource: 'podsecuritypolicies' },
  ],
  bind: [
    { group: 'rbac.authorization.k8s.io', resource: 'roles' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  ],
  escalate: [
    { group: 'rbac.authorization.k8s.io', resource: 'roles' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  ],
  impersonate: [
    { group: '', resource: 'users' },
    { group: '', resource: 'serviceaccounts' },
    { group: '', resource: 'groups' },
    { group: 'authentication.k8s.io', resource: 'userextras' },
    { group: 'authentication.k8s.io', resource: 'uids' },
  ],
};

/** pflag StringSlice: every occurrence split at commas. */
export const slice = (v: string[] | undefined): string[] => (v ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '');

interface ResourceOption {
  resource: string;
  group: string;
  subresource: string;
}

export interface RoleInput {
  verbs: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs?: string[];
  aggregationRule?: Record<string, string>;
  clusterRole: boolean;
}

function completeVerbs(verbs: string[]): string[] {
  const out: string[] = [];
  for (const v of verbs) {
    if (v === '*') return ['*'];
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function completeResources(resources: string[]): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of resources) {
    const slash = r.indexOf('/');
    const subresource = slash >= 0 ? r.slice(slash + 1) : '';
    const head = slash >= 0 ? r.slice(0, slash) : r;
    const dot = head.indexOf('.');
    const group = dot >= 0 ? head.slice(dot + 1) : '';
    const resource = dot >= 0 ? head.slice(0, dot) : head;
    const opt = { resource, group, subresource };
    if (resource === '*' && dot < 0 && slash < 0) return [opt];
    out.push(opt);
  }
  return out;
}

/** The mapper's answer for a partial resource (plural name, group), like RESTMapper.ResourceFor. */
function mapResource(r: ResourceOption): { resource: string; group: string } | undefined {
  const found = resolveResource(r.group ? `${r.resource}.${r.group}` : r.resource);
  return found ? { resource: found.name, group: found.group } : undefined;
}

function validateResources(resources: ResourceOption[], verbs: string[]): void {
  for (const r of resources) {
    if (!r.resource) throw new ClientError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const mapped = mapResource(r);
    const resolved = mapped ?? { resource: r.resource, group: r.group };
    let missing = !mapped;
    for (const v of verbs) {
      const special = SPECIAL_VERBS[v];
      if (!special) continue;
      if (!special.some((s) => s.resource === resolved.resource && s.group === resolved.group)) {
        throw new ClientError(`can not perform '${v}' on '${resolved.resource}' in group '${resolved.group}'`);
      }
      missing = false;
    }
    if (missing) throw new ClientError(`no matches for ${r.group}/, Resource=${r.resource}`);
  }
}

function policyRules(verbs: string[], resources: ResourceOption[], resourceNames: string[], nonResourceURLs: string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const mapped = r.resource === '*' ? undefined : mapResource(r);
    const group = mapped?.group ?? r.group;
    let name = mapped?.resource ?? r.resource;
    if (r.subresource) name += `/${r.subresource}`;
    const list = byGroup.get(group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(group, list);
  }
  const rules: PolicyRule[] = [];
  for (const g of [...byGroup.keys()].sort()) {
    const rule: Record<string, unknown> = { verbs, apiGroups: [g], resources: byGroup.get(g) };
    if (resourceNames.length) rule.resourceNames = resourceNames;
    rules.push(rule as unknown as PolicyRule);
  }
  if (nonResourceURLs.length) rules.push({ verbs, nonResourceURLs });
  return rules;
}

/** Validates the flags and builds the Role or ClusterRole; prints the verb warnings through `warn`. */
export function buildRole(name: string, namespace: string | undefined, input: RoleInput, warn: (text: string) => void): KObject {
  const verbs = completeVerbs(input.verbs);
  const resources = completeResources(input.resources);
  const resourceNames = [...new Set(input.resourceNames)];
  const nonResourceURLs = input.nonResourceURLs ?? [];
  const kind = input.clusterRole ? 'ClusterRole' : 'Role';
  const metadata = namespace && !input.clusterRole ? { name, namespace, creationTimestamp: null } : { name, creationTimestamp: null };
  if (input.clusterRole && input.aggregationRule && Object.keys(input.aggregationRule).length) {
    if (nonResourceURLs.length || verbs.length || resources.length || resourceNames.length) {
      throw new ClientError('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
    }
    return {
      kind,
      apiVersion: RBAC,
      metadata,
      rules: null,
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: input.aggregationRule }] },
    } as unknown as KObject;
  }
  if (verbs.length === 0) throw new ClientError('at least one verb must be specified');
  if (input.clusterRole) {
    if (resources.length === 0 && nonResourceURLs.length === 0) throw new ClientError('one of resource or nonResourceURL must be specified');
    if (resources.length > 0) {
      for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) warn(`Warning: '${v}' is not a standard resource verb`);
      validateResources(resources, verbs);
    }
    if (nonResourceURLs.length > 0) {
      for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) throw new ClientError(`invalid verb: '${v}' for nonResourceURL`);
      for (const u of nonResourceURLs) {
        if (u === '*') continue;
        if (u === '' || !u.startsWith('/')) throw new ClientError('nonResourceURL should start with /');
        if (u.slice(0, -1).includes('*')) throw new ClientError("nonResourceURL only supports wildcard matches when '*' is at the end");
      }
    }
  } else {
    for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) warn(`Warning: '${v}' is not a standard resource verb`);
    if (resources.length === 0) throw new ClientError('at least one resource must be specified');
    validateResources(resources, verbs);
  }
  return { kind, apiVersion: RBAC, metadata, rules: policyRules(verbs, resources, resourceNames, nonResourceURLs) } as unknown as KObject;
}

export interface BindingInput {
  role?: string;
  clusterRole?: string;
  users: string[];
  groups: string[];
  serviceAccounts: string[];
  clusterBinding: boolean;
}

export function buildBinding(name: string, namespace: string | undefined, input: BindingInput): KObject {
  if (!input.clusterBinding && (!!input.role === !!input.clusterRole)) {
    throw new ClientError('exactly one of clusterrole or role must be specified');
  }
  const roleRef = input.clusterRole
    ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: input.clusterRole }
    : { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: input.role };
  const subjects: Record<string, unknown>[] = [];
  for (const u of input.users) subjects.push({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: u });
  for (const g of input.groups) subjects.push({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: g });
  for (const sa of input.serviceAccounts) {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new ClientError('serviceaccount must be <namespace>:<name>');
    subjects.push({ kind: 'ServiceAccount', namespace: parts[0], name: parts[1] });
  }
  const kind = input.clusterBinding ? 'ClusterRoleBinding' : 'RoleBinding';
  const metadata = namespace && !input.clusterBinding ? { name, namespace, creationTimestamp: null } : { name, creationTimestamp: null };
  const obj: Record<string, unknown> = { kind, apiVersion: RBAC, metadata };
  if (subjects.length) obj.subjects = subjects;
  obj.roleRef = roleRef;
  return obj as unknown as KObject;
}
