// The virtual filesystem of a container: a tree of plain JSON nodes (the image's
// files copied at start, changed by the processes), with volumes mounted at
// paths (an emptyDir's tree is shared by every container of the pod) and a /proc
// synthesised from the process table. Never touches the host.

export interface FsMeta {
  mode: number; // permission bits incl. setuid/setgid/sticky
  uid: number;
  gid: number;
  mtime: number;
}
export interface FsDir extends FsMeta {
  t: 'd';
  c: Record<string, FsNode>;
}
export interface FsFile extends FsMeta {
  t: 'f';
  d: string;
}
export interface FsLink extends FsMeta {
  t: 'l';
  to: string;
}
export type FsNode = FsDir | FsFile | FsLink;

export interface Mount {
  path: string;
  /** Key of the tree in the pod's volume table. */
  volume: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface Identity {
  uid: number;
  gid: number;
  groups: number[];
}

const ERRNO: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EPERM: 'Operation not permitted',
  ENOSPC: 'No space left on device',
};

/** The largest file a container may write: more is ENOSPC (the state of a pod is stored as JSON). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** What the processes of one run may write (pipes, files, logs, /dev/null): more is a runaway (`seq 1 1000000000`). */
export const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/**
 * The character devices every container has. An endless one read to its end gives one byte more
 * than a run may pass on, so whoever copies it meets the output limit or the file limit (ENOSPC).
 */
const DEVICES: Record<string, ((bytes: number) => string) | undefined> = {
  '/dev/null': () => '',
  '/dev/zero': (bytes) => '\0'.repeat(bytes),
  '/dev/urandom': randomBytes,
  '/dev/random': randomBytes,
};
const ENDLESS_READ_BYTES = MAX_OUTPUT_BYTES + 1;

/**
 * Bytes from the simulation's own generator (the runtime never touches the host's): 7-bit, as
 * the runtime's files are text (a byte past 127 would count twice in wc -c). A block of 4 KiB
 * repeats: a long read costs no more than /dev/zero's.
 */
function randomBytes(bytes: number): string {
  const block = Array.from({ length: Math.min(bytes, 4096) }, () => String.fromCharCode(Math.floor(Math.random() * 128))).join('');
  return block.repeat(Math.ceil(bytes / Math.max(block.length, 1))).slice(0, bytes);
}

/** Bytes the filesystems of a pod may still grow by (shared by every Vfs of one run of its processes). */
export interface WriteQuota {
  left: number;
}

/** Bytes in the files of a tree. */
export function treeBytes(n: FsNode): number {
  if (n.t === 'f') return n.d.length;
  if (n.t === 'd') return Object.values(n.c).reduce((sum, c) => sum + treeBytes(c), 0);
  return 0;
}

/**
 * A failed file operation's errno. Commands meet these as answers (`cat` of a missing file: each
 * failing exec probe makes one), never as bugs, so they carry no stack trace: capturing one cost
 * more than the rest of the lookup.
 */
export class FsError extends Error {
  constructor(
    readonly code: keyof typeof ERRNO | string,
    readonly path: string,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(ERRNO[code] ?? code);
    Error.stackTraceLimit = limit;
  }
}

export function dir(mode = 0o755, uid = 0, gid = 0, mtime = 0, c: Record<string, FsNode> = {}): FsDir {
  return { t: 'd', mode, uid, gid, mtime, c };
}
export function file(d: string, mode = 0o644, uid = 0, gid = 0, mtime = 0): FsFile {
  return { t: 'f', mode, uid, gid, mtime, d };
}
export function link(to: string, mtime = 0): FsLink {
  return { t: 'l', mode: 0o777, uid: 0, gid: 0, mtime, to };
}

export function normalize(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf('/');
  return i <= 0 ? '/' : n.slice(0, i);
}
export function basename(p: string): string {
  const n = p.replace(/\/+$/, '');
  return n.slice(n.lastIndexOf('/') + 1) || '/';
}

