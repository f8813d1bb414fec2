// Windows containers: the Windows image catalog, who a container runs as
// (runAsUserName, HostProcess accounts), its environment, and the few programs
// the Windows tasks type (`ping -t`, `whoami`, `hostname`, `cmd /c`,
// `powershell -Command`). Anything else says plainly that kubesim does not
// simulate it. Paths (`C:\var\run\...`, `$env:CONTAINER_SANDBOX_MOUNT_POINT\...`)
// map onto the container's filesystem with the drive and backslashes dropped.
import type { Applet, AppletCtx, AppletResult } from './sh/interp.js';
import { FsError } from './fs.js';
import { normalizeImage, repositoryOf } from './images.js';

/** What the kubelet tells the runtime about a Windows container. */
export interface WindowsContainer {
  /** runAsUserName (container over pod), or the image's default user. */
  userName: string;
  hostProcess: boolean;
  /** The node (the computer a HostProcess container runs on). */
  nodeName: string;
  /** The runtime's container id (64 hex): the HostProcess sandbox path and temporary user names use it. */
  containerId: string;
  /** HostProcess: the node's local groups, so a group name runs as a temporary member user. */
  localGroups?: string[];
}

interface WindowsImage {
  /** The image's default user (ContainerAdministrator for Server Core, ContainerUser for Nano Server). */
  user: string;
  sizeBytes: number;
  pullMs: number;
  powershell: boolean;
}

/** Windows images the tasks use (sizes as the kubelet reports them; pulls are kubesim's choice, under 10 s). */
const WINDOWS_IMAGES: Record<string, WindowsImage> = {
  'mcr.microsoft.com/windows/servercore': { user: 'ContainerAdministrator', sizeBytes: 2_180_429_477, pullMs: 9_412, powershell: true },
  'mcr.microsoft.com/windows/nanoserver': { user: 'ContainerUser', sizeBytes: 121_328_430, pullMs: 3_851, powershell: false },
  'mcr.microsoft.com/windows': { user: 'ContainerAdministrator', sizeBytes: 3_412_671_094, pullMs: 9_877, powershell: true },
  'mcr.microsoft.com/windows/server': { user: 'ContainerAdministrator', sizeBytes: 3_102_440_121, pullMs: 9_650, powershell: true },
  'mcr.microsoft.com/windows/servercore/iis': { user: 'ContainerAdministrator', sizeBytes: 2_241_807_356, pullMs: 9_520, powershell: true },
  'mcr.microsoft.com/dotnet/framework/aspnet': { user: 'ContainerAdministrator', sizeBytes: 2_803_114_525, pullMs: 9_730, powershell: true },
  'mcr.microsoft.com/powershell': { user: 'ContainerUser', sizeBytes: 169_025_714, pullMs: 4_210, powershell: true },
  'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image': { user: 'ContainerUser', sizeBytes: 5_421, pullMs: 640, powershell: true },
  'mcr.microsoft.com/oss/kubernetes/pause': { user: 'ContainerUser', sizeBytes: 129_016_385, pullMs: 3_410, powershell: false },
  'docker.io/sigwindowstools/kube-proxy': { user: 'ContainerUser', sizeBytes: 5_421, pullMs: 900, powershell: true },
};

function windowsImage(image: string): WindowsImage | undefined {
  return WINDOWS_IMAGES[repositoryOf(normalizeImage(image))];
}

/** Images built for Windows only: the catalog's, and Microsoft's Windows repositories. */
export function isWindowsImage(image: string): boolean {
  return windowsImage(image) !== undefined || /^mcr\.microsoft\.com\/(windows|powershell:nanoserver|dotnet\/framework)/.test(repositoryOf(normalizeImage(image)));
}

/** Size and pull time of a Windows image, when it is one kubesim knows. */
export function windowsImageInfo(image: string): { sizeBytes: number; pullMs: number } | undefined {
  const w = windowsImage(image);
  return w ? { sizeBytes: w.sizeBytes, pullMs: w.pullMs } : undefined;
}

export function defaultWindowsUser(image: string, hostProcess: boolean): string {
  if (hostProcess) return 'NT AUTHORITY\\SYSTEM';
  return windowsImage(image)?.user ?? 'ContainerUser';
}

