// The authorization and authentication review APIs kubectl auth uses:
// SelfSubjectAccessReview (can-i), SelfSubjectRulesReview (can-i --list) and
// SelfSubjectReview (whoami), plus the --list table (rbac's BreakdownRule,
// CompactRules and SortableRuleSlice, as kubectl prints them).
import type { Store } from '../../store/store.js';
import type { UserInfo } from '../api.js';
import { isAllowed, rulesFor, type Attributes, type PolicyRule } from './rbac.js';
import { formatTable, GET_TABLE } from '../../printers/tabwriter.js';

export function accessReview(store: Store, user: UserInfo, a: Attributes): { allowed: boolean; reason?: string } {
  return { allowed: isAllowed(store, user, a) };
}

/** SelfSubjectRulesReview: every rule that applies to the user in `namespace`. */
export function rulesReview(store: Store, user: UserInfo, namespace: string | undefined): PolicyRule[] {
  return rulesFor(store, user, namespace);
}

function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const g of rule.apiGroups ?? []) {
    for (const r of rule.resources ?? []) {
      if (rule.resourceNames?.length) {
        for (const n of rule.resourceNames) out.push({ verbs: rule.verbs, apiGroups: [g], resources: [r], resourceNames: [n] });
      } else {
        out.push({ verbs: rule.verbs, apiGroups: [g], resources: [r] });
      }
    }
  }
  for (const u of rule.nonResourceURLs ?? []) out.push({ verbs: rule.verbs, nonResourceURLs: [u] });
  return out;
}

function compact(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = (r.resourceNames?.length ?? 0) <= 1 && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      simple.set(key, { ...r, verbs: [...r.verbs] });
    }
  }
  return [...out, ...simple.values()];
}

const goList = (l: string[] | undefined) => `[${(l ?? []).join(' ')}]`;

/** PolicyRule.String() of the generated Go code: the sort key of SortableRuleSlice. */
function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup. */
function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [head, sub] = resources[0]!.split(/\/(.*)/s);
  let out = head!;
  if (groups?.length && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

/** The `kubectl auth can-i --list` table. */
export function formatRulesTable(rules: PolicyRule[], noHeaders = false): string {
  const sorted = compact(rules.flatMap(breakdown))
    .map((r) => ({ r, key: ruleString(r) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.r);
  const rows: string[][] = noHeaders ? [] : [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']];
  for (const r of sorted) rows.push([combineResourceGroup(r.resources, r.apiGroups), goList(r.nonResourceURLs), goList(r.resourceNames), goList(r.verbs)]);
  return formatTable(rows, GET_TABLE);
}
