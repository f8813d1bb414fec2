import { Flags } from '../../src/client/oclif.js';
import { readFileSync } from 'node:fs';
import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigSetCredentials extends ConfigCommand {
  static override summary = 'Set a user entry in kubeconfig';
  static override examples = ['kubectl config set-credentials cluster-admin --token=bearer_token'];
  static override flags = {
    'client-certificate': Flags.string({ description: 'Path to client-certificate file for the user entry in kubeconfig' }),
    'client-key': Flags.string({ description: 'Path to client-key file for the user entry in kubeconfig' }),
    'embed-certs': Flags.boolean({ description: 'Embed client cert/key for the user entry in kubeconfig' }),
    username: Flags.string({ description: 'username for the user entry in kubeconfig' }),
    password: Flags.string({ description: 'password for the user entry in kubeconfig' }),
    'auth-provider': Flags.string({ description: 'Auth provider for the user entry in kubeconfig' }),
    'exec-command': Flags.string({ description: 'Command for the exec credential plugin for the user entry in kubeconfig' }),
  };

  async run(): Promise<void> {
    if (this.args.length !== 1) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    if (this.flag('auth-provider') || this.flag('exec-command')) throw new ClientError('config set-credentials --auth-provider/--exec-command is not supported by kubesim yet');
    const name = this.args[0]!;
    const set = await this.configSet();
    const body: Record<string, unknown> = { ...(set.get('users', name) ?? {}) };
    const given = this.kubeArgs.given;
    const embed = this.flag<boolean>('embed-certs');
    const file = (flag: string, field: string) => {
      if (!given.has(flag)) return;
      const path = this.flag<string>(flag);
      if (embed) {
        let data: Buffer;
        try {
          data = readFileSync(path);
        } catch {
          throw new ClientError(`error reading ${flag} data from ${path}: open ${path}: no such file or directory`);
        }
        body[`${field}-data`] = data.toString('base64');
        delete body[field];
      } else {
        body[field] = path === '' ? '' : path;
        delete body[`${field}-data`];
      }
    };
    file('client-certificate', 'client-certificate');
    file('client-key', 'client-key');
    if (given.has('token')) body.token = this.flag('token');
    if (given.has('username')) body.username = this.flag('username');
    if (given.has('password')) body.password = this.flag('password');
    for (const k of Object.keys(body)) if (body[k] === '') delete body[k];
    set.put('users', name, body);
    await set.save();
    this.print(`User "${name}" set.\n`);
  }
}
