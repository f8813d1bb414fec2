// A recursive-descent parser for the POSIX shell language (what busybox ash and
// bash scripts in tutorials use): lists, && ||, pipelines, redirections and
// heredocs, subshells, groups, if/while/until/for/case, functions, quoting,
// parameter expansion, $(...), `...` and $((...)).
import type { Node, Redir, Word, WordPart } from './ast.js';

export class ShSyntaxError extends Error {}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!']);
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const OPS = ['&&', '||', ';;', '<<-', '<<', '>>', '>&', '<&', '>|', '<>', '&>', '|', '&', ';', '(', ')', '<', '>', '\n'];

export function parseScript(src: string): Node {
  const p = new Parser(src);
  const node = p.parseList([]);
  p.skipSpace();
  if (p.pos < src.length) throw new ShSyntaxError(`syntax error: unexpected "${p.peekOp() ?? src[p.pos]}"`);
  return node;
}

class Parser {
  pos = 0;
  private pending: { redir: Redir; delim: string; quoted: boolean; strip: boolean }[] = [];
  constructor(readonly src: string) {}

  skipSpace(): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  peekOp(): string | undefined {
    this.skipSpace();
    for (const op of OPS) if (this.src.startsWith(op, this.pos)) return op;
    return undefined;
  }

  /** The next word if it is a plain reserved word, without consuming it. */
  peekReserved(): string | undefined {
    this.skipSpace();
    const m = /^[^\s;&|<>()'"\\$`]+/.exec(this.src.slice(this.pos, this.pos + 20));
    if (!m) return undefined;
    const w = m[0];
    const after = this.src[this.pos + w.length];
    if (RESERVED.has(w) && (after === undefined || META.has(after))) return w;
    return undefined;
  }

  expectReserved(w: string): void {
    if (this.peekReserved() !== w) throw new ShSyntaxError(`syntax error: expected "${w}"`);
    this.pos += w.length;
  }

  private newline(): void {
    this.pos++; // the '\n'
    if (this.pending.length) this.readHeredocs();
  }

  private skipNewlines(): void {
    while (this.peekOp() === '\n') this.newline();
  }

  parseList(stop: string[]): Node {
    const items: { node: Node; bg: boolean }[] = [];
    for (;;) {
      this.skipNewlines();
      const op = this.peekOp();
      if (this.pos >= this.src.length || op === ')' || op === ';;') break;
      const r = this.peekReserved();
      if (r && stop.includes(r)) break;
      if (r === '}' && stop.includes('}')) break;
      const node = this.parseAndOr();
      const sep = this.peekOp();
      if (sep === '&') {
        this.pos++;
        items.push({ node, bg: true });
      } else if (sep === ';') {
        this.pos++;
        items.push({ node, bg: false });
      } else if (sep === '\n') {
        this.newline();
        items.push({ node, bg: false });
      } else {
        items.push({ node, bg: false });
        break;
      }
    }
    if (this.pending.length && this.pos >= this.src.length) this.readHeredocs();
    return { t: 'list', items };
  }

  private parseAndOr(): Node {
    const first = this.parsePipeline();
    const rest: { op: '&&' | '||'; node: Node }[] = [];
    for (;;) {
      const op = this.peekOp();
      if (op !== '&&' && op !== '||') break;
      this.pos += 2;
      this.skipNewlines();
      rest.push({ op, node: this.parsePipeline() });
    }
    return rest.length ? { t: 'andor', first, rest } : first;
  }

  private parsePipeline(): Node {
    let bang = false;
    if (this.peekReserved() === '!') {
      this.pos++;
      bang = true;
    }
    const cmds = [this.parseCommand()];
    while (this.peekOp() === '|') {
      this.pos++;
      this.skipNewlines();
      cmds.push(this.parseCommand());
    }
    return cmds.length === 1 && !bang ? cmds[0]! : { t: 'pipe', cmds, bang };
  }

  private parseCommand(): Node {
    const r = this.peekReserved();
    const op = this.peekOp();
    let node: Node | undefined;
    if (op === '(') {
      this.pos++;
      const body = this.parseList([]);
      if (this.peekOp() !== ')') throw new ShSyntaxError('syntax error: missing ")"');
      this.pos++;
      node = { t: 'sub', body, redirs: [] };
    } else if (r === '{') {
      this.pos++;
      const body = this.parseList(['}']);
      this.expectReserved('}');
      node = { t: 'group', body, redirs: [] };
    } else if (r === 'if') node = this.parseIf();
    else if (r === 'while' || r === 'until') {
      this.pos += r.length;
      const cond = this.parseList(['do']);
      this.expectReserved('do');
      const body = this.parseList(['done']);
      this.expectReserved('done');
      node = { t: 'while', until: r === 'until', cond, body, redirs: [] };
    } else if (r === 'for') node = this.parseFor();
    else if (r === 'case') node = this.parseCase();
    else if (r && r !== '!') throw new ShSyntaxError(`syntax error: unexpected "${r}"`);
    if (node) {
      this.parseRedirsInto((node as { redirs: Redir[] }).redirs);
      return node;
    }
    return this.parseSimple();
  }

  private parseRedirsInto(redirs: Redir[]): void {
    for (;;) {
      const r = this.tryRedir();
      if (!r) return;
      redirs.push(r);
    }
  }

  private parseIf(): Node {
    this.expectReserved('if');
    const clauses: { cond: Node; body: Node }[] = [];
    let cond = this.parseList(['then']);
    this.expectReserved('then');
    let body = this.parseList(['elif', 'else', 'fi']);
    clauses.push({ cond, body });
    let elseBody: Node | undefined;
    for (;;) {
      const r = this.peekReserved();
      if (r === 'elif') {
        this.pos += 4;
        cond = this.parseList(['then']);
        this.expectReserved('then');
        body = this.parseList(['elif', 'else', 'fi']);
        clauses.push({ cond, body });
      } else if (r === 'else') {
        this.pos += 4;
        elseBody = this.parseList(['fi']);
      } else break;
    }
    this.expectReserved('fi');
    return { t: 'if', clauses, ...(elseBody ? { else: elseBody } : {}), redirs: [] };
  }

  private parseFor(): Node {
    this.expectReserved('for');
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) throw new ShSyntaxError('syntax error: bad for loop variable');
    this.pos += m[0].length;
    let items: Word[] | undefined;
    this.skipSpace();
    if (this.peekOp() === ';') this.pos++;
    this.skipNewlines();
    if (this.peekReserved() === 'in') {
      this.pos += 2;
      items = [];
      for (;;) {
        const op = this.peekOp();
        if (op === ';' || op === '\n') {
          if (op === ';') this.pos++;
          else this.newline();
          break;
        }
        const w = this.readWord();
        if (!w) break;
        items.push(w);
      }
    }
    this.skipNewlines();
    this.expectReserved('do');
    const body = this.parseList(['done']);
    this.expectReserved('done');
    return { t: 'for', name: m[0], ...(items ? { items } : {}), body, redirs: [] };
  }

