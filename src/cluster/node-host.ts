// `kubesim ssh`: a command run as root on a node, in its own filesystem
// (src/cluster/node-fs.ts), with its tools seeing what that node's kubelet
// runs: crictl lists, stops and reads the logs of the containers in the
// kubelet's records; curl reaches the pods' servers; `systemctl restart
// kubelet` makes the kubelet read its static pod folder again. Changes to the
// node's files are stored when the command ends (and wake the static pod
// source when they touch its folder).
import { createHash } from 'node:crypto';
import type { Node, Pod } from '../types/k8s.js';
import type { ClusterSession } from './session.js';
import { CLUSTER_SCOPE } from '../store/store.js';
import type { FsDir } from '../runtime/fs.js';
import { advancePod, httpFromOutside, signalContainer, type PodRt } from '../runtime/index.js';
import { runOnNode, type CriContainer, type CriImage, type CriPod, type NodeExecResult, type NodeHost } from '../runtime/node-shell.js';
import { imageId, imageInfo, normalizeImage, repositoryOf } from '../runtime/images.js';
import { KUBELET_RECORDS, podRecord, savePodRecord, type PodRecord } from './kubelet.js';
import { attachNodeFs, flushNodeFs, loadNodeFs, saveNodeFs } from './node-fs.js';
import { STATIC_POD_CONTROLLER } from './static-pods.js';
import { isWindowsNode, runOnWindowsNode } from './windows-node.js';

/** curl on a kind node (Debian 12). */
const NODE_CURL_AGENT = 'curl/7.88.1';

