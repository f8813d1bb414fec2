import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';

export default class PortForward extends KubeCommand {
  static override summary = 'Forward one or more local ports to a pod';
  static override examples = ['kubectl port-forward pod/mypod 8888:5000', 'kubectl port-forward svc/my-service 8080:80'];
  static override args = { target: Args.string({ description: 'TYPE/NAME [LOCAL_PORT:]REMOTE_PORT ...' }) };
  static override flags = {
    address: Flags.string({ multiple: true, description: 'Addresses to listen on (comma separated)' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time to wait until at least one pod is running' }),
  };

  async run(): Promise<void> {
    throw new ClientError('port-forward is not supported by kubesim yet');
  }
}