interface Resolved {
  node: FsNode | undefined;
  parent: FsDir;
  name: string;
  path: string;
  readOnly: boolean;
}

/** A synthetic file provider (e.g. /proc): returns content, or a directory listing. */
export type Synth = (path: string) => { file?: string; dir?: string[]; link?: string } | undefined;

export class Vfs {
  constructor(
    readonly root: FsDir,
    /** The pod's volumes by name (the mounts name them). */
    readonly volumes: (name: string) => FsDir | undefined,
    readonly mounts: Mount[],
    readonly who: Identity,
    readonly now: () => number,
    readonly synth?: Synth,
    /** When given, writes beyond it fail with ENOSPC (a runaway `cat f >> f` ends). */
    readonly quota?: WriteQuota,
  ) {}

  /** Told before anything in the trees changes (the runtime keeps a root filesystem nothing changed out of storage). */
  onChange?: () => void;

  /** Counts `grow` new bytes against the quota; a file over MAX_FILE_BYTES or a spent quota is ENOSPC. */
  private charge(abs: string, grow: number, size: number): void {
    if (size > MAX_FILE_BYTES || (this.quota && grow > this.quota.left)) throw new FsError('ENOSPC', abs);
    if (this.quota && grow > 0) this.quota.left -= grow;
  }

  private mountAt(path: string): { tree: FsDir; readOnly: boolean } | undefined {
    for (let i = this.mounts.length - 1; i >= 0; i--) {
      const m = this.mounts[i]!;
      if (m.path === path) {
        const found = this.volumes(m.volume);
        if (!found) continue;
        let tree: FsDir = found;
        if (m.subPath) {
          for (const part of m.subPath.split('/').filter(Boolean)) {
            let next = tree.c[part];
            if (!next) tree.c[part] = next = dir(0o777, 0, 0, this.now());
            if (next.t !== 'd') break;
            tree = next;
          }
        }
        return { tree, readOnly: !!m.readOnly };
      }
    }
    return undefined;
  }

