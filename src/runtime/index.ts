// The container runtime the kubelet calls: a pod's containers as process trees
// interpreted in simulated time, over per-container filesystems and shared
// volumes. All state is the PodRt value (plain JSON) the caller stores.
import { clusterNetwork, lookupHost } from './network.js';
import { argvNode, type Node } from './sh/ast.js';
import { incompleteScript, parseScript, ShSyntaxError } from './sh/parse.js';
import { Interp, newShell, SUSPEND, type Kernel, type PsEntry, type Runaway, MAX_DEPTH, MAX_OUTPUT_BYTES, MAX_STEPS, MAX_WORD_BYTES } from './sh/interp.js';
import { APPLETS, dateString } from './applets.js';
import { Vfs, type FsDir, type Mount, type Identity, type Synth, type WriteQuota, treeBytes } from './fs.js';
import { imageVolumeFs, hasProgram, imageEnv, imageProgram, nginxEntryLines, WEB_PAGES } from './catalog.js';
import type { Buf, ContainerRt, DerivedFile, Io, LogLine, PodEtcFiles, PodRt, Proc, VolumeRecipe } from './types.js';
import { podVolumeBytes, podVolumes, releaseVolumes, volumeRecipe, volumeTree, type VolumeLookup } from './volumes.js';
import { normalizeImage, repositoryOf } from './images.js';
import { imageRoot } from './image-root.js';
import { capabilityMask, capsHex, procStatus, userNamespaceProc, type CapabilitySpec, type UserNamespace } from './proc-status.js';
import { windowsEnv, windowsProgram, type WindowsContainer } from './windows.js';

/** `registry.k8s.io/etcd:3.5.16-0` → `etcd`. */
function imageBaseName(image: string): string {
  const repo = repositoryOf(normalizeImage(image));
  return repo.slice(repo.lastIndexOf('/') + 1);
}

export type { PodRt, ContainerRt, LogLine, DerivedFile } from './types.js';
export { registerDerivedFiles, volumesSignature } from './volumes.js';
export { parseSize } from './applets.js';

/** Log lines kept per container instance (older ones are rotated away). */
const MAX_LOG_LINES = 10_000;
const SIGNUM: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15 };

export interface VolumeSpec {
  name: string;
  /**
   * Files of a configMap/secret/downwardAPI/projected/token volume: path → content, or how the
   * kubelet makes a file from cluster objects (the volume is then made only when a process reaches
   * it, and left out of storage while unchanged: volumes.ts).
   */
  files?: Record<string, string | DerivedFile>;
  /** File mode of those files (defaultMode, 0644 when unset). */
  mode?: number;
  /** Group owner (fsGroup) of the volume's files and directory. */
  fsGroup?: number;
  /** A hostPath volume: this directory of the node's filesystem. */
  hostPath?: string;
  /** An image volume (ImageVolume gate): the filesystem of this image, read-only. */
  image?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: [string, string][];
  workingDir?: string;
  runAsUser?: number;
  runAsGroup?: number;
  supplementalGroups?: number[];
  mounts: Mount[];
  memLimitBytes?: number;
  /** securityContext capabilities (add/drop, privileged): the process's capability sets. */
  capabilities?: CapabilitySpec;
  /** allowPrivilegeEscalation: false. */
  noNewPrivs?: boolean;
  /** A seccomp profile applies (RuntimeDefault / Localhost). */
  seccomp?: boolean;
  /** Set for a container on a Windows node (runtime/windows.ts). */
  windows?: WindowsContainer;
  /** `stdin: true`: the main process's stdin stays open for `kubectl attach -i` (writeStdin). */
  stdin?: boolean;
  /** The container whose PID namespace this one joins (an ephemeral container's targetContainerName). */
  pidNamespaceOf?: string;
}

export function newPod(opts: { hostname: string; ip: string; sharePid?: boolean; volumes: VolumeSpec[]; now: number; userns?: UserNamespace; etc?: PodEtcFiles }): PodRt {
  const volumes: Record<string, FsDir> = {};
  const hostPaths: Record<string, string> = {};
  const recipes: Record<string, VolumeRecipe> = {};
  for (const v of opts.volumes) {
    if (v.hostPath !== undefined) hostPaths[v.name] = v.hostPath;
    else if (v.image !== undefined) volumes[v.name] = imageVolumeFs(v.image, opts.hostname, opts.now);
    else {
      const recipe = volumeRecipe(v, opts.now);
      if (recipe) recipes[v.name] = recipe;
      else volumes[v.name] = volumeTree(v as { files?: Record<string, string> }, opts.now);
    }
  }
  const pod: PodRt = { hostname: opts.hostname, ip: opts.ip, sharePid: !!opts.sharePid, nextPid: opts.sharePid ? 2 : 1, volumes, containers: {}, procs: [] };
  if (Object.keys(hostPaths).length) pod.hostPaths = hostPaths;
  if (Object.keys(recipes).length) pod.recipes = recipes;
  if (opts.userns) pod.userns = opts.userns;
  if (opts.etc && (opts.etc.hosts !== undefined || opts.etc.resolv !== undefined)) pod.etc = opts.etc;
  return pod;
}

function resolveArgv(spec: ContainerSpec): string[] {
  const img = imageProgram(spec.image);
  const entry = spec.command ?? img?.entrypoint ?? [];
  const cmd = spec.args ?? (spec.command ? [] : (img?.cmd ?? []));
  return [...entry, ...cmd];
}

function homeOf(fs: FsDir, uid: number): string {
  const passwd = (fs.c['etc'] as FsDir | undefined)?.c['passwd'];
  if (passwd?.t === 'f') {
    for (const line of passwd.d.split('\n')) {
      const f = line.split(':');
      if (f[2] === String(uid)) return f[5] ?? '/';
    }
  }
  return '/';
}

/**
 * A container's root filesystem. One that nothing changed since the start is not stored with the
 * pod (releaseRootFs): it is the image's again, rebuilt here (the mount points at their resolved
 * paths are made the same way).
 */
export function rootFs(pod: PodRt, c: ContainerRt): FsDir {
  c.fs ??= releasedRoots.get(c) ?? imageRoot(pod, c.image, c.mounts, c.fsAt ?? c.startedAt).fs;
  return c.fs;
}

