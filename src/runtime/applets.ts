// Busybox-like applets (and the few GNU tools the Debian-based images have):
// each is a function of its arguments, the container's filesystem and identity.
// Long-running programs (daemons, stress) return a wait instead of a status.
import { clusterNetwork, lookupHost, CLUSTER_DNS_IP } from './network.js';
import type { Applet, AppletCtx, AppletResult } from './sh/interp.js';
import { parseScript, ShSyntaxError } from './sh/parse.js';
import { newShell } from './sh/interp.js';
import { FsError, basename, dirname, normalize, type FsNode, type Vfs } from './fs.js';
import type { Io } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function fsErr(ctx: AppletCtx, prog: string, e: unknown, what: string): number {
  if (e instanceof FsError) {
    ctx.err(`${prog}: ${what}: ${e.message}\n`);
    return 1;
  }
  throw e;
}

/** Splits `-abc` style flags from operands (stops at `--`). */
function opts(argv: string[], withValue = ''): { flags: Set<string>; vals: Record<string, string>; rest: string[] } {
  const flags = new Set<string>();
  const vals: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (withValue.includes(c)) {
          vals[c] = a.slice(j + 1) || argv[++i] || '';
          break;
        }
        flags.add(c);
      }
    } else rest.push(a);
  }
  return { flags, vals, rest };
}

function readInputs(ctx: AppletCtx, prog: string, files: string[]): { text: string; status: number } {
  if (!files.length || (files.length === 1 && files[0] === '-')) return { text: ctx.readAll(), status: 0 };
  let text = '';
  let status = 0;
  for (const f of files) {
    try {
      text += f === '-' ? ctx.readAll() : ctx.vfs.readFile(f, ctx.cwd);
    } catch (e) {
      if (e instanceof FsError) {
        ctx.err(`${prog}: ${e.code === 'ENOENT' || e.code === 'EACCES' ? `can't open '${f}'` : f}: ${e.message}\n`);
        status = 1;
      } else throw e;
    }
  }
  return { text, status };
}

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

function userName(vfs: Vfs, uid: number): string | undefined {
  try {
    for (const line of vfs.readFile('/etc/passwd', '/').split('\n')) {
      const f = line.split(':');
      if (f[2] === String(uid)) return f[0];
    }
  } catch {
    /* no passwd */
  }
  return undefined;
}
function groupName(vfs: Vfs, gid: number): string | undefined {
  try {
    for (const line of vfs.readFile('/etc/group', '/').split('\n')) {
      const f = line.split(':');
      if (f[2] === String(gid)) return f[0];
    }
  } catch {
    /* no group file */
  }
  return undefined;
}

export function dateString(ms: number, fmt?: string): string {
  const d = new Date(ms);
  if (fmt) {
    return fmt.replace(/%([a-zA-Z%])/g, (_m, c: string) => {
      switch (c) {
        case 'Y': return String(d.getUTCFullYear());
        case 'm': return pad(d.getUTCMonth() + 1);
        case 'd': return pad(d.getUTCDate());
        case 'H': return pad(d.getUTCHours());
        case 'M': return pad(d.getUTCMinutes());
        case 'S': return pad(d.getUTCSeconds());
        case 's': return String(Math.floor(ms / 1000));
        case 'a': return DAYS[d.getUTCDay()]!;
        case 'b': return MONTHS[d.getUTCMonth()]!;
        case 'Z': return 'UTC';
        case 'z': return '+0000';
        case 'T': return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
        case 'F': return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
        case '%': return '%';
      }
      return c;
    });
  }
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function modeString(n: FsNode): string {
  const type = n.t === 'd' ? 'd' : n.t === 'l' ? 'l' : '-';
  const m = n.mode;
  const rwx = (bits: number, special: boolean, ch: string) =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-');
  return type + rwx((m >> 6) & 7, !!(m & 0o4000), 's') + rwx((m >> 3) & 7, !!(m & 0o2000), 's') + rwx(m & 7, !!(m & 0o1000), 't');
}

function lsDate(ms: number, now: number): string {
  const d = new Date(ms);
  const recent = now - ms < 182 * 86400_000;
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day} ${recent ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : ` ${d.getUTCFullYear()}`}`;
}

function nodeSize(n: FsNode): number {
  return n.t === 'f' ? Buffer.byteLength(n.d) : n.t === 'l' ? n.to.length : 4096;
}

const ls: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  const long = flags.has('l') || flags.has('n');
  const all = flags.has('a');
  const almost = flags.has('A');
  const targets = rest.length ? rest : ['.'];
  let status = 0;
  const fmtLong = (name: string, n: FsNode): string => {
    const user = flags.has('n') ? String(n.uid) : (userName(ctx.vfs, n.uid) ?? String(n.uid));
    const group = flags.has('n') ? String(n.gid) : (groupName(ctx.vfs, n.gid) ?? String(n.gid));
    const links = n.t === 'd' ? 2 + Object.values(n.c).filter((c) => c.t === 'd').length : 1;
    const tail = n.t === 'l' ? ` -> ${n.to}` : '';
    return `${modeString(n)} ${String(links).padStart(4)} ${user.padEnd(8)} ${group.padEnd(8)} ${String(nodeSize(n)).padStart(9)} ${lsDate(n.mtime, ctx.now)} ${name}${tail}\n`;
  };
  const files: string[] = [];
  const dirs: string[] = [];
  for (const t of targets) {
    const n = ctx.vfs.stat(t, ctx.cwd, !long || t.endsWith('/'));
    if (!n) {
      ctx.err(`ls: ${t}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (n.t === 'd' && !flags.has('d')) dirs.push(t);
    else files.push(t);
  }
  for (const f of files) {
    const n = ctx.vfs.stat(f, ctx.cwd, false)!;
    ctx.out(long ? fmtLong(f, n) : f + '\n');
  }
  dirs.forEach((dpath, i) => {
    if (targets.length > 1) ctx.out(`${i > 0 || files.length ? '\n' : ''}${dpath}:\n`);
    let names: string[];
    try {
      names = ctx.vfs.readdir(dpath, ctx.cwd);
    } catch (e) {
      status = fsErr(ctx, 'ls', e, `can't open '${dpath}'`);
      return;
    }
    names = names.filter((n) => all || almost || !n.startsWith('.'));
    if (all) names = ['.', '..', ...names];
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (long) {
      const entries = names.map((n) => [n, ctx.vfs.stat(normalize(n, normalize(dpath, ctx.cwd)), '/', false)] as const);
      const total = entries.reduce((s, [, n]) => s + (n ? (n.t === 'd' ? 4 : Math.ceil(nodeSize(n) / 4096) * 4) : 0), 0);
      ctx.out(`total ${names.length === 0 ? 0 : total}\n`);
      for (const [name, n] of entries) if (n) ctx.out(fmtLong(name, n));
    } else for (const n of names) ctx.out(n + '\n');
  });
  return status;
};