/** `C:\C\<id>\`: where a HostProcess container's image and volumes are (CONTAINER_SANDBOX_MOUNT_POINT). */
export function sandboxMountPoint(w: WindowsContainer): string {
  return `C:\\C\\${w.containerId}\\`;
}

/** The account the container's processes run as: [domain, user]. */
export function account(w: WindowsContainer): [string, string] {
  const name = w.userName;
  const slash = name.indexOf('\\');
  if (slash >= 0) return [name.slice(0, slash), name.slice(slash + 1)];
  if (!w.hostProcess) return ['User Manager', name];
  // HostProcess with a local group: the kubelet runs it as a new temporary user in that group.
  if (w.localGroups?.some((g) => g.toLowerCase() === name.toLowerCase())) return [w.nodeName.toUpperCase(), w.containerId.slice(0, 20)];
  return [w.nodeName.toUpperCase(), name];
}

/** %USERNAME% as Windows sets it. */
function envUserName(w: WindowsContainer): string {
  const [domain, user] = account(w);
  if (domain.toUpperCase() === 'NT AUTHORITY') {
    if (user.toUpperCase() === 'SYSTEM') return `${computerName(w).toUpperCase()}$`;
    return user.toUpperCase();
  }
  return user;
}

function computerName(w: WindowsContainer, hostname?: string): string {
  return (w.hostProcess ? w.nodeName : (hostname ?? w.nodeName)).toUpperCase().slice(0, 15);
}

/** The environment Windows gives the container's processes (before the pod's own variables). */
export function windowsEnv(w: WindowsContainer, hostname: string): [string, string][] {
  const [domain, user] = account(w);
  const profile = domain.toUpperCase() === 'NT AUTHORITY' ? 'C:\\Windows\\system32\\config\\systemprofile' : `C:\\Users\\${user}`;
  const env: [string, string][] = [
    ['ALLUSERSPROFILE', 'C:\\ProgramData'],
    ['APPDATA', `${profile}\\AppData\\Roaming`],
    ['COMPUTERNAME', computerName(w, hostname)],
    ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
    ['LOCALAPPDATA', `${profile}\\AppData\\Local`],
    ['NUMBER_OF_PROCESSORS', '4'],
    ['OS', 'Windows_NT'],
    ['Path', 'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\;C:\\Windows\\System32\\OpenSSH\\'],
    ['PATHEXT', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC;.CPL'],
    ['PROCESSOR_ARCHITECTURE', 'AMD64'],
    ['ProgramData', 'C:\\ProgramData'],
    ['ProgramFiles', 'C:\\Program Files'],
    ['SystemDrive', 'C:'],
    ['SystemRoot', 'C:\\Windows'],
    ['TEMP', `${profile}\\AppData\\Local\\Temp`],
    ['TMP', `${profile}\\AppData\\Local\\Temp`],
    ['USERDOMAIN', domain.toUpperCase() === 'USER MANAGER' ? 'User Manager' : domain],
    ['USERNAME', envUserName(w)],
    ['USERPROFILE', profile],
    ['windir', 'C:\\Windows'],
  ];
  if (w.hostProcess) env.push(['CONTAINER_SANDBOX_MOUNT_POINT', sandboxMountPoint(w)]);
  return env;
}

/** whoami's `domain\user`, lower case. */
export function whoami(w: WindowsContainer): string {
  const [domain, user] = account(w);
  return `${domain}\\${user}`.toLowerCase();
}

// ---------------------------------------------------------------- programs

const notSupported = (ctx: AppletCtx, what: string): number => {
  ctx.err(`kubesim: ${what} is not supported by kubesim yet\n`);
  return 1;
};

function envLookup(env: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

/** A Windows path as a path in the container's filesystem. */
function fsPath(ctx: AppletCtx, w: WindowsContainer, path: string): string {
  let p = path;
  const sandbox = w.hostProcess ? sandboxMountPoint(w) : undefined;
  if (sandbox && p.toLowerCase().startsWith(sandbox.toLowerCase())) p = p.slice(sandbox.length - 1);
  else if (sandbox && p.toLowerCase() === sandbox.slice(0, -1).toLowerCase()) p = '\\';
  p = p.replace(/^[A-Za-z]:/, '').replace(/\\/g, '/');
  void ctx;
  return p || '/';
}

function readWindowsFile(ctx: AppletCtx, w: WindowsContainer, path: string, prog: string): string | undefined {
  try {
    return ctx.vfs.readFile(fsPath(ctx, w, path), '/');
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    if (prog === 'type') ctx.err('The system cannot find the path specified.\n');
    else ctx.err(`${prog} : Cannot find path '${path}' because it does not exist.\n`);
    return undefined;
  }
}

function ping(ctx: AppletCtx): AppletResult {
  if (ctx.argv.slice(1).some((a) => a.toLowerCase() === '-t' || a.toLowerCase() === '/t')) return { wait: null, onTerm: 'exit0' };
  return notSupported(ctx, `ping without -t`);
}

/** PowerShell words: '...' literal, "..." and bare words expand $env:NAME. */
function psWords(text: string, env: Record<string, string>): string[] {
  const out: string[] = [];
  const expand = (s: string) => s.replace(/\$env:([A-Za-z_][A-Za-z0-9_]*)/g, (_, n: string) => envLookup(env, n) ?? '');
  const re = /'((?:[^']|'')*)'|"((?:[^"`]|`.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) out.push(m[1].replace(/''/g, "'"));
    else if (m[2] !== undefined) out.push(expand(m[2]));
    else out.push(expand(m[3]!));
  }
  return out;
}

