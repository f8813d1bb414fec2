import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { resolvePod } from '../src/client/pod-select.js';
import { resolveTypeOrFail } from '../src/client/resource-args.js';

export default class Attach extends KubeCommand {
  static override summary = 'Attach to a running container';
  static override examples = ['kubectl attach mypod', 'kubectl attach mypod -c ruby-container -i -t'];
  static override args = { target: Args.string({ description: 'POD | TYPE/NAME' }) };
  static override flags = {
    container: Flags.string({ char: 'c', description: 'Container name' }),
    stdin: Flags.boolean({ char: 'i', description: 'Pass stdin to the container' }),
    tty: Flags.boolean({ char: 't', description: 'Stdin is a TTY' }),
    quiet: Flags.boolean({ char: 'q', description: 'Only print output from the remote session' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time to wait until at least one pod is running' }),
  };

  async run(): Promise<void> {
    const args = this.args;
    if (args.length === 0) throw new ClientError('at least 1 argument is required for attach');
    if (args.length > 2) throw new ClientError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`);
    // Two arguments are TYPE NAME: the type is resolved first (an unknown one fails before anything is attached).
    const target = args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!;
    if (args.length === 2) resolveTypeOrFail(args[0]!);
    await this.cluster((s, k) => {
      resolvePod(s, k.namespace, target);
    });
    throw new ClientError('attach is not supported by kubesim yet');
  }
}