const cat: Applet = (ctx) => {
  const { rest } = opts(ctx.argv);
  const { text, status } = readInputs(ctx, 'cat', rest);
  ctx.out(text);
  return status;
};

function idLine(ctx: AppletCtx): string {
  const { uid, gid, groups } = ctx.proc.who;
  const nm = (id: number, f: (v: Vfs, n: number) => string | undefined) => {
    const n = f(ctx.vfs, id);
    return n ? `${id}(${n})` : String(id);
  };
  const all = [...new Set([gid, ...groups])].sort((a, b) => a - b);
  return `uid=${nm(uid, userName)} gid=${nm(gid, groupName)} groups=${all.map((g) => nm(g, groupName)).join(',')}\n`;
}

const echo: Applet = (ctx) => {
  let args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  let s = args.join(' ');
  if (escapes) s = unescapeC(s);
  ctx.out(s + (newline ? '\n' : ''));
  return 0;
};

function unescapeC(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|[abfnrtv\\]|c)/g, (_m, c: string) => {
    if (c.startsWith('0')) return String.fromCharCode(parseInt(c, 8) || 0);
    return ({ a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', c: '' } as Record<string, string>)[c]!;
  });
}

const printf: Applet = (ctx) => {
  const fmt = ctx.argv[1];
  if (fmt === undefined) {
    ctx.err('printf: usage: printf format [arguments]\n');
    return 2;
  }
  const args = ctx.argv.slice(2);
  let out = '';
  let ai = 0;
  do {
    out += unescapeC(fmt).replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdiuxXofceg%b])/g, (_m, fl: string, w: string, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      const a = args[ai++] ?? '';
      let v: string;
      if (conv === 's' || conv === 'b') v = conv === 'b' ? unescapeC(a) : a;
      else if (conv === 'c') v = a.slice(0, 1);
      else if (conv === 'f' || conv === 'e' || conv === 'g') v = (Number(a) || 0).toFixed(prec !== undefined ? Number(prec) : 6);
      else if (conv === 'x') v = (parseInt(a) || 0).toString(16);
      else if (conv === 'X') v = (parseInt(a) || 0).toString(16).toUpperCase();
      else if (conv === 'o') v = (parseInt(a) || 0).toString(8);
      else v = String(parseInt(a) || 0);
      if (conv === 's' && prec !== undefined) v = v.slice(0, Number(prec));
      const width = Number(w || 0);
      if (v.length < width) v = fl.includes('-') ? v.padEnd(width) : v.padStart(width, fl.includes('0') && conv !== 's' ? '0' : ' ');
      return v;
    });
  } while (ai > 0 && ai < args.length);
  ctx.out(out);
  return 0;
};

function testExpr(ctx: AppletCtx, a: string[]): boolean {
  const vfs = ctx.vfs;
  if (a.length === 0) return false;
  if (a[0] === '!') return !testExpr(ctx, a.slice(1));
  const ai = a.indexOf('-a');
  if (ai > 0) return testExpr(ctx, a.slice(0, ai)) && testExpr(ctx, a.slice(ai + 1));
  const oi = a.indexOf('-o');
  if (oi > 0) return testExpr(ctx, a.slice(0, oi)) || testExpr(ctx, a.slice(oi + 1));
  if (a.length === 1) return a[0] !== '';
  if (a.length === 2) {
    const [op, v] = a as [string, string];
    const n = () => vfs.stat(v, ctx.cwd);
    switch (op) {
      case '-z': return v === '';
      case '-n': return v !== '';
      case '-e': return !!n();
      case '-f': return n()?.t === 'f';
      case '-d': return n()?.t === 'd';
      case '-L':
      case '-h': return vfs.stat(v, ctx.cwd, false)?.t === 'l';
      case '-s': { const x = n(); return !!x && nodeSize(x) > 0 && x.t !== 'd' ? true : x?.t === 'd'; }
      case '-r': { const x = n(); return !!x && vfs.canRead(x); }
      case '-w': { const x = n(); return !!x && vfs.canWrite(x); }
      case '-x': { const x = n(); return !!x && vfs.canExec(x); }
    }
    return false;
  }
  const [l, op, r] = a as [string, string, string];
  switch (op) {
    case '=':
    case '==': return l === r;
    case '!=': return l !== r;
    case '-eq': return Number(l) === Number(r);
    case '-ne': return Number(l) !== Number(r);
    case '-lt': return Number(l) < Number(r);
    case '-le': return Number(l) <= Number(r);
    case '-gt': return Number(l) > Number(r);
    case '-ge': return Number(l) >= Number(r);
  }
  return false;
}

const test: Applet = (ctx) => {
  let a = ctx.argv.slice(1);
  if (ctx.argv[0] === '[') {
    if (a[a.length - 1] !== ']') {
      ctx.err('[: missing ]\n');
      return 2;
    }
    a = a.slice(0, -1);
  }
  return testExpr(ctx, a) ? 0 : 1;
};

function psEntries(ctx: AppletCtx) {
  return ctx.sh.k.processes(ctx.proc).sort((a, b) => a.pid - b.pid);
}

const ps: Applet = (ctx) => {
  const entries = psEntries(ctx);
  const gnu = ctx.vfs.stat('/usr/bin/ps', '/') !== undefined && ctx.vfs.stat('/bin/busybox', '/') === undefined;
  if (gnu && ctx.argv.slice(1).some((a) => a.includes('u'))) {
    ctx.out('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n');
    for (const e of entries) {
      const user = (userName(ctx.vfs, e.uid) ?? String(e.uid)).slice(0, 8);
      const rss = Math.max(1024, Math.round(e.memBytes / 1024));
      const d = new Date(e.start);
      const start = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      const cmd = e.argv.join(' ');
      ctx.out(`${user.padEnd(8)} ${String(e.pid).padStart(7)}  0.0  0.0 ${String(rss * 2).padStart(6)} ${String(rss).padStart(5)} ?        ${(e.state + 's').padEnd(4)} ${start}   0:00 ${cmd}\n`);
    }
    return 0;
  }
  if (gnu) {
    ctx.out('    PID TTY          TIME CMD\n');
    for (const e of entries) ctx.out(`${String(e.pid).padStart(7)} ?        00:00:00 ${basename(e.argv[0] ?? '')}\n`);
    return 0;
  }
  ctx.out('PID   USER     TIME  COMMAND\n');
  for (const e of entries) {
    const user = (userName(ctx.vfs, e.uid) ?? String(e.uid)).slice(0, 8);
    ctx.out(`${String(e.pid).padStart(5)} ${user.padEnd(8)}  0:00 ${e.argv.join(' ')}\n`);
  }
  return 0;
};

