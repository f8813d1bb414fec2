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

export function parseYaml(text: string): unknown {
  yaml ??= loadYaml();
  return yaml.parse(text);
}
