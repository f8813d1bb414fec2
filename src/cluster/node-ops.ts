// What kubectl's node verbs do to a node (cordon, uncordon, taint), and what the
// cluster does in reply: the node lifecycle controller mirrors spec.unschedulable
// into the node.kubernetes.io/unschedulable:NoSchedule taint (TaintNodesByCondition)
// and the kubelet reports NodeNotSchedulable / NodeSchedulable at its next status
// sync (kubelet.md §14). Commands call these inside a cluster session.
import type { Node, Taint } from '../types/k8s.js';
import { SYSTEM_USER, type ApiServer } from '../apiserver/api.js';
import { resolveResource } from '../apiserver/resources.js';
import { recordEvent } from './events.js';
import { rfc3339 } from '../util/duration.js';

export const NODES_RESOURCE = () => resolveResource('nodes')!;
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export interface CordonResult {
  node: Node;
  /** False when the node already was as desired (`already cordoned`). */
  changed: boolean;
}

/** kubectl cordon / uncordon: a strategic merge patch of spec.unschedulable. */
export function setUnschedulable(api: ApiServer, name: string, desired: boolean, dryRun?: 'client' | 'server'): CordonResult {
  const r = NODES_RESOURCE();
  const node = api.get(r, undefined, name) as Node;
  if (!!node.spec?.unschedulable === desired) return { node, changed: false };
  if (dryRun === 'client') {
    const copy = structuredClone(node);
    if (desired) copy.spec.unschedulable = true;
    else delete copy.spec.unschedulable;
    return { node: copy, changed: true };
  }
  const patched = api.patch(r, undefined, name, 'strategic', { spec: { unschedulable: desired ? true : null } }, { dryRun: dryRun === 'server' }) as Node;
  if (dryRun === 'server') return { node: patched, changed: true };
  // The cluster's reply at once, so the command prints the node as it then is (the node
  // lifecycle controller finds nothing left to do).
  return { node: mirrorUnschedulable(api.as(SYSTEM_USER), name) ?? patched, changed: true };
}

/**
 * The node lifecycle controller's reply to spec.unschedulable, whoever set it (kubectl cordon,
 * a patch, a real client through kubesim serve): the node.kubernetes.io/unschedulable:NoSchedule
 * taint added or removed, then the kubelet's NodeNotSchedulable / NodeSchedulable event.
 * Returns the node when it changed it.
 */
export function mirrorUnschedulable(system: ApiServer, name: string): Node | undefined {
  const r = NODES_RESOURCE();
  const node = system.tryGet(r, undefined, name) as Node | undefined;
  if (!node || node.metadata.deletionTimestamp) return undefined;
  const desired = !!node.spec?.unschedulable;
  const tainted = (node.spec?.taints ?? []).some((t) => t.key === UNSCHEDULABLE_TAINT);
  if (desired === tainted) return undefined;
  const taints = (node.spec.taints ?? []).filter((t) => t.key !== UNSCHEDULABLE_TAINT);
  if (desired) taints.push({ effect: 'NoSchedule', key: UNSCHEDULABLE_TAINT, timeAdded: rfc3339(system.now) });
  const after = system.patch(r, undefined, name, 'merge', { spec: { taints: taints.length ? taints : null } }) as Node;
  const reason = desired ? 'NodeNotSchedulable' : 'NodeSchedulable';
  recordEvent(system.store, system.now, {
    object: after,
    type: 'Normal',
    reason,
    message: `Node ${name} status is now: ${reason}`,
    source: { component: 'kubelet', host: name },
  });
  return after;
}

// ---------------------------------------------------------------- taints

