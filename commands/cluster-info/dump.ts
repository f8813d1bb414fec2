import { ClientError, KubeCommand } from '../../src/client/command.js';

export default class ClusterInfoDump extends KubeCommand {
  static override summary = 'Dump relevant information for debugging and diagnosis';
  static override examples = ['# Dump current cluster state to stdout\nkubectl cluster-info dump'];

  async run(): Promise<void> {
    throw new ClientError('cluster-info dump is not supported by kubesim yet');
  }
}
