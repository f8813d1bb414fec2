// `kubectl -o yaml` output and manifest parsing.
//
// kubectl prints YAML with sigs.k8s.io/yaml: the object is turned into JSON,
// the JSON is read back by go-yaml v2 and emitted by go-yaml v2's emitter.
// This file reproduces the parts of that emitter that API objects reach:
// block mappings/sequences, go-yaml's key order, scalar style selection
// (plain / single / double / literal) and line folding at column 80.

import { goFormatFloatG } from '../util/go-format.js';
import { parseDocument, type Document } from 'yaml';

// ------------------------------------------------------------------ key order

const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && /\p{Nd}/u.test(ch);

/**
 * go-yaml v2 keyList.Less for string keys: letters sort after non-letters,
 * runs of digits compare numerically ("a9" < "a10"), otherwise by rune.
 */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    // A '0' continuing a number that already has a non-zero digit counts as non-zero.
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

const sortKeys = (keys: string[]): string[] =>
  keys.sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));

// ------------------------------------------------------- implicit type check

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) would succeed. */
function goParsesAsInt(s: string): boolean {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  let body = m[2];
  if (/^0[oO]/.test(body)) body = '0o' + body.slice(2);
  else if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
  const v = BigInt(body.toLowerCase().replace(/^0x/, '0x'));
  if (m[1] === '-') return v <= 2n ** 63n;
  if (m[1] === '+') return v < 2n ** 63n;
  return v < 2n ** 64n; // ParseUint covers the unsigned range
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** go-yaml v2 parseTimestamp: the four layouts it tries with time.Parse. */
function looksLikeTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$/.exec(
      s,
    );
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1])) return false;
  const hms = m[4] !== undefined ? [m[4], m[5], m[6]] : m[7] !== undefined ? [m[7], m[8], m[9]] : null;
  if (hms && (Number(hms[0]) > 23 || Number(hms[1]) > 59 || Number(hms[2]) > 59)) return false;
  return true;
}

/** True when go-yaml v2 would read the plain text `s` as something other than a string. */
export function resolvesToNonString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return true;
  const c = s[0];
  if (c === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!/[-+0-9]/.test(c)) return false;
  if (looksLikeTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  if (goParsesAsInt(plain)) return true;
  if (YAML_STYLE_FLOAT.test(plain)) return true;
  return /^-?0b[01]+$/.test(plain);
}

// --------------------------------------------------------- scalar analysis

// Code points go-yaml's emitter considers printable (is_printable).
const isPrintable = (cp: number): boolean =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
const isBreak = (ch: string | undefined): boolean =>
  ch === '\r' || ch === '\n' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, for block context (we never emit non-empty flow collections). */
function analyzeScalar(chars: string[]): ScalarAnalysis {
  if (chars.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const start = chars.slice(0, 3).join('');
  let blockIndicators = start === '---' || start === '...';
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || isBlank(next) || isBreak(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((ch === ':' && followedByWhitespace) || (ch === '#' && precededByWhitespace)) {
      blockIndicators = true;
    }
    if (!isPrintable(ch.codePointAt(0)!)) special = true;
    const last = i === chars.length - 1;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(ch) || isBreak(ch);
  });
  const r: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) r.blockPlainAllowed = false;
  if (trailingSpace) r.blockAllowed = false;
  if (breakSpace) r.blockPlainAllowed = r.singleQuotedAllowed = false;
  if (spaceBreak || special) r.blockPlainAllowed = r.singleQuotedAllowed = r.blockAllowed = false;
  if (lineBreaks || blockIndicators) r.blockPlainAllowed = false;
  return r;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

// --------------------------------------------------------------- the emitter

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const MAX_SIMPLE_KEY = 128;

/** Output buffer with the column / whitespace / indention state go-yaml tracks. */
class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = 0;
  /** Line width for folding (go-yaml v2: 80; v3 never folds). */
  width = BEST_WIDTH;
  /** go-yaml v3 indents a block sequence that is a mapping value; v2 does not. */
  indentSequences = false;

  put(s: string): void {
    this.out += s;
    this.column++;
  }

  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** A line break from the value itself (LS/PS are kept as-is). */
  writeBreak(ch: string): void {
    this.out += ch === '\n' ? '\n' : ch;
    this.column = 0;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of text) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }
}

function writePlain(e: Emitter, chars: string[], allowBreaks: boolean): void {
  if (!e.whitespace) e.put(' ');
  let spaces = false;
  let breaks = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === ' ') {
      if (allowBreaks && !spaces && e.column > e.width && chars[i + 1] !== ' ') e.writeIndent();
      else e.put(ch);
      spaces = true;
    } else if (isBreak(ch)) {
      if (!breaks && ch === '\n') e.putBreak();
      e.writeBreak(ch);
      e.indention = true;
      breaks = true;
    } else {
      if (breaks) e.writeIndent();
      e.put(ch);
      e.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  e.whitespace = false;
  e.indention = false;
}

