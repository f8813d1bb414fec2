/**
 * A parser and matcher for cram scenario files (`.t`), as described in
 * ../shared/tutorials/FORMAT.md (copied in test/scenarios/).
 *
 * - `  $ cmd` starts a command, `  > more` continues it (joined with "\n").
 * - Every other line indented by two spaces is an expected output line of the
 *   command above it. Anything else is prose and ends the command's output.
 * - Expected lines may end in ` (re)` (JS regex matched against the whole line;
 *   Python-only syntax such as `(?P<n>...)`, `(?P=n)`, `\Z`, `\A`, `{,n}` is
 *   translated), ` (glob)` (`*`, `?`, escapes `\*`, `\?`, `\\`), ` (esc)`
 *   (Python-style escapes such as `\t`, `\r`, `\x1b`, `\u00a0`), and ` (no-eol)`
 *   (the output's last line has no final newline). A line that equals the
 *   actual line byte for byte (annotation included) always matches, as in cram.
 * - `  [N]` as a command's last expected line is its exit status (default 0).
 *
 * Matching is exact otherwise: trailing spaces count.
 */

export type LineKind = 'literal' | 're' | 'glob' | 'esc';

export interface ExpectedLine {
  /** The line as written in the file, without its two-space indent. */
  raw: string;
  /** The text, pattern or escaped text, without annotations. */
  body: string;
  kind: LineKind;
  /** The line is marked ` (no-eol)`. */
  noEol: boolean;
  /** 1-based line number in the file. */
  lineNo: number;
}

export interface CramCommand {
  /** 0-based position among the file's commands. */
  index: number;
  /** 1-based line number of the `  $ ` line. */
  lineNo: number;
  /** The command text: the `$` line and its `>` continuations, joined with "\n". */
  text: string;
  /** The command lines as written, without the two-space indent (`$ ...`, `> ...`). */
  source: string[];
  /** Expected output lines, including a trailing `[N]` line when the status is not 0. */
  expected: ExpectedLine[];
  /** Expected exit status. */
  expectedExit: number;
}

export interface CramFile {
  path: string;
  commands: CramCommand[];
  /** Problems found while parsing (e.g. output lines before the first command). */
  errors: string[];
}

export interface ActualLine {
  text: string;
  /** The last line of the output, with no final newline. */
  noEol: boolean;
}

const EXIT_RE = /^\[(\d+)\]$/;

/** Parse the text of a `.t` file. */
export function parseCram(source: string, path = '<string>'): CramFile {
  const lines = source.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const commands: CramCommand[] = [];
  const errors: string[] = [];
  let current: CramCommand | null = null;
  let inCommandText = false;

  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.startsWith('  $ ')) {
      current = {
        index: commands.length,
        lineNo,
        text: line.slice(4),
        source: [line.slice(2)],
        expected: [],
        expectedExit: 0,
      };
      commands.push(current);
      inCommandText = true;
      return;
    }
    if (current && inCommandText && line.startsWith('  > ')) {
      current.text += '\n' + line.slice(4);
      current.source.push(line.slice(2));
      return;
    }
    if (line.startsWith('  ')) {
      inCommandText = false;
      if (!current) {
        errors.push(`${path}:${lineNo}: output line before any command: ${JSON.stringify(line)}`);
        return;
      }
      current.expected.push(parseExpectedLine(line.slice(2), lineNo));
      return;
    }
    // Prose (or an unindented / one-space line): ends the current command.
    current = null;
    inCommandText = false;
  });

  for (const cmd of commands) {
    const last = cmd.expected[cmd.expected.length - 1];
    if (last && last.kind === 'literal' && !last.noEol) {
      const m = EXIT_RE.exec(last.raw);
      if (m) {
        cmd.expectedExit = Number(m[1]);
        // `[0]` is never printed by the runner; accept it as "status 0".
        if (cmd.expectedExit === 0) cmd.expected.pop();
      }
    }
  }
  return { path, commands, errors };
}

const ANNOTATIONS: Array<[string, LineKind]> = [
  [' (re)', 're'],
  [' (glob)', 'glob'],
  [' (esc)', 'esc'],
];