/**
 * Root filesystems left out of storage, kept while this process holds their container: the
 * kubelet keeps a pod's runtime state in place from sync to sync, so a later sync (an exec probe)
 * takes the tree back instead of building it again. Nothing else holds a released tree, so it is
 * still the image's as the container started.
 */
const releasedRoots = new WeakMap<ContainerRt, FsDir>();

/** A view of a container's files; writes through it mark its root filesystem changed (kept in storage). */
function containerVfs(pod: PodRt, c: ContainerRt, volumes: VolumeLookup, who: Identity, now: () => number, synth?: Synth, quota?: WriteQuota): Vfs {
  const v = new Vfs(rootFs(pod, c), volumes, c.mounts, who, now, synth, quota);
  v.onChange = () => {
    c.fsChanged = true;
  };
  return v;
}

/**
 * Leaves out of the pod's stored state the root filesystems nothing changed since their
 * container started (2.5 KB and more each): rootFs makes them again when they are used; and the
 * volumes that can be made again (releaseVolumes).
 */
export function releaseRootFs(pod: PodRt): void {
  releaseVolumes(pod);
  for (const c of Object.values(pod.containers)) {
    if (c.fs && c.fsAt !== undefined && !c.fsChanged && !c.win) {
      releasedRoots.set(c, c.fs);
      delete c.fs;
    }
  }
}

