// client-go util/jsonpath: template parser, evaluator and result printing,
// as kubectl uses it for -o jsonpath, custom-columns and --sort-by.
//
// Values are the decoded JSON of an object. Go kinds are derived from JS
// values: integral numbers are int64, other numbers float64. Map iteration in
// Go is random (wildcards, `..`); we use go-yaml/Go-sorted key order instead.

import { toCompactJson, toJson } from './json.js';
import { goFormatFloatG } from '../util/go-format.js';

/** Parse or execution error; `message` is client-go's text. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

// ------------------------------------------------------------------- nodes

/** A float literal in a template (`1.5`, `2.0`): Go float64, distinct from int. */
export class GoFloat {
  constructor(readonly value: number) {}
}

export interface SliceParam {
  known: boolean;
  value: number;
  derived: boolean;
}

export type JsonPathNode =
  | { type: 'list'; nodes: JsonPathNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'identifier'; name: string }
  | { type: 'array'; params: [SliceParam, SliceParam, SliceParam] }
  | { type: 'filter'; left: JsonPathNode & { type: 'list' }; right: JsonPathNode & { type: 'list' }; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: (JsonPathNode & { type: 'list' })[] };

type ListNode = JsonPathNode & { type: 'list' };
const newList = (): ListNode => ({ type: 'list', nodes: [] });

// ------------------------------------------------------------------ parser

const EOF = '';
const isSpace = (r: string): boolean => r === ' ' || r === '\t';
const isEndOfLine = (r: string): boolean => r === '\r' || r === '\n';
const isDigitRune = (r: string): boolean => r !== EOF && /\p{Nd}/u.test(r);
const isAlphaNumeric = (r: string): boolean => r === '_' || (r !== EOF && /[\p{L}\p{Nd}]/u.test(r));
const isTerminator = (r: string): boolean => isSpace(r) || isEndOfLine(r) || (r === EOF || '.,[]$@{}'.includes(r));

const DICT_KEY = /^'([^']*)'$/;
const SLICE_OPERATOR = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

/** Recursive-descent parser over runes, mirroring client-go's state machine. */
class Parser {
  private runes: string[];
  private pos = 0;
  private start = 0;
  readonly root: ListNode = newList();

  constructor(text: string) {
    this.runes = [...text];
  }

  parse(): ListNode {
    this.parseText(this.root);
    return this.root;
  }

