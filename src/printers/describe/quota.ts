// ResourceQuota and LimitRange describers (describe.md §5–6), and the
// sections the Namespace describer borrows from them (§4).

import type { KObject } from '../../types/k8s.js';
import { cmp } from './helpers.js';
import { formatQty, parseQty } from './qty.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer.js';
import { quantityValue } from '../../util/quantity.js';

export interface ResourceQuota extends KObject {
  spec?: { hard?: Record<string, string>; scopes?: string[] };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

interface LimitRangeItem {
  type: string;
  max?: Record<string, string>;
  min?: Record<string, string>;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

export interface LimitRange extends KObject {
  spec?: { limits?: LimitRangeItem[] };
}

const SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function writeScopes(w: PrefixWriter, level: number, quota: ResourceQuota, helpPrefix: string): void {
  const scopes = [...(quota.spec?.scopes ?? [])].sort(cmp);
  if (scopes.length === 0) return;
  w.write(level, `Scopes:\t${scopes.join(', ')}\n`);
  for (const s of scopes) if (SCOPE_HELP[s]) w.write(level, `${helpPrefix}${SCOPE_HELP[s]}\n`);
}

/** `used` in hard's format, as describeQuota re-formats it. */
function usedInHardFormat(used: string | undefined, hard: string): string {
  const u = parseQty(used);
  const h = parseQty(hard);
  if (used !== undefined && u.format === h.format) return formatQty(u);
  return formatQty({ nanos: quantityValue(u) * 1_000_000_000n, format: h.format });
}

export function describeResourceQuota(quota: ResourceQuota): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${quota.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${quota.metadata.namespace ?? ''}\n`);
    writeScopes(w, LEVEL_0, quota, ' * ');
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    for (const name of Object.keys(hard).sort(cmp)) {
      w.write(LEVEL_0, `${name}\t${usedInHardFormat(used[name], hard[name])}\t${formatQty(parseQty(hard[name]))}\n`);
    }
  });
}

/** DescribeResourceQuotas: the Namespace describer's quota section. */
export function describeNamespaceQuotas(w: PrefixWriter, quotas: ResourceQuota[]): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => cmp(a.metadata.name ?? '', b.metadata.name ?? ''))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name ?? ''}\n`);
    writeScopes(w, LEVEL_1, q, '* ');
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    for (const name of Object.keys(hard).sort(cmp)) {
      w.write(LEVEL_1, `${name}\t${formatQty(parseQty(used[name]))}\t${formatQty(parseQty(hard[name]))}\n`);
    }
  }
}

const LIMIT_HEADER = 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n';
const LIMIT_DASHES = '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n';

/** describeLimitRangeSpec: a row per (item, resource); resources sorted by name. */
function writeLimitRows(w: PrefixWriter, lr: LimitRange, prefix: string): void {
  for (const item of lr.spec?.limits ?? []) {
    const lists = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = new Set(lists.flatMap((l) => Object.keys(l ?? {})));
    for (const name of [...names].sort(cmp)) {
      const cells = lists.map((l) => (l?.[name] !== undefined ? formatQty(parseQty(l[name])) : '-'));
      w.write(LEVEL_0, `${prefix}${item.type}\t${name}\t${cells.join('\t')}\n`);
    }
  }
}

export function describeLimitRange(lr: LimitRange): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, LIMIT_HEADER);
    w.write(LEVEL_0, LIMIT_DASHES);
    writeLimitRows(w, lr, '');
  });
}

/** DescribeLimitRanges: the Namespace describer's limits section. */
export function describeNamespaceLimits(w: PrefixWriter, limitRanges: LimitRange[]): void {
  if (limitRanges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, `Resource Limits\n ${LIMIT_HEADER}`);
  w.write(LEVEL_0, ` ${LIMIT_DASHES}`);
  for (const lr of limitRanges) writeLimitRows(w, lr, ' ');
}
