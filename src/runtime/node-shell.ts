// A root shell on a node (`kubesim ssh`): the same interpreter and applets as
// in containers, over the node's own filesystem, plus the node's tools: sudo,
// crictl (from the kubelet's records, through NodeHost), systemctl (the
// kubelet unit). A command runs to completion; nothing here touches the host.
import { argvNode, type Node } from './sh/ast.js';
import { parseScript, ShSyntaxError } from './sh/parse.js';
import { Interp, newShell, SUSPEND, type Applet, type AppletCtx, type Kernel, type PsEntry } from './sh/interp.js';
import { APPLETS, dateString } from './applets.js';
import { Vfs, type FsDir } from './fs.js';
import { userNamespaceProc } from './proc-status.js';
import type { Io, LogLine, Proc } from './types.js';

/** A container as crictl lists it. */
export interface CriContainer {
  /** 64 hex digits. */
  id: string;
  /** The image's ID (`sha256:<64 hex>`). */
  imageId: string;
  createdAt: number;
  state: 'Running' | 'Exited';
  name: string;
  attempt: number;
  podId: string;
  podName: string;
  namespace: string;
}

export interface CriPod {
  id: string;
  createdAt: number;
  ready: boolean;
  name: string;
  namespace: string;
  attempt: number;
}

export interface CriImage {
  repository: string;
  tag: string;
  imageId: string;
  sizeBytes: number;
}

/** What a node's tools need from the cluster around it (src/cluster/node-host.ts). */
export interface NodeHost {
  name: string;
  now: number;
  containers(): CriContainer[];
  pods(): CriPod[];
  images(): CriImage[];
  /** Stops a running container (crictl stop); false when there is none with that ID. */
  stop(id: string): boolean;
  logs(id: string): LogLine[] | undefined;
  /** An HTTP GET from the node (curl). */
  http(url: string): { status: number; body: string } | { error: string };
  /** `systemctl restart kubelet`. */
  restartKubelet(): void;
}

export interface NodeExecResult {
  output: { s: 1 | 2; x: string }[];
  exitCode: number;
  /** The shell's directory at the end (an interactive session goes on from there). */
  cwd: string;
}

const ROOT = { uid: 0, gid: 0, groups: [0] };
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

class NodeKernel implements Kernel {
  writes = 0;
  depth = 0;
  written = 0;
  readonly capture: { s: 1 | 2; x: string }[] = [];
  private pid = 100;
  private readonly procs: Proc[] = [];

  constructor(
    readonly root: FsDir,
    readonly host: NodeHost,
    readonly budget: number,
  ) {}

  vfs(proc: Proc): Vfs {
    // /proc/PID/{uid_map,gid_map,ns/user}: the node is in the initial user namespace.
    return new Vfs(this.root, () => undefined, [], proc.who, () => proc.now, (path) => userNamespaceProc(path.split('/').filter(Boolean).slice(2), undefined));
  }

  log(_proc: Proc, stream: 1 | 2, line: string, _at: number, partial?: boolean): void {
    this.capture.push({ s: stream, x: partial ? line : line + '\n' });
  }

  applet(name: string): Applet | undefined {
    return NODE_APPLETS[name] ?? APPLETS[name];
  }

  spawn(parent: Proc, node: Node, io: Io): number | undefined {
    const child: Proc = {
      pid: this.nextPid(),
      ppid: parent.pid,
      argv: parent.argv,
      container: '',
      who: parent.who,
      start: parent.now,
      now: parent.now,
      sh: { ...newShell(node, { vars: { ...parent.sh.vars }, exported: parent.sh.exported, cwd: parent.sh.cwd, arg0: parent.sh.arg0, pos: parent.sh.pos }), funcs: { ...parent.sh.funcs } },
      memBytes: 0,
      cpuMilli: 0,
      transient: true,
    };
    this.procs.push(child);
    try {
      const code = new Interp(child, this, this.budget).run(io);
      if (code !== undefined) child.exit = { at: child.now, code };
    } catch (e) {
      if (e !== SUSPEND) throw e;
    }
    return child.pid;
  }