/** One PowerShell statement; returns false when it failed. */
function psStatement(ctx: AppletCtx, w: WindowsContainer, stmt: string): boolean {
  const text = stmt.trim();
  if (!text) return true;
  const words = psWords(text, ctx.env);
  const cmd = words[0]!;
  const lower = cmd.toLowerCase();
  if (/^\$env:[A-Za-z_][A-Za-z0-9_]*$/i.test(text.split(/\s+/)[0]!) && text.split(/\s+/).length === 1) {
    const v = envLookup(ctx.env, text.slice(5));
    if (v !== undefined) ctx.out(v + '\n');
    return true;
  }
  if (['echo', 'write-output', 'write', 'write-host'].includes(lower)) {
    if (lower === 'write-host') ctx.out(words.slice(1).join(' ') + '\n');
    else for (const w2 of words.slice(1)) ctx.out(w2 + '\n');
    return true;
  }
  if (['whoami', 'whoami.exe'].includes(lower)) return whoamiProgram(ctx, w, words) === 0;
  if (['hostname', 'hostname.exe'].includes(lower)) {
    ctx.out(envLookup(ctx.env, 'COMPUTERNAME') + '\n');
    return true;
  }
  if (['get-content', 'gc', 'cat', 'type'].includes(lower)) {
    let ok = true;
    for (const p of words.slice(1)) {
      const data = readWindowsFile(ctx, w, p, cmd);
      if (data === undefined) ok = false;
      else ctx.out(data.endsWith('\n') || data === '' ? data : data + '\n');
    }
    return ok;
  }
  notSupported(ctx, `the PowerShell command "${cmd}"`);
  return false;
}

function powershell(w: WindowsContainer): Applet {
  return (ctx) => {
    const args = ctx.argv.slice(1);
    let i = 0;
    while (i < args.length && /^-(NoProfile|NonInteractive|NoLogo|ExecutionPolicy)$/i.test(args[i]!)) i += /^-ExecutionPolicy$/i.test(args[i]!) ? 2 : 1;
    const flag = args[i]?.toLowerCase();
    if (flag !== '-command' && flag !== '-c') return notSupported(ctx, args.length ? `powershell ${args.join(' ')}` : 'an interactive PowerShell session (use powershell -Command \'...\')');
    const script = args.slice(i + 1).join(' ');
    let ok = true;
    for (const stmt of script.split(/[;\n]/)) ok = psStatement(ctx, w, stmt) && ok;
    return ok ? 0 : 1;
  };
}

