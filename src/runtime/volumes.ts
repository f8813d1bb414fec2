// A pod's volume trees, and the ones left out of its stored state. A projected volume (the
// service-account volume every pod has: token, ca.crt, namespace) is ~3 KB of files the kubelet
// makes from cluster objects; the pod keeps only how they are made (a VolumeRecipe), and the tree
// is made, the same to the byte, mode and time, when a process first walks into it (and again
// after the record was stored, while nothing can have changed it). Files that came from cluster objects (the token, the CA) are kept as
// references the kubelet resolves (`registerDerivedFiles`): the runtime never reads the store.
//
// Why a registered resolver rather than the kubelet filling the volumes in before each use:
// every caller that runs a pod's processes (the kubelet's syncs, exec, attach, logs, the pod
// network, `kubesim ssh`) would have to fill them in, and each would sign a token that almost
// never gets read; a resolver asked only when a process opens the volume costs nothing otherwise,
// as the cluster network the runtime's pods see (network.ts) is registered the same way.
import { dateString } from './applets.js';
import { buildTree, dir, file, link, treeBytes, type FsDir } from './fs.js';
import { hostDir } from './node-fs.js';
import type { DerivedFile, PodRt, VolumeRecipe } from './types.js';

export type { DerivedFile, VolumeRecipe } from './types.js';

/** What a configMap/secret/downwardAPI/projected volume holds (VolumeSpec in index.ts). */
interface VolumeFiles {
  /** Path → content, or how the kubelet makes the content (a file made from cluster objects). */
  files?: Record<string, string | DerivedFile>;
  mode?: number;
  fsGroup?: number;
}

/** How the cluster side makes a derived file: its text, and its length without making it (a token's length is known before it is signed). */
export interface DerivedFiles {
  text(f: DerivedFile): string;
  length(f: DerivedFile): number;
}

let resolveDerived: DerivedFiles | undefined;

/** The cluster side (the kubelet) tells the runtime how to make a derived file's text again. */
export function registerDerivedFiles(resolve: DerivedFiles | undefined): void {
  resolveDerived = resolve;
}

function resolver(path: string, f: DerivedFile): DerivedFiles {
  if (!resolveDerived) throw new Error(`kubesim: no cluster to make the volume file ${path} from (${f.from})`);
  return resolveDerived;
}

/** configMap/secret layout: `..<timestamp>/` holds the files, `..data` points at it, each key links through `..data`. */
export function volumeTree(v: { files?: Record<string, string>; mode?: number; fsGroup?: number }, now: number): FsDir {
  const gid = v.fsGroup ?? 0;
  if (!v.files) return dir(v.fsGroup !== undefined ? 0o2777 : 0o777, 0, gid, now);
  const stamp = '..' + dateString(now, '%Y_%m_%d_%H_%M_%S') + '.' + String(now % 1000).padStart(3, '0') + '000000';
  const inner = buildTree(Object.fromEntries(Object.entries(v.files).map(([p, d]) => [p, file(d, v.mode ?? 0o644, 0, gid, now)])), now);
  const setOwn = (n: FsDir) => {
    n.gid = gid;
    n.mode = v.fsGroup !== undefined ? 0o2755 : 0o755;
    for (const c of Object.values(n.c)) if (c.t === 'd') setOwn(c);
  };
  setOwn(inner);
  const root = dir(v.fsGroup !== undefined ? 0o3777 : 0o1777, 0, gid, now, { [stamp]: inner, '..data': link(stamp, now) });
  for (const top of Object.keys(inner.c)) root.c[top] = link(`..data/${top}`, now);
  return root;
}

/**
 * How to make the volume, for one with files made from cluster objects (undefined for others): the
 * volume is made from it only when a process reaches it, so a token nobody reads is never signed.
 */
export function volumeRecipe(v: VolumeFiles, now: number): VolumeRecipe | undefined {
  const entries = Object.entries(v.files ?? {});
  if (entries.every(([, f]) => typeof f === 'string')) return undefined;
  let bytes = 0;
  for (const [path, f] of entries) bytes += typeof f === 'string' ? f.length : resolver(path, f).length(f);
  return { at: now, files: { ...v.files }, bytes, ...(v.mode !== undefined ? { mode: v.mode } : {}), ...(v.fsGroup !== undefined ? { fsGroup: v.fsGroup } : {}) };
}