export function parseExpectedLine(raw: string, lineNo = 0): ExpectedLine {
  let body = raw;
  let kind: LineKind = 'literal';
  let noEol = false;
  // Accept the annotations in either order: `x (re) (no-eol)` or `x (no-eol) (re)`.
  for (let round = 0; round < 2; round++) {
    if (!noEol && body.endsWith(' (no-eol)')) {
      noEol = true;
      body = body.slice(0, -' (no-eol)'.length);
      continue;
    }
    if (kind === 'literal') {
      const ann = ANNOTATIONS.find(([suffix]) => body.endsWith(suffix));
      if (ann) {
        kind = ann[1];
        body = body.slice(0, -ann[0].length);
        continue;
      }
    }
    break;
  }
  return { raw, body, kind, noEol, lineNo };
}

/** Split a command's captured output (and status) into the lines cram compares. */
export function actualLines(output: string, exitCode: number | null): ActualLine[] {
  const out: ActualLine[] = [];
  if (output !== '') {
    const parts = output.split('\n');
    const endsWithNewline = parts[parts.length - 1] === '';
    if (endsWithNewline) parts.pop();
    parts.forEach((text, i) => out.push({ text, noEol: !endsWithNewline && i === parts.length - 1 }));
  }
  if (exitCode !== 0) out.push({ text: `[${exitCode === null ? 'killed' : exitCode}]`, noEol: false });
  return out;
}

// ---------------------------------------------------------------- patterns

const regexCache = new Map<string, RegExp | Error>();

/** Translate the few Python `re` constructs that JS spells differently. */
export function pythonToJsRegex(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && next === 'Z') out += '$';
      else if (!inClass && next === 'A') out += '^';
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a `]` right after `[` or `[^` is literal in both dialects
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += '\\' + pattern[++i];
      continue;
    }
    if (pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(pattern.slice(i));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    const emptyMin = /^\{,(\d+)\}/.exec(pattern.slice(i));
    if (emptyMin) {
      out += `{0,${emptyMin[1]}}`;
      i += emptyMin[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** Compile a cram `(re)` pattern into an anchored JS RegExp (or the compile error). */
export function compileRegex(pattern: string): RegExp | Error {
  const cached = regexCache.get(pattern);
  if (cached) return cached;
  const source = `^(?:${pythonToJsRegex(pattern)})$`;
  let result: RegExp | Error;
  try {
    result = new RegExp(source, 'su');
  } catch {
    try {
      // Unicode mode rejects escapes such as `\-` or `\ ` outside classes; Python allows them.
      result = new RegExp(source, 's');
    } catch (e) {
      result = e instanceof Error ? e : new Error(String(e));
    }
  }
  regexCache.set(pattern, result);
  return result;
}

/** Translate a cram `(glob)` pattern into a regex source (same rules as cram's `_glob`). */
export function globToRegexSource(glob: string): string {
  let res = '';
  const chars = Array.from(glob);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    if (c === '\\' && next !== undefined && '*?\\'.includes(next)) {
      res += '\\' + next;
      i++;
    } else if (c === '*') {
      res += '.*';
    } else if (c === '?') {
      res += '.';
    } else {
      res += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return res;
}

function compileGlob(glob: string): RegExp {
  const key = '\0glob\0' + glob;
  const cached = regexCache.get(key);
  if (cached instanceof RegExp) return cached;
  const re = new RegExp(`^(?:${globToRegexSource(glob)})$`, 'su');
  regexCache.set(key, re);
  return re;
}

/** Decode Python-style escapes as cram writes them in `(esc)` lines. */
export function unescapeCram(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\\tnr0abfv'"])/g, (_m, e: string) => {
    switch (e[0]) {
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case '0': return '\0';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      default: return e; // \\ \' \"
    }
  });
}

/** Does the actual line satisfy the expected line? */
export function lineMatches(expected: ExpectedLine, actual: ActualLine): boolean {
  // cram's first test: the expected line equals the actual one, written out as cram writes it.
  if (expected.raw === (actual.noEol ? actual.text + ' (no-eol)' : actual.text)) return true;
  if (expected.noEol !== actual.noEol) return false;
  switch (expected.kind) {
    case 'literal':
      return expected.body === actual.text;
    case 'esc':
      return unescapeCram(expected.body) === actual.text;
    case 'glob':
      return compileGlob(expected.body).test(actual.text);
    case 're': {
      const re = compileRegex(expected.body);
      return re instanceof RegExp && re.test(actual.text);
    }
  }
}

export function commandPasses(cmd: CramCommand, actual: ActualLine[]): boolean {
  if (cmd.expected.length !== actual.length) return false;
  return cmd.expected.every((e, i) => lineMatches(e, actual[i]));
}

// ---------------------------------------------------------------- reporting

/** Show an actual line as cram would write it (control characters escaped). */
export function renderActual(a: ActualLine): string {
  let text = a.text;
  // eslint-disable-next-line no-control-regex
  const needsEsc = /[\x00-\x08\x0b-\x1f\x7f]/.test(text);
  if (needsEsc) {
    text = text
      .replace(/\\/g, '\\\\')
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) =>
        c === '\r' ? '\\r' : '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'),
      );
  }
  if (a.noEol) text += ' (no-eol)';
  if (needsEsc) text += ' (esc)';
  return text;
}