const grep: Applet = (ctx) => {
  const { flags, vals, rest } = opts(ctx.argv, 'e');
  const pattern = vals['e'] ?? rest.shift();
  if (pattern === undefined) {
    ctx.err('grep: no pattern\n');
    return 2;
  }
  const src = flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : toJsRegex(pattern, flags.has('E'));
  const re = new RegExp(flags.has('x') ? `^(?:${src})$` : src, flags.has('i') ? 'i' : '');
  const { text, status } = readInputs(ctx, 'grep', rest);
  let count = 0;
  for (const l of lines(text)) {
    const m = re.test(l) !== flags.has('v');
    if (!m) continue;
    count++;
    if (flags.has('q')) return 0;
    if (!flags.has('c')) ctx.out((flags.has('o') ? (l.match(re)?.[0] ?? l) : l) + '\n');
  }
  if (flags.has('c')) ctx.out(`${count}\n`);
  return status || (count ? 0 : 1);
};

/** POSIX basic/extended regular expressions to JavaScript. */
function toJsRegex(p: string, extended: boolean): string {
  if (extended) return p;
  return p.replace(/\\([(){}|+?])|([(){}|+?])/g, (_m, esc: string | undefined, plain: string | undefined) => (esc ? esc : '\\' + plain));
}

const head: Applet = (ctx) => {
  const { vals, rest } = opts(ctx.argv.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a)), 'nc');
  const n = Number(vals['n'] ?? 10);
  const bytes = vals['c'] !== undefined ? Number(vals['c']) : undefined;
  if (!rest.length || (rest.length === 1 && rest[0] === '-')) {
    // Standard input is read only as far as needed: an endless writer before it (`yes | head -3`) ends.
    if (bytes !== undefined) ctx.out(ctx.read(bytes));
    for (let i = 0; bytes === undefined && i < n; i++) {
      const line = ctx.readLine();
      if (line === undefined) break;
      ctx.out(line + '\n');
    }
    return 0;
  }
  if (bytes !== undefined && rest.length === 1) {
    // -c reads a file only that far (/dev/urandom has no end).
    try {
      ctx.out(ctx.vfs.readFile(rest[0]!, ctx.cwd, bytes).slice(0, bytes));
      return 0;
    } catch {
      // (readInputs reports it)
    }
  }
  const { text, status } = readInputs(ctx, 'head', rest);
  ctx.out(bytes !== undefined ? text.slice(0, bytes) : lines(text).slice(0, n).map((x) => x + '\n').join(''));
  return status;
};

/** Busybox's size suffixes (dd, truncate): c w b kB k MB M GB G. */
const SIZE_SUFFIXES: Record<string, number> = { c: 1, w: 2, b: 512, kB: 1000, k: 1024, K: 1024, MB: 1e6, M: 1 << 20, GB: 1e9, G: 1 << 30 };

function parseBlockSize(text: string): number | undefined {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(text);
  const mult = m && (m[2] ? SIZE_SUFFIXES[m[2]] : 1);
  return m && mult ? Number(m[1]) * mult : undefined;
}

/** make_human_readable_str (libbb): 1024-based units with one decimal, plain below 1 KiB. */
function humanBytes(n: number): string {
  let val = Math.floor(n);
  let frac = 0;
  let unit = 0;
  while (val >= 1024) {
    frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
    val = Math.floor(val / 1024);
    unit++;
  }
  if (frac >= 10) {
    val++;
    frac = 0;
  }
  return unit === 0 ? String(val) : `${val}.${frac}${' KMGTPE'[unit]}`;
}

/** dd's simulated throughput: the copy takes simulated time at this rate (and at least 100 µs). */
const DD_BYTES_PER_SECOND = 500_000_000;

/** busybox dd: if= of= bs= count= skip= seek= status=, and its three status lines on stderr. */
const dd: Applet = (ctx) => {
  const o = { bs: 512, count: undefined as number | undefined, skip: 0, seek: 0, if: undefined as string | undefined, of: undefined as string | undefined, status: '' };
  for (const arg of ctx.argv.slice(1)) {
    const eq = arg.indexOf('=');
    const key = eq < 0 ? arg : arg.slice(0, eq);
    const val = arg.slice(eq + 1);
    if (key === 'if' || key === 'of') o[key] = val;
    else if (key === 'status') {
      if (val !== 'none' && val !== 'noxfer') return usageError(ctx, `dd: invalid argument '${val}' to 'status'`);
      o.status = val;
    } else if (['bs', 'ibs', 'obs', 'count', 'skip', 'seek'].includes(key) && eq > 0) {
      const v = parseBlockSize(val);
      if (v === undefined || (key.endsWith('bs') && v < 1)) return usageError(ctx, `dd: invalid number '${val}'`);
      if (key.endsWith('bs')) o.bs = v;
      else o[key as 'count' | 'skip' | 'seek'] = v;
    } else return usageError(ctx, DD_USAGE);
  }
  // Read only what the copy takes (an endless input, /dev/zero or `yes |`, is read that far).
  const want = o.count !== undefined ? (o.skip + o.count) * o.bs : undefined;
  let data: string;
  try {
    if (o.if === undefined) data = want !== undefined ? ctx.read(want) : ctx.readAll();
    else data = ctx.vfs.readFile(o.if, ctx.cwd, want);
  } catch (e) {
    return fsErr(ctx, 'dd', e, `can't open '${o.if}'`);
  }
  data = data.slice(o.skip * o.bs, want);
  const out = ddWrite(ctx, o.of, data, o.bs, o.seek);
  if ('open' in out) return fsErr(ctx, 'dd', out.open, `can't open '${o.of}'`);
  if (out.error) ctx.err(`dd: writing '${o.of ?? 'standard output'}': ${out.error.message}\n`);
  if (o.status !== 'none') {
    const records = (n: number) => `${Math.floor(n / o.bs)}+${n % o.bs ? 1 : 0}`;
    ctx.err(`${records(data.length)} records in\n${records(out.bytes)} records out\n`);
    if (o.status !== 'noxfer') {
      const seconds = Math.max(out.bytes / DD_BYTES_PER_SECOND, 0.0001);
      ctx.err(`${out.bytes} bytes (${humanBytes(out.bytes)}B) copied, ${seconds.toFixed(6)} seconds, ${humanBytes(out.bytes / seconds)}B/s\n`);
    }
  }
  return out.error ? 1 : 0;
};

/** The first lines busybox prints when an applet is called wrongly. */
const BUSYBOX_USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ';
const DD_USAGE = `${BUSYBOX_USAGE}dd [if=FILE] [of=FILE] [ibs=N obs=N/bs=N] [count=N] [skip=N] [seek=N]`;

