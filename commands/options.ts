import { homedir } from 'node:os';
import { KubeCommand } from '../src/client/command.js';
import { renderOptions } from '../src/client/global-options.js';

export default class Options extends KubeCommand {
  static override summary = 'Print the list of flags inherited by all commands';
  static override examples = ['# Print flags inherited by all commands\nkubectl options'];

  async run(): Promise<void> {
    this.print(renderOptions(process.env.HOME || homedir()));
  }
}
