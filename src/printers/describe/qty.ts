// Resource lists as resource.Quantity maps, for describe's sums (pod requests
// and limits, node allocated resources). Arithmetic comes from util/quantity.

import {
  addQuantities, compareQuantities, parseQuantityExact, quantityMilliValue, quantityToString, quantityValue,
  zeroQuantity, type Quantity,
} from '../../util/quantity.js';

export type QtyList = Map<string, Quantity>;

/** Parses a quantity; an unparsable one counts as zero (the server never stores one). */
export function parseQty(s: string | number | undefined | null): Quantity {
  if (s === undefined || s === null || s === '') return zeroQuantity();
  try {
    return parseQuantityExact(String(s));
  } catch {
    return zeroQuantity();
  }
}

export const formatQty = (q: Quantity | undefined): string => quantityToString(q ?? zeroQuantity());
export const qtyValue = (q: Quantity): bigint => quantityValue(q);
export const qtyMilli = (q: Quantity): bigint => quantityMilliValue(q);

export function qtyList(list: Record<string, string> | undefined): QtyList {
  return new Map(Object.entries(list ?? {}).map(([k, v]) => [k, parseQty(v)]));
}

/** resourcehelper addResourceList: sums `add` into `into`. */
export function addInto(into: QtyList, add: QtyList): void {
  for (const [name, q] of add) {
    const cur = into.get(name);
    into.set(name, cur ? addQuantities(cur, q) : q);
  }
}

/** resourcehelper maxResourceList: keeps the larger value per name. */
export function maxInto(into: QtyList, other: QtyList): void {
  for (const [name, q] of other) {
    const cur = into.get(name);
    if (!cur || compareQuantities(q, cur) > 0) into.set(name, q);
  }
}
