// The runtime's saved state: plain JSON, kept in the kubelet's record beside the
// pod, so a process survives between invocations and resumes in simulated time.
import type { Node } from './sh/ast.js';
import type { FsDir, Identity, Mount } from './fs.js';
import type { WindowsContainer } from './windows.js';

/** One line a container wrote (text without its newline). */
export interface LogLine {
  t: number;
  s: 1 | 2;
  x: string;
  /** Set when the line had no newline (the process ended mid-line). */
  p?: 1;
}

export interface Buf {
  d: string;
  p: number;
  /** More input may come (a container's stdin, `stdin: true`): a read past the end waits for it. */
  open?: 1;
  /** A read is waiting for more of this input. */
  w?: 1;
  /** An endless writer's text (`yes`): after `d` the stream repeats it without end, read as far as the reader reads. */
  more?: string;
}

export type Sink = { k: 'log'; s: 1 | 2 } | { k: 'file'; path: string } | { k: 'buf'; id: string } | { k: 'null' };

export interface Io {
  /** Id of the stdin buffer, or null for an empty stdin. */
  in: string | null;
  out: Sink;
  err: Sink;
}

export interface ShellState {
  vars: Record<string, string>;
  exported: string[];
  pos: string[];
  arg0: string;
  cwd: string;
  status: number;
  funcs: Record<string, Node>;
  traps: Record<string, string>;
  stack: Record<string, unknown>[];
  bufs: Record<string, Buf>;
  nextBuf: number;
  prog: Node;
  /** Partial (unterminated) output per log stream. */
  partial: { 1: string; 2: string };
  /** Lines written to the log so far (steady-loop detection). */
  lines?: number;
  lastBg?: number;
}

export interface Proc {
  pid: number;
  ppid: number;
  argv: string[];
  /** The container whose filesystem and identity the process uses. */
  container: string;
  who: Identity;
  start: number;
  /** Simulated time this process has been run up to. */
  now: number;
  sh: ShellState;
  exit?: { at: number; code: number };
  memBytes: number;
  cpuMilli: number;
  listen?: number[];
  /** A signal delivered but not yet acted on. */
  pendingSig?: string;
  /** Set for exec sessions and probe commands: not part of the container's lifetime. */
  transient?: boolean;
  /** When the process last took memory (OOM kills happen then). */
  memAt?: number;
  /** The command it runs in the foreground right now (shown by ps). */
  fg?: { pid: number; argv: string[] };
  /** nginx: its worker processes. */
  workers?: number[];
}

/** A volume file made from cluster objects (a service-account token...): the kubelet makes it again from this. */
export interface DerivedFile {
  from: string;
  [detail: string]: unknown;
}

/** A configMap/secret/projected volume as the kubelet made it: its tree is volumeTree of these files at `at`. */
export interface VolumeRecipe {
  at: number;
  /** Path → content, or how the kubelet makes the content again. */
  files: Record<string, string | DerivedFile>;
  mode?: number;
  fsGroup?: number;
  /** Bytes in its files (what the pod's write quota counts without making the tree). */
  bytes: number;
}

export interface PodEtcFiles {
  hosts?: string;
  resolv?: string;
}

export interface ContainerRt {
  name: string;
  image: string;
  startedAt: number;
  /** Simulated time the container has been advanced to. */
  now: number;
  pid1: number;
  /**
   * The container's root filesystem: the image's files as the container started (at `fsAt`) and
   * what its processes changed. Left out of storage while nothing changed it (rootFs rebuilds it).
   */
  fs?: FsDir;
  fsAt?: number;
  /** Something may have changed the root filesystem (a write through the runtime's file system). */
  fsChanged?: true;
  mounts: Mount[];
  env: [string, string][];
  who: Identity;
  workingDir: string;
  logs: LogLine[];
  /** Lines dropped from the front of `logs` (rotation). */
  dropped: number;
  memLimit?: number;
  /** Capability bounding set (16 hex digits; containerd's default when absent), no_new_privs, seccomp. */
  caps?: string;
  noNewPrivs?: boolean;
  seccomp?: boolean;
  nextPid: number;
  /** The container whose PID namespace this one joined (an ephemeral container with a target). */
  pidNs?: string;
  exited?: { at: number; code: number; reason: 'Completed' | 'Error' | 'OOMKilled' };
  /** A Windows container: its account and HostProcess settings (runtime/windows.ts). */
  win?: WindowsContainer;
}

export interface PodRt {
  hostname: string;
  ip: string;
  /** The /etc/hosts and /etc/resolv.conf the kubelet made for the pod (the image's defaults when absent). */
  etc?: PodEtcFiles;
  sharePid: boolean;
  /** The pod's own user namespace (hostUsers: false); the node's when absent. */
  userns?: { base: number; inode: number };
  nextPid: number;
  /** Volume trees (a volume with a recipe may be left out: volumes.ts). */
  volumes: Record<string, FsDir>;
  /** How the kubelet made the volumes whose files came from cluster objects, to make them again (volumes.ts). */
  recipes?: Record<string, VolumeRecipe>;
  /** hostPath volumes: volume name → directory on the node (mounted from the node's filesystem). */
  hostPaths?: Record<string, string>;
  /**
   * The node's filesystem while the pod runs (attached by the kubelet, never
   * stored with the pod: src/cluster/node-fs.ts). Without it a hostPath volume
   * is an empty directory.
   */
  host?: FsDir;
  containers: Record<string, ContainerRt>;
  procs: Proc[];
}
