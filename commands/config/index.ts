import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from '../../src/client/oclif.js';
import { KubeCommand, ClientError, globalFlags } from '../../src/client/command.js';
import { GLOBAL_VALUE_FLAGS, parseFlags, type FlagDef } from '../../src/client/flags.js';
import { kubectlHelpText } from '../../src/client/kubectl-help.js';

interface SubCommand {
  id: string;
  new (argv: string[], config: unknown): { _run(): Promise<unknown> };
}

/**
 * `kubectl config [flags] VERB ...`: cobra lets flags come before the verb
 * (`kubectl config --kubeconfig=x use-context y`); find the verb and run it.
 */
export default class Config extends KubeCommand {
  static override summary = 'Modify kubeconfig files';
  static override examples = ['kubectl config view', 'kubectl config use-context NAME'];

  override async init(): Promise<void> {
    await (Command.prototype as unknown as { init(this: unknown): Promise<void> }).init.call(this);
  }

  async run(): Promise<void> {
    const argv = [...this.argv];
    // How many words the flag at `a` takes (itself, and its value when that is the next word).
    const width = (a: string): number => {
      const bare = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
      return GLOBAL_VALUE_FLAGS.has(bare) && !a.includes('=') && !/^-[nvs].+/.test(a) ? 2 : 1;
    };
    let i = 0;
    while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') i += width(argv[i]!);
    const verb = argv[i];
    if ((!verb || verb === '--') && process.env.KUBESIM_AS === 'kubectl') return this.groupHelp(argv.slice(0, i));
    if (!verb || verb === '--') {
      throw new ClientError('config requires a subcommand: current-context, delete-cluster, delete-context, delete-user, get-clusters, get-contexts, get-users, rename-context, set, set-cluster, set-context, set-credentials, unset, use-context, view');
    }
    const file = new URL(`./${verb}.js`, import.meta.url);
    if (!/^[a-z][a-z-]*$/.test(verb) || verb === 'index' || !existsSync(fileURLToPath(file))) {
      // kubectl's RequireNoArguments names every word left after the flags.
      const words: string[] = [];
      for (let j = i; j < argv.length; j += argv[j]!.startsWith('-') ? width(argv[j]!) : 1) if (!argv[j]!.startsWith('-')) words.push(argv[j]!);
      throw new ClientError(`unknown command "${words.join(' ')}"\nSee 'kubectl config -h' for help and examples`);
    }
    const mod = (await import(file.href)) as { default: SubCommand };
    mod.default.id = `config:${verb}`;
    await new mod.default([...argv.slice(0, i), ...argv.slice(i + 1)], this.config)._run();
  }

  /**
   * `kubectl config` without a subcommand: its flags parsed (a flag error first), then kubectl's
   * help of the group, on stdout for --help, else on stderr with exit status 1 (DefaultSubCommandRun).
   */
  private async groupHelp(flagArgs: string[]): Promise<void> {
    const { flags } = parseFlags(flagArgs, globalFlags as unknown as Record<string, FlagDef>);
    const text = kubectlHelpText(['config']);
    if (flags.help) {
      process.stdout.write(text);
      return;
    }
    process.stderr.write(text);
    process.exitCode = 1;
  }
}
