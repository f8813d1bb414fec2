// What a describer needs besides the object itself.

import type { Event, KObject, Pod } from '../../types/k8s.js';

export interface DescribeContext {
  /** Simulated "now", in ms since the epoch (ages are measured against it). */
  now: number;
  /**
   * Candidate events: all events of the object's namespace (for a Node, of all
   * namespaces). Describers keep those whose involvedObject is the object.
   */
  events: Event[];
  /** --show-events (default true). */
  showEvents: boolean;
  /** Related objects fetched by the caller; see RELATED_NEEDS in index.ts. */
  related?: {
    /** Node: non-terminated pods on the node. ReplicaSet/PVC: pods of the namespace. */
    pods?: Pod[];
    [k: string]: unknown;
  };
}

/** A related list from the context, typed by the caller's promise. */
export function relatedList<T extends KObject>(ctx: DescribeContext, key: string): T[] | undefined {
  const v = ctx.related?.[key];
  return Array.isArray(v) ? (v as T[]) : undefined;
}

/** A single related object from the context (null/undefined when absent). */
export function relatedObject<T extends KObject>(ctx: DescribeContext, key: string): T | undefined {
  const v = ctx.related?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as T) : undefined;
}
