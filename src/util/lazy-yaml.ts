// The YAML parser, loaded on first use. Modules on every command's path (the
// kubelet's static-pod source) parse YAML only now and then; a static import
// would make every `kubectl get` load the parser.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
let yaml: typeof import('yaml') | undefined;

export function parseYaml(text: string): unknown {
  yaml ??= load('yaml') as typeof import('yaml');
  return yaml.parse(text);
}
