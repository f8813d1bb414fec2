import { Args, Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { withCluster, kubesimHome } from '../../src/cluster/session.js';
import { addNode, addNodes } from '../../src/cluster/node-add.js';
import { isValidQuantity } from '../../src/util/quantity.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export default class NodeAdd extends KubeCommand {
  static override summary = 'Add a node to the simulated cluster';
  static override description =
    'Registers a new worker node, Ready at once, with the next InternalIP (172.18.0.N) and podCIDR (10.244.N.0/24). ' +
    'With --os windows it is a Windows Server 2022 node (kubernetes.io/os=windows, node.kubernetes.io/windows-build).';
  static override examples = ['kubesim node add kubesim-worker3', 'kubesim node add kubesim-win --os windows', 'kubesim node add big --cpu 16 --memory 64Gi --label disktype=ssd', 'kubesim node add worker --count 1000'];
  static override args = { name: Args.string({ description: 'NAME of the new node', required: true }) };
  static override flags = {
    os: Flags.string({ description: 'Operating system of the node: linux or windows', default: 'linux' }),
    cpu: Flags.string({ description: 'CPU capacity (e.g. 4)' }),
    memory: Flags.string({ description: 'Memory capacity (e.g. 8Gi)' }),
    label: Flags.string({ multiple: true, description: 'A label for the node, KEY=VALUE (repeatable)' }),
    count: Flags.string({ description: 'Add COUNT nodes named NAME-1 ... NAME-COUNT in one go (a big cluster)' }),
  };
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const name = this.args[0];
    if (!name) throw new ClientError('a node name is required, e.g. kubesim node add kubesim-worker3');
    if (this.args.length > 1) throw new ClientError(`exactly one node name is expected, got ${this.args.length}`);
    if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) throw new ClientError(`invalid node name "${name}": must be a lowercase RFC 1123 subdomain`);
    const os = this.flag<string | undefined>('os') ?? 'linux';
    if (os !== 'linux' && os !== 'windows') throw new ClientError(`invalid --os "${os}": must be linux or windows`);
    const cpu = this.flag<string | undefined>('cpu');
    const memory = this.flag<string | undefined>('memory');
    for (const [flag, v] of [['cpu', cpu], ['memory', memory]] as const) {
      if (v !== undefined && !isValidQuantity(v)) throw new ClientError(`invalid --${flag} "${v}": not a quantity`);
    }
    const labels: Record<string, string> = {};
    for (const l of this.flag<string[] | undefined>('label') ?? []) {
      const eq = l.indexOf('=');
      if (eq <= 0) throw new ClientError(`invalid --label "${l}": expected KEY=VALUE`);
      labels[l.slice(0, eq)] = l.slice(eq + 1);
    }
    const countText = this.flag<string | undefined>('count');
    let count: number | undefined;
    if (countText !== undefined) {
      count = Number(countText);
      if (!/^\d+$/.test(countText) || count < 1 || count > 5000) throw new ClientError(`invalid --count "${countText}": must be a whole number from 1 to 5000`);
    }
    await withCluster({ home: kubesimHome() }, (s) => {
      if (count === undefined) addNode(s.api, { name, os, cpu, memory, labels });
      else addNodes(s.api, { name, os, cpu, memory, labels }, count);
    });
  }
}