  waitPid(parent: Proc, pid: number): { at: number; code: number } | undefined | 'running' {
    const p = this.procs.find((x) => x.pid === pid && x.ppid === parent.pid);
    if (!p) return undefined;
    return p.exit ?? 'running';
  }

  children(parent: Proc): number[] {
    return this.procs.filter((p) => p.ppid === parent.pid).map((p) => p.pid);
  }

  nextPid(): number {
    return this.pid++;
  }

  dropLines(): void {}

  processes(viewer: Proc): PsEntry[] {
    const out: PsEntry[] = [
      { pid: 1, uid: 0, argv: ['/sbin/init'], container: '', start: 0, memBytes: 8 << 20, state: 'S' },
      { pid: viewer.pid, uid: 0, argv: viewer.argv, container: '', start: viewer.start, memBytes: 4 << 20, state: 'R' },
    ];
    return out;
  }

  signal(_from: Proc, pid: number, sig: string): boolean {
    return sig === '0' && pid === 1;
  }

  http(_from: Proc, url: string): { status: number; body: string } | { error: string } {
    return this.host.http(url);
  }

  hostname(): string {
    return this.host.name;
  }
}

/** Runs `argv` on the node as root, to completion (docker-exec style: no shell unless the command is one). */
export function runOnNode(root: FsDir, host: NodeHost, argv: string[], opts: { stdin?: string; cwd?: string; tty?: boolean; script?: string } = {}): NodeExecResult {
  const k = new NodeKernel(root, host, host.now + 3600_000);
  const cwd = opts.cwd ?? '/';
  // `script`: a line typed at the interactive shell, run by the login shell itself (cd stays).
  let prog: Node = argvNode(argv);
  if (opts.script !== undefined) {
    try {
      prog = parseScript(opts.script);
    } catch (e) {
      if (!(e instanceof ShSyntaxError)) throw e;
      return { output: [{ s: 2, x: `-bash: ${e.message}\n` }], exitCode: 2, cwd };
    }
  }
  const name = argv[0] ?? '';
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (opts.script === undefined && !k.applet(base) && !['true', 'false', 'echo', 'printf', 'test', '[', 'kill', 'sleep', 'cd'].includes(base)) {
    const msg = `OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown\n`;
    return { output: [{ s: 1, x: msg }], exitCode: 127, cwd };
  }
  const vars: Record<string, string> = { PATH, HOME: '/root', HOSTNAME: host.name, USER: 'root', ...(opts.tty ? { TERM: 'xterm' } : {}) };
  const proc: Proc = {
    pid: k.nextPid(),
    ppid: 0,
    argv,
    container: '',
    who: { ...ROOT, groups: [...ROOT.groups] },
    start: host.now,
    now: host.now,
    sh: newShell(prog, { vars, exported: Object.keys(vars), cwd, arg0: argv[0] }),
    memBytes: 0,
    cpuMilli: 0,
    transient: true,
  };
  if (opts.stdin !== undefined) proc.sh.bufs['stdin'] = { d: opts.stdin, p: 0 };
  let code: number;
  const sh = new Interp(proc, k, k.budget);
  try {
    const r = sh.run({ in: opts.stdin !== undefined ? 'stdin' : null, out: { k: 'log', s: 1 }, err: { k: 'log', s: 2 } });
    code = r ?? 0;
    if (r === undefined) sh.flush();
  } catch (e) {
    if (e !== SUSPEND) throw e;
    code = 0;
  }
  return { output: k.capture, exitCode: code, cwd: proc.sh.cwd };
}

// ---------------------------------------------------------------- the node's tools

const hostOf = (ctx: AppletCtx): NodeHost => (ctx.sh.k as NodeKernel).host;