  private rest(): string {
    return this.runes.slice(this.pos).join('');
  }
  private width = 0;
  private next(): string {
    // Like Go: reading at the end returns EOF with width 0, so backup() is a no-op.
    if (this.pos >= this.runes.length) {
      this.width = 0;
      return EOF;
    }
    this.width = 1;
    return this.runes[this.pos++];
  }
  private backup(): void {
    this.pos -= this.width;
  }
  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }
  private consumeText(): string {
    const value = this.runes.slice(this.start, this.pos).join('');
    this.start = this.pos;
    return value;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) return this.parseRightDelim();
      if (rest.startsWith('[?(')) return this.parseFilter(cur);
      if (rest.startsWith('..')) return this.parseRecursive(cur);
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') {
        this.consumeText(); // whitespace and the current object are no-ops
        continue;
      }
      if (r === '[') return this.parseArray(cur);
      if (r === '"' || r === "'") return this.parseQuote(cur, r);
      if (r === '.') return this.parseField(cur);
      if (r === '+' || r === '-' || isDigitRune(r)) {
        this.backup();
        return this.parseNumber(cur);
      }
      if (isAlphaNumeric(r)) {
        this.backup();
        return this.parseIdentifier(cur);
      }
      throw new JsonPathError(`unrecognized character in action: ${goRuneRepr(r)}`);
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      if (isTerminator(this.next())) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) return this.parseField(cur);
    this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === '+' || first === '-') this.next();
    for (;;) {
      const r = this.next();
      if (r !== '.' && !isDigitRune(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ type: 'int', value: Number(value) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ type: 'float', value: Number(value) });
    else throw new JsonPathError(`cannot parse number ${value}`);
    this.parseInsideAction(cur);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';
    const parts = text.split(',');
    if (parts.length > 1) {
      // union: each part is parsed as its own `[part]` action
      const nodes = parts.map((p) => parseAction(`[${p.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes });
      return this.parseInsideAction(cur);
    }
    const dict = DICT_KEY.exec(text);
    if (dict) {
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return this.parseInsideAction(cur);
    }
    const m = SLICE_OPERATOR.exec(text);
    if (!m) throw new JsonPathError(`invalid array index ${text}`);
    const params: [SliceParam, SliceParam, SliceParam] = [0, 1, 2].map(() => ({ known: false, value: 0, derived: false })) as never;
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') continue;
        if (!/^[+-]?\d+$/.test(v)) throw new JsonPathError(`array index ${v} is not a number`);
        params[i] = { known: true, value: Number(v), derived: false };
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      }
    }
    cur.nodes.push({ type: 'array', params });
    this.parseInsideAction(cur);
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.runes[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new JsonPathError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), operator: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), operator: m[2] });
    }
    this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated quoted string');
      if (r === '\\') {
        const e = this.next();
        if (e !== EOF && e !== '\n') continue;
      } else if (r === end) break;
    }
    const value = this.consumeText();
    cur.nodes.push({ type: 'text', text: unquoteExtend(value) });
    this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === '\\') this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: value.replace(/\\/g, '') });
    this.parseInsideAction(cur);
  }
}

/** Go %#U of a rune: `U+007C '|'`. */
function goRuneRepr(r: string): string {
  const cp = r.codePointAt(0)!;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return /\p{L}|\p{N}|\p{P}|\p{S}|\p{Zs}/u.test(r) ? `${hex} '${r}'` : hex;
}

/** Parses `{text}` and returns its single action list (client-go parseAction). */
function parseAction(text: string): ListNode {
  const root = new Parser(`{${text}}`).parse();
  return root.nodes[0] as ListNode;
}

/** strconv.Unquote that also accepts single-quoted strings of any length. */
function unquoteExtend(s: string): string {
  const quote = s[0];
  if (s.length < 2 || s[s.length - 1] !== quote) throw new JsonPathError(`unquote string ${s} error invalid syntax`);
  const body = s.slice(1, -1);
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === quote) throw new JsonPathError(`unquote string ${s} error invalid syntax`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (simple[e] !== undefined && (e === quote || (e !== "'" && e !== '"'))) out += simple[e];
    else if (hexLen > 0 && /^[0-9a-fA-F]+$/.test(body.slice(i + 1, i + 1 + hexLen)) && body.length >= i + 1 + hexLen) {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + hexLen), 16));
      i += hexLen;
    } else if (/^[0-7]{3}$/.test(body.slice(i, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new JsonPathError(`unquote string ${s} error invalid syntax`);
  }
  return out;
}

/** Parses a jsonpath template (text with `{...}` actions). Throws JsonPathError. */
export function parseJsonPath(template: string): JsonPathNode & { type: 'list' } {
  return new Parser(template).parse();
}

// --------------------------------------------------------------- evaluator

type GoKind = 'map' | 'slice' | 'string' | 'int' | 'float' | 'bool' | 'nil' | 'uint8';

/** A byte of a string (wildcard over a string yields uint8 values in Go). */
class GoByte {
  constructor(readonly value: number) {}
}

function kindOf(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  if (v instanceof GoFloat) return 'float';
  if (v instanceof GoByte) return 'uint8';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return 'map';
}

const numberOf = (v: unknown): number => (v instanceof GoFloat || v instanceof GoByte ? v.value : (v as number));

// Go map iteration is random; sorting the keys gives a deterministic order.
const mapValues = (m: Record<string, unknown>): unknown[] => Object.keys(m).sort().map((k) => m[k]);

// Children of a value for wildcards and `..`: map values, slice items, string bytes.
function children(v: unknown): unknown[] {
  const k = kindOf(v);
  if (k === 'map') return mapValues(v as Record<string, unknown>);
  if (k === 'slice') return v as unknown[];
  if (k === 'string') return [...Buffer.from(v as string, 'utf8')].map((b) => new GoByte(b));
  return [];
}

/** Go %v of a value's type, for error messages (`[]interface {}`, `string`, ...). */
function goTypeName(v: unknown): string {
  const k = kindOf(v);
  return { map: 'map[string]interface {}', slice: '[]interface {}', string: 'string', int: 'int64', float: 'float64', bool: 'bool', nil: '<nil>', uint8: 'uint8' }[k];
}

// Comparison functions of client-go's forked text/template.
function basicKind(v: unknown): 'bool' | 'int' | 'float' | 'string' | 'uint' {
  const k = kindOf(v);
  if (k === 'bool' || k === 'int' || k === 'float' || k === 'string') return k;
  if (k === 'uint8') return 'uint';
  throw new JsonPathError('invalid type for comparison');
}

function goEqual(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) {
    if ((ka === 'int' && kb === 'uint') || (ka === 'uint' && kb === 'int')) return numberOf(a) === numberOf(b);
    throw new JsonPathError('incompatible types for comparison');
  }
  return ka === 'string' || ka === 'bool' ? a === b : numberOf(a) === numberOf(b);
}

function goLess(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) {
    if ((ka === 'int' && kb === 'uint') || (ka === 'uint' && kb === 'int')) return numberOf(a) < numberOf(b);
    throw new JsonPathError('incompatible types for comparison');
  }
  if (ka === 'bool') throw new JsonPathError('invalid type for comparison');
  return ka === 'string' ? (a as string) < (b as string) : numberOf(a) < numberOf(b);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '<':
      return goLess(a, b);
    case '>':
      return !(goLess(a, b) || goEqual(a, b));
    case '==':
      return goEqual(a, b);
    case '!=':
      return !goEqual(a, b);
    case '<=':
      return goLess(a, b) || goEqual(a, b);
    case '>=':
      return !goLess(a, b);
    default:
      throw new JsonPathError(`unrecognized filter operator ${op}`);
  }
}

export interface JsonPathOptions {
  allowMissingKeys?: boolean;
}

/** Evaluation state (range/end bookkeeping as in client-go's JSONPath). */
class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode = -1;
  private stackDepth = 0;

  constructor(private readonly allowMissingKeys: boolean) {}

  findResults(data: unknown, nodes: JsonPathNode[], start: number): unknown[][] {
    const full: unknown[][] = [];
    const cur = [data];
    for (let i = start; i < nodes.length; i++) {
      const results = this.walk(cur, nodes[i]);
      // An `end` closes the innermost range body: stop this iteration.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) full.push(...this.findResults(value, nodes, i + 1));
        } else {
          this.findResults(null, nodes, i + 1); // still advance to the matching end
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (k === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: unknown[], node: JsonPathNode): unknown[] {
    switch (node.type) {
      case 'list':
        return node.nodes.reduce((cur, n) => this.walk(cur, n), input);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => node.value);
      case 'float':
        return input.map(() => new GoFloat(node.value));
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return input.flatMap((v) => children(v));
      case 'recursive':
        return this.evalRecursive(input);
      case 'union':
        return node.nodes.flatMap((l) => this.walk(input, l));
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalIdentifier(input: unknown[], name: string): unknown[] {
    if (name === 'range') {
      this.stackDepth++;
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.endRange < this.inRange) {
        this.endRange++;
        return [];
      }
      if (this.stackDepth === 0) throw new JsonPathError('not in range, nothing to end');
      this.stackDepth--;
      return [];
    }
    throw new JsonPathError(`unrecognized identifier ${name}`);
  }

  private evalField(input: unknown[], name: string): unknown[] {
    if (input.length === 0) return [];
    const results: unknown[] = [];
    for (const v of input) {
      if (kindOf(v) !== 'map') continue;
      const m = v as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(m, name) && m[name] !== undefined) results.push(m[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${name} is not found`);
    return results;
  }

  private evalArray(input: unknown[], nodeParams: [SliceParam, SliceParam, SliceParam]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      const k = kindOf(v);
      if (k === 'nil') continue;
      if (k !== 'slice') throw new JsonPathError(`${goTypeName(v)} is not array or slice`);
      const arr = v as unknown[];
      const len = arr.length;
      const p = nodeParams.map((x) => ({ ...x }));
      if (!p[0].known) p[0].value = 0;
      if (p[0].value < 0) p[0].value += len;
      if (!p[1].known) p[1].value = len;
      if (p[1].value < 0 || (p[1].value === 0 && p[1].derived)) p[1].value += len;
      // Requesting zero elements ends the whole evaluation (client-go returns early).
      if (p[1].value === p[0].value) return result;
      if (p[0].value >= len || p[0].value < 0) {
        throw new JsonPathError(`array index out of bounds: index ${p[0].value}, length ${len}`);
      }
      if (p[1].value > len || p[1].value < 0) {
        throw new JsonPathError(`array index out of bounds: index ${p[1].value - 1}, length ${len}`);
      }
      if (p[0].value > p[1].value) {
        throw new JsonPathError(`starting index ${p[0].value} is greater than ending index ${p[1].value}`);
      }
      const slice = arr.slice(p[0].value, p[1].value);
      let step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) throw new JsonPathError('step must be > 0');
        step = p[2].value;
      }
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalRecursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (kindOf(v) === 'nil') continue;
      const kids = children(v);
      if (kids.length === 0) continue;
      result.push(v, ...this.evalRecursive(kids));
    }
    return result;
  }

  private evalFilter(input: unknown[], node: JsonPathNode & { type: 'filter' }): unknown[] {
    const results: unknown[] = [];
    for (const v of input) {
      if (kindOf(v) !== 'slice') {
        const shown = kindOf(v) === 'nil' ? '<invalid reflect.Value>' : goSprint(v);
        throw new JsonPathError(`${shown} is not array or slice and cannot be filtered`);
      }
      for (const item of v as unknown[]) {
        let lefts: unknown[];
        try {
          lefts = this.walk([item], node.left);
        } catch (e) {
          if (node.operator === 'exists') continue;
          throw e;
        }
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
        const rights = this.walk([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
        if (compare(node.operator, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}

/**
 * Evaluates `expr` (a full template, braces included) and returns the result
 * groups, one per top-level action (client-go FindResults).
 */
export function evaluateJsonPathValues(expr: string, data: unknown, opts: JsonPathOptions = {}): unknown[][] {
  const root = parseJsonPath(expr);
  return new Evaluator(opts.allowMissingKeys ?? true).findResults(data, root.nodes, 0);
}

// ---------------------------------------------------------------- printing

/** Go fmt.Sprint / %v of a decoded JSON value (`map[a:b]`, `[a b]`, `<nil>`). */
export function goSprint(v: unknown): string {
  const k = kindOf(v);
  switch (k) {
    case 'nil':
      return '<nil>';
    case 'string':
      return v as string;
    case 'bool':
      return String(v);
    case 'int':
    case 'uint8':
      return String(numberOf(v));
    case 'float':
      return goFormatFloatG(numberOf(v));
    case 'slice':
      return `[${(v as unknown[]).map(goSprint).join(' ')}]`;
    case 'map': {
      const m = v as Record<string, unknown>;
      const keys = Object.keys(m).filter((x) => m[x] !== undefined).sort();
      return `map[${keys.map((x) => `${x}:${goSprint(m[x])}`).join(' ')}]`;
    }
  }
}

/** Text of one result as JSONPath.PrintResults writes it. */
function printValue(v: unknown): string {
  const k = kindOf(v);
  if (k === 'map' || k === 'slice') return toCompactJson(v);
  if (k === 'nil') return 'null';
  return goSprint(v);
}

/**
 * Executes a template like `kubectl -o jsonpath=...` (missing keys allowed by
 * default). Results of one action are joined by a space; no newline is added.
 */
export function executeJsonPath(template: string, data: unknown, opts: JsonPathOptions = {}): string {
  return evaluateJsonPathValues(template, data, opts)
    .map((group) => group.map(printValue).join(' '))
    .join('');
}

/** `-o jsonpath-as-json`: each result group printed as an indented JSON array. */
export function executeJsonPathAsJson(template: string, data: unknown, opts: JsonPathOptions = {}): string {
  return evaluateJsonPathValues(template, data, opts)
    .map((group) => toJson(group.map((v) => (v instanceof GoFloat || v instanceof GoByte ? v.value : v))))
    .join('');
}

/**
 * kubectl's RelaxedJSONPathExpression (custom-columns, --sort-by): accepts
 * `a.b`, `.a.b`, `{a.b}`, `{.a.b}` and returns `{.a.b}`.
 */
export function relaxedJsonPathExpression(path: string): string {
  if (path === '') return path;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(path);
  if (!m) {
    throw new JsonPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  return `{.${m[1] ?? m[2]}}`;
}

/** Go %#v of a decoded JSON object, as kubectl prints it in jsonpath execution errors. */
export function goSyntaxRepr(v: unknown): string {
  const k = kindOf(v);
  switch (k) {
    case 'nil':
      return 'interface {}(nil)';
    case 'string':
      return JSON.stringify(v);
    case 'bool':
      return String(v);
    case 'int':
    case 'uint8':
      return String(numberOf(v));
    case 'float':
      return goFormatFloatG(numberOf(v));
    case 'slice':
      return `[]interface {}{${(v as unknown[]).map((x) => goSyntaxRepr(x)).join(', ')}}`;
    case 'map': {
      const m = v as Record<string, unknown>;
      const keys = Object.keys(m).filter((x) => m[x] !== undefined).sort();
      return `map[string]interface {}{${keys.map((x) => `${JSON.stringify(x)}:${goSyntaxRepr(m[x])}`).join(', ')}}`;
    }
  }
}

/** The whole message kubectl prints when executing a jsonpath template fails (without `error: `; ends with three newlines). */
export function jsonPathExecutionErrorMessage(template: string, err: Error, data: unknown): string {
  return (
    `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${err.message}. ` +
    'Printing more information for debugging the template:\n' +
    `\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSyntaxRepr(data)}\n\n\n`
  );
}

/** The message kubectl prints for a template that does not parse (without `error: `). */
export function jsonPathParseErrorMessage(template: string, err: Error): string {
  return `error parsing jsonpath ${template}, ${err.message}\n`;
}
