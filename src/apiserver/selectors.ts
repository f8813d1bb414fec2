// Label selectors (apimachinery pkg/labels) and field selectors
// (pkg/fields): parsing with the same lexer/parser rules and error texts,
// matching, and the string forms printers show.

import type { LabelSelector, Labels } from '../types/k8s.js';

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: LabelOperator;
  /** Sorted, de-duplicated (a sets.String in Go). */
  values: string[];
}

/** A parsed label selector: requirements sorted by key, all must match. */
export interface ParsedLabelSelector {
  requirements: Requirement[];
  /** labels.Nothing(): matches nothing (a nil LabelSelector). */
  nothing?: boolean;
}

// ------------------------------------------------------------- validation

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** validation.IsQualifiedName messages. */
function qualifiedNameErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
    else if (!DNS1123_SUBDOMAIN.test(prefix)) {
      errs.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      );
    }
  } else if (parts.length > 2) {
    return [
      `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME_FMT}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !new RegExp(`^${QUALIFIED_NAME_FMT}$`).test(name)) {
    errs.push(
      `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME_FMT}')`,
    );
  }
  return errs;
}

function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${LABEL_VALUE_FMT}$`).test(v)) {
    errs.push(
      `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE_FMT}')`,
    );
  }
  return errs;
}

const quote = (s: string): string => JSON.stringify(s);

/** field.ErrorList.ToAggregate().Error(): one message, or `[a, b]`. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

/** labels.NewRequirement: validates and normalises (values sorted, unique). */
export function newRequirement(key: string, operator: LabelOperator, values: string[]): Requirement {
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length > 0) errs.push(`key: Invalid value: ${quote(key)}: ${keyErrs.join('; ')}`);
  if (operator === 'in' || operator === 'notin') {
    if (values.length === 0) errs.push(`values: Invalid value: "null": for 'in', 'notin' operators, values set can't be empty`);
  } else if (operator === '=' || operator === '==' || operator === '!=') {
    if (values.length !== 1) errs.push(`values: Invalid value: "null": exact-match compatibility requires one single value`);
  } else if (operator === 'exists' || operator === '!') {
    if (values.length !== 0) errs.push(`values: Invalid value: "null": values set must be empty for exists and does not exist`);
  } else if (values.length !== 1) {
    errs.push(`values: Invalid value: "null": for 'Gt', 'Lt' operators, exactly one value is required`);
  } else if (!/^[+-]?\d+$/.test(values[0])) {
    errs.push(`values[0]: Invalid value: ${quote(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
  }
  if (operator !== 'gt' && operator !== 'lt') {
    values.forEach((v, i) => {
      const vErrs = labelValueErrors(v);
      if (vErrs.length > 0) errs.push(`values[${i}]: Invalid value: ${quote(v)}: ${vErrs.join('; ')}`);
    });
  }
  if (errs.length > 0) throw new SelectorError(aggregate(errs));
  return { key, operator, values: [...new Set(values)].sort() };
}

// ----------------------------------------------------------------- lexer

type Tok =
  | 'id' | 'in' | 'notin' | ',' | '(' | ')' | '!' | '=' | '==' | '!=' | '>' | '<' | 'eos' | 'error';

const SYMBOL_TOKENS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', '<': '<', '!=': '!=', '(': '(' };
const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c);

function lex(input: string): { tok: Tok; lit: string }[] {
  const out: { tok: Tok; lit: string }[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && isWhitespace(input[i])) i++;
    if (i >= input.length) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    if (isSpecial(input[i])) {
      // Longest run of symbols that still forms a known token.
      let buf = '';
      let last: { tok: Tok; lit: string } | null = null;
      while (i < input.length && isSpecial(input[i])) {
        buf += input[i];
        if (SYMBOL_TOKENS[buf]) last = { tok: SYMBOL_TOKENS[buf], lit: buf };
        else if (last) break;
        i++;
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    let buf = '';
    while (i < input.length && !isSpecial(input[i]) && !isWhitespace(input[i])) buf += input[i++];
    out.push({ tok: buf === 'in' ? 'in' : buf === 'notin' ? 'notin' : 'id', lit: buf });
  }
}

// ---------------------------------------------------------------- parser

class LabelParser {
  private pos = 0;
  constructor(private readonly items: { tok: Tok; lit: string }[]) {}

  // In "values" context the keywords in/notin are plain identifiers.
  private lookahead(values = true): { tok: Tok; lit: string } {
    const it = this.items[this.pos];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }
  private consume(values = true): { tok: Tok; lit: string } {
    const it = this.lookahead(values);
    if (this.pos < this.items.length - 1) this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead();
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.parseRequirement());
      } catch (e) {
        throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`);
      }
      const next = this.consume();
      if (next.tok === 'eos') return reqs;
      if (next.tok !== ',') throw new SelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead();
      if (after.tok !== 'id' && after.tok !== '!') {
        throw new SelectorError(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    let op: LabelOperator | null = null;
    let t = this.consume();
    if (t.tok === '!') {
      op = '!';
      t = this.consume();
    }
    if (t.tok !== 'id') throw new SelectorError(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    // The parser validates with a nil field path, which prints as <nil>.
    if (keyErrs.length > 0) throw new SelectorError(`<nil>: Invalid value: ${quote(key)}: ${keyErrs.join('; ')}`);
    const la = this.lookahead().tok;
    if (la === 'eos' || la === ',') {
      if (op !== '!') op = 'exists';
    }
    if (op === 'exists' || op === '!') return newRequirement(key, op, []);
    op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, values);
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume(false);
    const ops: Partial<Record<Tok, LabelOperator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const op = ops[tok];
    if (!op) throw new SelectorError(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    return op;
  }

  private parseValues(): string[] {
    const open = this.consume();
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead();
    if (tok === ')') {
      this.consume();
      return [''];
    }
    if (tok !== 'id' && tok !== ',') throw new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (this.consume().tok !== ')') throw new SelectorError(`found '${lit}', expected: ')'`);
    return values;
  }

  private parseIdentifiersList(): string[] {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume();
      if (tok === 'id') {
        s.add(lit);
        const next = this.lookahead();
        if (next.tok === ',') continue;
        if (next.tok === ')') return [...s];
        throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        // empty values: "(,", ",)" and ",," stand for ""
        if (s.size === 0) s.add('');
        const next = this.lookahead().tok;
        if (next === ')') {
          s.add('');
          return [...s];
        }
        if (next === ',') {
          this.consume();
          s.add('');
        }
      } else {
        throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const la = this.lookahead().tok;
    if (la === 'eos' || la === ',') return [''];
    const { tok, lit } = this.consume();
    if (tok === 'id') return [lit];
    throw new SelectorError(`found '${lit}', expected: identifier`);
  }
}

// Stable sort by key (Go uses sort.Sort; requirements rarely share a key).
const byKey = (reqs: Requirement[]): Requirement[] => [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** labels.Parse: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. Throws SelectorError. */
export function parseLabelSelector(s: string): ParsedLabelSelector {
  return { requirements: byKey(new LabelParser(lex(s)).parse()) };
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value)) return false;
      const lv = BigInt(value);
      const rv = BigInt(r.values[0]);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/** Whether a label set satisfies every requirement. */
export function matchesLabelSelector(sel: ParsedLabelSelector, labels: Labels | undefined): boolean {
  if (sel.nothing) return false;
  return sel.requirements.every((r) => requirementMatches(r, labels ?? {}));
}

/**
 * metav1.LabelSelectorAsSelector: nil → matches nothing; empty → everything.
 * Throws SelectorError for invalid operators or values.
 */
export function labelSelectorFromObject(ls: LabelSelector | undefined | null): ParsedLabelSelector {
  if (!ls) return { requirements: [], nothing: true };
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v]));
  const ops: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
  for (const e of ls.matchExpressions ?? []) {
    const op = ops[e.operator];
    if (!op) throw new SelectorError(`${quote(e.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, [...(e.values ?? [])]));
  }
  return { requirements: byKey(reqs) };
}

/** Requirement.String(): `k=v`, `k in (a,b)`, `k`, `!k`, `k>3`. */
export function formatRequirement(r: Requirement): string {
  const head = (r.operator === '!' ? '!' : '') + r.key;
  if (r.operator === 'exists' || r.operator === '!') return head;
  const sep: Record<string, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<' };
  const vals = r.values.join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${head}${sep[r.operator]}(${vals})` : `${head}${sep[r.operator]}${vals}`;
}

/** labels.Selector String(): requirements joined by `,` (empty for everything/nothing). */
export function selectorToString(sel: ParsedLabelSelector): string {
  return sel.requirements.map(formatRequirement).join(',');
}

/** metav1.FormatLabelSelector: `<none>` when nil or empty, `<error>` when invalid. */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  let sel: ParsedLabelSelector;
  try {
    sel = labelSelectorFromObject(ls);
  } catch {
    return '<error>';
  }
  const s = selectorToString(sel);
  return s === '' ? '<none>' : s;
}