export type DiffOp = { op: ' ' | '-' | '+'; text: string };

/**
 * Align expected and actual lines (longest common subsequence, where "common"
 * means lineMatches) and return diff operations. Matched lines show the
 * expected form (pattern), like cram.
 */
export function diffLines(expected: ExpectedLine[], actual: ActualLine[]): DiffOp[] {
  const n = expected.length;
  const m = actual.length;
  if (n * m > 4_000_000) {
    // Too big to align: positional comparison.
    const ops: DiffOp[] = [];
    for (let i = 0; i < Math.max(n, m); i++) {
      if (i < n && i < m && lineMatches(expected[i], actual[i])) ops.push({ op: ' ', text: expected[i].raw });
      else {
        if (i < n) ops.push({ op: '-', text: expected[i].raw });
        if (i < m) ops.push({ op: '+', text: renderActual(actual[i]) });
      }
    }
    return ops;
  }
  const match: boolean[][] = expected.map((e) => actual.map((a) => lineMatches(e, a)));
  // lcs[i][j] = LCS length of expected[i..] and actual[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = match[i][j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && match[i][j] && lcs[i][j] === lcs[i + 1][j + 1] + 1) {
      ops.push({ op: ' ', text: expected[i].raw });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ op: '-', text: expected[i].raw });
      i++;
    } else {
      ops.push({ op: '+', text: renderActual(actual[j]) });
      j++;
    }
  }
  return ops;
}

/**
 * A unified-diff-like report for one command: a header with file and line,
 * the command as written, then expected (`-`) and actual (`+`) lines.
 */
export function formatCommandDiff(
  path: string,
  cmd: CramCommand,
  actual: ActualLine[],
  note?: string,
): string {
  const out: string[] = [];
  out.push(`@@ ${path}:${cmd.lineNo} @@`);
  for (const s of cmd.source) out.push('   ' + s);
  for (const d of diffLines(cmd.expected, actual)) out.push(d.op + '  ' + d.text);
  const bad = cmd.expected.filter((e) => e.kind === 're' && compileRegex(e.body) instanceof Error);
  for (const e of bad) {
    out.push(`!  line ${e.lineNo}: invalid regular expression: ${(compileRegex(e.body) as Error).message}`);
  }
  if (note) out.push('!  ' + note);
  return out.join('\n');
}

/**
 * The scenario file rewritten with the actual outputs (like cram's `.err`
 * file): lines that matched keep their expected form, others are replaced.
 * `results[i]` is the actual output of command i, or undefined if not run.
 */
export function rewriteWithActual(source: string, file: CramFile, results: Array<ActualLine[] | undefined>): string {
  const lines = source.split('\n');
  const trailingNewline = lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const out: string[] = [];
  let lineIdx = 0;
  for (const cmd of file.commands) {
    const firstOut = cmd.lineNo - 1 + cmd.source.length;
    while (lineIdx < firstOut) out.push(lines[lineIdx++]);
    const actual = results[cmd.index];
    // expected lines span: the [N] line may have been popped when it was [0]
    let last = firstOut;
    while (last < lines.length && lines[last].startsWith('  ') && !lines[last].startsWith('  $ ')) last++;
    if (actual === undefined) {
      while (lineIdx < last) out.push(lines[lineIdx++]);
      continue;
    }
    for (const d of diffLines(cmd.expected, actual)) {
      if (d.op !== '-') out.push('  ' + d.text);
    }
    lineIdx = last;
  }
  while (lineIdx < lines.length) out.push(lines[lineIdx++]);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}
