// /proc/PID/status as a Linux 5.15 kernel prints it (fs/proc/array.c), and the
// capability sets a container gets from containerd (its default set, plus the
// securityContext's add/drop, or everything when privileged).
import type { Identity } from './fs.js';

/** Linux capability numbers (include/uapi/linux/capability.h, up to 5.15's CAP_LAST_CAP = 40). */
const CAPS: Record<string, number> = {
  CHOWN: 0, DAC_OVERRIDE: 1, DAC_READ_SEARCH: 2, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7,
  SETPCAP: 8, LINUX_IMMUTABLE: 9, NET_BIND_SERVICE: 10, NET_BROADCAST: 11, NET_ADMIN: 12, NET_RAW: 13,
  IPC_LOCK: 14, IPC_OWNER: 15, SYS_MODULE: 16, SYS_RAWIO: 17, SYS_CHROOT: 18, SYS_PTRACE: 19, SYS_PACCT: 20,
  SYS_ADMIN: 21, SYS_BOOT: 22, SYS_NICE: 23, SYS_RESOURCE: 24, SYS_TIME: 25, SYS_TTY_CONFIG: 26, MKNOD: 27,
  LEASE: 28, AUDIT_WRITE: 29, AUDIT_CONTROL: 30, SETFCAP: 31, MAC_OVERRIDE: 32, MAC_ADMIN: 33, SYSLOG: 34,
  WAKE_ALARM: 35, BLOCK_SUSPEND: 36, AUDIT_READ: 37, PERFMON: 38, BPF: 39, CHECKPOINT_RESTORE: 40,
};
const LAST_CAP = 40;

/** containerd's default capabilities (oci.DefaultCapabilities / the CRI plugin). */
const CONTAINERD_DEFAULT = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];

export interface CapabilitySpec {
  add?: string[];
  drop?: string[];
  privileged?: boolean;
}

const capName = (c: string) => c.toUpperCase().replace(/^CAP_/, '');

/** The bounding set as a bit mask (bigint), from the container's securityContext. */
export function capabilityMask(spec: CapabilitySpec): bigint {
  const all = (1n << BigInt(LAST_CAP + 1)) - 1n;
  if (spec.privileged) return all;
  let mask = 0n;
  for (const c of CONTAINERD_DEFAULT) mask |= 1n << BigInt(CAPS[c]!);
  const drop = (spec.drop ?? []).map(capName);
  const add = (spec.add ?? []).map(capName);
  if (drop.includes('ALL')) mask = 0n;
  for (const c of drop) if (CAPS[c] !== undefined) mask &= ~(1n << BigInt(CAPS[c]!));
  if (add.includes('ALL')) mask = all;
  for (const c of add) if (CAPS[c] !== undefined) mask |= 1n << BigInt(CAPS[c]!);
  return mask;
}

const hex16 = (n: bigint) => n.toString(16).padStart(16, '0');
const kb = (n: number) => `${String(Math.max(0, Math.round(n))).padStart(8)} kB`;

export interface StatusInput {
  name: string;
  pid: number;
  ppid: number;
  who: Identity;
  state: 'S' | 'R';
  memBytes: number;
  /** The container's capability bounding set, as 16 hex digits (containerd's default when absent). */
  caps?: string;
  noNewPrivs?: boolean;
  seccomp?: boolean;
  /** A shell or a small tool (one thread) rather than a server (Go runtime threads). */
  shell: boolean;
}

