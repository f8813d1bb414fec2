// Each node's filesystem, kept in the store (`_nodefs`, one record per node).
// A node that nobody has written to has no record: its tree is the kind
// layout (src/runtime/node-fs.ts), built when asked for. The kubelet attaches
// a node's tree to a pod's runtime state while it runs the pod, so hostPath
// volumes read and write the node's own files, and stores it back afterwards
// (a write only when something changed); `kubesim ssh` does the same.
import type { KObject, Node } from '../types/k8s.js';
import type { PodRt } from '../runtime/types.js';
import type { FsDir } from '../runtime/fs.js';
import { nodeBaseFs } from '../runtime/node-fs.js';
import { CLUSTER_SCOPE, type Store } from '../store/store.js';

export const NODEFS = '_nodefs';
const KUBE_VERSION = 'v1.32.0';

export interface NodeFsRecord extends KObject {
  root: FsDir;
}

const isControlPlane = (node: Node | undefined) => node?.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;

/** The kind layout of `nodeName` as it came up. */
function baseRecord(store: Store, nodeName: string): NodeFsRecord {
  const node = store.get('nodes', undefined, nodeName) as Node | undefined;
  const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const created = Date.parse(node?.metadata.creationTimestamp ?? '') || 0;
  return {
    apiVersion: 'kubesim/v1',
    kind: 'NodeFs',
    metadata: { name: nodeName },
    root: nodeBaseFs({ name: nodeName, ip, controlPlane: isControlPlane(node), version: KUBE_VERSION, now: created }),
  };
}

/** The node's tree as stored (do not change it: use `loadNodeFs` for a copy to change). */
export function nodeFsView(store: Store, nodeName: string): FsDir {
  const rec = store.get(NODEFS, CLUSTER_SCOPE, nodeName) as NodeFsRecord | undefined;
  return (rec ?? baseRecord(store, nodeName)).root;
}

/** A copy of the node's tree, to change and hand back with `saveNodeFs`. */
export function loadNodeFs(store: Store, nodeName: string): FsDir {
  const rec = store.get(NODEFS, CLUSTER_SCOPE, nodeName) as NodeFsRecord | undefined;
  return rec ? structuredClone(rec.root) : baseRecord(store, nodeName).root;
}

/** Stores the node's tree if it differs from what is stored (or from the base layout). */
export function saveNodeFs(store: Store, nodeName: string, root: FsDir): void {
  if (JSON.stringify(root) === JSON.stringify(nodeFsView(store, nodeName))) return;
  store.put(NODEFS, { apiVersion: 'kubesim/v1', kind: 'NodeFs', metadata: { name: nodeName }, root } as NodeFsRecord);
}

/** Pod runtimes with a node tree attached, to store back by `flushNodeFs`. */
const attached: { store: Store; node: string; rt: PodRt }[] = [];

/**
 * Gives a pod's runtime state the node's tree for its hostPath volumes (a
 * property that is never stored or copied with the pod). No-op for a pod
 * without hostPath volumes.
 */
export function attachNodeFs(store: Store, rt: PodRt | undefined, nodeName: string | undefined): void {
  if (!rt?.hostPaths || !nodeName || rt.host) return;
  flushNodeFs(store); // one tree per node at a time
  Object.defineProperty(rt, 'host', { value: loadNodeFs(store, nodeName), enumerable: false, writable: true, configurable: true });
  attached.push({ store, node: nodeName, rt });
}

/** Stores back the trees attached since the last flush, and detaches them. */
export function flushNodeFs(store: Store): void {
  for (const a of attached.splice(0)) {
    if (a.store !== store || !a.rt.host) continue;
    saveNodeFs(store, a.node, a.rt.host);
    delete a.rt.host;
  }
}