export class TaintError extends Error {
  constructor(
    message: string,
    /** kubectl reports it as a usage error (`See 'kubectl taint -h' ...`). */
    readonly usage = false,
  ) {
    super(message);
  }
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Taint.ToString(): `key=value:effect`, `key:effect`, `key=value`, `key`. */
export function taintString(t: { key: string; value?: string; effect?: string }): string {
  let s = t.key;
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

function qualifiedNameErrors(key: string): string[] {
  if (QUALIFIED_NAME.test(key) && key.length <= 316) {
    const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (name.length <= 63) return [];
  }
  if (key === '') return ['name part must be non-empty', "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"];
  return ["name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"];
}

function parseTaint(spec: string): Taint | { key: string; value?: string; effect?: string } {
  const parts = spec.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) {
    key = parts[0]!;
  } else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw new TaintError(`invalid taint effect: ${effect}, unsupported taint effect`, true);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new TaintError(`invalid taint spec: ${spec}`, true);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      if (value.length > 63 || !LABEL_VALUE.test(value)) {
        throw new TaintError(
          `invalid taint spec: ${spec}, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
          true,
        );
      }
    }
  } else {
    throw new TaintError(`invalid taint spec: ${spec}`, true);
  }
  const errs = qualifiedNameErrors(key);
  if (errs.length) throw new TaintError(`invalid taint spec: ${spec}, ${errs.join('; ')}`, true);
  return { key, ...(value ? { value } : {}), ...(effect ? { effect } : {}) };
}

export interface TaintSpecs {
  add: Taint[];
  remove: { key: string; effect?: string }[];
}

/** kubectl taint's parseTaints. */
export function parseTaintSpecs(specs: string[]): TaintSpecs {
  const add: Taint[] = [];
  const remove: { key: string; effect?: string }[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new TaintError(`invalid taint spec: ${spec}`, true);
    const id = `${t.effect}\u0000${t.key}`;
    if (seen.has(id)) throw new TaintError(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`, true);
    seen.add(id);
    add.push(t as Taint);
  }
  return { add, remove };
}

/** Validate(): a taint may not be both added and removed. */
export function conflictingTaints(specs: TaintSpecs): string | undefined {
  const conflicts: string[] = [];
  for (const a of specs.add) {
    for (const r of specs.remove) {
      if (a.key !== r.key) continue;
      if (!r.effect || a.effect === r.effect) conflicts.push(`{"${r.key}":"${r.effect ?? ''}"}`);
    }
  }
  return conflicts.length ? `can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}` : undefined;
}

/** checkIfTaintsAlreadyExists: the keys of taints to add that the node has with the same effect. */
export function existingTaintKeys(old: Taint[], specs: TaintSpecs): string {
  return specs.add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key).join(',');
}

/** Applies a taint update to a node (kubectl taint's updateTaints); throws TaintError. */
export function taintNode(api: ApiServer, name: string, specs: TaintSpecs, overwrite: boolean, dryRun?: 'client' | 'server'): { node: Node; operation: string } {
  const r = NODES_RESOURCE();
  const node = api.get(r, undefined, name) as Node;
  const old = node.spec?.taints ?? [];
  if (!overwrite) {
    const exists = existingTaintKeys(old, specs);
    if (exists) throw new TaintError(`node ${name} already has ${exists} taint(s) with same effect(s) and --overwrite is false`);
  }
  const { operation, taints, errors } = reorganizeTaints(old, specs, overwrite);
  if (errors.length) throw new TaintError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
  // NoExecute taints get the time they were added (the API server's defaulting).
  const stamped = taints.map((t) => (t.effect === 'NoExecute' && !t.timeAdded ? { ...t, timeAdded: new Date(api.now).toISOString().replace(/\.\d{3}Z$/, 'Z') } : t));
  if (dryRun === 'client') {
    const copy = structuredClone(node);
    if (stamped.length) copy.spec.taints = stamped;
    else delete copy.spec.taints;
    return { node: copy, operation };
  }
  const after = api.patch(r, undefined, name, 'merge', { spec: { taints: stamped.length ? stamped : null } }, { dryRun: dryRun === 'server' }) as Node;
  return { node: after, operation };
}

/** reorganizeTaints: the node's new taints and the operation kubectl names (tainted, untainted, modified). */
export function reorganizeTaints(old: Taint[], specs: TaintSpecs, overwrite: boolean): { operation: string; taints: Taint[]; errors: string[] } {
  let taints: Taint[] = [...specs.add];
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of specs.remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    removed = taints.length !== before;
    if (!removed) errors.push(`taint "${taintString(r)}" not found`);
  }
  const operation = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}
