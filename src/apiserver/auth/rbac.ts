// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): deny by default; a
// request is allowed when a rule of a role bound to the user (directly, through
// a group, or as a service account) matches its verb, API group, resource
// (/subresource), resource name and namespace. The kube-apiserver also lets the
// `system:masters` group through before RBAC is asked (the privileged group).
import type { KObject } from '../../types/k8s.js';
import type { Store } from '../../store/store.js';
import type { UserInfo } from '../api.js';
import { StatusError, forbidden } from '../errors.js';
import { resolveResource, storageKey, type ResourceInfo } from '../resources.js';
import './rbac-strategies.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

export interface Role extends KObject {
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }[] };
}

export interface RoleBinding extends KObject {
  subjects?: Subject[];
  roleRef: RoleRef;
}

/** What a request asks for (authorizer.Attributes). */
export interface Attributes {
  verb: string;
  /** Resource requests: resource, group, optional subresource, namespace, name. */
  resource?: string;
  subresource?: string;
  apiGroup?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests (`/healthz`, `/api`). */
  path?: string;
}

const rbacKey = (name: string) => storageKey(resolveResource(`${name}.rbac.authorization.k8s.io`)!);
export const ROLES = () => rbacKey('roles');
export const CLUSTER_ROLES = () => rbacKey('clusterroles');
export const ROLE_BINDINGS = () => rbacKey('rolebindings');
export const CLUSTER_ROLE_BINDINGS = () => rbacKey('clusterrolebindings');

export const PRIVILEGED_GROUP = 'system:masters';

function serviceAccountOf(user: UserInfo): { namespace: string; name: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user.name);
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}

/** Whether a binding subject names this user (rbac's appliesToUser). */
export function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const sa = serviceAccountOf(user);
      const ns = s.namespace || bindingNamespace;
      return !!sa && sa.name === s.name && sa.namespace === ns;
    }
    default:
      return false;
  }
}

function roleRules(store: Store, ref: RoleRef, namespace: string | undefined): PolicyRule[] {
  if (ref.kind === 'ClusterRole') return ((store.get(CLUSTER_ROLES(), undefined, ref.name) as Role | undefined)?.rules ?? []);
  if (ref.kind === 'Role' && namespace) return ((store.get(ROLES(), namespace, ref.name) as Role | undefined)?.rules ?? []);
  return [];
}

/**
 * The rules that apply to `user` in `namespace` (cluster-wide bindings first,
 * then the namespace's RoleBindings), as the rule resolver visits them.
 */
export function rulesFor(store: Store, user: UserInfo, namespace: string | undefined): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const b of store.list(CLUSTER_ROLE_BINDINGS(), '') as RoleBinding[]) {
    if ((b.subjects ?? []).some((s) => subjectMatches(s, user, undefined))) out.push(...roleRules(store, b.roleRef, undefined));
  }
  if (namespace) {
    for (const b of store.list(ROLE_BINDINGS(), namespace) as RoleBinding[]) {
      if ((b.subjects ?? []).some((s) => subjectMatches(s, user, namespace))) out.push(...roleRules(store, b.roleRef, namespace));
    }
  }
  return out;
}

const has = (list: string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));

/** rbacv1helpers: VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches. */
export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.path !== undefined) {
    return (rule.nonResourceURLs ?? []).some(
      (u) => u === '*' || u === a.path || (u.endsWith('*') && a.path!.startsWith(u.slice(0, -1))),
    );
  }
  if (!has(rule.apiGroups, a.apiGroup ?? '')) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource!;
  const resOk = (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (!!a.subresource && r === `*/${a.subresource}`),
  );
  if (!resOk) return false;
  if (!rule.resourceNames?.length) return true;
  return !!a.name && rule.resourceNames.includes(a.name);
}

export function isAllowed(store: Store, user: UserInfo, a: Attributes): boolean {
  if (user.groups.includes(PRIVILEGED_GROUP)) return true;
  return rulesFor(store, user, a.namespace).some((r) => ruleAllows(r, a));
}