/** Starts (or restarts) a container; returns a start error text when the program cannot run. */
export function startContainer(pod: PodRt, spec: ContainerSpec, now: number): { error?: string } {
  const old = pod.containers[spec.name];
  if (old) stopContainerProcs(pod, spec.name);
  const img = imageProgram(spec.image);
  const { fs, mounts, groupsOf } = imageRoot(pod, spec.image, spec.mounts, now);
  const uid = spec.runAsUser ?? img?.uid ?? 0;
  const who: Identity = { uid, gid: spec.runAsGroup ?? img?.gid ?? 0, groups: [...(spec.supplementalGroups ?? []), ...groupsOf(uid)].filter((g, i, a) => a.indexOf(g) === i) };
  const c: ContainerRt = {
    name: spec.name,
    image: spec.image,
    startedAt: now,
    now,
    pid1: 0,
    fs,
    fsAt: now,
    mounts,
    env: [...imageEnv(spec.image).filter(([k]) => !spec.env.some(([e]) => e === k)), ...spec.env],
    who,
    workingDir: spec.workingDir ?? img?.workingDir ?? '/',
    logs: [],
    dropped: 0,
    ...(spec.memLimitBytes ? { memLimit: spec.memLimitBytes } : {}),
    ...(spec.capabilities ? { caps: capsHex(capabilityMask(spec.capabilities)) } : {}),
    ...(spec.noNewPrivs ? { noNewPrivs: true } : {}),
    ...(spec.seccomp ? { seccomp: true } : {}),
    ...(spec.pidNamespaceOf && pod.containers[spec.pidNamespaceOf] ? { pidNs: spec.pidNamespaceOf } : {}),
    nextPid: 1,
  };
  if (spec.windows) {
    c.win = spec.windows;
    c.env = [...windowsEnv(spec.windows, pod.hostname).filter(([k]) => !spec.env.some(([e]) => e === k)), ...spec.env];
  }
  pod.containers[spec.name] = c;
  let argv = resolveArgv(spec);
  // The images' entrypoint scripts end by exec'ing their arguments.
  if (/^\/?docker-entrypoint\.sh$/.test(argv[0] ?? '') && argv.length > 1) argv = argv.slice(1);
  // An image kubesim does not know runs its (unknown) entrypoint: a program named after the image, serving until stopped.
  if (argv.length === 0 && !imageProgram(spec.image)) argv = [imageBaseName(spec.image)];
  if (argv.length === 0) return { error: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown' };
  // `sh -c 'one simple command'`: busybox sh execs it directly (ps shows the command as PID 1).
  let node: Node = argvNode(argv);
  if (/^(\/bin\/)?(sh|bash)$/.test(argv[0]!) && argv[1] === '-c' && argv.length === 3) {
    const simple = simpleCommand(argv[2]!);
    if (simple) {
      argv = simple;
      node = argvNode(argv);
    }
  }
  const name = argv[0]!;
  const base = name.slice(name.lastIndexOf('/') + 1);
  const known = imageProgram(spec.image) !== undefined;
  if (known && !APPLETS[name] && !APPLETS[base] && !hasProgram(spec.image, base, () => false) && base !== 'sleep' && !isShellBuiltinProgram(base)) {
    return {
      error: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${name}": executable file not found in $PATH: unknown`,
    };
  }
  const pid = allocPid(pod, c);
  const vars: Record<string, string> = {};
  for (const [k, v] of c.env) vars[k] = v;
  if (!c.win) {
    vars['HOSTNAME'] ??= pod.hostname;
    vars['HOME'] ??= homeOf(fs, uid);
  }
  const proc: Proc = {
    pid,
    ppid: 0,
    argv,
    container: spec.name,
    who,
    start: now,
    now,
    sh: newShell(node, { vars, exported: Object.keys(vars), cwd: c.workingDir, arg0: argv[0] }),
    memBytes: 512 * 1024,
    cpuMilli: 0,
  };
  if (spec.stdin) proc.sh.bufs['stdin'] = { d: '', p: 0, open: 1 };
  if (base === 'nginx' || (name === '/docker-entrypoint.sh' && argv.includes('nginx'))) {
    for (const l of nginxEntryLines()) c.logs.push({ t: now, s: 1, x: l });
  }
  c.pid1 = pid;
  pod.procs.push(proc);
  return {};
}

/** Scripts seen by simpleCommand: a crash-looping container starts the same one again and again. */
const simpleCommands = new Map<string, string[] | null>();

/** The words of a script that is one simple command of plain words (`sleep 3600`), else undefined. */
function simpleCommand(script: string): string[] | undefined {
  let words = simpleCommands.get(script);
  if (words === undefined) {
    words = null;
    try {
      const prog = parseScript(script);
      const only = prog.t === 'list' && prog.items.length === 1 && !prog.items[0]!.bg ? prog.items[0]!.node : undefined;
      if (only && only.t === 'cmd' && !only.assigns.length && !only.redirs.length && only.words.every((w) => w.every((p) => p.t === 'lit' || p.t === 'sq'))) {
        words = only.words.map((w) => w.map((p) => (p as { v: string }).v).join(''));
      }
    } catch (e) {
      if (!(e instanceof ShSyntaxError)) throw e;
    }
    if (simpleCommands.size >= 1000) simpleCommands.clear();
    simpleCommands.set(script, words);
  }
  return words ? [...words] : undefined;
}

function isShellBuiltinProgram(n: string): boolean {
  return ['true', 'false', 'echo', 'printf', 'kill', 'test', '['].includes(n);
}

function allocPid(pod: PodRt, c: ContainerRt): number {
  if (pod.sharePid) return pod.nextPid++;
  return pidNamespaceOwner(pod, c).nextPid++;
}

/** The container whose PID namespace `c` is in: itself, or the one it joined (pidNamespaceOf). */
function pidNamespaceOwner(pod: PodRt, c: ContainerRt): ContainerRt {
  return (c.pidNs && pod.containers[c.pidNs]) || c;
}

/** Whether processes of containers `a` and `b` see each other (one PID namespace). */
function samePidNamespace(pod: PodRt, a: string, b: string): boolean {
  if (pod.sharePid || a === b) return true;
  const ns = (name: string) => pod.containers[name]?.pidNs ?? name;
  return ns(a) === ns(b);
}

function stopContainerProcs(pod: PodRt, name: string): void {
  pod.procs = pod.procs.filter((p) => p.container !== name);
}

/** An in-place resize: the container's memory limit (cgroup memory.max) changes, its processes run on. */
export function resizeContainer(pod: PodRt, name: string, memLimitBytes: number | undefined): void {
  const c = pod.containers[name];
  if (!c) return;
  if (memLimitBytes) c.memLimit = memLimitBytes;
  else delete c.memLimit;
}

/** What a container did while being advanced. */
export interface ContainerExit {
  at: number;
  code: number;
  reason: 'Completed' | 'Error' | 'OOMKilled';
}

/**
 * Bounds of one run of a pod's processes, so that no command costs more than a
 * few seconds and megabytes: live processes per container (a container's pids
 * limit), background processes started one inside another (each runs on the
 * JS stack), processes started in all, and bytes written to filesystems.
 */
export const RUN_LIMITS = { pids: 1024, nesting: 48, forks: 2000, podFsBytes: 8 * 1024 * 1024 };


/**
 * The bytes a run of the pod's processes may still write, measured when the run first changes a
 * file: the files as they were before any change (what measuring at the run's first file access
 * gave), without rebuilding the released root filesystems for a run that only reads.
 */
class PodQuota implements WriteQuota {
  private bytesLeft?: number;
  constructor(private readonly bytesFree: () => number) {}
  measure(): void {
    this.bytesLeft ??= this.bytesFree();
  }
  get left(): number {
    this.measure();
    return this.bytesLeft!;
  }
  set left(n: number) {
    this.bytesLeft = n;
  }
}

class PodKernel implements Kernel {
  writes = 0;
  budget = 0;
  capture: { s: 1 | 2; x: string }[] | undefined;
  runaway?: Runaway;
  depth = 0;
  written = 0;
  private forks = 0;
  private nesting = 0;
  private quota?: PodQuota;

  constructor(readonly pod: PodRt) {}

  container(proc: Proc): ContainerRt {
    return this.pod.containers[proc.container]!;
  }

  vfs(proc: Proc): Vfs {
    const c = this.container(proc);
    const volumes = podVolumes(this.pod, proc.now);
    // What the pod's files may still grow by (they are stored with the cluster's state); measured once a run.
    const quota = (this.quota ??= new PodQuota(() => RUN_LIMITS.podFsBytes - Object.values(this.pod.containers).reduce((n, x) => n + treeBytes(rootFs(this.pod, x)), podVolumeBytes(this.pod, proc.now))));
    const v = containerVfs(this.pod, c, volumes, proc.who, () => proc.now, (path) => this.procfs(proc, path), quota);
    const changed = v.onChange;
    v.onChange = () => {
      quota.measure();
      changed?.();
    };
    return v;
  }

  private procfs(viewer: Proc, path: string): { file?: string; dir?: string[]; link?: string } | undefined {
    const parts = path.split('/').filter(Boolean).slice(1);
    const visible = this.processes(viewer);
    if (parts.length === 0) return { dir: [...visible.map((p) => String(p.pid)), 'cpuinfo', 'meminfo', 'self', 'uptime'] };
    const [first, second, ...rest] = parts as [string, string | undefined, ...string[]];
    if (first === 'uptime') return { file: `${((viewer.now - this.container(viewer).startedAt) / 1000).toFixed(2)} 0.00\n` };
    if (first === 'meminfo') return { file: 'MemTotal:        8148236 kB\nMemFree:         4208764 kB\nMemAvailable:    6326244 kB\n' };
    if (first === 'cpuinfo') return { file: [0, 1, 2, 3].map((i) => `processor\t: ${i}\nmodel name\t: kubesim virtual CPU\n`).join('\n') };
    const pid = first === 'self' ? (viewer.fg?.pid ?? viewer.pid) : Number(first);
    const entry = visible.find((p) => p.pid === pid) ?? (first === 'self' ? { pid, uid: viewer.who.uid, argv: viewer.fg?.argv ?? viewer.argv, container: viewer.container, start: viewer.now, memBytes: 0, state: 'R' as const } : undefined);
    if (!entry) return undefined;
    if (second === undefined) return { dir: ['cmdline', 'environ', 'gid_map', 'ns', 'root', 'status', 'uid_map'] };
    const ns = userNamespaceProc([second, ...rest], this.pod.userns);
    if (ns) return ns;
    if (second === 'cmdline') return { file: entry.argv.join('\0') + '\0' };
    if (second === 'root') {
      if (rest.length === 0) return { link: '/' };
      // /proc/PID/root/...: the other container's filesystem
      const other = this.pod.containers[entry.container];
      if (!other) return undefined;
      const v = containerVfs(this.pod, other, podVolumes(this.pod, viewer.now), { uid: 0, gid: 0, groups: [] }, () => viewer.now);
      const sub = '/' + rest.join('/');
      const n = v.stat(sub, '/');
      if (!n) return undefined;
      if (n.t === 'd') return { dir: v.readdir(sub, '/') };
      return { file: v.readFile(sub, '/') };
    }
    if (second === 'status') {
      const name = (entry.argv[0] ?? '').replace(/:.*$/, '').replace(/^.*\//, '').slice(0, 15);
      const proc = this.pod.procs.find((p) => p.pid === entry.pid && p.container === entry.container && !p.exit);
      const who = proc?.who ?? (first === 'self' ? viewer.who : { uid: entry.uid, gid: entry.uid, groups: [] });
      const ctr = this.pod.containers[entry.container];
      const shell = !proc || proc.transient === true || /^(sh|bash|ash|ps|cat|sleep)$/.test(name);
      return {
        file: procStatus({ name, pid: entry.pid, ppid: proc?.ppid ?? 0, who, state: entry.state, memBytes: entry.memBytes, caps: ctr?.caps, noNewPrivs: ctr?.noNewPrivs, seccomp: ctr?.seccomp, shell }),
      };
    }
    return undefined;
  }

  log(proc: Proc, stream: 1 | 2, line: string, at: number, partial?: boolean): void {
    if (proc.transient) {
      this.capture?.push({ s: stream, x: partial ? line : line + '\n' });
      return;
    }
    const c = this.container(proc);
    let i = c.logs.length;
    while (i > 0 && c.logs[i - 1]!.t > at) i--;
    c.logs.splice(i, 0, partial ? { t: at, s: stream, x: line, p: 1 } : { t: at, s: stream, x: line });
    if (c.logs.length > MAX_LOG_LINES) {
      const n = c.logs.length - MAX_LOG_LINES;
      c.logs.splice(0, n);
      c.dropped += n;
    }
  }

  dropLines(proc: Proc, n: number): void {
    if (!proc.transient) this.container(proc).dropped += n;
  }

  applet(name: string, proc: Proc) {
    const c = this.container(proc);
    if (c.win) return windowsProgram(name, c.win, c.image);
    if (name === 'hello-app') {
      return () => ({ wait: null, onTerm: 'exit0' as const, listen: [8080] });
    }
    if (name.startsWith('/') && !imageProgram(c.image)?.programs?.includes(name)) return undefined;
    if (!imageProgram(c.image)) {
      // An image kubesim does not know: its programs run until stopped.
      if (APPLETS[name]) return APPLETS[name];
      return () => ({ wait: null, onTerm: 'exit0' as const });
    }
    if (!hasProgram(c.image, name, (bin) => !!this.vfs(proc).stat(`/usr/bin/${bin}`, '/'))) return undefined;
    return APPLETS[name];
  }

  spawn(parent: Proc, node: Node, io: Io, argv: string[]): number | undefined {
    const live = this.pod.procs.filter((p) => p.container === parent.container && !p.exit).length;
    if (live >= RUN_LIMITS.pids || this.nesting >= RUN_LIMITS.nesting) return undefined;
    if (++this.forks > RUN_LIMITS.forks) {
      this.runaway = 'forks';
      return undefined;
    }
    const c = this.container(parent);
    const pid = allocPid(this.pod, c);
    const child: Proc = {
      pid,
      ppid: parent.pid,
      argv: parent.argv,
      container: parent.container,
      who: parent.who,
      start: parent.now,
      now: parent.now,
      sh: { ...newShell(node, { vars: { ...parent.sh.vars }, exported: parent.sh.exported, cwd: parent.sh.cwd, arg0: parent.sh.arg0, pos: parent.sh.pos }), funcs: { ...parent.sh.funcs } },
      memBytes: 256 * 1024,
      cpuMilli: 0,
      ...(parent.transient ? { transient: true } : {}),
    };
    void argv;
    // The child's output goes where the parent's did.
    child.sh.bufs = {};
    this.pod.procs.push(child);
    this.nesting++;
    try {
      this.runProc(child, this.budget, io.out.k === 'log' ? undefined : io);
    } finally {
      this.nesting--;
    }
    return pid;
  }

  waitPid(parent: Proc, pid: number): { at: number; code: number } | undefined | 'running' {
    const p = this.pod.procs.find((x) => x.pid === pid && x.ppid === parent.pid);
    if (!p) return undefined;
    if (p.exit) return p.exit;
    return 'running';
  }

  children(parent: Proc): number[] {
    return this.pod.procs.filter((p) => p.ppid === parent.pid && p.container === parent.container).map((p) => p.pid);
  }

  nextPid(): number {
    if (this.pod.sharePid) return this.pod.nextPid++;
    const c = this.current ?? Object.values(this.pod.containers)[0];
    return c ? allocPid(this.pod, c) : 1;
  }
  private current?: ContainerRt;
  withContainer(c: ContainerRt): void {
    this.current = c;
  }

  processes(viewer: Proc): PsEntry[] {
    const out: PsEntry[] = [];
    const procs = this.pod.procs.filter((p) => samePidNamespace(this.pod, p.container, viewer.container));
    if (this.pod.sharePid) out.push({ pid: 1, uid: 65535, argv: ['/pause'], container: '', start: 0, memBytes: 256 * 1024, state: 'S' });
    for (const p of procs) {
      if (p.exit) continue;
      out.push({ pid: p.pid, uid: p.who.uid, argv: p.argv, container: p.container, start: p.start, memBytes: p.memBytes, state: p === viewer ? 'S' : 'S' });
      for (const w of p.workers ?? []) out.push({ pid: w, uid: 101, argv: ['nginx: worker process'], container: p.container, start: p.start, memBytes: 2 * 1024 * 1024, state: 'S' });
      if (p.fg && p.fg.argv.join(' ') !== p.argv.join(' ')) out.push({ pid: p.fg.pid, uid: p.who.uid, argv: p.fg.argv, container: p.container, start: p.now, memBytes: 128 * 1024, state: p === viewer ? 'R' : 'S' });
    }
    return out.sort((a, b) => a.pid - b.pid);
  }

  signal(from: Proc, pid: number, sig: string): boolean {
    const target = this.pod.procs.find((p) => p.pid === pid && !p.exit && samePidNamespace(this.pod, p.container, from.container));
    if (!target) {
      if (this.pod.sharePid && pid === 1) return true;
      const fgOwner = this.pod.procs.find((p) => p.fg?.pid === pid && !p.exit);
      if (fgOwner) {
        if (sig !== '0') interruptForeground(fgOwner, sig);
        return true;
      }
      return !!this.pod.procs.find((p) => p.workers?.includes(pid));
    }
    if (sig === '0') return true;
    deliver(this.pod, target, sig, Math.max(from.now, target.now));
    return true;
  }

  http(from: Proc, url: string): { status: number; body: string } | { error: string } {
    return httpGet(this.pod, url, from.now);
  }

  hostname(): string {
    return this.pod.hostname;
  }

  podIp(): string {
    return this.pod.ip;
  }

  runProc(proc: Proc, until: number, io?: Io): void {
    if (proc.exit) return;
    const c = this.container(proc);
    this.current = c;
    const sh = new Interp(proc, this, until);
    const rootIo: Io = io ?? { in: proc.sh.bufs['stdin'] ? 'stdin' : null, out: { k: 'log', s: 1 }, err: { k: 'log', s: 2 } };
    const code = sh.run(rootIo);
    if (code !== undefined) {
      proc.exit = { at: proc.now, code };
      proc.sh.stack = [];
      delete proc.fg;
      for (const w of proc.workers ?? []) void w;
    }
  }
}

function interruptForeground(owner: Proc, sig: string): void {
  // A signal to the shell's foreground child: the child dies, the shell goes on.
  const stack = owner.sh.stack;
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i] as Record<string, unknown>;
    if (f['ph'] === 'wait') {
      f['until'] = owner.now;
      f['code'] = 128 + (SIGNUM[sig] ?? 15);
      break;
    }
  }
}