/** crictl's IDs in tables: the first 13 characters (after an algorithm prefix). */
const truncId = (id: string) => id.replace(/^sha256:/, '').slice(0, 13);

/** docker/go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** docker/go-units HumanSizeWithPrecision(size, 3): decimal units. */
function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${Number(size.toPrecision(3))}${units[i]}`;
}

/** crictl's table: Go tabwriter with minwidth 20, padding 3, spaces. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(Math.max(20, widths[i]! + 3)))).join('') + '\n').join('');
}

interface CliArgs {
  flags: Record<string, string | true>;
  rest: string[];
}

/** urfave/cli flags: `--name web`, `--name=web`, `-q`, `-a`; `valued` lists the flags that take a value. */
function cliArgs(args: string[], valued: string[]): CliArgs | string {
  const flags: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const name = m[1]!;
    if (valued.includes(name)) {
      const v = m[2] ?? args[++i];
      if (v === undefined) return `flag needs an argument: -${name.length > 1 ? '-' : ''}${name}`;
      flags[name] = v;
    } else flags[name] = m[2] ?? true;
  }
  return { flags, rest };
}

function unsupported(ctx: AppletCtx, what: string): number {
  ctx.err(`error: ${what} is not supported by kubesim yet\n`);
  return 1;
}

/** Finds the container an ID (or unique ID prefix) names. */
function findContainer(host: NodeHost, id: string): CriContainer | undefined | 'ambiguous' {
  const hits = host.containers().filter((c) => c.id.startsWith(id));
  const exact = hits.find((c) => c.id === id);
  if (exact) return exact;
  if (hits.length > 1) return 'ambiguous';
  return hits[0];
}

const CRICTL_PS_FLAGS = ['name', 'namespace', 'state', 'pod', 'p', 'label', 'image', 'last', 'n', 'output', 'o', 'id'];

function crictlPs(ctx: AppletCtx, args: string[]): number {
  const parsed = cliArgs(args, CRICTL_PS_FLAGS);
  if (typeof parsed === 'string') {
    ctx.err(`crictl ps: ${parsed}\n`);
    return 1;
  }
  const f = parsed.flags;
  for (const k of Object.keys(f)) {
    if (!['name', 'namespace', 'q', 'quiet', 'a', 'all', 'no-trunc', 'state', 's', 'latest', 'l'].includes(k)) return unsupported(ctx, `crictl ps --${k}`);
  }
  const host = hostOf(ctx);
  const all = f['a'] || f['all'];
  const state = (f['state'] ?? f['s']) as string | undefined;
  let list = host.containers().filter((c) => (state ? c.state.toLowerCase() === state.toLowerCase() : all || c.state === 'Running'));
  const re = (v: string | true | undefined) => (typeof v === 'string' && v ? new RegExp(v) : undefined);
  const nameRe = re(f['name']);
  const nsRe = re(f['namespace']);
  list = list.filter((c) => (!nameRe || nameRe.test(c.name)) && (!nsRe || nsRe.test(c.namespace)));
  list.sort((a, b) => b.createdAt - a.createdAt);
  if (f['latest'] || f['l']) list = list.slice(0, 1);
  if (f['q'] || f['quiet']) {
    for (const c of list) ctx.out(`${c.id}\n`);
    return 0;
  }
  const full = !!f['no-trunc'];
  const rows = [['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE']];
  for (const c of list) {
    rows.push([
      full ? c.id : truncId(c.id),
      full ? c.imageId : truncId(c.imageId),
      `${humanDuration(host.now - c.createdAt)} ago`,
      c.state,
      c.name,
      String(c.attempt),
      full ? c.podId : truncId(c.podId),
      c.podName,
      c.namespace,
    ]);
  }
  ctx.out(table(rows));
  return 0;
}

function crictlPods(ctx: AppletCtx, args: string[]): number {
  const parsed = cliArgs(args, ['name', 'namespace', 'state', 's', 'label', 'id', 'output', 'o', 'last']);
  if (typeof parsed === 'string') {
    ctx.err(`crictl pods: ${parsed}\n`);
    return 1;
  }
  const f = parsed.flags;
  for (const k of Object.keys(f)) if (!['name', 'namespace', 'q', 'quiet', 'no-trunc'].includes(k)) return unsupported(ctx, `crictl pods --${k}`);
  const host = hostOf(ctx);
  const nameRe = typeof f['name'] === 'string' ? new RegExp(f['name']) : undefined;
  const nsRe = typeof f['namespace'] === 'string' ? new RegExp(f['namespace']) : undefined;
  const list = host
    .pods()
    .filter((p) => (!nameRe || nameRe.test(p.name)) && (!nsRe || nsRe.test(p.namespace)))
    .sort((a, b) => b.createdAt - a.createdAt);
  if (f['q'] || f['quiet']) {
    for (const p of list) ctx.out(`${p.id}\n`);
    return 0;
  }
  const rows = [['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME']];
  for (const p of list) rows.push([f['no-trunc'] ? p.id : truncId(p.id), `${humanDuration(host.now - p.createdAt)} ago`, p.ready ? 'Ready' : 'NotReady', p.name, p.namespace, String(p.attempt), '(default)']);
  ctx.out(table(rows));
  return 0;
}

function crictlImages(ctx: AppletCtx, args: string[]): number {
  const parsed = cliArgs(args, ['output', 'o', 'filter']);
  if (typeof parsed === 'string') {
    ctx.err(`crictl images: ${parsed}\n`);
    return 1;
  }
  const f = parsed.flags;
  for (const k of Object.keys(f)) if (!['q', 'quiet', 'no-trunc'].includes(k)) return unsupported(ctx, `crictl images --${k}`);
  const images = hostOf(ctx)
    .images()
    .filter((i) => !parsed.rest[0] || `${i.repository}:${i.tag}`.startsWith(parsed.rest[0]!) || i.repository === parsed.rest[0])
    .sort((a, b) => (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : 0));
  if (f['q'] || f['quiet']) {
    for (const i of images) ctx.out(`${i.imageId}\n`);
    return 0;
  }
  const rows = [['IMAGE', 'TAG', 'IMAGE ID', 'SIZE']];
  for (const i of images) rows.push([i.repository, i.tag, f['no-trunc'] ? i.imageId : truncId(i.imageId), humanSize(i.sizeBytes)]);
  ctx.out(table(rows));
  return 0;
}

function crictlStop(ctx: AppletCtx, args: string[]): number {
  const parsed = cliArgs(args, ['timeout', 't']);
  if (typeof parsed === 'string') {
    ctx.err(`crictl stop: ${parsed}\n`);
    return 1;
  }
  if (!parsed.rest.length) {
    ctx.err('crictl stop: ID cannot be empty\n');
    return 1;
  }
  const host = hostOf(ctx);
  for (const id of parsed.rest) {
    const c = findContainer(host, id);
    if (!c || c === 'ambiguous' || !host.stop(c.id)) {
      ctx.err(`E${dateString(host.now, '%m%d %H:%M:%S')}.000000    1234 remote_runtime.go:366] "StopContainer from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"${id}\\": not found" containerID="${id}"\n`);
      ctx.err(`stopping the container "${id}": rpc error: code = NotFound desc = an error occurred when try to find container "${id}": not found\n`);
      return 1;
    }
    ctx.out(`${id}\n`);
  }
  return 0;
}

function crictlLogs(ctx: AppletCtx, args: string[]): number {
  const parsed = cliArgs(args, ['tail', 'since', 'limit-bytes']);
  if (typeof parsed === 'string') {
    ctx.err(`crictl logs: ${parsed}\n`);
    return 1;
  }
  const f = parsed.flags;
  for (const k of Object.keys(f)) if (!['tail', 'timestamps', 't', 'previous', 'p'].includes(k)) return unsupported(ctx, `crictl logs --${k}`);
  const id = parsed.rest[0];
  if (!id) {
    ctx.err('crictl logs: ID cannot be empty\n');
    return 1;
  }
  const host = hostOf(ctx);
  const c = findContainer(host, id);
  const lines = c && c !== 'ambiguous' ? host.logs(c.id) : undefined;
  if (!lines) {
    ctx.err(`E${dateString(host.now, '%m%d %H:%M:%S')}.000000    1234 log.go:32] "Failed to get container status" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"${id}\\": not found" containerID="${id}"\n`);
    return 1;
  }
  let shown = lines;
  if (typeof f['tail'] === 'string' && Number(f['tail']) >= 0) shown = Number(f['tail']) === 0 ? [] : lines.slice(-Number(f['tail']));
  const stamps = !!(f['timestamps'] || f['t']);
  for (const l of shown) {
    const text = (stamps ? new Date(l.t).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z') + ' ' : '') + l.x + (l.p ? '' : '\n');
    if (l.s === 1) ctx.out(text);
    else ctx.err(text);
  }
  return 0;
}