function usageError(ctx: AppletCtx, text: string): number {
  ctx.err(`${text}\n`);
  return 1;
}

/**
 * dd's output: stdout, or the file cut to `seek` blocks (O_TRUNC) and written block by block,
 * so a full disk stops it at the last block that fitted.
 */
function ddWrite(ctx: AppletCtx, path: string | undefined, data: string, bs: number, seek: number): { bytes: number; error?: FsError } | { open: unknown } {
  if (path === undefined) {
    ctx.out(data);
    return { bytes: data.length };
  }
  try {
    const old = seek && ctx.vfs.stat(path, ctx.cwd)?.t === 'f' ? ctx.vfs.readFile(path, ctx.cwd) : '';
    ctx.vfs.writeFile(path, ctx.cwd, old.slice(0, seek * bs).padEnd(seek * bs, '\0'));
  } catch (e) {
    return { open: e };
  }
  // Whole chunks while they fit; the chunk that does not, block by block.
  const chunk = Math.max(1, Math.floor((64 * 1024) / bs)) * bs;
  let bytes = 0;
  for (let step = chunk; bytes < data.length; ) {
    const piece = data.slice(bytes, bytes + step);
    try {
      ctx.vfs.writeFile(path, ctx.cwd, piece, true);
      bytes += piece.length;
    } catch (e) {
      if (!(e instanceof FsError) || e.code !== 'ENOSPC') throw e;
      if (step === bs) return { bytes, error: e };
      step = bs;
    }
  }
  return { bytes };
}

/** truncate -s SIZE (and -c: do not create): a file cut or extended with zeros. */
const truncate: Applet = (ctx) => {
  const { flags, vals, rest } = opts(ctx.argv, 's');
  const size = vals['s'] !== undefined ? parseBlockSize(vals['s']) : undefined;
  if (vals['s'] === undefined || !rest.length) return usageError(ctx, `${BUSYBOX_USAGE}truncate [-c] -s SIZE FILE...`);
  if (size === undefined) return usageError(ctx, `truncate: invalid number '${vals['s']}'`);
  let code = 0;
  for (const f of rest) {
    try {
      const node = ctx.vfs.stat(f, ctx.cwd);
      if (!node && flags.has('c')) continue;
      const old = node?.t === 'f' ? ctx.vfs.readFile(f, ctx.cwd) : '';
      ctx.vfs.writeFile(f, ctx.cwd, old.length >= size ? old.slice(0, size) : old.padEnd(size, '\0'));
    } catch (e) {
      code = fsErr(ctx, 'truncate', e, `${f}`);
    }
  }
  return code;
};

const tail: Applet = (ctx) => {
  const { flags, vals, rest } = opts(ctx.argv.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a)), 'nc');
  const nv = vals['n'] ?? '10';
  const { text, status } = readInputs(ctx, 'tail', rest);
  const all = lines(text);
  const l = nv.startsWith('+') ? all.slice(Number(nv.slice(1)) - 1) : all.slice(Math.max(0, all.length - Number(nv)));
  ctx.out(l.map((x) => x + '\n').join(''));
  if (flags.has('f') || flags.has('F')) return { wait: null, onTerm: 'ignore' };
  return status;
};

const wc: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  const { text, status } = readInputs(ctx, 'wc', rest);
  const counts = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: Buffer.byteLength(text) };
  const sel = (['l', 'w', 'c'] as const).filter((k) => flags.has(k));
  const show = sel.length ? sel : (['l', 'w', 'c'] as const);
  const parts = show.map((k) => String(counts[k]).padStart(sel.length === 1 ? 0 : 7));
  ctx.out(parts.join(' ') + (rest.length ? ` ${rest[0]}` : '') + '\n');
  return status;
};

const sed: Applet = (ctx) => sedOnce(ctx);

function sedOnce(ctx: AppletCtx): number {
  const { flags, vals, rest } = opts(ctx.argv, 'e');
  const script = vals['e'] ?? rest.shift() ?? '';
  if (flags.has('i') && rest.length) {
    // -i: each file is edited in place.
    let st = 0;
    for (const f of rest) {
      let done = '';
      const r = sedOnce({ ...ctx, argv: ['sed', ...[...flags].filter((x) => x !== 'i').map((x) => `-${x}`), '-e', script, f], out: (t) => (done += t) });
      if (r !== 0) st = r;
      else {
        try {
          ctx.vfs.writeFile(f, ctx.cwd, done);
          ctx.sh.k.writes++;
        } catch (e) {
          st = fsErr(ctx, 'sed', e, f);
        }
      }
    }
    return st;
  }
  const { text, status } = readInputs(ctx, 'sed', rest);
  const cmds = script.split(/;\s*/).filter(Boolean);
  const out: string[] = [];
  for (let line of lines(text)) {
    let del = false;
    for (const c of cmds) {
      const m = /^s(.)(.*?)\1(.*?)\1([gI]*)$/.exec(c);
      if (m) {
        const re = new RegExp(toJsRegex(m[2]!, flags.has('E') || flags.has('r')), (m[4]!.includes('g') ? 'g' : '') + (m[4]!.includes('I') ? 'i' : ''));
        line = line.replace(re, m[3]!.replace(/\\(\d)/g, '$$$1').replace(/&/g, '$$&'));
      } else if (c === 'd') del = true;
    }
    if (!del && !flags.has('n')) out.push(line);
  }
  ctx.out(out.map((l) => l + '\n').join(''));
  return status;
}

const cut: Applet = (ctx) => {
  const { vals, rest } = opts(ctx.argv, 'dfc');
  const delim = vals['d'] ?? '\t';
  const { text } = readInputs(ctx, 'cut', rest);
  const ranges = (vals['f'] ?? vals['c'] ?? '1').split(',').map((r) => {
    const [a, b] = r.split('-');
    return [Number(a || 1), r.includes('-') ? (b ? Number(b) : Infinity) : Number(a)] as const;
  });
  const pick = (items: string[]) => items.filter((_x, i) => ranges.some(([a, b]) => i + 1 >= a && i + 1 <= b));
  for (const l of lines(text)) {
    if (vals['c']) ctx.out(pick([...l]).join('') + '\n');
    else ctx.out((l.includes(delim) ? pick(l.split(delim)).join(delim) : l) + '\n');
  }
  return 0;
};

const tr: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  const expand = (s: string) => unescapeC(s).replace(/(.)-(.)/g, (_m, a: string, b: string) => {
    let r = '';
    for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) r += String.fromCharCode(c);
    return r;
  }).replace(/\[:upper:\]/g, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ').replace(/\[:lower:\]/g, 'abcdefghijklmnopqrstuvwxyz');
  const from = expand(rest[0] ?? '');
  const to = expand(rest[1] ?? '');
  const text = ctx.readAll();
  let out = '';
  for (const c of text) {
    const i = from.indexOf(c);
    if (flags.has('d')) {
      if (i < 0) out += c;
    } else out += i < 0 ? c : (to[Math.min(i, to.length - 1)] ?? '');
  }
  ctx.out(out);
  return 0;
};

