// RBAC privilege-escalation prevention (pkg/registry/rbac/*/policybased and
// pkg/registry/rbac/validation/rule.go): a user may only write a Role or
// ClusterRole whose rules it already holds, and only bind a role whose rules it
// holds, unless it is in system:masters, holds `escalate` on the role resource
// (for roles) or `bind` on the referenced role (for bindings).
import type { KObject } from '../../types/k8s.js';
import type { UserInfo } from '../api.js';
import type { Store } from '../../store/store.js';
import { forbidden, goQuote, notFound } from '../errors.js';
import { resolveResource, type ResourceInfo } from '../resources.js';
import { CLUSTER_ROLES, PRIVILEGED_GROUP, ROLES, isAllowed, rulesFor, type PolicyRule, type Role, type RoleBinding, type RoleRef } from './rbac.js';

/** What the guard needs of the API server (a structural type: no import cycle with api.ts). */
export interface Requester {
  readonly store: Store;
  readonly user: UserInfo;
}

const has = (set: string[] | undefined, v: string) => !!set && set.includes(v);
const hasAll = (set: string[] | undefined, vs: string[] | undefined) => (vs ?? []).every((v) => has(set, v));

/** Every rule split into one verb on one group/resource (/name), or one verb on one URL (breakdownRule). */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames?.length) {
          for (const n of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [n] });
        } else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

// resourceCoversAll: `*`, an exact match, or `*/sub` for a subresource.
function resourcesCover(owner: string[] | undefined, wanted: string[] | undefined): boolean {
  if (has(owner, '*') || hasAll(owner, wanted)) return true;
  return (wanted ?? []).every((r) => has(owner, r) || (r.includes('/') && has(owner, `*/${r.slice(r.indexOf('/') + 1)}`)));
}

function urlsCover(owner: string[] | undefined, wanted: string[] | undefined): boolean {
  return (wanted ?? []).every((path) => (owner ?? []).some((o) => o === path || (o.endsWith('*') && path.startsWith(o.replace(/\*+$/, '')))));
}

/** ruleCovers: does one owner rule cover one broken-down rule. */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const names = !owner.resourceNames?.length || (!!sub.resourceNames?.length && hasAll(owner.resourceNames, sub.resourceNames));
  return verbs && groups && resourcesCover(owner.resources, sub.resources) && names && urlsCover(owner.nonResourceURLs, sub.nonResourceURLs);
}

/** validation.Covers: the parts of `wanted` that no rule of `owner` covers. */
export function uncovered(owner: PolicyRule[], wanted: PolicyRule[]): PolicyRule[] {
  return wanted.flatMap(breakdown).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}

/** CompactRules: rules on one group and one resource (nothing else) merge their verbs. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const simple = new Map<string, PolicyRule>();
  const out: PolicyRule[] = [];
  for (const r of rules) {
    const isSimple = !r.resourceNames?.length && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = `${r.apiGroups![0]}\u0000${r.resources![0]}`;
    const seen = simple.get(key);
    if (seen) seen.verbs.push(...r.verbs);
    else simple.set(key, { apiGroups: [...r.apiGroups!], resources: [...r.resources!], verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

const goList = (xs: string[]) => `[${xs.map(goQuote).join(' ')}]`;

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goList(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goList(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goList(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goList(r.resourceNames)}`);
  if (r.verbs?.length) parts.push(`Verbs:${goList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * ConfirmNoEscalation: undefined when the user's rules in `namespace` cover
 * `rules`, else the reason (the missing rules, compacted, sorted, one a line).
 */
export function escalationReason(store: Store, user: UserInfo, namespace: string | undefined, rules: PolicyRule[]): string | undefined {
  const missing = uncovered(rulesFor(store, user, namespace), rules);
  if (!missing.length) return undefined;
  const lines = [...new Set(compact(missing).map(compactString))].sort();
  return `user ${goQuote(user.name)} (groups=${goList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
}

const FULL_AUTHORITY: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }];

const hasAggregation = (o: KObject | undefined) => !!(o as Role | undefined)?.aggregationRule?.clusterRoleSelectors?.length;

/** IsOnlyMutatingGCFields: an update that only touches ownerReferences or finalizers passes unchecked. */
function onlyGCFields(obj: KObject, old: KObject): boolean {
  const strip = (o: KObject) => {
    const c = structuredClone(o);
    for (const k of ['ownerReferences', 'finalizers', 'resourceVersion', 'managedFields', 'generation'] as const) delete (c.metadata as Record<string, unknown>)[k];
    return JSON.stringify(c);
  };
  return strip(obj) === strip(old);
}

/**
 * The policy-based storage of roles: a write (create when `old` is undefined)
 * by someone outside system:masters without `escalate` must not grant rules
 * the writer lacks. `requestName` is the name on the URL (none for a create).
 */
export function guardRoleWrite(api: Requester, r: ResourceInfo, obj: KObject, old: KObject | undefined, requestName: string | undefined): void {
  const { store, user } = api;
  if (user.groups.includes(PRIVILEGED_GROUP)) return;
  const namespace = r.namespaced ? obj.metadata.namespace : undefined;
  if (isAllowed(store, user, { verb: 'escalate', resource: r.name, apiGroup: r.group, namespace, name: requestName })) return;
  if (old && onlyGCFields(obj, old)) return;
  const why = escalationReason(store, user, namespace, (obj as Role).rules ?? []);
  if (why) throw forbidden(r, obj.metadata.name, why);
  if (r.kind === 'ClusterRole' && (hasAggregation(obj) || hasAggregation(old)) && escalationReason(store, user, undefined, FULL_AUTHORITY)) {
    throw forbidden(r, obj.metadata.name, 'must have cluster-admin privileges to use the aggregationRule');
  }
}

/** GetRoleReferenceRules: the referenced role's rules, or the NotFound of a missing role. */
function referencedRules(store: Store, ref: RoleRef, namespace: string | undefined): PolicyRule[] {
  const cluster = ref.kind === 'ClusterRole';
  const role = (cluster ? store.get(CLUSTER_ROLES(), undefined, ref.name) : store.get(ROLES(), namespace, ref.name)) as Role | undefined;
  if (!role) throw notFound(resolveResource(cluster ? 'clusterroles.rbac.authorization.k8s.io' : 'roles.rbac.authorization.k8s.io')!, ref.name);
  return role.rules ?? [];
}

/**
 * The policy-based storage of bindings: binding a role needs `bind` on that
 * role (in the binding's namespace), or holding every rule of it.
 */
export function guardBindingWrite(api: Requester, r: ResourceInfo, obj: KObject, old: KObject | undefined): void {
  const { store, user } = api;
  if (user.groups.includes(PRIVILEGED_GROUP)) return;
  if (old && onlyGCFields(obj, old)) return;
  const ref = (obj as RoleBinding).roleRef;
  const namespace = r.namespaced ? obj.metadata.namespace : undefined;
  if (ref?.kind !== 'Role' && ref?.kind !== 'ClusterRole') return; // validation refuses it
  const bind = { verb: 'bind', resource: ref.kind === 'Role' ? 'roles' : 'clusterroles', apiGroup: ref.apiGroup, namespace, name: ref.name };
  if (isAllowed(store, user, bind)) return;
  const why = escalationReason(store, user, namespace, referencedRules(store, ref, namespace));
  if (why) throw forbidden(r, obj.metadata.name, why);
}
