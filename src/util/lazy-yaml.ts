// The YAML parser, loaded on first use. Modules on every command's path (the
// kubelet's static-pod source) parse YAML only now and then; a static import
// would make every `kubectl get` load the parser.
//
// In the bundles the literal `require('yaml')` is esbuild's: it becomes a call into the copy of
// the library bundled with the rest (initialized on that first call, and in the hot path compiled
// from the V8 code cache) instead of Node resolving and compiling its ~60 files from node_modules
// (the first command, which parses the control plane's static pod manifests, took ~140 ms
// longer so on session 5's machine: docs/performance.md).
// Unbundled (dist/src, under the tests) an ES module has no `require`: Node loads it.
import { createRequire } from 'node:module';

let yaml: typeof import('yaml') | undefined;

function loadYaml(): typeof import('yaml') {
  return typeof require === 'function' ? (require('yaml') as typeof import('yaml')) : (createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

/** Documents this process printed, by their text: what each reads back as. */
const printed = new Map<string, unknown>();

/**
 * Notes that `text` is the YAML this process printed for `value` (which reads back as `value`,
 * keys in the same order), so that parsing it again is a copy. The cluster's first command
 * writes the control plane's static pod manifests and at once parses them back: ~50 ms of the
 * YAML parser on session 6's machine. Returns `text`.
 */
export function rememberYaml(text: string, value: unknown): string {
  printed.set(text, value);
  return text;
}

export function parseYaml(text: string): unknown {
  const known = printed.get(text);
  if (known !== undefined) return structuredClone(known);
  yaml ??= loadYaml();
  return yaml.parse(text);
}