/** Acts on a signal to a process at `now`. */
function deliver(pod: PodRt, p: Proc, sig: string, now: number): void {
  if (p.exit) return;
  const c = pod.containers[p.container]!;
  const isInit = !pod.sharePid && p.pid === 1;
  if (sig === 'KILL') {
    p.exit = { at: now, code: 137 };
    delete p.fg;
    return;
  }
  const trap = p.sh.traps[sig];
  if (trap !== undefined) {
    if (trap === '') return; // ignored
    p.now = Math.max(p.now, now);
    p.sh.stack = [];
    try {
      p.sh.prog = parseScript(trap);
    } catch {
      p.sh.prog = parseScript('exit 1');
    }
    return;
  }
  // A daemon handles the signal itself.
  const top = [...p.sh.stack].reverse().find((f) => (f as Record<string, unknown>)['ph'] === 'wait') as Record<string, unknown> | undefined;
  const runsDaemon = top?.['onTerm'] === 'exit0' && !/^(\/bin\/)?(sh|bash|ash)$/.test(p.argv[0] ?? '');
  if (runsDaemon) {
    if (sig === 'HUP') {
      if (p.workers) p.workers = p.workers.map(() => allocPid(pod, c));
      return;
    }
    p.now = Math.max(p.now, now);
    top!['until'] = p.now + (p.argv.join(' ').includes('nginx') ? 100 : 0);
    const code = typeof top!['termCode'] === 'number' ? (top!['termCode'] as number) : 0;
    p.sh.stack = [];
    p.exit = { at: p.now + (p.argv.join(' ').includes('nginx') ? 100 : 0), code };
    return;
  }
  if (isInit) return; // PID 1 ignores signals it has no handler for
  p.exit = { at: now, code: 128 + (SIGNUM[sig] ?? 15) };
}