function cmdStatement(ctx: AppletCtx, w: WindowsContainer, stmt: string): number {
  const text = stmt.trim().replace(/%([^%\s]+)%/g, (m, n: string) => envLookup(ctx.env, n) ?? m);
  if (!text) return 0;
  const space = text.search(/\s/);
  const cmd = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : text.slice(space + 1);
  if (cmd === 'echo') {
    ctx.out((rest === '' ? 'ECHO is on.' : rest) + '\n');
    return 0;
  }
  if (cmd === 'whoami' || cmd === 'whoami.exe') return whoamiProgram(ctx, w, ['whoami', ...rest.split(/\s+/).filter(Boolean)]);
  if (cmd === 'hostname' || cmd === 'hostname.exe') {
    ctx.out(envLookup(ctx.env, 'COMPUTERNAME') + '\n');
    return 0;
  }
  if (cmd === 'set' && rest === '') {
    for (const k of Object.keys(ctx.env).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))) ctx.out(`${k}=${ctx.env[k]}\n`);
    return 0;
  }
  if (cmd === 'type') {
    const data = readWindowsFile(ctx, w, rest.trim(), 'type');
    if (data === undefined) return 1;
    ctx.out(data);
    return 0;
  }
  return notSupported(ctx, `the cmd command "${cmd}"`);
}

function cmd(w: WindowsContainer): Applet {
  return (ctx) => {
    const flag = ctx.argv[1]?.toLowerCase();
    if (flag !== '/c' && flag !== '/k') return notSupported(ctx, 'an interactive cmd session (use cmd /c ...)');
    let code = 0;
    for (const part of ctx.argv.slice(2).join(' ').split(/&&|&/)) code = cmdStatement(ctx, w, part);
    return code;
  };
}

function whoamiProgram(ctx: AppletCtx, w: WindowsContainer, argv: string[]): number {
  if (argv.length > 1) return notSupported(ctx, `whoami ${argv.slice(1).join(' ')}`);
  ctx.out(whoami(w) + '\n');
  return 0;
}

/** The program `name` in a Windows container, or undefined when there is no such executable. */
export function windowsProgram(name: string, w: WindowsContainer, image: string): Applet | undefined {
  const base = name.replace(/^.*[\\/]/, '').toLowerCase().replace(/\.exe$/, '');
  switch (base) {
    case 'ping':
      return ping;
    case 'whoami':
      return (ctx) => whoamiProgram(ctx, w, ctx.argv);
    case 'hostname':
      return (ctx) => (ctx.out(envLookup(ctx.env, 'COMPUTERNAME') + '\n'), 0);
    case 'cmd':
      return cmd(w);
    case 'powershell':
    case 'pwsh':
      return windowsImage(image)?.powershell === false && !w.hostProcess ? undefined : powershell(w);
    case 'nltest':
      return (ctx) => notSupported(ctx, 'nltest (kubesim has no Active Directory domain)');
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- the node

/** `net localgroup NAME /add` and friends on a Windows node; returns the new group list when it changed. */
export function windowsNodeCommand(argv: string[], groups: string[]): { out: string; err: string; code: number; groups?: string[] } {
  const [prog, sub, name, flag] = argv.map((a) => a ?? '');
  if (prog?.toLowerCase().replace(/\.exe$/, '') === 'net' && sub?.toLowerCase() === 'localgroup' && name) {
    const exists = groups.some((g) => g.toLowerCase() === name.toLowerCase());
    if (flag?.toLowerCase() === '/add') {
      if (exists) return { out: '', err: 'System error 1379 has occurred.\n\nThe specified local group already exists.\n\n', code: 2 };
      return { out: 'The command completed successfully.\n\n', err: '', code: 0, groups: [...groups, name] };
    }
    if (flag?.toLowerCase() === '/delete') {
      if (!exists) return { out: '', err: 'The specified local group does not exist.\n\nMore help is available by typing NET HELPMSG 3781.\n\n', code: 2 };
      return { out: 'The command completed successfully.\n\n', err: '', code: 0, groups: groups.filter((g) => g.toLowerCase() !== name.toLowerCase()) };
    }
  }
  return { out: '', err: `kubesim: ${argv.join(' ')} on a Windows node is not supported by kubesim yet\n`, code: 1 };
}
