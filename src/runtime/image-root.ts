// A container's root filesystem as it starts: the image's files (catalog.ts baseFs) with the
// mount points made in it. Building that tree (buildTree, and a mkdir -p through the Vfs per
// mount point) cost ~0.1 ms a start, paid again by every sync that rebuilt a released root
// filesystem. What it makes depends only on the image and the mount paths, apart from three
// files (the pod's hostname, hosts and resolv.conf) and the time stamps: so it is made once per
// image and mount paths, with marks in their place, and each container gets a copy with the
// marks replaced. The image's group memberships per uid are read from that one tree too.
import { baseFs } from './catalog.js';
import { Vfs, type FsDir, type FsNode, type Mount } from './fs.js';
import type { PodEtcFiles, PodRt } from './types.js';

/** Stands for the start time in a template (no real mtime is negative). */
const MTIME_MARK = -1;
/** Stand for the pod's own files in a template (no image file holds a NUL). */
const HOSTNAME_MARK = '\0hostname\0';
const HOSTS_MARK = '\0hosts\0';
const RESOLV_MARK = '\0resolv\0';

interface RootTemplate {
  tree: FsDir;
  /** Each mount's path with symlinks resolved (undefined: left as given, a file mounted over a file). */
  real: (string | undefined)[];
  /** The image's /etc/group memberships of a uid. */
  groups: Map<number, number[]>;
}

const templates = new Map<string, RootTemplate>();
const MAX_TEMPLATES = 500;

function template(image: string, mounts: Mount[], etc: PodEtcFiles | undefined): RootTemplate {
  // The pod's hosts and resolv.conf replace the image's defaults only when the kubelet made them.
  const hasHosts = etc?.hosts !== undefined;
  const hasResolv = etc?.resolv !== undefined;
  const key = JSON.stringify([image, hasHosts, hasResolv, mounts.map((m) => m.path)]);
  let t = templates.get(key);
  if (t) return t;
  const tree = baseFs(image, HOSTNAME_MARK, MTIME_MARK, { ...(hasHosts ? { hosts: HOSTS_MARK } : {}), ...(hasResolv ? { resolv: RESOLV_MARK } : {}) });
  // The mount points exist in the image's tree, at their path with symlinks resolved, as the
  // runtime resolves mount destinations inside the rootfs (/var/run -> /run in most images).
  const rootView = new Vfs(tree, () => undefined, [], { uid: 0, gid: 0, groups: [] }, () => MTIME_MARK);
  const real = mounts.map((m) => {
    try {
      rootView.mkdir(m.path, '/', true);
      return rootView.resolve(m.path, '/', true).path;
    } catch {
      return undefined; // a file mounted over a file
    }
  });
  t = { tree, real, groups: new Map() };
  if (templates.size >= MAX_TEMPLATES) templates.clear(); // mount paths that differ from pod to pod
  templates.set(key, t);
  return t;
}

/** A copy of a template's tree for a container started at `mtime`, with the pod's files in place of the marks. */
function instantiate(n: FsNode, mtime: number, files: Map<string, string>): FsNode {
  const at = n.mtime === MTIME_MARK ? mtime : n.mtime;
  if (n.t === 'f') return { ...n, mtime: at, d: files.get(n.d) ?? n.d };
  if (n.t === 'l') return { ...n, mtime: at };
  const c: Record<string, FsNode> = {};
  for (const name in n.c) c[name] = instantiate(n.c[name]!, mtime, files);
  return { ...n, mtime: at, c };
}

/**
 * The image's root filesystem for a container of `pod` started at `now`, with its mount points
 * made, the mounts at their resolved paths, and the image's groups of a uid.
 */
export function imageRoot(pod: PodRt, image: string, mounts: Mount[], now: number): { fs: FsDir; mounts: Mount[]; groupsOf: (uid: number) => number[] } {
  const t = template(image, mounts, pod.etc);
  const files = new Map<string, string>([[HOSTNAME_MARK + '\n', pod.hostname + '\n']]);
  if (pod.etc?.hosts !== undefined) files.set(HOSTS_MARK, pod.etc.hosts);
  if (pod.etc?.resolv !== undefined) files.set(RESOLV_MARK, pod.etc.resolv);
  const fs = instantiate(t.tree, now, files) as FsDir;
  const resolved = mounts.map((m, i) => {
    const real = t.real[i];
    return real === undefined || real === m.path ? m : { ...m, path: real };
  });
  const groupsOf = (uid: number) => {
    let g = t.groups.get(uid);
    if (!g) t.groups.set(uid, (g = imageGroupsOf(t.tree, uid)));
    return g;
  };
  return { fs, mounts: resolved, groupsOf };
}

/** Groups the image's /etc/group lists the user in (they join the process's groups). */
function imageGroupsOf(fs: FsDir, uid: number): number[] {
  const etc = fs.c['etc'] as FsDir | undefined;
  const passwd = etc?.c['passwd'];
  const group = etc?.c['group'];
  if (passwd?.t !== 'f' || group?.t !== 'f') return [];
  const user = passwd.d.split('\n').map((l) => l.split(':')).find((f) => f[2] === String(uid))?.[0];
  if (!user) return [];
  return group.d
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => (f[3] ?? '').split(',').includes(user))
    .map((f) => Number(f[2]));
}