/** Who sends a request from outside the pod (its access-log fields). */
export interface HttpClient {
  ip: string;
  userAgent: string;
}

function httpGet(pod: PodRt, url: string, now: number, client?: HttpClient): { status: number; body: string } | { error: string } {
  const m = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!m) return { error: `bad address '${url}'` };
  const [, scheme, host, portStr, path = '/'] = m;
  const port = Number(portStr ?? (scheme === 'https' ? 443 : 80));
  const local = host === 'localhost' || host === '127.0.0.1' || host === pod.ip || host === pod.hostname;
  if (!local) {
    const page = WEB_PAGES[`${host}${path}`];
    if (page !== undefined) return { status: 200, body: page };
    // Inside the cluster: CoreDNS names, Services' cluster IPs, other pods (src/runtime/network.ts).
    const net = clusterNetwork();
    if (net) {
      const found = lookupHost(host!, pod.ip);
      // A cluster name that does not resolve is a DNS miss; anything else would need the internet.
      const clusterName = !host!.includes('.') || /\.(svc|cluster\.local)$/.test(host!) || /\.svc\./.test(host!);
      if (!found) return clusterName ? { error: `bad address '${host}'` } : { error: `network access to ${host} is not supported by kubesim yet` };
      const dest = net.route(found.addresses[0]!, port);
      if (dest && 'error' in dest) return dest;
      if (dest?.ip === pod.ip) return httpGet(pod, `${scheme}://127.0.0.1:${dest.port}${path}`, now, client);
      if (dest) return net.http(pod.ip, dest.ip, dest.port, path, now, client?.userAgent ?? 'Wget');
    }
    return { error: `network access to ${host} is not supported by kubesim yet` };
  }
  const server = pod.procs.find((p) => !p.exit && p.listen?.includes(port));
  if (!server) return { error: `Failed to connect to ${host} port ${port}: Connection refused` };
  const c = pod.containers[server.container]!;
  const argv = server.argv.join(' ');
  if (argv.includes('liveness')) {
    const age = now - server.start;
    if (path.startsWith('/healthz') && age > 10_000) return { status: 500, body: `error: ${Math.floor(age / 1000)}` };
    return { status: 200, body: 'ok' };
  }
  if (argv.includes('nginx')) {
    const v = containerVfs(pod, c, podVolumes(pod, now), { uid: 0, gid: 0, groups: [] }, () => now);
    let p = `/usr/share/nginx/html${decodeURI(path.split('?')[0]!)}`;
    const n = v.stat(p, '/');
    if (n?.t === 'd') p = p.replace(/\/?$/, '/index.html');
    let r: { status: number; body: string };
    try {
      r = { status: 200, body: v.readFile(p, '/') };
    } catch {
      r = { status: 404, body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n' };
    }
    // nginx's access log (combined format plus $http_x_forwarded_for) goes to stdout.
    if (client) {
      const line = `${client.ip} - - [${dateString(now, '%d/%b/%Y:%H:%M:%S %z')}] "GET ${path} HTTP/1.1" ${r.status} ${Buffer.byteLength(r.body)} "-" "${client.userAgent}" "-"`;
      c.logs.push({ t: now, s: 1, x: line });
    }
    return r;
  }
  if (server.argv[0]?.includes('hello-app')) return { status: 200, body: `Hello, world!\nVersion: 2.0.0\nHostname: ${pod.hostname}\n` };
  return { status: 200, body: '' };
}


