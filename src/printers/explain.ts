// kubectl v1.32's `explain` plaintext rendering of an OpenAPI v3 document (its
// template pkg/explain/v2/templates/plaintext.tmpl), step for step: how it finds
// the kind through the resource's paths, follows a field path through
// properties, items, maps and allOf, guesses a type name, lists fields (with
// --recursive, stopping at a $ref already on the way), and wraps descriptions
// as github.com/mitchellh/go-wordwrap v1.0.1 does. Go template truth is kept:
// empty strings, lists and maps count as false.
type Node = Record<string, unknown>;

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface OpenApiDocument {
  paths?: Record<string, Node>;
  components?: { schemas?: Record<string, Node> };
}

/** What explain printed before it stopped, and the error it stopped with (kubectl prints both). */
export interface ExplainResult {
  out: string;
  error?: string;
}

const truthy = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== false && v !== 0 && v !== '' && (typeof v !== 'object' || Object.keys(v).length > 0);
const node = (v: unknown): Node => (typeof v === 'object' && v !== null ? (v as Node) : {});
const sortedKeys = (v: unknown): string[] => Object.keys(node(v)).sort();
/** additionalProperties that is a schema (not `true`/`false`). */
const mapValues = (s: Node): Node | undefined => (truthy(s.additionalProperties) && typeof s.additionalProperties !== 'boolean' ? node(s.additionalProperties) : undefined);

export const indent = (amount: number, text: string): string => {
  const pad = ' '.repeat(amount);
  return pad + text.split('\n').join('\n' + pad);
};

// unicode.IsSpace, less the no-break space go-wordwrap keeps inside words.
const GO_SPACE = /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** go-wordwrap's WrapString: breaks at white space only, a longer word overruns. */
export function wrap(limit: number, text: string): string {
  let out = '';
  let current = 0;
  let word: string[] = [];
  let space: string[] = [];
  const flush = () => {
    current += space.length + word.length;
    out += space.join('') + word.join('');
    space = [];
    word = [];
  };
  for (const char of text) {
    if (char === '\n') {
      if (word.length === 0) {
        if (current + space.length <= limit) out += space.join('');
        space = [];
      } else flush();
      out += char;
      current = 0;
    } else if (GO_SPACE.test(char)) {
      if (space.length === 0 || word.length > 0) flush();
      space.push(char);
    } else {
      word.push(char);
      if (current + space.length + word.length > limit && word.length < limit) {
        out += '\n';
        current = 0;
        space = [];
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= limit) out += space.join('');
  } else out += space.join('') + word.join('');
  return out;
}

class Renderer {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly recursive: boolean,
  ) {}

  /** `#/components/schemas/X` to its schema; undefined for anything else. */
  resolveRef(ref: unknown): Node | undefined {
    if (typeof ref !== 'string' || !ref.startsWith('#') || ref.length === 1) return undefined;
    let cur: unknown = this.doc;
    for (const key of ref.slice(1).split('/')) {
      if (key === '') continue;
      cur = node(cur)[key];
      if (typeof cur !== 'object' || cur === null) return undefined;
    }
    return cur as Node;
  }

  private resolved(schema: Node): Node {
    const r = this.resolveRef(schema.$ref);
    return truthy(r) ? r! : schema;
  }

  /** The description of a schema and of all it is made of (allOf, items, map values). */
  description(schema: Node): string {
    const s = this.resolved(schema);
    let text = truthy(s.description) ? `${String(s.description)}\n` : '';
    for (const sub of (s.allOf as Node[] | undefined) ?? []) text += this.description(node(sub));
    if (truthy(s.items)) text += this.description(node(s.items));
    const values = mapValues(s);
    if (values) text += this.description(values);
    return text;
  }

  typeGuess(s: Node): string {
    if (truthy(s.items)) return `[]${this.typeGuess(node(s.items))}`;
    const values = mapValues(s);
    if (values) return `map[string]${this.typeGuess(values)}`;
    const allOf = s.allOf as Node[] | undefined;
    if (truthy(allOf) && !truthy(s.properties) && allOf!.length === 1) return this.typeGuess(node(allOf![0]));
    if (truthy(s.$ref)) {
      const ref = String(s.$ref);
      const target = this.resolveRef(ref);
      if (!truthy(target) || !truthy(target!.type) || target!.type === 'object') return ref.split('/').pop()!.split('.').pop() || 'Object';
      return String(target!.type);
    }
    return s.type === 'object' ? 'Object' : truthy(s.type) ? String(s.type) : 'Object';
  }

  /** `ENUM:` lines under a FIELD, or `enum: a, b, c, d, ....` under a field of a list. */
  enumText(s: Node, longView: boolean, limit: number, indentAmount = 0): string {
    const values = s.enum as unknown[] | undefined;
    if (!truthy(values)) return '';
    let text = longView ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
    for (const [i, value] of values!.entries()) {
      if (limit > -1 && i >= limit) return text + ', ....';
      if (i > 0 && !longView) text += ', ';
      else if (longView) text += '\n    ';
      text += value === '' ? '""' : String(value);
    }
    return text;
  }

  fieldDetail(parent: Node, name: string, level: number): string {
    const amount = level * 2;
    const field = node(node(parent.properties)[name]);
    const required = Array.isArray(parent.required) && parent.required.includes(name) ? ' -required-' : '';
    let text = `${indent(amount, name)}\t<${this.typeGuess(field)}>${required}${this.enumText(field, false, 4, amount)}\n`;
    if (!this.recursive) text += `${indent(amount + 2, wrap(78 - amount, truthy(field.description) ? String(field.description) : '<no description>'))}\n\n`;
    return text;
  }

  fieldList(schema: Node, level: number, history: Record<string, true>): string {
    const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
    if (ref && history[ref]) return '';
    const next = { ...history, [ref]: true as const };
    const s = this.resolved(schema);
    let text = '';
    for (const name of sortedKeys(s.properties)) {
      text += this.fieldDetail(s, name, level);
      if (this.recursive) text += this.fieldList(node(node(s.properties)[name]), level + 1, next);
    }
    for (const sub of (s.allOf as Node[] | undefined) ?? []) text += this.fieldList(node(sub), level, next);
    if (truthy(s.items)) text += this.fieldList(node(s.items), level, next);
    const values = mapValues(s);
    if (values) text += this.fieldList(values, level, next);
    return text;
  }

  /** DESCRIPTION and FIELDS at the end of the field path; '' when the path leads nowhere. */
  output(schema: Node, fieldPath: string[], history: Record<string, true>): string {
    const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
    const next = { ...history, [ref]: true as const };
    const s = this.resolved(schema);
    if (fieldPath.length === 0) {
      let text = `DESCRIPTION:\n${indent(4, wrap(76, this.description(s) || '<empty>'))}\n`;
      const fields = this.fieldList(s, 1, {});
      if (fields) text += `FIELDS:\n${fields}`;
      return text;
    }
    if (ref && history[ref]) return '';
    const [first, ...rest] = fieldPath as [string, ...string[]];
    const properties = node(s.properties);
    if (truthy(s.properties) && Object.hasOwn(properties, first) && truthy(properties[first])) {
      const sub = node(properties[first]);
      const head = rest.length === 0 ? `FIELD: ${first} <${this.typeGuess(sub)}>\n${this.enumText(sub, true, -1)}\n\n` : '';
      return head + this.output(sub, rest, {});
    }
    if (truthy(s.items)) return this.output(node(s.items), fieldPath, next);
    const values = mapValues(s);
    if (values) return this.output(values, fieldPath, next);
    for (const sub of (s.allOf as Node[] | undefined) ?? []) {
      const text = this.output(node(sub), fieldPath, next);
      if (text) return text;
    }
    return '';
  }
}

