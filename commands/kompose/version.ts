import { KubeCommand, ClientError } from '../../src/client/command.js';
import { KOMPOSE_VERSION } from '../../src/kompose/transform.js';

export default class KomposeVersion extends KubeCommand {
  static override summary = 'Print the version of Kompose';
  static override examples = ['kompose version'];
  static override kubesimOnly = true;

  async run(): Promise<void> {
    if (this.args.length) throw new ClientError(`unknown command "${this.args[0]}" for "kompose version"`);
    this.print(`${KOMPOSE_VERSION}\n`);
  }
}