  private parseCase(): Node {
    this.expectReserved('case');
    const word = this.readWord();
    if (!word) throw new ShSyntaxError('syntax error: bad case');
    this.skipNewlines();
    this.expectReserved('in');
    const arms: { pats: Word[]; body?: Node }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peekReserved() === 'esac') break;
      if (this.peekOp() === '(') this.pos++;
      const pats: Word[] = [];
      for (;;) {
        const w = this.readWord();
        if (!w) throw new ShSyntaxError('syntax error: bad case pattern');
        pats.push(w);
        const op = this.peekOp();
        if (op === '|') {
          this.pos++;
          continue;
        }
        if (op === ')') {
          this.pos++;
          break;
        }
        throw new ShSyntaxError('syntax error: expected ")" in case');
      }
      const body = this.parseList(['esac']);
      arms.push({ pats, body });
      if (this.peekOp() === ';;') this.pos += 2;
      else break;
    }
    this.skipNewlines();
    this.expectReserved('esac');
    return { t: 'case', word, arms, redirs: [] };
  }

  private tryRedir(): Redir | undefined {
    this.skipSpace();
    const s = this.src;
    let p = this.pos;
    let fd: number | undefined;
    const m = /^\d+(?=[<>])/.exec(s.slice(p, p + 4));
    if (m) {
      fd = Number(m[0]);
      p += m[0].length;
    }
    let op: Redir['op'] | undefined;
    for (const o of ['<<-', '<<', '>>', '>&', '<&', '>|', '<>', '&>', '<', '>'] as const) {
      if (s.startsWith(o, p)) {
        op = o;
        break;
      }
    }
    if (!op) return undefined;
    this.pos = p + op.length;
    if (op === '<<' || op === '<<-') {
      this.skipSpace();
      const start = this.pos;
      const w = this.readWord();
      if (!w) throw new ShSyntaxError('syntax error: missing heredoc delimiter');
      const raw = s.slice(start, this.pos);
      const quoted = /['"\\]/.test(raw);
      const delim = raw.replace(/['"\\]/g, '');
      const redir: Redir = { ...(fd !== undefined ? { fd } : {}), op, target: [], body: [] };
      this.pending.push({ redir, delim, quoted, strip: op === '<<-' });
      return redir;
    }
    const target = this.readWord();
    if (!target) throw new ShSyntaxError('syntax error: unexpected redirection');
    return { ...(fd !== undefined ? { fd } : {}), op, target };
  }

  private readHeredocs(): void {
    const s = this.src;
    for (const h of this.pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= s.length) break;
        let end = s.indexOf('\n', this.pos);
        if (end < 0) end = s.length;
        let line = s.slice(this.pos, end);
        this.pos = Math.min(end + 1, s.length);
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) break;
        lines.push(line + '\n');
      }
      const text = lines.join('');
      h.redir.body = h.quoted ? [{ t: 'sq', v: text }] : parseDoubleQuotedText(text, true);
    }
    this.pending = [];
  }

  private parseSimple(): Node {
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const r = this.tryRedir();
      if (r) {
        redirs.push(r);
        continue;
      }
      const op = this.peekOp();
      if (op === '(' && words.length === 1 && assigns.length === 0) {
        // name() compound-command
        const nameWord = words[0]!;
        const name = nameWord.length === 1 && nameWord[0]!.t === 'lit' ? nameWord[0]!.v : '';
        if (!name) throw new ShSyntaxError('syntax error: bad function name');
        this.pos++;
        if (this.peekOp() !== ')') throw new ShSyntaxError('syntax error: expected ")"');
        this.pos++;
        this.skipNewlines();
        const body = this.parseCommand();
        return { t: 'func', name, body };
      }
      if (op !== undefined) break;
      if (this.pos >= this.src.length) break;
      if (words.length === 0) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*=/.exec(this.src.slice(this.pos, this.pos + 256));
        if (m) {
          this.pos += m[0].length;
          const value = this.readWord() ?? [];
          assigns.push({ name: m[0].slice(0, -1), value });
          continue;
        }
      }
      const w = this.readWord();
      if (!w) break;
      words.push(w);
    }
    if (!words.length && !assigns.length && !redirs.length) {
      const op = this.peekOp();
      throw new ShSyntaxError(`syntax error: unexpected "${op === '\n' ? 'newline' : (op ?? 'end of file')}"`);
    }
    return { t: 'cmd', assigns, words, redirs };
  }

  /** Reads one word at the current position (after blanks); undefined at an operator or the end. */
  readWord(): Word | undefined {
    this.skipSpace();
    const s = this.src;
    const parts: WordPart[] = [];
    let litBuf = '';
    const flush = () => {
      if (litBuf) parts.push({ t: 'lit', v: litBuf });
      litBuf = '';
    };
    const start = this.pos;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (META.has(c)) break;
      if (c === '\\') {
        const n = s[this.pos + 1];
        this.pos += 2;
        if (n === '\n') continue;
        flush();
        if (n !== undefined) parts.push({ t: 'sq', v: n });
        continue;
      }
      if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShSyntaxError("syntax error: unterminated quoted string");
        flush();
        parts.push({ t: 'sq', v: s.slice(this.pos + 1, end) });
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        flush();
        this.pos++;
        parts.push({ t: 'dq', parts: this.readDq() });
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.readDollar();
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
      }
      litBuf += c;
      this.pos++;
    }
    flush();
    if (this.pos === start) return undefined;
    return parts;
  }

  readDq(): WordPart[] {
    const s = this.src;
    const parts: WordPart[] = [];
    let buf = '';
    const flush = () => {
      if (buf) parts.push({ t: 'sq', v: buf });
      buf = '';
    };
    for (;;) {
      if (this.pos >= s.length) throw new ShSyntaxError('syntax error: unterminated quoted string');
      const c = s[this.pos]!;
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          buf += n;
          this.pos += 2;
          continue;
        }
        if (n === '\n') {
          this.pos += 2;
          continue;
        }
        buf += c;
        this.pos++;
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.readDollar();
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
      }
      buf += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  /** $name, ${...}, $(...), $((...)), `...`; undefined when the `$` is literal. */
  readDollar(): WordPart | undefined {
    const s = this.src;
    if (s[this.pos] === '`') {
      let end = this.pos + 1;
      let inner = '';
      while (end < s.length && s[end] !== '`') {
        if (s[end] === '\\' && (s[end + 1] === '`' || s[end + 1] === '\\' || s[end + 1] === '$')) {
          inner += s[end + 1];
          end += 2;
          continue;
        }
        inner += s[end];
        end++;
      }
      this.pos = end + 1;
      return { t: 'cmdsub', body: parseScript(inner) };
    }
    const n = s[this.pos + 1];
    if (n === '(' && s[this.pos + 2] === '(') {
      // $(( arithmetic ))
      let depth = 0;
      let i = this.pos + 3;
      for (; i < s.length; i++) {
        if (s[i] === '(') depth++;
        else if (s[i] === ')') {
          if (depth === 0 && s[i + 1] === ')') break;
          depth--;
        }
      }
      const expr = s.slice(this.pos + 3, i);
      this.pos = i + 2;
      return { t: 'arith', expr };
    }
    if (n === '(') {
      this.pos += 2;
      const body = this.parseList([]);
      if (this.peekOp() !== ')') throw new ShSyntaxError('syntax error: missing ")"');
      this.pos++;
      return { t: 'cmdsub', body };
    }
    if (n === '{') {
      const close = findBrace(s, this.pos + 2);
      const inner = s.slice(this.pos + 2, close);
      this.pos = close + 1;
      return parseBraced(inner);
    }
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos + 1))!;
      this.pos += 1 + m[0].length;
      return { t: 'param', name: m[0] };
    }
    if (n !== undefined && /[0-9?#$!@*\-]/.test(n)) {
      this.pos += 2;
      return { t: 'param', name: n };
    }
    return undefined;
  }
}

