// `-o custom-columns=SPEC` and `-o custom-columns-file=FILE` (kubectl
// get/customcolumn.go): one jsonpath per column, evaluated per object.

import { evaluateJsonPathValues, goSprint, parseJsonPath, relaxedJsonPathExpression } from './jsonpath.js';
import { GET_TABLE, tabwrite } from './tabwriter.js';

export interface CustomColumn {
  header: string;
  /** Braced jsonpath, e.g. `{.metadata.name}`. */
  fieldSpec: string;
}

export class CustomColumnsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustomColumnsError';
  }
}

/** Parses `NAME:.metadata.name,IMAGE:.spec.containers[*].image`. */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec.length === 0) throw new CustomColumnsError('custom-columns format specified but no custom columns given');
  // Split on every comma: a union like `[a,b]` inside a path is not supported by kubectl either.
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) {
      throw new CustomColumnsError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    }
    return column(part.slice(0, colon), part.slice(colon + 1));
  });
}

function column(header: string, path: string): CustomColumn {
  const fieldSpec = relaxedJsonPathExpression(path);
  parseJsonPath(fieldSpec); // fail early on syntax errors
  return { header, fieldSpec };
}

const MISSING_LINE = 'Expected format is one line of space separated headers, one line of space separated column specs.';

/** Parses a custom-columns file: a line of headers, then a line of jsonpaths (whitespace separated). */
export function parseCustomColumnsFile(text: string): CustomColumn[] {
  // bufio.Scanner lines: split on \n, drop a trailing \r.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (text.endsWith('\n')) lines.pop();
  if (lines.length < 1 || text === '') throw new CustomColumnsError(`invalid template, missing header line. ${MISSING_LINE}`);
  if (lines.length < 2) throw new CustomColumnsError(`invalid template, missing spec line. ${MISSING_LINE}`);
  const words = (l: string): string[] => l.split(/[\s\u0085\u00a0]+/u).filter((w) => w !== '');
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) {
    throw new CustomColumnsError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((h, i) => column(h, specs[i]));
}

// printers.EscapeTerminal: ESC and CR are made visible.
const escapeTerminal = (s: string): string => s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');

/** Cell text: every result joined by `,`; `<none>` when the first result group is empty. */
export function customColumnCell(object: unknown, col: CustomColumn): string {
  const groups = evaluateJsonPathValues(col.fieldSpec, object, { allowMissingKeys: true });
  const values: string[] = [];
  if (groups.length === 0 || groups[0].length === 0) values.push('<none>');
  for (const g of groups) for (const v of g) values.push(escapeTerminal(goSprint(v)));
  return values.join(',');
}

/**
 * Prints the header (unless noHeaders) and one row per object, aligned with
 * the `get` tab writer. Objects are single API objects, not Lists.
 */
export function printCustomColumns(objects: unknown[], columns: CustomColumn[], opts: { noHeaders?: boolean } = {}): string {
  let text = '';
  if (!opts.noHeaders) text += columns.map((c) => c.header).join('\t') + '\n';
  for (const obj of objects) text += columns.map((c) => customColumnCell(obj, c)).join('\t') + '\n';
  return tabwrite(text, GET_TABLE);
}