const sort: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  const { text } = readInputs(ctx, 'sort', rest);
  let l = lines(text);
  l.sort(flags.has('n') ? (a, b) => parseFloat(a) - parseFloat(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (flags.has('r')) l.reverse();
  if (flags.has('u')) l = l.filter((x, i) => i === 0 || x !== l[i - 1]);
  ctx.out(l.map((x) => x + '\n').join(''));
  return 0;
};

const uniq: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  const { text } = readInputs(ctx, 'uniq', rest);
  const groups: [string, number][] = [];
  for (const l of lines(text)) {
    const g = groups[groups.length - 1];
    if (g && g[0] === l) g[1]++;
    else groups.push([l, 1]);
  }
  for (const [l, n] of groups) ctx.out(flags.has('c') ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`);
  return 0;
};

const mkdir: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv, 'm');
  let st = 0;
  for (const p of rest) {
    try {
      ctx.vfs.mkdir(p, ctx.cwd, flags.has('p'));
      ctx.sh.k.writes++;
    } catch (e) {
      st = fsErr(ctx, 'mkdir', e, `can't create directory '${p}'`);
    }
  }
  return st;
};

const rmdir: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  let st = 0;
  for (const p of rest) {
    try {
      ctx.vfs.rmdir(p, ctx.cwd);
      ctx.sh.k.writes++;
      if (flags.has('p')) {
        for (let d = dirname(normalize(p, ctx.cwd)); d !== '/'; d = dirname(d)) ctx.vfs.rmdir(d, '/');
      }
    } catch (e) {
      st = fsErr(ctx, 'rmdir', e, `'${p}'`);
    }
  }
  return st;
};

const touch: Applet = (ctx) => {
  const { rest } = opts(ctx.argv);
  let st = 0;
  for (const p of rest) {
    try {
      ctx.vfs.writeFile(p, ctx.cwd, '', true);
      ctx.sh.k.writes++;
    } catch (e) {
      st = fsErr(ctx, 'touch', e, p);
    }
  }
  return st;
};

const rm: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  let st = 0;
  for (const p of rest) {
    try {
      const n = ctx.vfs.stat(p, ctx.cwd, false);
      if (!n) {
        if (!flags.has('f')) {
          ctx.err(`rm: can't remove '${p}': No such file or directory\n`);
          st = 1;
        }
        continue;
      }
      if (n.t === 'd' && !flags.has('r') && !flags.has('R')) {
        ctx.err(`rm: '${p}' is a directory\n`);
        st = 1;
        continue;
      }
      ctx.vfs.remove(p, ctx.cwd, true);
      ctx.sh.k.writes++;
    } catch (e) {
      st = fsErr(ctx, 'rm', e, `can't remove '${p}'`);
    }
  }
  return st;
};

function copyInto(ctx: AppletCtx, src: string, dst: string, move: boolean, prog: string): number {
  const n = ctx.vfs.stat(src, ctx.cwd, false);
  if (!n) {
    ctx.err(`${prog}: can't stat '${src}': No such file or directory\n`);
    return 1;
  }
  const target = ctx.vfs.stat(dst, ctx.cwd);
  const dest = target?.t === 'd' ? normalize(basename(src), normalize(dst, ctx.cwd)) : normalize(dst, ctx.cwd);
  try {
    const copy = JSON.parse(JSON.stringify(n)) as FsNode;
    if (!move) {
      copy.uid = ctx.proc.who.uid;
      copy.gid = ctx.proc.who.gid;
      copy.mtime = ctx.now;
    }
    ctx.vfs.put(dest, '/', copy);
    if (move) ctx.vfs.remove(src, ctx.cwd, true);
    ctx.sh.k.writes++;
  } catch (e) {
    return fsErr(ctx, prog, e, `can't create '${dst}'`);
  }
  return 0;
}

const cp: Applet = (ctx) => {
  const { rest } = opts(ctx.argv);
  const dst = rest.pop();
  if (!dst || !rest.length) {
    ctx.err('cp: missing file operand\n');
    return 1;
  }
  return rest.reduce((st, s) => copyInto(ctx, s, dst, false, 'cp') || st, 0);
};
const mv: Applet = (ctx) => {
  const { rest } = opts(ctx.argv);
  const dst = rest.pop();
  if (!dst || !rest.length) {
    ctx.err('mv: missing file operand\n');
    return 1;
  }
  return rest.reduce((st, s) => copyInto(ctx, s, dst, true, 'mv') || st, 0);
};

const stat: Applet = (ctx) => {
  const { vals, rest } = opts(ctx.argv, 'c');
  let st = 0;
  for (const p of rest) {
    const n = ctx.vfs.stat(p, ctx.cwd, false);
    if (!n) {
      ctx.err(`stat: can't stat '${p}': No such file or directory\n`);
      st = 1;
      continue;
    }
    const user = userName(ctx.vfs, n.uid) ?? 'UNKNOWN';
    const group = groupName(ctx.vfs, n.gid) ?? 'UNKNOWN';
    if (vals['c'] !== undefined) {
      ctx.out(
        vals['c'].replace(/%([a-zA-Z])/g, (_m, c: string) =>
          ({ n: p, s: String(nodeSize(n)), u: String(n.uid), g: String(n.gid), U: user, G: group, a: (n.mode & 0o7777).toString(8), A: modeString(n), F: n.t === 'd' ? 'directory' : n.t === 'l' ? 'symbolic link' : 'regular file' } as Record<string, string>)[c] ?? c,
        ) + '\n',
      );
      continue;
    }
    const type = n.t === 'd' ? 'directory' : n.t === 'l' ? 'symbolic link' : nodeSize(n) ? 'regular file' : 'regular empty file';
    const t = new Date(n.mtime).toISOString().replace('T', ' ').replace('Z', '000000 +0000').replace(/\.(\d{3})000000/, '.$1000000');
    ctx.out(
      `  File: ${n.t === 'l' ? `'${p}' -> '${n.to}'` : `${p}`}\n  Size: ${nodeSize(n)}\t\tBlocks: ${n.t === 'd' ? 8 : Math.ceil(nodeSize(n) / 512)}          IO Block: 4096   ${type}\n` +
        `Access: (${(n.mode & 0o7777).toString(8).padStart(4, '0')}/${modeString(n)})  Uid: (${String(n.uid).padStart(5)}/${user.padStart(8)})   Gid: (${String(n.gid).padStart(5)}/${group.padStart(8)})\n` +
        `Access: ${t}\nModify: ${t}\nChange: ${t}\n`,
    );
  }
  return st;
};