/**
 * Runs every process of the pod up to `until`. Returns the containers that
 * ended (their PID 1 exited, or memory went over the limit) with when and how.
 */
export function advancePod(pod: PodRt, until: number): Record<string, ContainerExit> {
  const k = new PodKernel(pod);
  k.budget = until;
  const exits: Record<string, ContainerExit> = {};
  for (const c of Object.values(pod.containers)) {
    if (c.exited) continue;
    for (const p of pod.procs.filter((x) => x.container === c.name && !x.exit && !x.transient)) {
      k.runProc(p, until);
    }
    c.now = until;
    const mem = containerMemory(pod, c.name);
    const pid1 = pod.procs.find((p) => p.pid === c.pid1 && p.container === c.name);
    if (k.runaway) {
      // What the kernel would do to it: a string without end is OOM-killed, endless recursion
      // overflows the stack (SIGSEGV), a fork bomb is killed once it is stopped.
      const at = Math.min(until, pid1?.now ?? until);
      c.exited = k.runaway === 'memory' ? { at, code: 137, reason: 'OOMKilled' } : { at, code: k.runaway === 'depth' ? 139 : 137, reason: 'Error' };
      k.runaway = undefined;
      k.depth = 0;
    } else if (c.memLimit && mem.bytes > c.memLimit) {
      const at = mem.at ?? c.startedAt;
      c.exited = { at, code: 137, reason: 'OOMKilled' };
    } else if (pid1?.exit && pid1.exit.at <= until) {
      c.exited = { at: pid1.exit.at, code: pid1.exit.code, reason: pid1.exit.code === 0 ? 'Completed' : 'Error' };
    }
    if (c.exited) {
      exits[c.name] = c.exited;
      stopContainerProcs(pod, c.name);
    }
  }
  return exits;
}

/** The earliest instant after which something may happen without outside input (a sleep ends). */
export function nextWake(pod: PodRt): number | undefined {
  let best: number | undefined;
  for (const p of pod.procs) {
    if (p.transient) continue;
    if (p.exit) {
      best = best === undefined ? p.exit.at : Math.min(best, p.exit.at);
      continue;
    }
    if ((p.sh.stack as Record<string, unknown>[]).some((f) => f['steady'])) continue;
    for (const f of p.sh.stack as Record<string, unknown>[]) {
      if (f['ph'] === 'wait' && typeof f['until'] === 'number') best = best === undefined ? (f['until'] as number) : Math.min(best, f['until'] as number);
    }
  }
  return best;
}

export function containerMemory(pod: PodRt, name: string): { bytes: number; at?: number } {
  let bytes = 0;
  let at: number | undefined;
  for (const p of pod.procs) {
    if (p.container !== name || p.exit) continue;
    bytes += p.memBytes;
    if (p.memAt !== undefined) at = Math.max(at ?? 0, p.memAt);
  }
  return { bytes, at };
}

export function containerCpu(pod: PodRt, name: string): number {
  return pod.procs.filter((p) => p.container === name && !p.exit).reduce((s, p) => s + p.cpuMilli, 0);
}

/** Sends a signal to the container's main process (the kubelet's SIGTERM / SIGKILL). */
export function signalContainer(pod: PodRt, name: string, sig: 'TERM' | 'KILL', now: number): void {
  const c = pod.containers[name];
  if (!c || c.exited) return;
  advancePod(pod, now);
  if (c.exited) return;
  const p = pod.procs.find((x) => x.pid === c.pid1 && x.container === name);
  if (!p) return;
  if (sig === 'KILL') {
    for (const x of pod.procs) if (x.container === name && !x.exit) x.exit = { at: now, code: 137 };
    c.exited = { at: now, code: 137, reason: 'Error' };
    stopContainerProcs(pod, name);
    return;
  }
  const isInit = !pod.sharePid;
  if (isInit && p.pid === 1) deliver(pod, p, 'TERM', now);
  else deliver(pod, p, 'TERM', now);
}

export interface ExecResult {
  output: { s: 1 | 2; x: string }[];
  exitCode: number;
}

/** Runs a command in the container (kubectl exec, exec probes, hooks) to completion; `timeoutMs` bounds its waiting. */
export function execInContainer(pod: PodRt, name: string, argv: string[], stdin: string | undefined, now: number, timeoutMs = 3600_000): ExecResult {
  const opened = execKernel(pod, name, argv);
  if ('exitCode' in opened) return opened;
  const { c, k } = opened;
  const vars = execEnv(pod, c);
  const sh = newShell(argvNode(argv), { vars, exported: Object.keys(vars), cwd: c.workingDir, arg0: argv[0] });
  const { code } = runTransient(pod, k, name, argv, sh, stdin, now, timeoutMs, false);
  return { output: k.capture ?? [], exitCode: code };
}

/** `exec: "X": executable file not found`, when the container has no such program. */
/** The kernel an exec runs under, in the container `name`; or the exec's error when there is no such container or program. */
function execKernel(pod: PodRt, name: string, argv: string[]): { c: ContainerRt; k: PodKernel } | ExecResult {
  const c = pod.containers[name];
  if (!c) return { output: [{ s: 2, x: `container ${name} not found\n` }], exitCode: 126 };
  const k = new PodKernel(pod);
  k.withContainer(c);
  return execMissing(k, name, argv) ?? { c, k };
}

function execMissing(k: PodKernel, name: string, argv: string[]): ExecResult | undefined {
  const base = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
  const applet = k.applet(base, { container: name } as Proc);
  if (!applet && base !== 'sleep' && !['true', 'false', 'echo', 'printf', 'test', '[', 'kill'].includes(base)) {
    const msg = `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown\n`;
    return { output: [{ s: 1, x: msg }], exitCode: 126 };
  }
  return undefined;
}

/** The environment an exec'd process starts with: the container's, plus HOSTNAME and HOME. */
function execEnv(pod: PodRt, c: ContainerRt): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [kk, v] of c.env) vars[kk] = v;
  if (!c.win) {
    vars['HOSTNAME'] ??= pod.hostname;
    vars['HOME'] ??= homeOf(rootFs(pod, c), c.who.uid);
  }
  return vars;
}