/** The denial text of endpoints/filters/authorization.go (forbiddenMessage). */
export function forbiddenMessage(user: UserInfo, a: Attributes): string {
  if (a.path !== undefined) return `User ${JSON.stringify(user.name)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource!;
  const head = `User ${JSON.stringify(user.name)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup ?? '')}`;
  return a.namespace ? `${head} in the namespace ${JSON.stringify(a.namespace)}` : `${head} at the cluster scope`;
}

/** Throws the API server's 403 unless `user` may do `verb` on `r` (the ApiServer hook). */
export function authorizeRequest(
  store: Store,
  user: UserInfo,
  verb: string,
  r: ResourceInfo,
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): void {
  const a: Attributes = {
    verb,
    resource: r.name,
    subresource,
    apiGroup: r.group,
    namespace: r.namespaced ? namespace || undefined : undefined,
    name,
  };
  if (isAllowed(store, user, a)) return;
  throw forbiddenError(r, name, user, a);
}

export function forbiddenError(r: ResourceInfo, name: string | undefined, user: UserInfo, a: Attributes): StatusError {
  return forbidden(r, name, forbiddenMessage(user, a));
}

/** Label selector match for aggregation (matchLabels; matchExpressions In/NotIn/Exists/DoesNotExist). */
function selects(
  sel: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] },
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const raw of sel.matchExpressions ?? []) {
    const e = raw as { key: string; operator: string; values?: string[] };
    const present = e.key in labels;
    if (e.operator === 'In' && !(present && (e.values ?? []).includes(labels[e.key]!))) return false;
    if (e.operator === 'NotIn' && present && (e.values ?? []).includes(labels[e.key]!)) return false;
    if (e.operator === 'Exists' && !present) return false;
    if (e.operator === 'DoesNotExist' && present) return false;
  }
  return true;
}

/**
 * The clusterrole-aggregation controller's result for one aggregated role: the
 * rules of every selected ClusterRole (by name order), without duplicates.
 */
export function aggregatedRules(role: Role, all: Role[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  const picked = all
    .filter((c) => c.metadata.name !== role.metadata.name)
    .filter((c) => selectors.some((s) => selects(s, c.metadata.labels ?? {})))
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const c of picked) {
    for (const r of c.rules ?? []) {
      const key = JSON.stringify(r);
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push(r);
    }
  }
  return rules;
}

/** Recomputes every aggregated ClusterRole until nothing changes; returns the changed ones. */
export function aggregateAll(roles: Role[]): Role[] {
  const byName = new Map(roles.map((r) => [r.metadata.name!, structuredClone(r)]));
  const changed = new Set<string>();
  for (let pass = 0; pass < 5; pass++) {
    let any = false;
    for (const role of byName.values()) {
      if (!role.aggregationRule) continue;
      const rules = aggregatedRules(role, [...byName.values()]);
      if (JSON.stringify(rules) !== JSON.stringify(role.rules ?? [])) {
        role.rules = rules;
        changed.add(role.metadata.name!);
        any = true;
      }
    }
    if (!any) break;
  }
  return [...changed].map((n) => byName.get(n)!);
}

/** Which binding and rule let `user` do `a` (for the trail): `ClusterRoleBinding/x -> ClusterRole/y: verbs [..] ...`. */
export function allowedBy(store: Store, user: UserInfo, a: Attributes): string | undefined {
  if (user.groups.includes(PRIVILEGED_GROUP)) return `group ${PRIVILEGED_GROUP} (the privileged group, before RBAC)`;
  const bindings: [string, RoleBinding, string | undefined][] = [
    ...(store.list(CLUSTER_ROLE_BINDINGS(), '') as RoleBinding[]).map((b): [string, RoleBinding, undefined] => ['ClusterRoleBinding', b, undefined]),
    ...(a.namespace ? (store.list(ROLE_BINDINGS(), a.namespace) as RoleBinding[]).map((b): [string, RoleBinding, string] => ['RoleBinding', b, a.namespace!]) : []),
  ];
  for (const [kind, b, ns] of bindings) {
    if (!(b.subjects ?? []).some((s) => subjectMatches(s, user, ns))) continue;
    const rule = roleRules(store, b.roleRef, ns).find((r) => ruleAllows(r, a));
    if (rule) return `${kind} ${b.metadata.name} -> ${b.roleRef.kind} ${b.roleRef.name}: ${JSON.stringify(rule)}`;
  }
  return undefined;
}