function writeSingleQuoted(e: Emitter, chars: string[], allowBreaks: boolean): void {
  e.indicator("'", true, false, false);
  let spaces = false;
  let breaks = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === ' ') {
      const fold = allowBreaks && !spaces && e.column > e.width && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ';
      if (fold) e.writeIndent();
      else e.put(ch);
      spaces = true;
    } else if (isBreak(ch)) {
      if (!breaks && ch === '\n') e.putBreak();
      e.writeBreak(ch);
      e.indention = true;
      breaks = true;
    } else {
      if (breaks) e.writeIndent();
      if (ch === "'") e.put("'");
      e.put(ch);
      e.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  e.indicator("'", false, false, false);
  e.whitespace = false;
  e.indention = false;
}

const SHORT_ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escapeChar(cp: number): string {
  if (SHORT_ESCAPES[cp] !== undefined) return '\\' + SHORT_ESCAPES[cp];
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return '\\x' + hex.padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

function writeDoubleQuoted(e: Emitter, chars: string[], allowBreaks: boolean): void {
  e.indicator('"', true, false, false);
  // go-yaml's is_bom looks at the start of the value, not the current
  // character, so a leading BOM makes it escape every character.
  const bom = chars[0] === '\ufeff';
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const cp = ch.codePointAt(0)!;
    if (bom || !isPrintable(cp) || isBreak(ch) || ch === '"' || ch === '\\') {
      for (const c of escapeChar(cp)) e.put(c);
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && e.column > e.width && i !== 0 && i !== chars.length - 1) {
        e.writeIndent();
        if (chars[i + 1] === ' ') e.put('\\');
      } else {
        e.put(ch);
      }
      spaces = true;
    } else {
      e.put(ch);
      spaces = false;
    }
  }
  e.indicator('"', false, false, false);
  e.whitespace = false;
  e.indention = false;
}

function writeLiteral(e: Emitter, chars: string[]): void {
  e.indicator('|', true, false, false);
  // Indentation hint when the text starts with a space or a break.
  if (chars[0] === ' ' || isBreak(chars[0])) e.indicator(String(BEST_INDENT), false, false, false);
  // Chomping: '-' without a final break, '+' when it ends with two breaks (or is only one).
  const last = chars.length - 1;
  if (!isBreak(chars[last])) e.indicator('-', false, false, false);
  else if (last === 0 || isBreak(chars[last - 1])) e.indicator('+', false, false, false);
  e.putBreak();
  e.indention = true;
  e.whitespace = true;
  let breaks = true;
  for (const ch of chars) {
    if (isBreak(ch)) {
      e.writeBreak(ch);
      e.indention = true;
      breaks = true;
    } else {
      if (breaks) {
        e.writeIndent();
        breaks = false;
      }
      e.put(ch);
      e.indention = false;
    }
  }
}

/** Scalar text and the style go-yaml's encoder asks for before the emitter's checks. */
function scalarRequest(value: unknown): { text: string; style: Style } {
  if (value === null || value === undefined) return { text: 'null', style: 'plain' };
  if (typeof value === 'boolean') return { text: String(value), style: 'plain' };
  if (typeof value === 'number') return { text: formatYamlNumber(value), style: 'plain' };
  const s = jsonRoundTrip(String(value));
  if (s.includes('\n')) return { text: s, style: 'literal' };
  if (resolvesToNonString(s) || BASE60_FLOAT.test(s)) return { text: s, style: 'double' };
  return { text: s, style: 'plain' };
}

/**
 * Strings pass through JSON and are read back by go-yaml: a raw NEL (U+0085),
 * which Go's JSON encoder does not escape, is a line break inside a YAML
 * double-quoted scalar and gets folded (one break → space, n breaks → n-1 newlines).
 */
function jsonRoundTrip(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/[ \t]*(?:\u0085[ \t]*)+/g, (m) => {
    const n = (m.match(/\u0085/g) ?? []).length;
    return n === 1 ? ' ' : '\n'.repeat(n - 1);
  });
}

/**
 * Numbers: integral values print as integers (JSON → go-yaml int); other
 * floats with strconv.FormatFloat(f, 'g', -1, 64).
 */
export function formatYamlNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  // go-yaml reads integral JSON numbers as int64/uint64; larger ones become floats.
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 64) return String(n === 0 ? 0 : n);
  return goFormatFloatG(n);
}

