// The kubelet's file source of static pods (kubelet.md §13): each node's
// kubelet reads the manifests folder its configuration names (staticPodPath in
// /var/lib/kubelet/config.yaml, /etc/kubernetes/manifests on kind) and keeps a
// mirror pod in the API for every static pod, named `<name>-<node>`, with the
// config.hash / config.mirror / config.seen / config.source annotations and
// the Node as its controller. The kubelet runs the mirror pod's containers;
// what the static pod is lives in `_static` records (one per static pod, by
// namespace and mirror name), so deleting the mirror pod through the API does
// not stop the containers (the kubelet drops the mirror and this source makes
// a new one), while removing the file does. The folder is read again whenever
// the node's filesystem changes (the kubelet's inotify watch) and when the
// kubelet restarts.
import { createHash } from 'node:crypto';
import { parseYaml as parse } from '../util/lazy-yaml.js';
import type { KObject, Node, Pod, Toleration } from '../types/k8s.js';
import type { Controller, Engine } from './engine.js';
import type { Change } from '../store/store.js';
import type { FsDir, FsNode } from '../runtime/fs.js';
import { normalize } from '../runtime/fs.js';
import { KUBELET_CONFIG, listNodeDir, readNodeFile } from '../runtime/node-fs.js';
import { NODEFS, nodeFsView, type NodeFsRecord } from './node-fs.js';
import { StatusError } from '../apiserver/errors.js';
import { deletePod, res, systemApi } from './controllers/common.js';

const PODS = 'pods';
const NODES = 'nodes';
/** One record per static pod: the kubelet's knowledge of it. */
export const STATIC_PODS = '_static';
export const STATIC_POD_CONTROLLER = 'static-pods';

const MIRROR = 'kubernetes.io/config.mirror';
const HASH = 'kubernetes.io/config.hash';
const SEEN = 'kubernetes.io/config.seen';
const SOURCE = 'kubernetes.io/config.source';

interface StaticPodRecord extends KObject {
  node: string;
  /** The static pod's UID: a hash of its manifest, node and file. */
  hash: string;
  /** When the kubelet first saw this version (config.seen). */
  seen: string;
  file: string;
}

export const isMirrorPod = (pod: KObject): boolean => !!pod.metadata.annotations?.[MIRROR];

/** The UID the kubelet runs a pod under: a static pod's hash for its mirror pods, the pod's own UID otherwise. */
export function mirrorRunUid(pod: KObject): string {
  return pod.metadata.annotations?.[MIRROR] ?? pod.metadata.uid!;
}

/** Whether the static pod behind mirror pod `ns/name` (UID `uid`) still runs: its file is still there, unchanged. */
export function staticPodRunning(store: Engine['store'], ns: string, name: string, uid: string): boolean {
  return (store.get(STATIC_PODS, ns, name) as StaticPodRecord | undefined)?.hash === uid;
}

/** The staticPodPath of the kubelet configuration in the node's tree, if set. */
export function staticPodPath(root: FsDir): string | undefined {
  const config = readNodeFile(root, KUBELET_CONFIG);
  const m = config ? /^staticPodPath:[ \t]*["']?([^"'\n]*?)["']?[ \t]*$/m.exec(config) : null;
  return m?.[1] ? normalize(m[1]) : undefined;
}

/** What a static pod source sees of a node's tree: the configuration and the manifests folder. */
function sourceView(root: FsDir | undefined): string {
  if (!root) return '';
  const path = staticPodPath(root);
  let cur: FsNode | undefined = root;
  for (const part of (path ?? '').split('/').filter(Boolean)) cur = cur?.t === 'd' ? cur.c[part] : undefined;
  return `${path ?? ''}\n${JSON.stringify(cur ?? null)}`;
}

interface StaticPod {
  namespace: string;
  name: string;
  hash: string;
  file: string;
  manifest: Pod;
}

/** The static pods the node's manifests folder describes (files starting with `.` are ignored; one pod a file). */
function readManifests(root: FsDir, nodeName: string): StaticPod[] {
  const path = staticPodPath(root);
  if (!path) return [];
  const files = listNodeDir(root, path) ?? {};
  const out: StaticPod[] = [];
  for (const [name, text] of Object.entries(files)) {
    if (name.startsWith('.')) continue;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      continue; // the kubelet logs "Could not process manifest file" and goes on
    }
    const pod = doc as Pod | undefined;
    if (!pod || typeof pod !== 'object' || pod.kind !== 'Pod' || pod.apiVersion !== 'v1' || !pod.metadata?.name || !pod.spec?.containers?.length) continue;
    const file = `${path}/${name}`;
    const hash = createHash('md5').update(JSON.stringify(pod)).update(`host:${nodeName}`).update(`file:${file}`).digest('hex');
    out.push({ namespace: pod.metadata.namespace || 'default', name: `${pod.metadata.name}-${nodeName}`, hash, file, manifest: pod });
  }
  return out;
}

