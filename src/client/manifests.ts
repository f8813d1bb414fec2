// Reading manifests the way kubectl's -f does: files, directories (lexical
// order, .json/.yaml/.yml, -R to recurse), `-` for stdin, multi-document YAML,
// `kind: List`, and https://k8s.io/examples/... served from the bundled copy.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import type { KObject } from '../types/k8s.js';
import { ClientError } from './command.js';
import { installRoot } from '../util/install-root.js';

export interface Manifest {
  object: KObject;
  /** The source as the user named it (file path or URL), for `error when creating "..."`. */
  source: string;
}

const EXAMPLE_HOSTS = [/^https?:\/\/k8s\.io\/examples\//, /^https?:\/\/kubernetes\.io\/examples\//, /^https?:\/\/raw\.githubusercontent\.com\/kubernetes\/website\/main\/content\/en\/examples\//];

/** The project's bundled copy of kubernetes.io/examples (found upward from this module, bundled or not). */
export function examplesDir(): string {
  const root = installRoot();
  if (!root || !existsSync(join(root, 'examples'))) throw new ClientError('the bundled examples folder is missing from this kubesim installation');
  return join(root, 'examples');
}

function readUrl(url: string): string {
  for (const host of EXAMPLE_HOSTS) {
    if (host.test(url)) {
      const path = join(examplesDir(), url.replace(host, ''));
      if (existsSync(path) && statSync(path).isFile()) return readFileSync(path, 'utf8');
      throw new ClientError(`unable to read URL "${url}", server reported 404 Not Found, status code=404`);
    }
  }
  const host = url.replace(/^[a-z]+:\/\//, '').replace(/[/:].*$/, '');
  throw new ClientError(`Get "${url}": dial tcp: lookup ${host}: no such host (kubesim has no network; only https://k8s.io/examples/... resolve, from the bundled copy)`);
}

function filesIn(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (recursive) out.push(...filesIn(path, recursive));
    } else if (/\.(json|ya?ml)$/.test(entry)) out.push(path);
  }
  return out;
}

/** The deepest `[`/`{` nesting outside quoted strings (flow style; block nesting is bounded by line length). */
function flowBalance(text: string): number {
  return flowScan(text).open;
}

function flowDepth(text: string): number {
  return flowScan(text).max;
}

function flowScan(text: string): { max: number; open: number } {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return { max, open: depth + (quote ? 1 : 0) };
}

/** Go's decoders stop at 10000 levels; kubesim's recursive ones are kept well below the JS stack. */
const MAX_NESTING = 10000;
const SUPPORTED_NESTING = 500;

async function parseDocuments(text: string, source: string): Promise<unknown[]> {
  const depth = flowDepth(text);
  if (depth > MAX_NESTING) throw new ClientError(`error parsing ${source}: error converting YAML to JSON: yaml: exceeded max depth of ${MAX_NESTING}`);
  if (depth > SUPPORTED_NESTING) throw new ClientError(`manifests nested more than ${SUPPORTED_NESTING} levels deep are not supported by kubesim yet`);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return [JSON.parse(text)];
    } catch {
      // not JSON after all: YAML (flow style) handles it below, unless a bracket is never closed
      if (flowBalance(text) > 0) {
        throw new ClientError(`error parsing ${source}: error converting YAML to JSON: yaml: line ${text.split('\n').length}: did not find expected ',' or '${trimmed.startsWith('{') ? '}' : ']'}'`);
      }
    }
  }
  const { parseYamlDocuments, YamlSyntaxError } = await import('../printers/yaml.js');
  try {
    return parseYamlDocuments(text);
  } catch (e) {
    if (e instanceof YamlSyntaxError) {
      throw new ClientError(`error parsing ${source}: error converting YAML to JSON: yaml: line ${e.line}: ${e.message}`);
    }
    throw e;
  }
}

function flatten(doc: unknown, source: string, out: Manifest[]): void {
  if (doc === null || doc === undefined) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ClientError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const obj = doc as KObject & { items?: unknown[] };
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of obj.items) flatten(item, source, out);
    return;
  }
  if (!obj.apiVersion) {
    throw new ClientError(`error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  if (!obj.kind) {
    throw new ClientError(`error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  obj.metadata = obj.metadata ?? {};
  out.push({ object: obj, source });
}

/** Reads every object named by -f values, in kubectl's order (-f is a pflag string slice: `-f a,b` is two). */
export async function readManifests(filenames: string[], opts: { recursive?: boolean; stdin?: () => string } = {}): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const name of filenames.flatMap((f) => f.split(','))) {
    let sources: { text: string; source: string }[];
    if (name === '-') sources = [{ text: opts.stdin ? opts.stdin() : readFileSync(0, 'utf8'), source: 'STDIN' }];
    else if (/^https?:\/\//.test(name)) sources = [{ text: readUrl(name), source: name }];
    else {
      if (!existsSync(name)) throw new ClientError(`the path "${name}" does not exist`);
      const files = statSync(name).isDirectory() ? filesIn(name, !!opts.recursive) : [name];
      sources = files.map((f) => ({ text: readFileSync(f, 'utf8'), source: f }));
    }
    for (const { text, source } of sources) {
      for (const doc of await parseDocuments(text, basename(source) === source ? source : source)) flatten(doc, source, out);
    }
  }
  return out;
}
