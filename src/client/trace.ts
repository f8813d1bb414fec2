// What `kubesim trace TYPE/NAME` reads: the object's trail and, before it, the trails of its
// controller owners up to the object's creation (a Deployment's pod: the Deployment, its
// ReplicaSet, then the pod), so the timeline starts at the command that made it all.
import type { KObject } from '../types/k8s.js';
import type { ClusterSession } from '../cluster/session.js';
import { trailOf } from '../cluster/trace.js';
import { resourceForKind, type ResourceInfo } from '../apiserver/resources.js';
import type { ShownEntry, TrailView } from '../printers/trail.js';

const label = (r: ResourceInfo, obj: KObject) => `${r.singular}/${obj.metadata.name}`;

/** The controller owners of `obj`, nearest first (those that still exist with the same uid). */
function owners(s: ClusterSession, obj: KObject): [ResourceInfo, KObject][] {
  const out: [ResourceInfo, KObject][] = [];
  let current = obj;
  for (let depth = 0; depth < 5; depth++) {
    const ref = current.metadata.ownerReferences?.find((o) => o.controller);
    const r = ref && resourceForKind(ref.apiVersion, ref.kind);
    const owner = r && s.api.tryGet(r, current.metadata.namespace, ref.name);
    if (!r || !owner || owner.metadata.uid !== ref.uid) break;
    out.push([r, owner]);
    current = owner;
  }
  return out;
}

export function trailView(s: ClusterSession, r: ResourceInfo, obj: KObject): TrailView {
  const created = Date.parse(obj.metadata.creationTimestamp ?? '') || s.now;
  const uid = obj.metadata.uid!;
  const labels = new Map<string, string>([[uid, label(r, obj)]]);
  for (const [res, o] of owners(s, obj)) labels.set(o.metadata.uid!, label(res, o));
  const all = trailOf(s.store)?.read(obj.metadata.namespace, [...labels.keys()]) ?? [];
  // The owners' entries count up to the first entry about the object itself (its creation request).
  const first = all.findIndex((e) => e.uid === uid);
  const entries: ShownEntry[] = all
    .filter((e, i) => e.uid === uid || (first >= 0 && i < first))
    .map((e) => ({ ...e, object: labels.get(e.uid)! }))
    // In time order: a catch-up records some things ahead of the instant it is at (a liveness
    // probe's failures up to the kill, the events of jumped crash-loop cycles), at their own times.
    .sort((a, b) => a.at - b.at);
  return { object: label(r, obj), namespace: obj.metadata.namespace, uid, created, entries };
}