const sandboxId = (rec: PodRecord) => createHash('sha256').update(`sandbox:${rec.podUid}`).digest('hex');
const bareId = (id: string) => id.replace(/^[a-z]+:\/\//, '');
const imageSha = (image: string) => `sha256:${imageId(image).split('@sha256:')[1]}`;

interface Running {
  pod: Pod;
  rec: PodRecord;
}

export type NodeCommandResult = NodeExecResult | { error: string };

/** Runs `argv` on node `nodeName` (see runOnNode); `{error}` when there is no such node to log in to. */
export function runNodeCommand(s: ClusterSession, nodeName: string, argv: string[], opts: { stdin?: string; cwd?: string; tty?: boolean; script?: string } = {}): NodeCommandResult {
  const store = s.store;
  const node = store.get('nodes', undefined, nodeName) as Node | undefined;
  if (!node) return { error: `node "${nodeName}" not found` };
  if (isWindowsNode(store, nodeName)) {
    // A Windows node's commands (net localgroup ...): src/cluster/windows-node.ts.
    if (opts.tty) return { error: 'an interactive shell on a Windows node is not supported by kubesim yet: give the command after --' };
    const w = runOnWindowsNode(store, nodeName, argv);
    return { output: [...(w.out ? [{ s: 1 as const, x: w.out }] : []), ...(w.err ? [{ s: 2 as const, x: w.err }] : [])], exitCode: w.code, cwd: opts.cwd ?? '/' };
  }
  const root = loadNodeFs(store, nodeName);
  const result = runOnNode(root, new Host(s, node, root), argv, opts);
  saveNodeFs(store, nodeName, root);
  return result;
}

class Host implements NodeHost {
  readonly name: string;

  constructor(
    private readonly s: ClusterSession,
    private readonly node: Node,
    private readonly root: FsDir,
  ) {
    this.name = node.metadata.name!;
  }

  get now(): number {
    return this.s.now;
  }

  /** The pods this node's kubelet runs, with its records. */
  private running(): Running[] {
    const out: Running[] = [];
    for (const pod of this.s.store.list('pods') as Pod[]) {
      if (pod.spec.nodeName !== this.name) continue;
      const rec = podRecord(this.s.store, pod.metadata.namespace!, pod.metadata.name!);
      if (rec) out.push({ pod, rec });
    }
    return out;
  }

  /**
   * A copy of the record to run and store back, with the node's tree for its
   * hostPath volumes (this session's own tree for this node; another node's is
   * stored back by savePodRecord).
   */
  private runnable(r: Running): PodRecord {
    const rec = structuredClone(r.rec);
    if (rec.rt?.hostPaths) {
      if (r.pod.spec.nodeName === this.name) Object.defineProperty(rec.rt, 'host', { value: this.root, enumerable: false, writable: true, configurable: true });
      else attachNodeFs(this.s.store, rec.rt, r.pod.spec.nodeName);
    }
    return rec;
  }

  containers(): CriContainer[] {
    const out: CriContainer[] = [];
    for (const { pod, rec } of this.running()) {
      const podId = sandboxId(rec);
      const base = { podId, podName: pod.metadata.name!, namespace: pod.metadata.namespace! };
      for (const [name, cr] of Object.entries(rec.containers)) {
        const img = imageSha(cr.image);
        if ((cr.stage === 'running' || cr.stage === 'stopping') && cr.containerID) {
          out.push({ ...base, id: bareId(cr.containerID), imageId: img, createdAt: cr.startedAt ?? 0, state: 'Running', name, attempt: cr.restartCount });
        } else if (cr.current) {
          out.push({ ...base, id: bareId(cr.current.containerID), imageId: img, createdAt: cr.current.startedAt, state: 'Exited', name, attempt: cr.restartCount });
        }
        if (cr.last && cr.last.containerID !== cr.current?.containerID) {
          out.push({ ...base, id: bareId(cr.last.containerID), imageId: img, createdAt: cr.last.startedAt, state: 'Exited', name, attempt: Math.max(0, cr.restartCount - 1) });
        }
      }
    }
    return out;
  }

  pods(): CriPod[] {
    return this.running().map(({ pod, rec }) => ({
      id: sandboxId(rec),
      createdAt: Date.parse(rec.startTime ?? pod.status?.startTime ?? '') || this.now,
      ready: rec.stage !== 'terminating' && rec.stage !== 'done',
      name: pod.metadata.name!,
      namespace: pod.metadata.namespace!,
      attempt: 0,
    }));
  }

  images(): CriImage[] {
    const rec = this.s.store.get(KUBELET_RECORDS, CLUSTER_SCOPE, this.name) as { images?: string[] } | undefined;
    return (rec?.images ?? []).map((ref) => {
      const normalized = normalizeImage(ref);
      const repository = repositoryOf(normalized);
      const tag = normalized.includes('@') ? '<none>' : normalized.slice(repository.length + 1);
      return { repository, tag, imageId: imageSha(normalized), sizeBytes: imageInfo(normalized).sizeBytes };
    });
  }

  /** The container with this (full) ID: its pod and name, and whether it is the running instance. */
  private locate(id: string): { r: Running; name: string; current: boolean } | undefined {
    for (const r of this.running()) {
      for (const [name, cr] of Object.entries(r.rec.containers)) {
        if (cr.containerID && bareId(cr.containerID) === id) return { r, name, current: true };
        if (cr.last && bareId(cr.last.containerID) === id) return { r, name, current: false };
      }
    }
    return undefined;
  }

  stop(id: string): boolean {
    const hit = this.locate(id);
    if (!hit) return false;
    const cr = hit.r.rec.containers[hit.name]!;
    if (!hit.current || (cr.stage !== 'running' && cr.stage !== 'stopping')) return true; // already stopped: crictl says nothing more
    // crictl stop's default timeout is 0: containerd kills the task at once. The kubelet sees the exit at its next sync.
    const rec = this.runnable(hit.r);
    advancePod(rec.rt!, this.now);
    signalContainer(rec.rt!, hit.name, 'KILL', this.now);
    savePodRecord(this.s.engine, rec);
    return true;
  }

  logs(id: string): { t: number; s: 1 | 2; x: string; p?: 1 }[] | undefined {
    const hit = this.locate(id);
    if (!hit) return undefined;
    const cr = hit.r.rec.containers[hit.name]!;
    if (!hit.current) return cr.prevLogs ?? [];
    const rec = structuredClone(hit.r.rec); // read only: what the processes wrote up to now
    if (!rec.rt) return [];
    advancePod(rec.rt, this.now);
    return rec.rt.containers[hit.name]?.logs ?? cr.prevLogs ?? [];
  }

  http(url: string): { status: number; body: string } | { error: string } {
    const m = /^https?:\/\/([^/:]+)(?::(\d+))?/.exec(url);
    if (!m) return { error: `(3) URL rejected: Bad hostname` };
    const nodeIp = this.node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const host = m[1] === 'localhost' || m[1] === '127.0.0.1' ? nodeIp : m[1]!;
    const port = m[2] ?? (url.startsWith('https') ? '443' : '80');
    const candidates = (this.s.store.list('pods') as Pod[]).filter((p) => p.status?.podIP === host && p.status?.phase === 'Running');
    if (!candidates.length && !/^10\.244\.|^172\.18\./.test(host)) return { error: `network access to ${m[1]} is not supported by kubesim yet` };
    for (const pod of candidates) {
      const stored = podRecord(this.s.store, pod.metadata.namespace!, pod.metadata.name!);
      if (!stored?.rt) continue;
      const rec = this.runnable({ pod, rec: stored });
      const rt = rec.rt as PodRt;
      advancePod(rt, this.now);
      const before = JSON.stringify(Object.values(rt.containers).map((c) => c.logs.length));
      const local = pod.spec.nodeName === this.name;
      const cidr = this.node.spec?.podCIDR ?? '';
      const clientIp = local && !pod.spec.hostNetwork && cidr ? `${cidr.split('/')[0]!.split('.').slice(0, 3).join('.')}.1` : nodeIp;
      const r = httpFromOutside(rt, url.replace(m[1]!, rt.ip), this.now, { ip: clientIp, userAgent: NODE_CURL_AGENT });
      if ('error' in r && /Connection refused/.test(r.error)) {
        flushNodeFs(this.s.store);
        continue;
      }
      if (JSON.stringify(Object.values(rt.containers).map((c) => c.logs.length)) !== before) savePodRecord(this.s.engine, rec);
      else flushNodeFs(this.s.store);
      return r;
    }
    return { error: `(7) Failed to connect to ${m[1]} port ${port} after 0 ms: Couldn't connect to server` };
  }

  restartKubelet(): void {
    this.s.engine.schedule(STATIC_POD_CONTROLLER, this.name, this.now);
  }
}