const df: Applet = (ctx) => {
  ctx.out('Filesystem           1K-blocks      Used Available Use% Mounted on\n');
  ctx.out('overlay               61202244  14897476  43163336  26% /\n');
  ctx.out('tmpfs                    65536         0     65536   0% /dev\n');
  return 0;
};

const mount: Applet = (ctx) => {
  ctx.out('overlay on / type overlay (rw,relatime)\nproc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\ntmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755)\n');
  return 0;
};

const kill: Applet = (ctx) => {
  let sig = 'TERM';
  const args: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (a === '-s') continue;
    if (/^-[A-Z0-9]+$/i.test(a)) sig = a.slice(1).toUpperCase().replace(/^SIG/, '');
    else args.push(a);
  }
  const names: Record<string, string> = { '9': 'KILL', '15': 'TERM', '1': 'HUP', '2': 'INT', '0': '0' };
  sig = names[sig] ?? sig;
  let st = 0;
  for (const a of args) {
    if (!ctx.sh.k.signal(ctx.proc, Number(a), sig)) {
      ctx.err(`${ctx.sh.st.arg0 === 'bash' || ctx.sh.st.arg0 === '/bin/bash' ? 'bash: kill' : 'sh: kill'}: (${a}) - No such process\n`);
      st = 1;
    }
  }
  return st;
};

const pgrep: Applet = (ctx) => {
  const { flags, rest } = opts(ctx.argv);
  const re = new RegExp(rest[0] ?? '');
  let hits = psEntries(ctx).filter((e) => re.test(flags.has('f') ? e.argv.join(' ') : procName(e.argv)));
  if (flags.has('o')) hits = hits.slice(0, 1);
  if (flags.has('n')) hits = hits.slice(-1);
  for (const h of hits) ctx.out(`${h.pid}\n`);
  return hits.length ? 0 : 1;
};

function procName(argv: string[]): string {
  const a0 = argv[0] ?? '';
  if (a0.endsWith(':')) return basename(a0.slice(0, -1));
  return basename(a0);
}

const killall: Applet = (ctx) => {
  const args = ctx.argv.slice(1);
  let sig = 'TERM';
  if (args[0]?.startsWith('-')) sig = args.shift()!.slice(1);
  const hits = psEntries(ctx).filter((e) => args.includes(procName(e.argv)));
  if (!hits.length) {
    ctx.err(`killall: ${args[0]}: no process killed\n`);
    return 1;
  }
  for (const h of hits) ctx.sh.k.signal(ctx.proc, h.pid, sig);
  return 0;
};

const env: Applet = (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length && !args[0]!.includes('=')) return ctx.sh.runApplet(args, ctx.io, ctx.frame, ctx.depth);
  const e = { ...ctx.env };
  for (const a of args) {
    const i = a.indexOf('=');
    e[a.slice(0, i)] = a.slice(i + 1);
  }
  for (const [k, v] of Object.entries(e)) ctx.out(`${k}=${v}\n`);
  return 0;
};

const printenv: Applet = (ctx) => {
  const names = ctx.argv.slice(1);
  if (!names.length) return env({ ...ctx, argv: ['env'] });
  let st = 0;
  for (const n of names) {
    if (ctx.env[n] === undefined) st = 1;
    else ctx.out(ctx.env[n] + '\n');
  }
  return st;
};

/** The network is not simulated beyond the pod itself. */
function httpGet(ctx: AppletCtx, prog: string, url: string): { body: string; status: number } | number {
  const full = /^https?:\/\//.test(url) ? url : `http://${url}`;
  const r = ctx.sh.k.http(ctx.proc, full);
  if ('error' in r) {
    ctx.err(`${prog}: ${r.error}\n`);
    return prog === 'curl' ? 7 : 1;
  }
  return r;
}