/** Runs a transient process (exec) with shell state `sh` to completion; output goes to `k.capture`. */
function runTransient(pod: PodRt, k: PodKernel, name: string, argv: string[], sh: Proc['sh'], stdin: string | undefined, now: number, timeoutMs: number, interactive: boolean): { code: number; exited: boolean } {
  const c = pod.containers[name]!;
  k.budget = now + timeoutMs;
  k.capture = [];
  const proc: Proc = {
    pid: allocPid(pod, c),
    ppid: 0,
    argv,
    container: name,
    who: c.who,
    start: now,
    now,
    sh,
    memBytes: 512 * 1024,
    cpuMilli: 0,
    transient: true,
  };
  if (stdin !== undefined) proc.sh.bufs['stdin'] = { d: stdin, p: 0 };
  const before = new Set(pod.procs);
  pod.procs.push(proc);
  let code: number;
  let exited = false;
  try {
    const interp = new Interp(proc, k, k.budget);
    const r = interp.run({ in: stdin !== undefined ? 'stdin' : null, out: { k: 'log', s: 1 }, err: { k: 'log', s: 2 } }, interactive);
    code = r ?? 0;
    exited = interp.exited;
    if (r === undefined) interp.flush();
    // (a fork bomb may be stopped deep in its background children while the command itself has ended)
    const stopped = runawayMessage(argv, k.runaway ?? (r === undefined && interp.outOfSteps ? 'steps' : undefined));
    if (stopped) {
      k.capture.push({ s: 2, x: stopped });
      code = 137;
    }
  } catch (e) {
    if (e !== SUSPEND) throw e;
    code = 0;
  }
  // The command and every process it started (background children, theirs...) end with it.
  pod.procs = pod.procs.filter((p) => before.has(p) || !p.transient);
  return { code, exited };
}

/**
 * What an exec'd command that ran away is told (it is then killed: exit 137). A real
 * container would run it until interrupted; kubesim runs every command to its end at once.
 */
function runawayMessage(argv: string[], why: Runaway | 'steps' | undefined): string | undefined {
  const what = `kubesim: stopped ${JSON.stringify(argv.join(' '))}`;
  switch (why) {
    case 'steps':
      return `${what}: it ran ${MAX_STEPS} shell steps without waiting for anything (an endless loop?); a command that never waits is not supported by kubesim\n`;
    case 'forks':
      return `${what}: it started more than ${RUN_LIMITS.forks} processes (a fork bomb?); runaway process trees are not supported by kubesim\n`;
    case 'depth':
      return `${what}: shell code nested more than ${MAX_DEPTH} deep (a function calling itself without end?); out of stack\n`;
    case 'output':
      return `${what}: it wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB (output without end?); a command that writes without end is not supported by kubesim\n`;
    case 'memory':
      return `${what}: a shell word or variable grew past ${MAX_WORD_BYTES / 1024 / 1024} MiB (a string doubling without end?); out of memory\n`;
    default:
      return undefined;
  }
}

/**
 * An interactive shell (`kubectl exec -it POD -- sh`) between the lines typed at it: the client
 * keeps it and runs each line through `execShellLine`, so variables, functions, traps and the
 * working directory carry from line to line while the files it changes are the container's.
 */
export interface ShellSession {
  /** Which shell answers: busybox's ash, Debian's dash (`sh` there) or bash. */
  shell: 'ash' | 'dash' | 'bash';
  arg0: string;
  vars: Record<string, string>;
  exported: string[];
  pos: string[];
  cwd: string;
  funcs: Record<string, Node>;
  traps: Record<string, string>;
  status: number;
}

/** `sh`, `bash`, `/bin/sh -i`...: a shell with no script to run, so it reads commands from the terminal. */
export function isInteractiveShell(argv: string[]): boolean {
  const base = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  if (!['sh', 'bash', 'ash', 'dash'].includes(base)) return false;
  return argv.slice(1).every((a) => /^-[abd-zA-Z]+$/.test(a) || ['--login', '--norc', '--noprofile', '--posix'].includes(a));
}

/** Starts an interactive shell in the container, or the exec error when it has no such shell. */
export function openShellSession(pod: PodRt, name: string, argv: string[]): ShellSession | ExecResult {
  const opened = execKernel(pod, name, argv);
  if ('exitCode' in opened) return opened;
  const { c, k } = opened;
  const shell = shellFlavor(c.image, argv[0]!);
  const vars = execEnv(pod, c);
  if (shell === 'bash') vars['SHLVL'] ??= '1';
  vars['PWD'] = c.workingDir || '/';
  return { shell, arg0: argv[0]!, vars, exported: Object.keys(vars), pos: [], cwd: c.workingDir || '/', funcs: {}, traps: {}, status: 0 };
}

/** Which shell `arg0` is in this image: busybox's ash, Debian's dash (`sh` there) or bash. */
function shellFlavor(image: string, arg0: string): ShellSession['shell'] {
  const base = arg0.slice(arg0.lastIndexOf('/') + 1);
  const flavor = imageProgram(image)?.flavor ?? 'busybox';
  return base === 'bash' ? 'bash' : base === 'dash' || (base === 'sh' && flavor === 'debian') ? 'dash' : 'ash';
}

/** The prompt the shell prints before reading a line (`/ # `, `# `, `root@POD:/# `), or its PS2 (`> `). */
export function shellPrompt(pod: PodRt, name: string, s: ShellSession, continuation = false): string {
  if (continuation) return s.vars['PS2'] ?? '> ';
  const c = pod.containers[name];
  const uid = c?.who.uid ?? 0;
  const sign = uid === 0 ? '#' : '$';
  const ps1 = s.vars['PS1'] ?? (s.shell === 'bash' ? '\\u@\\h:\\w\\$ ' : s.shell === 'ash' ? '\\w \\$ ' : `${sign} `);
  if (s.shell === 'dash') return ps1;
  const home = s.vars['HOME'];
  const w = home && home !== '/' && (s.cwd === home || s.cwd.startsWith(home + '/')) ? '~' + s.cwd.slice(home.length) : s.cwd;
  const user = (c && userName(rootFs(pod, c), uid)) ?? (s.shell === 'bash' ? 'I have no name!' : String(uid));
  return ps1.replace(/\\([uhHwW$n\\])/g, (_m, ch: string) => {
    switch (ch) {
      case 'u': return user;
      case 'h': return pod.hostname.split('.')[0]!;
      case 'H': return pod.hostname;
      case 'w': return w;
      case 'W': return w === '/' || w === '~' ? w : w.slice(w.lastIndexOf('/') + 1);
      case '$': return sign;
      case 'n': return '\n';
      default: return '\\';
    }
  });
}