function emitScalar(e: Emitter, value: unknown, simpleKey: boolean): void {
  const req = scalarRequest(value);
  const chars = [...req.text];
  const a = analyzeScalar(chars);
  let style = req.style;
  // yaml_emitter_select_scalar_style
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (chars.length === 0 && simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  // Scalars are indented one level deeper than their parent (continuation lines).
  const saved = e.indent;
  e.indent = e.indent < 0 ? BEST_INDENT : e.indent + BEST_INDENT;
  const allowBreaks = !simpleKey;
  if (style === 'plain') writePlain(e, chars, allowBreaks);
  else if (style === 'single') writeSingleQuoted(e, chars, allowBreaks);
  else if (style === 'double') writeDoubleQuoted(e, chars, allowBreaks);
  else writeLiteral(e, chars);
  e.indent = saved;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Entries as JSON would keep them: undefined values dropped. */
const mapEntries = (v: Record<string, unknown>): [string, unknown][] =>
  sortKeys(Object.keys(v).filter((k) => v[k] !== undefined)).map((k) => [k, v[k]]);

const listItems = (v: unknown[]): unknown[] => v.map((x) => (x === undefined ? null : x));

const isEmptyCollection = (v: unknown): boolean =>
  (Array.isArray(v) && v.length === 0) || (isMap(v) && mapEntries(v).length === 0);

// `key` / value can be emitted as a simple key (short, single line).
function isSimpleKey(key: string): boolean {
  return Buffer.byteLength(key, 'utf8') <= MAX_SIMPLE_KEY && !/[\r\n\u0085\u2028\u2029]/.test(key);
}

function emitNode(e: Emitter, value: unknown, ctx: { mappingValue: boolean }): void {
  if (value instanceof Date) value = value.toISOString();
  if (isEmptyCollection(value)) {
    e.indicator(Array.isArray(value) ? '[]' : '{}', true, false, false);
    return;
  }
  if (Array.isArray(value)) emitSequence(e, listItems(value), ctx.mappingValue);
  else if (isMap(value)) emitMapping(e, mapEntries(value));
  else emitScalar(e, value, false);
}

function emitMapping(e: Emitter, entries: [string, unknown][]): void {
  const saved = e.indent;
  e.indent = e.indent < 0 ? 0 : e.indent + BEST_INDENT;
  for (const [key, value] of entries) {
    e.writeIndent();
    if (isSimpleKey(key)) {
      emitScalar(e, key, true);
      e.indicator(':', false, false, false);
    } else {
      e.indicator('?', true, false, true);
      emitScalar(e, key, false);
      e.writeIndent();
      e.indicator(':', true, false, true);
    }
    emitNode(e, value, { mappingValue: true });
  }
  e.indent = saved;
}

function emitSequence(e: Emitter, items: unknown[], mappingValue: boolean): void {
  const saved = e.indent;
  // A sequence that is a mapping value is not indented ("indentless").
  const indentless = !e.indentSequences && mappingValue && !e.indention;
  if (e.indent < 0) e.indent = 0;
  else if (!indentless) e.indent += BEST_INDENT;
  for (const item of items) {
    e.writeIndent();
    e.indicator('-', true, false, true);
    emitNode(e, item, { mappingValue: false });
  }
  e.indent = saved;
}

/** Prints `value` exactly as `kubectl -o yaml` does (trailing newline included). */
export function toYaml(value: unknown, opts: { goYamlV3?: boolean } = {}): string {
  const e = new Emitter();
  e.indent = -1;
  // gopkg.in/yaml.v3's Encoder (kompose): indented sequences, no line folding.
  if (opts.goYamlV3) {
    e.width = Infinity;
    e.indentSequences = true;
  }
  emitNode(e, value, { mappingValue: false });
  e.writeIndent(); // document end: terminate the last line
  return e.out;
}

// ------------------------------------------------------------------ parsing

export class YamlSyntaxError extends Error {
  /** 1-based line and column inside the document (as go-yaml counts them). */
  line: number;
  column: number;
  /** 0-based index of the `---`-separated document in the input. */
  documentIndex: number;
  /** 1-based line in the whole input. */
  absoluteLine: number;

  constructor(reason: string, line: number, column: number, documentIndex: number, absoluteLine: number) {
    super(reason);
    this.name = 'YamlSyntaxError';
    this.line = line;
    this.column = column;
    this.documentIndex = documentIndex;
    this.absoluteLine = absoluteLine;
  }
}

/**
 * Splits like apimachinery's YAMLReader: a line starting with `---` whose
 * remainder is empty or a comment separates documents.
 */
function splitDocuments(text: string): { text: string; firstLine: number }[] {
  const docs: { text: string; firstLine: number }[] = [];
  let current: string[] = [];
  let firstLine = 1;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const rest = line.startsWith('---') ? line.slice(3).trim() : null;
    if (rest !== null && (rest === '' || rest.startsWith('#'))) {
      docs.push({ text: current.join('\n'), firstLine });
      current = [];
      firstLine = i + 2;
    } else {
      current.push(line);
    }
  });
  docs.push({ text: current.join('\n'), firstLine });
  return docs;
}

// YAML 1.1 as go-yaml v2 reads it, minus what go-yaml does not do when
// decoding into interface{}: timestamps stay strings, no sexagesimal numbers.
const PARSE_OPTIONS = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: false,
  customTags: (tags: unknown[]) =>
    tags.filter((t) => {
      const tag = t as { tag?: string; format?: string };
      return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
    }),
};

/** Parses a (multi-document) manifest; empty documents are skipped. */
export function parseYamlDocuments(text: string): unknown[] {
  const result: unknown[] = [];
  splitDocuments(text).forEach((chunk, index) => {
    const doc: Document = parseDocument(chunk.text, PARSE_OPTIONS as never);
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
      const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new YamlSyntaxError(reason, pos.line, pos.col, index, chunk.firstLine + pos.line - 1);
    }
    const value = doc.toJS({ maxAliasCount: -1 });
    if (value !== null && value !== undefined) result.push(value);
  });
  return result;
}

export { goFormatFloatG };