  /** Walks to `path`; the last component is followed when it is a symlink and `follow` is set. */
  resolve(path: string, cwd: string, follow = true, depth = 0): Resolved {
    if (depth > 40) throw new FsError('ELOOP', path);
    const abs = normalize(path, cwd);
    const parts = abs.split('/').filter(Boolean);
    let cur: FsDir = this.mountAt('/')?.tree ?? this.root;
    let readOnly = false;
    let here = '';
    if (parts.length === 0) return { node: cur, parent: cur, name: '', path: '/', readOnly };
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const last = i === parts.length - 1;
      const childPath = `${here}/${name}`;
      const m = this.mountAt(childPath);
      let node: FsNode | undefined = m ? m.tree : cur.c[name];
      if (m) readOnly = m.readOnly;
      if (node && node.t === 'l' && (!last || follow)) {
        const target = node.to.startsWith('/') ? node.to : `${here || '/'}/${node.to}`;
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(rest ? `${target}/${rest}` : target, '/', follow, depth + 1);
      }
      if (last) return { node, parent: cur, name, path: childPath, readOnly };
      if (!node) throw new FsError('ENOENT', abs);
      if (node.t !== 'd') throw new FsError('ENOTDIR', abs);
      if (!this.canExec(node)) throw new FsError('EACCES', abs);
      cur = node;
      here = childPath;
    }
    throw new FsError('ENOENT', abs);
  }

  private perm(n: FsMeta, bit: number): boolean {
    const w = this.who;
    if (w.uid === 0) return bit !== 1 || (n.mode & 0o111) !== 0 || true;
    if (n.uid === w.uid) return ((n.mode >> 6) & bit) !== 0;
    if (n.gid === w.gid || w.groups.includes(n.gid)) return ((n.mode >> 3) & bit) !== 0;
    return (n.mode & bit) !== 0;
  }
  canRead(n: FsMeta): boolean {
    return this.perm(n, 4);
  }
  canWrite(n: FsMeta): boolean {
    return this.perm(n, 2);
  }
  canExec(n: FsMeta): boolean {
    return this.perm(n, 1);
  }

  private synthLookup(abs: string) {
    return this.synth && (abs === '/proc' || abs.startsWith('/proc/')) ? this.synth(abs) : undefined;
  }

  stat(path: string, cwd: string, follow = true): FsNode | undefined {
    const abs = normalize(path, cwd);
    if (abs in DEVICES) return file('', 0o666, 0, 0, this.now());
    const s = this.synthLookup(abs);
    if (s) {
      if (s.dir) return dir(0o555, 0, 0, this.now());
      if (s.link !== undefined) return follow ? this.stat(s.link, '/', true) : link(s.link);
      return file(s.file ?? '', 0o444, 0, 0, this.now());
    }
    try {
      return this.resolve(abs, '/', follow).node;
    } catch {
      return undefined;
    }
  }

  /** A file's content; `max` bounds a read from an endless device (dd's count, head -c). */
  readFile(path: string, cwd: string, max?: number): string {
    const abs = normalize(path, cwd);
    const device = DEVICES[abs];
    if (device) return device(Math.min(max ?? ENDLESS_READ_BYTES, ENDLESS_READ_BYTES));
    const s = this.synthLookup(abs);
    if (s) {
      if (s.dir) throw new FsError('EISDIR', abs);
      if (s.link !== undefined) return this.readFile(s.link, '/');
      return s.file ?? '';
    }
    const r = this.resolve(abs, '/');
    if (!r.node) throw new FsError('ENOENT', abs);
    if (r.node.t === 'd') throw new FsError('EISDIR', abs);
    if (r.node.t !== 'f') throw new FsError('ENOENT', abs);
    if (!this.canRead(r.node)) throw new FsError('EACCES', abs);
    return r.node.d;
  }

  readdir(path: string, cwd: string): string[] {
    const abs = normalize(path, cwd);
    const s = this.synthLookup(abs);
    if (s) {
      if (!s.dir) throw new FsError('ENOTDIR', abs);
      return s.dir;
    }
    const r = this.resolve(abs, '/');
    if (!r.node) throw new FsError('ENOENT', abs);
    if (r.node.t !== 'd') throw new FsError('ENOTDIR', abs);
    if (!this.canRead(r.node)) throw new FsError('EACCES', abs);
    const names = new Set(Object.keys(r.node.c));
    if (abs === '/' && this.synth) names.add('proc');
    if (abs === '/dev') for (const d of Object.keys(DEVICES)) names.add(basename(d));
    for (const m of this.mounts) {
      if (dirname(m.path) === abs && m.path !== '/') names.add(basename(m.path));
    }
    return [...names].sort();
  }

  writeFile(path: string, cwd: string, data: string, append = false): void {
    const abs = normalize(path, cwd);
    if (abs in DEVICES) return; // writes to null, zero and random devices are taken and dropped
    if (abs === '/dev/stdout' || abs === '/dev/stderr' || abs.startsWith('/proc/')) return;
    this.onChange?.();
    const r = this.resolve(abs, '/');
    if (r.node && r.node.t === 'd') throw new FsError('EISDIR', abs);
    if (r.readOnly) throw new FsError('EROFS', abs);
    const now = this.now();
    if (r.node && r.node.t === 'f') {
      if (!this.canWrite(r.node)) throw new FsError('EACCES', abs);
      const size = append ? r.node.d.length + data.length : data.length;
      this.charge(abs, size - r.node.d.length, size);
      r.node.d = append ? r.node.d + data : data;
      r.node.mtime = now;
      return;
    }
    if (!this.canWrite(r.parent)) throw new FsError('EACCES', abs);
    this.charge(abs, data.length, data.length);
    const gid = r.parent.mode & 0o2000 ? r.parent.gid : this.who.gid;
    r.parent.c[r.name] = file(data, 0o644, this.who.uid, gid, now);
    r.parent.mtime = now;
  }

  mkdir(path: string, cwd: string, parents = false, mode = 0o755): void {
    const abs = normalize(path, cwd);
    if (parents) {
      const parts = abs.split('/').filter(Boolean);
      for (let i = 1; i <= parts.length; i++) {
        const p = '/' + parts.slice(0, i).join('/');
        const n = this.stat(p, '/');
        if (n && n.t === 'd') continue;
        if (n) throw new FsError('EEXIST', p);
        this.mkdir(p, '/', false, mode);
      }
      return;
    }
    this.onChange?.();
    const r = this.resolve(abs, '/');
    if (r.node) throw new FsError('EEXIST', abs);
    if (r.readOnly) throw new FsError('EROFS', abs);
    if (!this.canWrite(r.parent)) throw new FsError('EACCES', abs);
    const setgid = r.parent.mode & 0o2000;
    r.parent.c[r.name] = dir(mode | (setgid ? 0o2000 : 0), this.who.uid, setgid ? r.parent.gid : this.who.gid, this.now());
  }

  remove(path: string, cwd: string, recursive = false): void {
    const abs = normalize(path, cwd);
    this.onChange?.();
    const r = this.resolve(abs, '/', false);
    if (!r.node) throw new FsError('ENOENT', abs);
    if (r.readOnly) throw new FsError('EROFS', abs);
    if (r.node.t === 'd' && !recursive) throw new FsError('EISDIR', abs);
    if (!this.canWrite(r.parent)) throw new FsError('EACCES', abs);
    delete r.parent.c[r.name];
    r.parent.mtime = this.now();
  }

  rmdir(path: string, cwd: string): void {
    const abs = normalize(path, cwd);
    this.onChange?.();
    const r = this.resolve(abs, '/', false);
    if (!r.node) throw new FsError('ENOENT', abs);
    if (r.node.t !== 'd') throw new FsError('ENOTDIR', abs);
    if (Object.keys(r.node.c).length) throw new FsError('ENOTEMPTY', abs);
    delete r.parent.c[r.name];
  }

  /** Places a copy of `node` at `path` (cp, mv). */
  put(path: string, cwd: string, node: FsNode): void {
    const abs = normalize(path, cwd);
    this.onChange?.();
    const r = this.resolve(abs, '/');
    if (r.readOnly) throw new FsError('EROFS', abs);
    if (!this.canWrite(r.parent)) throw new FsError('EACCES', abs);
    const bytes = treeBytes(node);
    this.charge(abs, bytes, node.t === 'f' ? bytes : 0);
    r.parent.c[r.name] = node;
  }

  lookup(path: string, cwd: string, follow = true): FsNode | undefined {
    try {
      return this.resolve(path, cwd, follow).node;
    } catch {
      return undefined;
    }
  }
}

/** Builds a tree from a flat description: `{ '/etc/passwd': 'root:x:0:0...' }`; directories end in `/`. */
export function buildTree(entries: Record<string, string | FsNode>, mtime: number): FsDir {
  const root = dir(0o755, 0, 0, mtime);
  for (const [path, value] of Object.entries(entries)) {
    const parts = path.split('/').filter(Boolean);
    let cur = root;
    const isDir = path.endsWith('/');
    const upto = isDir ? parts.length : parts.length - 1;
    for (let i = 0; i < upto; i++) {
      const name = parts[i]!;
      let next = cur.c[name];
      if (!next || next.t !== 'd') cur.c[name] = next = dir(0o755, 0, 0, mtime);
      cur = next;
    }
    if (isDir) {
      if (typeof value !== 'string') Object.assign(cur, value, { c: cur.c });
      continue;
    }
    const name = parts[parts.length - 1]!;
    cur.c[name] = typeof value === 'string' ? file(value, 0o644, 0, 0, mtime) : { ...value, mtime: value.mtime || mtime };
  }
  return root;
}