function findBrace(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'") {
      const e = s.indexOf("'", i + 1);
      if (e > 0) i = e;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new ShSyntaxError('syntax error: bad substitution');
}

function parseBraced(inner: string): WordPart {
  if (inner.startsWith('#') && inner.length > 1) return { t: 'param', name: inner.slice(1), len: true };
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$!@*\-])/.exec(inner);
  if (!m) throw new ShSyntaxError(`syntax error: bad substitution`);
  const name = m[1]!;
  const rest = inner.slice(name.length);
  if (!rest) return { t: 'param', name };
  const om = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%)/.exec(rest);
  if (!om) throw new ShSyntaxError(`syntax error: bad substitution`);
  const op = om[1]!;
  const argText = rest.slice(op.length);
  return { t: 'param', name, op, arg: parseDoubleQuotedText(argText, false) };
}

/** Text with expansions but no field splitting: heredoc bodies and ${x:-word} words. */
export function parseDoubleQuotedText(text: string, heredoc: boolean): Word {
  const p = new Parser(text);
  const parts: WordPart[] = [];
  let buf = '';
  let quotedBuf = false;
  const flush = () => {
    if (buf) parts.push(heredoc || quotedBuf ? { t: 'sq', v: buf } : { t: 'lit', v: buf });
    buf = '';
    quotedBuf = false;
  };
  while (p.pos < text.length) {
    const c = text[p.pos]!;
    if (c === '\\') {
      const n = text[p.pos + 1];
      if (n === '$' || n === '`' || n === '\\' || (n === '"' && !heredoc)) {
        buf += n;
        p.pos += 2;
        continue;
      }
      if (n === '\n') {
        p.pos += 2;
        continue;
      }
    }
    if (!heredoc && c === "'") {
      const end = text.indexOf("'", p.pos + 1);
      if (end > 0) {
        flush();
        quotedBuf = true;
        buf += text.slice(p.pos + 1, end);
        flush();
        p.pos = end + 1;
        continue;
      }
    }
    if (!heredoc && c === '"') {
      flush();
      p.pos++;
      const w = p.readDq();
      parts.push({ t: 'dq', parts: w });
      continue;
    }
    if (c === '$' || c === '`') {
      const part = p.readDollar();
      if (part) {
        flush();
        parts.push(part);
        continue;
      }
    }
    buf += c;
    p.pos++;
  }
  flush();
  return heredoc ? [{ t: 'dq', parts }] : parts;
}

/**
 * Whether text that failed to parse with `err` may still become a command with more lines (an
 * open quote or compound): an interactive shell then reads on with PS2.
 */
export function incompleteScript(line: string, err: ShSyntaxError): boolean {
  if (!/end of file|unterminated|expected "(fi|done|esac|then|do|\}|in)"|missing "\)"|bad substitution/.test(err.message)) return false;
  for (const tail of ['"', "'", '\nfi', '\ndone', '\nesac', '\n}', ')', '\nthen :\nfi', '\ndo :\ndone']) {
    try {
      parseScript(line + tail);
      return true;
    } catch {
      // try the next closing
    }
  }
  try {
    parseScript(line + '\n:\nfi\ndone');
    return true;
  } catch {
    return false;
  }
}