/** The kind a resource's paths name (`x-kubernetes-group-version-kind` of its operations). */
function kindOfResource(doc: OpenApiDocument, gvr: GroupVersionResource): Node | undefined {
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const bases = [`${prefix}/${gvr.version}/${gvr.resource}`, `${prefix}/${gvr.version}/namespaces/{namespace}/${gvr.resource}`];
  const searched = [bases[0], `${bases[0]}/{name}`, bases[1], `${bases[1]}/{name}`];
  let gvk: unknown;
  for (const path of searched) {
    const item = doc.paths?.[path!];
    if (!truthy(item)) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = node(item)[method];
      if (!truthy(op)) continue;
      gvk = node(op)['x-kubernetes-group-version-kind'];
      if (truthy(gvk)) break;
    }
  }
  return truthy(gvk) ? node(gvk) : undefined;
}

const sameKind = (a: Node, b: Node) => a.group === b.group && a.version === b.version && a.kind === b.kind && Object.keys(a).length === Object.keys(b).length;

/** How Go's %v prints a decoded JSON object: `map[group: kind:Pod version:v1]`. */
const goMap = (m: Node) => `map[${sortedKeys(m).map((k) => `${k}:${String(m[k])}`).join(' ')}]`;

/** What `kubectl explain` prints for a resource and field path from its group version's OpenAPI v3 document. */
export function renderExplain(doc: OpenApiDocument, gvr: GroupVersionResource, fieldPath: string[], recursive: boolean): ExplainResult {
  const gvk = kindOfResource(doc, gvr);
  if (!gvk) return { out: '', error: `GVR (${gvr.group}/${gvr.version}, Resource=${gvr.resource}) not found in OpenAPI schema` };
  let out = truthy(gvk.group) ? `GROUP:      ${String(gvk.group)}\n` : '';
  out += `KIND:       ${String(gvk.kind)}\nVERSION:    ${String(gvk.version)}\n\n`;
  const schemas = doc.components?.schemas ?? {};
  const name = sortedKeys(schemas).find((n) => {
    const kinds = schemas[n]!['x-kubernetes-group-version-kind'];
    return Array.isArray(kinds) && kinds.some((k) => sameKind(node(k), gvk));
  });
  if (name === undefined) return { out, error: `GVK ${goMap(gvk)} not found in OpenAPI schema` };
  const text = new Renderer(doc, recursive).output(schemas[name]!, fieldPath, {});
  if (!text) return { out, error: `field "${fieldPath[fieldPath.length - 1]}" does not exist` };
  return { out: out + text + '\n' };
}
