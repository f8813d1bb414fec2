// The hot path as one CommonJS bundle (dist/hot/cli.cjs, built by scripts/bundle.mjs): bin/run.js
// compiles it through vm.Script with a V8 code cache, which an ES module cannot have on Node 20, so
// a plain `kubectl get pods` skips parsing and compiling the code it runs. The bundle holds every
// command that runs without oclif; anything else returns false and bin/run.js hands the
// invocation to the ES module bundle (dist/bundle), which does the same and more.
import { plainInvocation, runLite, type LiteCommandClass } from './dispatch.js';

/** Command modules by their bundled path (dist/bundle/commands/x.js), written by scripts/bundle.mjs. */
export type CommandTable = Record<string, () => Promise<{ default: LiteCommandClass }>>;

/** Runs a plain invocation from the table; false when it is not one (help, errors, oclif's own). */
export async function runHot(argv: string[], asKubectl: boolean, root: URL, table: CommandTable): Promise<boolean> {
  const plain = plainInvocation(argv, asKubectl, root);
  const load = plain && table[plain.command.relativePath!.join('/')];
  if (!plain || !load) return false;
  await runLite(plain.command, plain.argv, root, load);
  return true;
}