const crictl: Applet = (ctx) => {
  const args = ctx.argv.slice(1);
  // Global flags before the subcommand (crictl --runtime-endpoint ... ps) are accepted and ignored.
  while (args[0]?.startsWith('-')) {
    const a = args.shift()!;
    if (!a.includes('=') && /^--?(runtime-endpoint|image-endpoint|r|i|timeout|t|config|c)$/.test(a)) args.shift();
  }
  const sub = args.shift();
  switch (sub) {
    case 'ps':
      return crictlPs(ctx, args);
    case 'pods':
      return crictlPods(ctx, args);
    case 'images':
    case 'image':
    case 'img':
      return crictlImages(ctx, args);
    case 'stop':
      return crictlStop(ctx, args);
    case 'logs':
      return crictlLogs(ctx, args);
    case undefined:
      ctx.out('NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\nCOMMANDS:\n   images   List images\n   logs     Fetch the logs of a container\n   pods     List pods\n   ps       List containers\n   stop     Stop one or more running containers\n');
      return 0;
    default:
      return unsupported(ctx, `crictl ${sub}`);
  }
};

const systemctl: Applet = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const [verb, unit] = args;
  const known = unit === 'kubelet' || unit === 'kubelet.service';
  if (verb === 'daemon-reload') return 0;
  if (known && (verb === 'restart' || verb === 'start' || verb === 'reload' || verb === 'try-restart')) {
    hostOf(ctx).restartKubelet();
    return 0;
  }
  if (known && verb === 'is-active') {
    ctx.out('active\n');
    return 0;
  }
  if (known && verb === 'is-enabled') {
    ctx.out('enabled\n');
    return 0;
  }
  return unsupported(ctx, `systemctl ${args.join(' ')}`.trim());
};

/** sudo: the session is root already; it runs its command. */
const sudo: Applet = (ctx) => {
  const args = ctx.argv.slice(1);
  while (args[0] && /^-[EHnSk]+$/.test(args[0])) args.shift();
  if (args[0] === '--') args.shift();
  if (args[0] === '-u' || args[0]?.startsWith('--user')) return unsupported(ctx, 'sudo -u');
  if (args[0] === '-i' || args[0] === '-s') {
    args.shift();
    if (!args.length) return ctx.sh.runApplet(['bash'], ctx.io, ctx.frame, ctx.depth);
    return ctx.sh.runApplet(['bash', '-c', args.join(' ')], ctx.io, ctx.frame, ctx.depth);
  }
  if (!args.length) {
    ctx.err('usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...\n');
    return 1;
  }
  return ctx.sh.runApplet(args, ctx.io, ctx.frame, ctx.depth);
};

const NODE_APPLETS: Record<string, Applet> = { crictl, systemctl, sudo };