/** config.seen: the instant with nanoseconds (kubesim's are derived from the hash). */
function seenStamp(now: number, hash: string): string {
  const iso = new Date(now).toISOString();
  return `${iso.slice(0, 23)}${String(parseInt(hash.slice(0, 6), 16) % 1_000_000).padStart(6, '0')}Z`;
}

/** The mirror pod of a static pod, as the kubelet creates it. */
function mirrorPod(sp: StaticPod, node: Node, seen: string): Pod {
  const pod = structuredClone(sp.manifest) as Pod & { status?: unknown };
  delete pod.status;
  const meta = { ...pod.metadata };
  delete meta.creationTimestamp;
  delete meta.uid;
  delete meta.resourceVersion;
  pod.metadata = {
    ...meta,
    name: sp.name,
    namespace: sp.namespace,
    annotations: { ...(meta.annotations ?? {}), [HASH]: sp.hash, [MIRROR]: sp.hash, [SEEN]: seen, [SOURCE]: 'file' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid!, controller: true }],
  };
  pod.spec.nodeName = node.metadata.name!;
  // Static pods tolerate every NoExecute taint, so node problems do not evict them.
  const tolerations: Toleration[] = pod.spec.tolerations ?? [];
  if (!tolerations.some((t) => t.operator === 'Exists' && t.effect === 'NoExecute' && !t.key)) tolerations.push({ operator: 'Exists', effect: 'NoExecute' });
  pod.spec.tolerations = tolerations;
  return pod;
}

class StaticPodSource implements Controller {
  readonly name = STATIC_POD_CONTROLLER;
  readonly watches = {
    [NODES]: (change: Change): string[] => (!change.old || change.deleted ? [change.object.metadata.name!] : []),
    [NODEFS]: (change: Change): string[] => {
      const now = (change.object as NodeFsRecord).root;
      const before = (change.old as NodeFsRecord | undefined)?.root;
      return !before || change.deleted || sourceView(now) !== sourceView(before) ? [change.object.metadata.name!] : [];
    },
    [PODS]: (change: Change): string[] => {
      const pod = change.object as Pod;
      return change.deleted && isMirrorPod(pod) && pod.spec.nodeName ? [pod.spec.nodeName] : [];
    },
  };

  reconcile(nodeName: string, engine: Engine): void {
    const store = engine.store;
    const node = store.get(NODES, undefined, nodeName) as Node | undefined;
    const windows = node?.metadata.labels?.['kubernetes.io/os'] === 'windows';
    const desired = node && !windows ? readManifests(nodeFsView(store, nodeName), nodeName) : [];
    const known = (store.list(STATIC_PODS) as StaticPodRecord[]).filter((r) => r.node === nodeName);
    const wanted = new Set(desired.map((d) => `${d.namespace}/${d.name}`));
    // Static pods whose file went away: stop them (the kubelet deletes the mirror and kills the containers).
    for (const r of known) {
      const key = `${r.metadata.namespace}/${r.metadata.name}`;
      if (wanted.has(key)) continue;
      store.remove(STATIC_PODS, r.metadata.namespace, r.metadata.name!);
      const mirror = store.get(PODS, r.metadata.namespace, r.metadata.name!) as Pod | undefined;
      if (mirror && mirrorRunUid(mirror) === r.hash && !mirror.metadata.deletionTimestamp) deletePod(engine, mirror);
    }
    for (const sp of desired) {
      const prev = store.get(STATIC_PODS, sp.namespace, sp.name) as StaticPodRecord | undefined;
      let seen = prev?.seen;
      if (!prev || prev.hash !== sp.hash || prev.node !== nodeName) {
        seen = seenStamp(engine.now, sp.hash);
        store.put(STATIC_PODS, { apiVersion: 'kubesim/v1', kind: 'StaticPod', metadata: { name: sp.name, namespace: sp.namespace }, node: nodeName, hash: sp.hash, seen, file: sp.file } as StaticPodRecord);
      }
      const mirror = store.get(PODS, sp.namespace, sp.name) as Pod | undefined;
      if (mirror) {
        // A mirror of an older version of the file: it goes, and the new version's comes once it is gone.
        if (isMirrorPod(mirror) && mirrorRunUid(mirror) !== sp.hash && !mirror.metadata.deletionTimestamp) deletePod(engine, mirror);
        continue;
      }
      try {
        systemApi(engine).create(res('pods'), sp.namespace, mirrorPod(sp, node!, seen!));
      } catch (e) {
        // The kubelet logs "Failed creating a mirror pod" (e.g. no such namespace) and retries at its next sync.
        if (!(e instanceof StatusError)) throw e;
      }
    }
  }
}

export const staticPods = new StaticPodSource();
