// kubectl's help, as kubectl v1.32 prints it: `kubectl`, `kubectl <command> --help` (or -h),
// `kubectl help <command>`, and a command group run without a subcommand. The texts are kubectl's
// own, captured from the real client by scripts/capture-kubectl-help.mjs into data/kubectl-help/
// (one file per command path); kubesim's own verbs keep oclif's help.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installRoot } from '../util/install-root.js';

/** A command's path without `kubectl` (`['create', 'configmap']`; `[]` for kubectl itself). */
export type CommandWords = readonly string[];

function helpFile(name: string): string {
  const root = installRoot();
  if (!root) throw new Error('kubesim cannot find its installation folder (package.json) for the kubectl help texts');
  return readFileSync(join(root, 'data', 'kubectl-help', name), 'utf8');
}

/** kubectl's help text of a command path kubesim has (scripts/capture-kubectl-help.mjs stores one per path). */
export function kubectlHelpText(words: CommandWords): string {
  return helpFile(`${['kubectl', ...words].join('_')}.txt`);
}

/** What `kubectl help <topic kubectl does not have>` prints on stderr: cobra's complaint, then the root command's usage. */
export function unknownHelpTopic(topic: readonly string[]): string {
  return `Unknown help topic [${topic.map((w) => `\`${w}\``).join(' ')}]\n${helpFile('kubectl.usage.txt')}`;
}

/**
 * The stream a command group run without a subcommand prints its help on before exiting 1
 * (kubectl's DefaultSubCommandRun is handed stdout by `rollout` alone).
 */
export function groupHelpStream(words: CommandWords): NodeJS.WriteStream {
  return words.length === 1 && words[0] === 'rollout' ? process.stdout : process.stderr;
}