const curl: Applet = (ctx) => {
  const { flags, vals, rest } = opts(ctx.argv, 'oHXdw');
  const url = rest[0];
  if (!url) {
    ctx.err("curl: try 'curl --help' for more information\n");
    return 2;
  }
  const r = httpGet(ctx, 'curl', url);
  if (typeof r === 'number') return r;
  if (flags.has('I')) ctx.out(`HTTP/1.1 ${r.status} OK\r\n\r\n`);
  else if (vals['o']) ctx.vfs.writeFile(vals['o'], ctx.cwd, r.body);
  else ctx.out(r.body);
  // -w: the write-out format after the transfer.
  if (vals['w']) ctx.out(vals['w'].replace(/%\{http_code\}|%\{response_code\}/g, String(r.status)).replace(/%\{size_download\}/g, String(Buffer.byteLength(r.body))).replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
  return 0;
};

const wget: Applet = (ctx) => {
  const { vals, rest, flags } = opts(ctx.argv, 'OT');
  const url = rest[0];
  if (!url) return 1;
  const r = httpGet(ctx, 'wget', url);
  if (typeof r === 'number') return r;
  if (r.status >= 400) {
    ctx.err(`wget: server returned error: HTTP/1.1 ${r.status}\n`);
    return 1;
  }
  const target = vals['O'] ?? (basename(url.replace(/^https?:\/\/[^/]*/, '')) || 'index.html');
  if (target === '-') ctx.out(r.body);
  else {
    if (!flags.has('q')) ctx.err(`Connecting to ${url.replace(/^https?:\/\//, '').split('/')[0]}\n`);
    ctx.vfs.writeFile(target, ctx.cwd, r.body);
  }
  return 0;
};

/** busybox 1.36's nslookup against the pod's nameserver (CoreDNS); A records only. */
const nslookup: Applet = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (!name) {
    ctx.err(`${BUSYBOX_USAGE}nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n`);
    return 1;
  }
  const server = args[1] ?? CLUSTER_DNS_IP;
  ctx.out(`Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
  const found = clusterNetwork() ? lookupHost(name, ctx.sh.k.podIp?.() ?? '') : undefined;
  if (!found) {
    ctx.out(`** server can't find ${name}: NXDOMAIN\n\n** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  for (const a of found.addresses) ctx.out(`Name:\t${found.fqdn}\nAddress: ${a}\n`);
  ctx.out('\n');
  return 0;
};

const shellApplet: Applet = (ctx) => {
  const argv = ctx.argv;
  const name = basename(argv[0]!);
  let script: string | undefined;
  let pos: string[] = [];
  let arg0 = name;
  const ci = argv.indexOf('-c');
  if (ci > 0) {
    script = argv[ci + 1] ?? '';
    if (argv[ci + 2] !== undefined) {
      arg0 = argv[ci + 2]!;
      pos = argv.slice(ci + 3);
    }
  } else {
    const file = argv.slice(1).find((a) => !a.startsWith('-'));
    if (file) {
      try {
        script = ctx.vfs.readFile(file, ctx.cwd);
      } catch (e) {
        ctx.err(`${name}: can't open '${file}': No such file or directory\n`);
        return 2;
      }
      arg0 = file;
      pos = argv.slice(argv.indexOf(file) + 1);
    } else if (ctx.sh.inputOpen(ctx.io)) return ctx.sh.repl(ctx, arg0);
    else script = ctx.readAll();
  }
  let prog;
  try {
    prog = parseScript(script);
  } catch (e) {
    if (e instanceof ShSyntaxError) {
      ctx.err(`${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return ctx.sh.nested(prog, ctx, arg0, pos);
};

/** The stress tool (polinux/stress): `--vm N --vm-bytes SIZE` holds that much memory. */
const stress: Applet = (ctx) => {
  const a = ctx.argv;
  let vm = 0;
  let bytes = 256 * 1024 * 1024;
  let cpu = 0;
  let timeout: number | undefined;
  for (let i = 1; i < a.length; i++) {
    const v = a[i + 1] ?? '';
    if (a[i] === '--vm' || a[i] === '-m') vm = Number(v);
    else if (a[i] === '--vm-bytes') bytes = parseSize(v);
    else if (a[i] === '--cpu' || a[i] === '-c') cpu = Number(v);
    else if (a[i] === '--timeout' || a[i] === '-t') timeout = parseInt(v) * 1000;
  }
  ctx.out(`stress: info: [1] dispatching hogs: ${cpu} cpu, 0 io, ${vm} vm, 0 hdd\n`);
  return { wait: timeout !== undefined ? ctx.now + timeout : null, mem: vm * bytes + 1024 * 1024, cpu: cpu * 1000, onTerm: 'exit0' };
};

/** vish/stress: `-cpus N` burns N CPUs; `-mem-total` allocates memory. */
const vishStress: Applet = (ctx) => {
  let cpus = 0;
  let mem = 0;
  for (const a of ctx.argv.slice(1)) {
    const m = /^--?(cpus|mem-total)=?(.*)$/.exec(a);
    if (m?.[1] === 'cpus') cpus = Number(m[2] || ctx.argv[ctx.argv.indexOf(a) + 1]);
    if (m?.[1] === 'mem-total') mem = parseSize(m[2] || ctx.argv[ctx.argv.indexOf(a) + 1] || '0');
  }
  ctx.err(`I${new Date(ctx.now).toISOString().slice(5, 10).replace('-', '')} ${new Date(ctx.now).toISOString().slice(11, 26)}       1 main.go:26] Allocating "0" memory, in "4Ki" chunks, with a 1ms sleep between allocations\n`);
  ctx.err(`I${new Date(ctx.now).toISOString().slice(5, 10).replace('-', '')} ${new Date(ctx.now).toISOString().slice(11, 26)}       1 main.go:39] Spawning a thread to consume CPU\n`);
  return { wait: null, cpu: cpus * 1000, mem: mem + 2 * 1024 * 1024, onTerm: 'exit0' };
};

export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)(i?)B?$/i.exec(s.trim());
  if (!m) return 0;
  const unit = ({ '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as Record<string, number>)[m[2]!.toUpperCase()]!;
  return Math.round(Number(m[1]) * unit);
}

/** A daemon: prints its start-up lines, listens, runs until signalled. */
export function daemon(lines: string[], opts: { listen?: number[]; mem?: number; stderr?: boolean } = {}): Applet {
  return (ctx) => {
    for (const l of lines) (opts.stderr ? ctx.err : ctx.out)(l.replace('{date}', dateString(ctx.now, '%Y/%m/%d %H:%M:%S')) + '\n');
    return { wait: null, onTerm: 'exit0', listen: opts.listen, mem: opts.mem ?? 8 * 1024 * 1024 };
  };
}

const nginx: Applet = (ctx) => {
  const a = ctx.argv.slice(1);
  if (a[0] === '-s') {
    const sig = a[1] === 'quit' || a[1] === 'stop' ? 'TERM' : a[1] === 'reload' ? 'HUP' : 'TERM';
    const master = psEntries(ctx).find((e) => e.argv[0] === 'nginx: master process' || e.argv.join(' ').startsWith('nginx: master'));
    if (master) ctx.sh.k.signal(ctx.proc, master.pid, sig);
    return 0;
  }
  if (a[0] === '-v') {
    ctx.err('nginx version: nginx/1.27.3\n');
    return 0;
  }
  if (a[0] === '-t') {
    ctx.err('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
    return 0;
  }
  ctx.proc.argv = [`nginx: master process ${ctx.argv.join(' ')}`];
  ctx.proc.workers = [0, 1, 2, 3].map(() => ctx.sh.k.nextPid());
  return { wait: null, onTerm: 'exit0', listen: [80], mem: 12 * 1024 * 1024 };
};

const hostname: Applet = (ctx) => {
  ctx.out(ctx.sh.k.hostname(ctx.proc) + '\n');
  return 0;
};

const uname: Applet = (ctx) => {
  const { flags } = opts(ctx.argv);
  ctx.out(flags.has('a') ? `Linux ${ctx.sh.k.hostname(ctx.proc)} 6.8.0-1017 #18-Ubuntu SMP x86_64 GNU/Linux\n` : flags.has('r') ? '6.8.0-1017\n' : 'Linux\n');
  return 0;
};

const date: Applet = (ctx) => {
  const fmt = ctx.argv.slice(1).find((a) => a.startsWith('+'));
  ctx.out(dateString(ctx.now, fmt?.slice(1)) + '\n');
  return 0;
};

const noopInstall: Applet = (ctx) => {
  // apt-get/apk install: the package's programs appear in /usr/bin.
  const a = ctx.argv.slice(1);
  const i = a.findIndex((x) => x === 'install' || x === 'add');
  if (i >= 0) {
    for (const pkg of a.slice(i + 1).filter((x) => !x.startsWith('-'))) {
      for (const bin of PACKAGE_BINS[pkg] ?? [pkg]) {
        try {
          ctx.vfs.writeFile(`/usr/bin/${bin}`, '/', '#!kubesim\n');
        } catch {
          /* read-only */
        }
      }
    }
  }
  return 0;
};

const PACKAGE_BINS: Record<string, string[]> = {
  procps: ['ps', 'top', 'pgrep', 'pkill', 'free', 'kill'],
  curl: ['curl'],
  wget: ['wget'],
  'iputils-ping': ['ping'],
  dnsutils: ['nslookup', 'dig'],
};

const simple = (text: string, code = 0): Applet => (ctx) => {
  ctx.out(text);
  return code;
};

export const APPLETS: Record<string, Applet> = {
  ls, cat, echo, printf, test, '[': test, ps, grep, head, tail, wc, sed, cut, tr, sort, uniq, mkdir, rmdir, touch, rm, cp, mv, stat, df, mount, kill, pgrep, killall, env, printenv, curl, wget, nslookup,
  sh: shellApplet, bash: shellApplet, ash: shellApplet, dash: shellApplet,
  stress, nginx, hostname, uname, date,
  id: (ctx) => {
    const { flags } = opts(ctx.argv);
    if (flags.has('u')) ctx.out(flags.has('n') ? `${userName(ctx.vfs, ctx.proc.who.uid) ?? ctx.proc.who.uid}\n` : `${ctx.proc.who.uid}\n`);
    else if (flags.has('g')) ctx.out(`${ctx.proc.who.gid}\n`);
    else ctx.out(idLine(ctx));
    return 0;
  },
  whoami: (ctx) => {
    const n = userName(ctx.vfs, ctx.proc.who.uid);
    if (!n) {
      ctx.err(`whoami: unknown uid ${ctx.proc.who.uid}\n`);
      return 1;
    }
    ctx.out(n + '\n');
    return 0;
  },
  basename: (ctx) => simple(basename(ctx.argv[1] ?? '') + '\n')(ctx),
  dirname: (ctx) => simple(dirname(ctx.argv[1] ?? '.') + '\n')(ctx),
  seq: (ctx) => {
    const n = ctx.argv.slice(1).map(Number);
    const [a, b] = n.length >= 2 ? [n[0]!, n[n.length - 1]!] : [1, n[0] ?? 1];
    const step = n.length === 3 ? n[1]! : 1;
    // Written in 64 KiB pieces: a long count is not a million separate writes.
    let chunk = '';
    for (let i = a; step > 0 ? i <= b : i >= b; i += step) {
      chunk += `${i}\n`;
      if (chunk.length >= 65536) {
        ctx.out(chunk);
        chunk = '';
      }
    }
    ctx.out(chunk);
    return 0;
  },
  expr: (ctx) => {
    const [l, op, r] = ctx.argv.slice(1);
    let v: number | string = l ?? '';
    const a = Number(l), b = Number(r);
    if (op === '+') v = a + b;
    else if (op === '-') v = a - b;
    else if (op === '*') v = a * b;
    else if (op === '/') v = Math.trunc(a / b);
    else if (op === '%') v = a % b;
    else if (op === '=') v = l === r ? 1 : 0;
    ctx.out(`${v}\n`);
    return v === 0 || v === '' ? 1 : 0;
  },
  chmod: (ctx) => {
    const [mode, ...files] = ctx.argv.slice(1);
    for (const f of files) {
      const n = ctx.vfs.lookup(f, ctx.cwd);
      if (n) ctx.vfs.onChange?.();
      if (n && mode && /^[0-7]+$/.test(mode)) n.mode = parseInt(mode, 8);
      else if (n && mode?.includes('+x')) n.mode |= 0o111;
    }
    return 0;
  },
  ln: (ctx) => {
    const { rest } = opts(ctx.argv);
    const [target, name] = rest;
    if (!target || !name) return 1;
    try {
      ctx.vfs.put(name, ctx.cwd, { t: 'l', mode: 0o777, uid: ctx.proc.who.uid, gid: ctx.proc.who.gid, mtime: ctx.now, to: target });
    } catch (e) {
      return fsErr(ctx, 'ln', e, name);
    }
    return 0;
  },
  yes: (ctx) => {
    // Without end: a pipe's reader takes what it reads; elsewhere the run's limits stop it.
    ctx.outEndless((ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y') + '\n');
    return 0;
  },
  dd,
  truncate,
  free: (ctx) => simple('              total        used        free      shared  buff/cache   available\nMem:        8148236     1536232     4208764        3932     2403240     6326244\nSwap:             0           0           0\n')(ctx),
  nproc: (ctx) => simple('4\n')(ctx),
  readlink: (ctx) => {
    const { flags, rest } = opts(ctx.argv);
    if (rest.length === 0) {
      ctx.err(`readlink: missing operand\nTry 'readlink --help' for more information.\n`);
      return 1;
    }
    let code = 0;
    for (const path of rest) {
      if (flags.has('f') || flags.has('e') || flags.has('m')) {
        // Canonical path: follow links to the end (a /proc link's target is printed as it reads).
        let p = path.startsWith('/') ? path : `${ctx.cwd.replace(/\/$/, '')}/${path}`;
        for (let i = 0; i < 40; i++) {
          const n = ctx.vfs.stat(p, ctx.cwd, false);
          if (n?.t !== 'l') break;
          p = n.to.startsWith('/') ? n.to : `${p.slice(0, p.lastIndexOf('/'))}/${n.to}`;
        }
        ctx.out(`${p.replace(/\/+/g, '/')}\n`);
        continue;
      }
      const n = ctx.vfs.stat(path, ctx.cwd, false);
      if (n?.t === 'l') ctx.out(`${n.to}\n`);
      else code = 1;
    }
    return code;
  },
  'apt-get': noopInstall,
  apt: noopInstall,
  apk: noopInstall,
  'redis-server': (ctx) => {
    // The image's entrypoint drops to the redis user (gosu) before exec'ing the server.
    if (ctx.proc.who.uid === 0) ctx.proc.who = { uid: 999, gid: 999, groups: [999] };
    const port = ctx.argv.includes('--port') ? Number(ctx.argv[ctx.argv.indexOf('--port') + 1]) : 6379;
    ctx.proc.argv = [`redis-server *:${port}`];
    return { wait: null, onTerm: 'exit0', listen: [port], mem: 3 * 1024 * 1024 };
  },
  goproxy: () => ({ wait: null, onTerm: 'exit0', termCode: 2, listen: [8080] }),
  'redis-cli': (ctx) => simple('PONG\n')(ctx),
  '/stress': vishStress,
  pause: (_ctx) => ({ wait: null, onTerm: 'exit0' }),
  agnhost: (ctx) => agnhost(ctx),
  'docker-entrypoint.sh': (ctx) => ctx.sh.runApplet(ctx.argv.slice(1), ctx.io, ctx.frame, ctx.depth),
};

function agnhost(ctx: AppletCtx): AppletResult {
  const sub = ctx.argv[1];
  if (sub === 'liveness') return { wait: null, onTerm: 'exit0', termCode: 2, listen: [8080] };
  if (sub === 'netexec' || sub === 'serve-hostname' || sub === 'test-webserver') return { wait: null, onTerm: 'exit0', listen: [8080] };
  return { wait: null, onTerm: 'exit0' };
}

export type { Io };