/** labels.FormatLabels: `k=v` sorted by key, joined by `,`; `<none>` when empty. */
export function formatLabels(map: Record<string, string> | undefined | null): string {
  const keys = Object.keys(map ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${map![k]}`).join(',');
}

// --------------------------------------------------------- field selectors

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export interface ParsedFieldSelector {
  requirements: FieldRequirement[];
}

// Split on commas not escaped by a backslash (the backslash stays).
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

// First operator occurrence, trying `!=`, `==`, `=` at each position.
function splitTerm(term: string): [string, string, string] | null {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return null;
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. as a number
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else out += c;
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.ParseSelector: `a=b,c==d,e!=f` (terms sorted, as Go does). */
export function parseFieldSelector(s: string): ParsedFieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const part of splitTerms(s).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new SelectorError(`invalid selector: '${s}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    requirements.push({ field, operator: op === '!=' ? '!=' : '=', value: unescapeValue(rhs) });
  }
  return { requirements };
}

/** Matches using `getField(path)`; a missing field counts as the empty string. */
export function matchesFieldSelector(sel: ParsedFieldSelector, getField: (path: string) => string | undefined): boolean {
  return sel.requirements.every((r) => {
    const v = getField(r.field) ?? '';
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}

/** fields.Selector String(): terms joined by `,` with `=`/`!=` and values re-escaped. */
export function fieldSelectorToString(sel: ParsedFieldSelector): string {
  const esc = (v: string): string => v.replace(/[\\,=]/g, (c) => '\\' + c);
  return sel.requirements.map((r) => `${r.field}${r.operator}${esc(r.value)}`).join(',');
}