function userName(fs: FsDir, uid: number): string | undefined {
  const passwd = (fs.c['etc'] as FsDir | undefined)?.c['passwd'];
  if (passwd?.t !== 'f') return undefined;
  for (const line of passwd.d.split('\n')) {
    const f = line.split(':');
    if (f[2] === String(uid) && f[0]) return f[0];
  }
  return undefined;
}

export interface ShellLineResult extends ExecResult {
  session: ShellSession;
  /** The line ran `exit`: the session is over, with `exitCode`. */
  exited: boolean;
  /** The line is not a complete command yet (an open `if`, quote...): read more with PS2. */
  incomplete?: boolean;
}

/** Runs one line typed at an interactive shell; the pod's files change, the session's state is returned. */
export function execShellLine(pod: PodRt, name: string, session: ShellSession, line: string, now: number, timeoutMs = 3600_000): ShellLineResult {
  const c = pod.containers[name];
  if (!c) return { output: [{ s: 2, x: `container ${name} not found\n` }], exitCode: 126, session, exited: true };
  let prog: Node;
  try {
    prog = parseScript(line);
  } catch (e) {
    if (!(e instanceof ShSyntaxError)) throw e;
    if (incompleteScript(line, e)) {
      return { output: [], exitCode: session.status, session, exited: false, incomplete: true };
    }
    const who = session.shell === 'bash' ? 'bash' : 'sh';
    return { output: [{ s: 2, x: `${who}: ${e.message}\n` }], exitCode: 2, session: { ...session, status: 2 }, exited: false };
  }
  const k = new PodKernel(pod);
  k.withContainer(c);
  const sh = newShell(prog, { vars: session.vars, exported: session.exported, cwd: session.cwd, arg0: session.arg0, pos: session.pos });
  sh.funcs = { ...session.funcs };
  sh.traps = { ...session.traps };
  sh.status = session.status;
  const { code, exited } = runTransient(pod, k, name, [session.arg0], sh, undefined, now, timeoutMs, true);
  const next: ShellSession = { shell: session.shell, arg0: session.arg0, vars: sh.vars, exported: sh.exported, pos: sh.pos, cwd: sh.cwd, funcs: sh.funcs, traps: sh.traps, status: code };
  return { output: k.capture ?? [], exitCode: code, session: next, exited };
}

/** The main process of a running container whose stdin is open (`stdin: true`), and that stdin. */
function mainStdin(pod: PodRt, name: string): { proc: Proc; buf: Buf } | undefined {
  const c = pod.containers[name];
  if (!c || c.exited) return undefined;
  const proc = pod.procs.find((p) => p.pid === c.pid1 && p.container === name && !p.exit && !p.transient);
  const buf = proc?.sh.bufs['stdin'];
  return proc && buf?.open ? { proc, buf } : undefined;
}

/**
 * `kubectl attach -i`: `text` reaches the container's main process at `now` (or, with `close`,
 * its stdin ends: stdinOnce, a terminal's Ctrl-D), and the pod runs on to `now` so the process
 * acts on it. False when the container's stdin is not open.
 */
export function writeStdin(pod: PodRt, name: string, text: string, now: number, close = false): boolean {
  advancePod(pod, now);
  const m = mainStdin(pod, name);
  if (!m) return false;
  m.buf.d = m.buf.d.slice(m.buf.p) + text;
  m.buf.p = 0;
  if (close) delete m.buf.open;
  if (m.buf.w) {
    // the reader waited since it last ran: it resumes now
    delete m.buf.w;
    m.proc.now = Math.max(m.proc.now, now);
  }
  advancePod(pod, now);
  return true;
}

/** Ctrl-C on the terminal of a container's main shell (`run -it -- sh`): its foreground command gets SIGINT at `now`. */
export function interruptMain(pod: PodRt, name: string, now: number): void {
  advancePod(pod, now);
  const m = mainStdin(pod, name);
  if (!m || m.buf.w) return; // at the prompt: nothing runs
  m.proc.now = Math.max(m.proc.now, now);
  interruptForeground(m.proc, 'INT');
  advancePod(pod, now);
}

/** Whether the container's main process waits for input (so an attached terminal may type again). */
export function awaitingInput(pod: PodRt, name: string): boolean {
  return mainStdin(pod, name)?.buf.w === 1;
}

/** Whether input written to the main process is still unread (it is busy, or never reads: nginx). */
export function unreadInput(pod: PodRt, name: string): boolean {
  const m = mainStdin(pod, name);
  return !!m && m.buf.p < m.buf.d.length;
}

/** The prompt of a shell that is the container's main process reading its stdin (`run -it -- sh`); '' for other programs. */
export function mainShellPrompt(pod: PodRt, name: string): string {
  const m = mainStdin(pod, name);
  const repl = m?.proc.sh.stack.find((f) => (f as Record<string, unknown>)['ph'] === 'repl');
  if (!m || !repl) return '';
  const st = m.proc.sh;
  const shell = shellFlavor(pod.containers[name]!.image, st.arg0);
  const session: ShellSession = { shell, arg0: st.arg0, vars: st.vars, exported: st.exported, pos: st.pos, cwd: st.cwd, funcs: st.funcs, traps: st.traps, status: st.status };
  return shellPrompt(pod, name, session, Interp.replPending(st.stack));
}

/** Whether something in the pod listens on `port` (tcpSocket probes). */
export function listening(pod: PodRt, port: number): boolean {
  return pod.procs.some((p) => !p.exit && p.listen?.includes(port));
}

/** A request to the pod's IP from outside it (a node's curl); nginx logs it. */
export function httpFromOutside(pod: PodRt, url: string, now: number, client: HttpClient): { status: number; body: string } | { error: string } {
  return httpGet(pod, url, now, client);
}

export function httpProbe(pod: PodRt, port: number, path: string, now: number): { status: number; body: string } | { error: string } {
  return httpGet(pod, `http://localhost:${port}${path.startsWith('/') ? path : '/' + path}`, now);
}

export function containerLogs(pod: PodRt, name: string): LogLine[] {
  return pod.containers[name]?.logs ?? [];
}
