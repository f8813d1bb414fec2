import { ClientError } from '../../src/client/command.js';
import { KOMPOSE_VERSION } from '../../src/kompose/transform.js';
import KomposeConvert from './convert.js';

/**
 * `kompose [global flags] convert|version [flags]`: kompose's global flags may come
 * before the subcommand (`kompose --file compose.yaml convert`).
 */
export default class Kompose extends KomposeConvert {
  static override summary = 'The kompose tool (1.34.0): convert a Docker Compose file to Kubernetes manifests';
  static override examples = ['kompose convert', 'kompose --file compose.yaml convert', 'kompose version'];

  private typed: string[] = [];

  protected override commandWords(): string[] {
    return this.typed;
  }

  override async run(): Promise<void> {
    const sub = this.args[0];
    if (sub === 'version') {
      this.print(`${KOMPOSE_VERSION}\n`);
      return;
    }
    if (sub !== 'convert') {
      if (sub === undefined) throw new ClientError('kompose: a subcommand is required: kompose convert, kompose version');
      throw new ClientError(`unknown command "${sub}" for "kompose"`);
    }
    // kompose.cmd is the command line as typed: the flags keep their place before `convert`.
    const at = this.argv.indexOf('convert');
    this.typed = ['kompose', ...this.argv.slice(0, at), 'convert'];
    this.kubeArgs.args.shift();
    await this.convert(this.argv.slice(at + 1));
  }
}
