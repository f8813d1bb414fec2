import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';

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
    throw new ClientError('attach is not supported by kubesim yet');
  }
}
