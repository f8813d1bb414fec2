// Finds the command a learner typed, as kubectl (cobra) would, and hands it to
// oclif. Unknown commands get cobra's text; kubesim-only verbs are unknown to `kubectl`.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hoistLeadingFlags } from './flags.js';
import { KUBECTL_ALIASES, KUBECTL_TREE } from './kubectl-tree.js';
import type { ParsedArgs } from './flags.js';

export interface ManifestCommand {
  id: string;
  kubesimOnly?: boolean;
  relativePath?: string[];
}

/**
 * The commands of oclif.manifest.json, read from its digest dist/command-index.json
 * (scripts/command-index.mjs) unless that is missing or older than the manifest.
 */
function loadCommandIds(root: URL): Map<string, ManifestCommand> {
  const manifestFile = fileURLToPath(new URL('oclif.manifest.json', root));
  const indexFile = fileURLToPath(new URL('dist/command-index.json', root));
  const indexTime = statSync(indexFile, { throwIfNoEntry: false })?.mtimeMs;
  const fresh = indexTime !== undefined && indexTime >= (statSync(manifestFile, { throwIfNoEntry: false })?.mtimeMs ?? Infinity);
  const manifest = JSON.parse(readFileSync(fresh ? indexFile : manifestFile, 'utf8')) as {
    commands: Record<string, ManifestCommand>;
  };
  return new Map(Object.entries(manifest.commands));
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

function unknownCommand(word: string, bin: string, topLevel: string[]): never {
  const close = topLevel.filter((c) => levenshtein(c, word) <= 2 || c.startsWith(word)).sort();
  let text = `error: unknown command "${word}" for "${bin}"`;
  if (close.length) text += `\n\nDid you mean this?\n${close.map((c) => `\t${c}`).join('\n')}\n`;
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  process.exit(1);
}


/** Runs the plugin the words name, as kubectl does (its arguments the words left, the same environment), and exits with its status. */
async function runPluginIfAny(args: string[]): Promise<void> {
  const { pluginFor } = await import('./plugins.js');
  const found = pluginFor(args, process.env.PATH ?? '');
  if (!found) return;
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(found.path, found.rest, { stdio: 'inherit' });
  if (r.error) {
    process.stderr.write(`error: ${r.error.message}\n`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}

/**
 * kubectl's DefaultSubCommandRun for a command group (kubectl set foo): RequireNoArguments names
 * every argument left after the (global) flags, joined by spaces.
 */
function unknownSubcommand(args: string[], path: string): never {
  process.stderr.write(`error: unknown command ${JSON.stringify(args.join(' '))}\nSee '${path} -h' for help and examples\n`);
  process.exit(1);
}

/** The arguments that are not global flags or their values. */
async function positionalArgs(args: string[]): Promise<string[]> {
  const { globalFlags } = await import('./command.js');
  const { parseFlags } = await import('./flags.js');
  try {
    return parseFlags(args, globalFlags as unknown as Parameters<typeof parseFlags>[1]).args;
  } catch {
    return args.filter((a) => !a.startsWith('-'));
  }
}

/** The command line with leading global flags moved after the command's words (as cobra reads it). */
function commandLine(argv: string[], asKubectl: boolean, root: URL) {
  const commands = loadCommandIds(root);
  const visible = (id: string) => commands.has(id) && !(asKubectl && commands.get(id)!.kubesimOnly);
  const isCommand = (words: string[]) => {
    const id = words.join(':');
    return visible(id) || [...commands.keys()].some((c) => c.startsWith(id + ':') && visible(c));
  };
  return { commands, visible, isCommand, args: hoistLeadingFlags(argv, isCommand) };
}

/**
 * The command and its arguments when the invocation is a plain one that runs without oclif
 * (see fastPath); undefined when dispatch must look closer (help, errors, root flags).
 */
export function plainInvocation(argv: string[], asKubectl: boolean, root: URL): { command: ManifestCommand; argv: string[] } | undefined {
  const { commands, visible, isCommand, args } = commandLine(argv, asKubectl, root);
  const words = commandWords(args, isCommand);
  return words.length && visible(words.join(':')) ? fastPath(args, commands, asKubectl) : undefined;
}

export async function dispatch(argv: string[], asKubectl: boolean, root: URL): Promise<void> {
  const { commands, visible, isCommand, args } = commandLine(argv, asKubectl, root);
  const bin = asKubectl ? 'kubectl' : 'kubesim';
  if (args[0] === 'help') {
    if (asKubectl) return helpCommand(args.slice(1), isCommand);
    // `kubesim help advance`: oclif's help of kubesim's own command.
    args.splice(0, args.length, ...args.slice(1), '--help');
  }
  const first = args[0];
  if (first && !first.startsWith('-') && !isCommand([first])) {
    // kubectl's commands that kubesim does not have: known to kubectl, so not "unknown command".
    if (Object.hasOwn(KUBECTL_TREE, first)) notSimulated([first]);
    // A word kubectl does not know names a plugin on the PATH when there is one (kubectl runs it).
    if (asKubectl) await runPluginIfAny(args);
    const topLevel = [...new Set([...commands.keys()].filter(visible).map((id) => id.split(':')[0]!))];
    unknownCommand(first, bin, topLevel);
  }
  if (asKubectl) {
    // A group of commands (set, rollout, create secret) named without one of its commands.
    const words = commandWords(args, isCommand);
    if (words.length && !visible(words.join(':'))) return groupCommand(words, args.slice(words.length));
    // kubectl alone, or with flags only: its help.
    if (!first || first.startsWith('-')) return rootCommand(args);
  } else if (first && !visible(first) && isCommand([first]) && args[1] && !args[1].startsWith('-') && !isCommand([first, args[1]])) {
    // A group of kubesim's (node, addon) with a word none of its commands is: cobra's text.
    unknownSubcommand(await positionalArgs(args.slice(1)), `${bin} ${first}`);
  } else if (first?.startsWith('-') && !args.some((a) => a === '--help' || a === '-h' || a === '--version')) {
    const { args: rest } = await rootFlags(args, bin);
    if (rest[0]) pluginAfterFlags(first);
    args.splice(0, args.length, '--help');
  }
  const fast = fastPath(args, commands, asKubectl);
  if (fast) {
    const url = new URL(fast.command.relativePath!.join('/'), root);
    return runLite(fast.command, fast.argv, root, () => import(url.href) as Promise<{ default: LiteCommandClass }>);
  }
  // @oclif/core is CommonJS: bundled, its exports may sit on `default`.
  const mod = (await import('@oclif/core')) as typeof import('@oclif/core') & { default?: typeof import('@oclif/core') };
  const { run, flush, handle } = mod.default?.run ? mod.default : mod;
  try {
    await run(args, fileURLToPath(root));
    await flush();
  } catch (err) {
    await handle(err as Error);
  }
}

/**
 * The global flags of a command that has no flags of its own (kubectl itself, `help`, a group of
 * commands), as cobra parses them: a flag error is reported with the command's usage hint.
 */
async function rootFlags(args: string[], commandPath: string): Promise<ParsedArgs> {
  const { globalFlags } = await import('./command.js');
  const { parseFlags, FlagError } = await import('./flags.js');
  try {
    return parseFlags(args, globalFlags as unknown as Parameters<typeof parseFlags>[1]);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    process.stderr.write(`error: ${e.message}\nSee '${commandPath} --help' for usage.\n`);
    process.exit(1);
  }
}

/** A command kubectl v1.32 has and kubesim does not (`certificate`, `set env`). */
function notSimulated(words: string[]): never {
  process.stderr.write(`error: ${words.join(' ')} is not supported by kubesim yet\n`);
  process.exit(1);
}

/** kubectl takes an unknown word after flags for a plugin's name (cmd.go, HandlePluginCommand). */
function pluginAfterFlags(first: string): never {
  process.stderr.write(`Error: flags cannot be placed before plugin name: ${first}\n`);
  process.exit(1);
}

/** `kubectl` with flags only (or none): its help; a word after the flags would name a plugin. */
async function rootCommand(args: string[]): Promise<void> {
  const { flags, args: rest } = await rootFlags(args, 'kubectl');
  if (rest[0] && !flags.help) pluginAfterFlags(args[0]!);
  const { kubectlHelpText } = await import('./kubectl-help.js');
  process.stdout.write(kubectlHelpText([]));
}

/** The longest run of leading words that names a command or a group of commands. */
function commandWords(args: string[], isCommand: (words: string[]) => boolean): string[] {
  let n = 0;
  while (n < args.length && !args[n]!.startsWith('-') && isCommand(args.slice(0, n + 1))) n++;
  return args.slice(0, n);
}

/**
 * A group of commands run without one (`kubectl set`, `kubectl create secret -n x`): kubectl's
 * DefaultSubCommandRun prints the group's help and exits 1; with --help it is just the help.
 */
async function groupCommand(words: string[], rest: string[]): Promise<void> {
  const path = `kubectl ${words.join(' ')}`;
  // A command of the group that kubectl has and kubesim does not (`set env`), whatever its flags.
  const [next] = await positionalArgs(rest);
  if (words.length === 1 && next && KUBECTL_TREE[words[0]!]?.includes(next)) notSimulated([words[0]!, next]);
  const { flags, args } = await rootFlags(rest, path);
  const { kubectlHelpText, groupHelpStream } = await import('./kubectl-help.js');
  if (flags.help) {
    process.stdout.write(kubectlHelpText(words));
    return;
  }
  if (args.length) unknownSubcommand(args, path);
  groupHelpStream(words).write(kubectlHelpText(words));
  process.exit(1);
}

/**
 * `kubectl help [command]`: the command's help, found as cobra's Find does (the deepest command the
 * words name, the words after it ignored); a first word kubectl does not know is an unknown topic.
 */
async function helpCommand(rest: string[], isCommand: (words: string[]) => boolean): Promise<void> {
  const { flags, args: topic } = await rootFlags(rest, 'kubectl help');
  const { kubectlHelpText, unknownHelpTopic } = await import('./kubectl-help.js');
  if (flags.help) {
    process.stdout.write(kubectlHelpText(['help']));
    return;
  }
  if (topic.length && !Object.hasOwn(KUBECTL_TREE, topic[0]!)) {
    process.stderr.write(unknownHelpTopic(topic));
    return;
  }
  const words = commandWords(topic, isCommand);
  // A command kubectl has and kubesim does not (`help debug`, `help create service`).
  const missing = topic.slice(0, KUBECTL_TREE[topic[0]!]?.includes(topic[1]!) ? 2 : 1);
  if (topic.length && words.length < missing.length) notSimulated(missing);
  const id = words.join(':');
  process.stdout.write(kubectlHelpText((KUBECTL_ALIASES[id] ?? id).split(':').filter(Boolean)));
}

/** The command a plain invocation names, when no oclif feature (help, flags of oclif itself) is involved. */
function fastPath(args: string[], commands: Map<string, ManifestCommand>, asKubectl: boolean): { command: ManifestCommand; argv: string[] } | undefined {
  // kubectl's help is the command's to print (after its flags parse); kubesim's is oclif's.
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  if (flags.includes('--version') || (!asKubectl && (flags.includes('--help') || flags.includes('-h')))) return undefined;
  let found: { command: ManifestCommand; argv: string[] } | undefined;
  for (let n = 1; n <= args.length; n++) {
    if (args[n - 1]!.startsWith('-')) break;
    const command = commands.get(args.slice(0, n).join(':'));
    if (command) found = { command, argv: args.slice(n) };
  }
  return found?.command.relativePath ? found : undefined;
}

export interface LiteCommandClass {
  id: string;
  new (argv: string[], config: unknown): { _run(): Promise<unknown> };
}

/** Runs a command class without loading oclif (see src/client/oclif.ts); load brings its module. */
export async function runLite(
  command: ManifestCommand,
  argv: string[],
  root: URL,
  load: () => Promise<{ default: LiteCommandClass }>,
): Promise<void> {
  (globalThis as { __kubesimLite?: boolean }).__kubesimLite = true;
  const mod = await load();
  const Cmd = mod.default;
  Cmd.id = command.id;
  await new Cmd(argv, { root: fileURLToPath(root) })._run();
}