export function procStatus(p: StatusInput): string {
  const bnd = p.caps !== undefined ? BigInt(`0x${p.caps}`) : capabilityMask({});
  // A process of a non-root user keeps no permitted/effective capabilities (no ambient set).
  const eff = p.who.uid === 0 ? bnd : 0n;
  const groups = [...new Set([...p.who.groups])].sort((a, b) => a - b);
  const rssKb = p.memBytes / 1024;
  const sizeKb = p.shell ? rssKb + 1_600 : rssKb * 3 + 700_000;
  const lines: [string, string][] = [
    ['Name', p.name],
    ['Umask', '0022'],
    ['State', p.state === 'R' ? 'R (running)' : 'S (sleeping)'],
    ['Tgid', String(p.pid)],
    ['Ngid', '0'],
    ['Pid', String(p.pid)],
    ['PPid', String(p.ppid)],
    ['TracerPid', '0'],
    ['Uid', `${p.who.uid}\t${p.who.uid}\t${p.who.uid}\t${p.who.uid}`],
    ['Gid', `${p.who.gid}\t${p.who.gid}\t${p.who.gid}\t${p.who.gid}`],
    ['FDSize', '64'],
    ['Groups', groups.map((g) => `${g} `).join('')],
    ['NStgid', String(p.pid)],
    ['NSpid', String(p.pid)],
    ['NSpgid', String(p.pid)],
    ['NSsid', String(p.pid)],
    ['VmPeak', kb(sizeKb + 4_096)],
    ['VmSize', kb(sizeKb)],
    ['VmLck', kb(0)],
    ['VmPin', kb(0)],
    ['VmHWM', kb(rssKb)],
    ['VmRSS', kb(rssKb)],
    ['RssAnon', kb(rssKb * 0.6)],
    ['RssFile', kb(rssKb * 0.4)],
    ['RssShmem', kb(0)],
    ['VmData', kb(p.shell ? 200 : sizeKb / 4)],
    ['VmStk', kb(132)],
    ['VmExe', kb(p.shell ? 616 : 2_956)],
    ['VmLib', kb(p.shell ? 560 : 8)],
    ['VmPTE', kb(p.shell ? 44 : 96)],
    ['VmSwap', kb(0)],
    ['HugetlbPages', kb(0)],
    ['CoreDumping', '0'],
    ['THP_enabled', '1'],
    ['Threads', p.shell ? '1' : '6'],
    ['SigQ', '0/31615'],
    ['SigPnd', hex16(0n)],
    ['ShdPnd', hex16(0n)],
    ['SigBlk', hex16(0n)],
    ['SigIgn', hex16(0n)],
    ['SigCgt', p.shell ? '0000000000010002' : 'fffffffe7fc1feff'],
    ['CapInh', hex16(0n)],
    ['CapPrm', hex16(eff)],
    ['CapEff', hex16(eff)],
    ['CapBnd', hex16(bnd)],
    ['CapAmb', hex16(0n)],
    ['NoNewPrivs', p.noNewPrivs ? '1' : '0'],
    ['Seccomp', p.seccomp ? '2' : '0'],
    ['Seccomp_filters', p.seccomp ? '1' : '0'],
    ['Speculation_Store_Bypass', p.seccomp ? 'thread force mitigated' : 'thread vulnerable'],
    ['SpeculationIndirectBranch', 'conditional enabled'],
    ['Cpus_allowed', 'f'],
    ['Cpus_allowed_list', '0-3'],
    ['Mems_allowed', '00000000,00000001'],
    ['Mems_allowed_list', '0'],
    ['voluntary_ctxt_switches', p.shell ? '3' : '41'],
    ['nonvoluntary_ctxt_switches', p.shell ? '0' : '2'],
  ];
  return lines.map(([k, v]) => `${k}:\t${v}\n`).join('');
}

/** Hex digits of a mask, for storing in the runtime's JSON state. */
export function capsHex(mask: bigint): string {
  return hex16(mask);
}

/** A pod's own user namespace (hostUsers: false): container ids 0..65535 map to host ids base..base+65535. */
export interface UserNamespace {
  base: number;
  /** The namespace's inode (`readlink /proc/self/ns/user` → `user:[INODE]`). */
  inode: number;
}

/** The initial user namespace's inode on Linux. */
const INITIAL_USERNS_INODE = 4026531837;

const idMapLine = (inside: number, outside: number, length: number) => `${String(inside).padStart(10)} ${String(outside).padStart(10)} ${String(length).padStart(10)}\n`;

/**
 * /proc/PID/{uid_map,gid_map,ns,ns/user} for a process in `userns` (the
 * initial namespace when undefined): `rest` is the path after /proc/PID.
 */
export function userNamespaceProc(rest: string[], userns: UserNamespace | undefined): { file?: string; dir?: string[]; link?: string } | undefined {
  const [first, second] = rest;
  if (first === 'uid_map' || first === 'gid_map') return { file: userns ? idMapLine(0, userns.base, 65536) : idMapLine(0, 0, 4294967295) };
  if (first === 'ns' && second === undefined) return { dir: ['user'] };
  if (first === 'ns' && second === 'user' && rest.length === 2) return { link: `user:[${userns?.inode ?? INITIAL_USERNS_INODE}]` };
  return undefined;
}