function recipeTree(r: VolumeRecipe): FsDir {
  const files: Record<string, string> = {};
  for (const [path, f] of Object.entries(r.files)) files[path] = typeof f === 'string' ? f : resolver(path, f).text(f);
  return volumeTree({ files, ...(r.mode !== undefined ? { mode: r.mode } : {}), ...(r.fsGroup !== undefined ? { fsGroup: r.fsGroup } : {}) }, r.at);
}

/** Volume trees left out of storage, kept while this process holds the pod's runtime state (as for root filesystems). */
const releasedVolumes = new WeakMap<PodRt, Record<string, FsDir>>();

/** The volume `name`, made again from its recipe if it was left out. */
function volumeOf(pod: PodRt, name: string): FsDir {
  let tree = pod.volumes[name];
  if (!tree) {
    tree = releasedVolumes.get(pod)?.[name] ?? recipeTree(pod.recipes![name]!);
    pod.volumes[name] = tree;
  }
  return tree;
}

/** A pod's volumes as a file view finds them, by name (undefined: no such volume). */
export type VolumeLookup = (name: string) => FsDir | undefined;

/**
 * The pod's volume trees, hostPath volumes included (from the attached node filesystem, created
 * on first use). A volume left out of storage is made again only when a process reaches it.
 */
export function podVolumes(pod: PodRt, now: number): VolumeLookup {
  const own: VolumeLookup = (name) => pod.volumes[name] ?? (pod.recipes?.[name] ? volumeOf(pod, name) : undefined);
  if (!pod.hostPaths) return own;
  const hosts: Record<string, FsDir> = {};
  for (const [name, path] of Object.entries(pod.hostPaths)) {
    const tree = pod.host ? hostDir(pod.host, path, now) : undefined;
    hosts[name] = tree ?? (pod.volumes[name] ??= dir(0o755, 0, 0, now));
  }
  return (name) => hosts[name] ?? own(name);
}

/** Bytes in the files of the pod's volumes (a volume left out counts what its recipe makes, without making it). */
export function podVolumeBytes(pod: PodRt, now: number): number {
  const volume = podVolumes(pod, now);
  const names = new Set([...Object.keys(pod.volumes), ...Object.keys(pod.recipes ?? {}), ...Object.keys(pod.hostPaths ?? {})]);
  let bytes = 0;
  for (const name of names) {
    const recipe = pod.recipes?.[name];
    bytes += recipe && !pod.volumes[name] ? recipe.bytes : treeBytes(volume(name)!);
  }
  return bytes;
}

/**
 * Leaves out of storage the volumes that can be made again and that nothing can have changed:
 * every mount of them is read-only and has no subPath (a subPath is made inside the volume). One
 * mounted writable is stored as a tree from then on.
 */
export function releaseVolumes(pod: PodRt): void {
  if (!pod.recipes) return;
  const writable = (name: string) => Object.values(pod.containers).some((c) => c.mounts.some((m) => m.volume === name && (!m.readOnly || m.subPath)));
  for (const name of Object.keys(pod.recipes)) {
    if (writable(name)) {
      volumeOf(pod, name);
      delete pod.recipes[name];
      continue;
    }
    const tree = pod.volumes[name];
    if (!tree) continue;
    const kept = releasedVolumes.get(pod) ?? {};
    kept[name] = tree;
    releasedVolumes.set(pod, kept);
    delete pod.volumes[name];
  }
  if (!Object.keys(pod.recipes).length) delete pod.recipes;
}

/**
 * What the pod's volumes hold, the same whether a volume with a recipe is left out of storage or
 * made again (for the kubelet's crash-loop signature): the other trees, and the recipes. For a
 * record without recipes (written before them) it is the volumes' JSON, as the signature was.
 */
export function volumesSignature(pod: PodRt): string {
  const recipes = pod.recipes;
  if (!recipes) return JSON.stringify(pod.volumes);
  const trees = Object.fromEntries(Object.entries(pod.volumes).filter(([name]) => !recipes[name]));
  return JSON.stringify([trees, recipes]);
}
