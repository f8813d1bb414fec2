import { Flags } from '../../src/client/oclif.js';
import { ClientError, KubeCommand } from '../../src/client/command.js';
import { kubectlCommandFor, pathPlugins, pluginWarnings } from '../../src/client/plugins.js';

export default class PluginList extends KubeCommand {
  static override summary = "List all visible plugin executables on a user's PATH";
  static override examples = ['# List all available plugins\nkubectl plugin list', '# List only binary names of available plugins without paths\nkubectl plugin list --name-only'];
  static override flags = {
    'name-only': Flags.boolean({ description: 'If true, display only the binary name of each plugin, rather than its full path' }),
  };

  async run(): Promise<void> {
    const { plugins, unreadable } = pathPlugins(process.env.PATH ?? '');
    for (const line of unreadable) this.printErr(line);
    const errors: string[] = [];
    if (plugins.length) this.print('The following compatible plugins are available:\n\n');
    else errors.push('error: unable to find any kubectl plugins in your PATH');
    const warnings = pluginWarnings(plugins, kubectlCommandFor);
    let count = 0;
    for (const path of plugins) {
      this.print(`${this.flag<boolean>('name-only') ? path.split('/').pop() : path}\n`);
      for (const w of warnings.get(path) ?? []) {
        this.printErr(`  - ${w}`);
        count++;
      }
    }
    if (count) errors.push(count === 1 ? 'error: one plugin warning was found' : `error: ${count} plugin warnings were found`);
    if (errors.length) throw new ClientError(errors.join('\n'), 1, true);
  }
}
