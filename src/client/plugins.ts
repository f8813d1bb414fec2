// kubectl plugins (pkg/cmd/plugin): executables named kubectl-* on the PATH. `kubectl plugin list`
// lists them with kubectl's warnings, and a command kubectl does not know runs the plugin whose
// name is the longest run of its words (`kubectl foo bar` -> kubectl-foo-bar, then kubectl-foo).
// Like kubectl, kubesim runs them on the machine: they are the user's programs, not the cluster's.
import { readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KUBECTL_TREE } from './kubectl-tree.js';

/** The kubectl-* files of the PATH's directories, in PATH order (each directory once), and what could not be read. */
export function pathPlugins(pathEnv: string): { plugins: string[]; unreadable: string[] } {
  const plugins: string[] = [];
  const unreadable: string[] = [];
  for (const dir of [...new Set(pathEnv.split(delimiter))]) {
    if (dir.trim() === '') continue;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      unreadable.push(`Unable to read directory ${JSON.stringify(dir)} from your PATH: open ${dir}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'ENOTDIR' ? 'not a directory' : (e as Error).message}. Skipping...`);
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (!name.startsWith('kubectl-')) continue;
      try {
        if (statSync(path).isDirectory()) continue;
      } catch {
        // a dangling link is listed, as os.ReadDir lists it
      }
      plugins.push(path);
    }
  }
  return { plugins, unreadable };
}

function isExecutable(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isDirectory() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * CommandOverrideVerifier: a plugin that is not executable, one an earlier directory's plugin of
 * the same name hides, one named after a command kubectl has (`existing` gives that command's path).
 */
export function pluginWarnings(plugins: string[], existing: (words: string[]) => string | undefined): Map<string, string[]> {
  const seen = new Map<string, string>();
  const warnings = new Map<string, string[]>();
  for (const path of plugins) {
    const bin = path.split('/').pop()!;
    const out: string[] = [];
    if (!isExecutable(path)) out.push(`warning: ${path} identified as a kubectl plugin, but it is not executable`);
    const earlier = seen.get(bin);
    if (earlier) out.push(`warning: ${path} is overshadowed by a similarly named plugin: ${earlier}`);
    else seen.set(bin, path);
    const command = existing(bin.split('-').slice(1));
    if (command) out.push(`warning: ${bin} overwrites existing command: ${JSON.stringify(command)}`);
    warnings.set(path, out);
  }
  return warnings;
}

/** DefaultPluginHandler.Lookup: the plugin for the longest run of leading words, and the words left. */
export function pluginFor(words: string[], pathEnv: string): { path: string; rest: string[] } | undefined {
  const names = words.findIndex((w) => w.startsWith('-'));
  const leading = names < 0 ? words : words.slice(0, names);
  for (let n = leading.length; n > 0; n--) {
    // A dash inside a word is an underscore in the file's name (`kubectl foo-bar` -> kubectl-foo_bar).
    const bin = `kubectl-${leading.slice(0, n).map((w) => w.replaceAll('-', '_')).join('-')}`;
    for (const dir of pathEnv.split(delimiter)) {
      if (dir.trim() === '') continue;
      const path = join(dir, bin);
      if (isExecutable(path)) return { path, rest: words.slice(n) };
    }
  }
  return undefined;
}

/** The command kubectl's cobra tree finds for a plugin's words (`kubectl config view`), if any. */
export function kubectlCommandFor(words: string[]): string | undefined {
  const [first, second] = words;
  if (!first || !Object.hasOwn(KUBECTL_TREE, first)) return undefined;
  return second !== undefined && KUBECTL_TREE[first]!.includes(second) ? `kubectl ${first} ${second}` : `kubectl ${first}`;
}
