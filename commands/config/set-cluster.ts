import { Flags } from '../../src/client/oclif.js';
import { readFileSync } from 'node:fs';
import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigSetCluster extends ConfigCommand {
  static override summary = 'Set a cluster entry in kubeconfig';
  static override examples = ['kubectl config set-cluster e2e --server=https://1.2.3.4'];
  static override flags = {
    'certificate-authority': Flags.string({ description: 'Path to certificate-authority file for the cluster entry in kubeconfig' }),
    'embed-certs': Flags.boolean({ description: 'embed-certs for the cluster entry in kubeconfig' }),
    'insecure-skip-tls-verify': Flags.boolean({ description: 'insecure-skip-tls-verify for the cluster entry in kubeconfig' }),
    'tls-server-name': Flags.string({ description: 'tls-server-name for the cluster entry in kubeconfig' }),
    'proxy-url': Flags.string({ description: 'proxy-url for the cluster entry in kubeconfig' }),
  };

  async run(): Promise<void> {
    if (this.args.length !== 1) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    const name = this.args[0]!;
    const set = await this.configSet();
    const body: Record<string, unknown> = { ...(set.get('clusters', name) ?? {}) };
    const given = this.kubeArgs.given;
    if (given.has('server')) body.server = this.flag('server');
    if (given.has('tls-server-name')) body['tls-server-name'] = this.flag('tls-server-name');
    if (given.has('proxy-url')) body['proxy-url'] = this.flag('proxy-url');
    if (given.has('insecure-skip-tls-verify')) {
      if (this.flag('insecure-skip-tls-verify')) {
        body['insecure-skip-tls-verify'] = true;
        delete body['certificate-authority'];
        delete body['certificate-authority-data'];
      } else delete body['insecure-skip-tls-verify'];
    }
    if (given.has('certificate-authority')) {
      const path = this.flag<string>('certificate-authority');
      if (this.flag('embed-certs')) {
        let data: Buffer;
        try {
          data = readFileSync(path);
        } catch {
          throw new ClientError(`could not read certificate-authority data from ${path}: open ${path}: no such file or directory`);
        }
        body['certificate-authority-data'] = data.toString('base64');
        delete body['certificate-authority'];
      } else {
        body['certificate-authority'] = path === '' ? '' : path;
        delete body['certificate-authority-data'];
      }
      delete body['insecure-skip-tls-verify'];
    }
    set.put('clusters', name, body);
    await set.save();
    this.print(`Cluster "${name}" set.\n`);
  }
}
