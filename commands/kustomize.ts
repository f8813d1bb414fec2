import { KubeCommand, ClientError } from '../src/client/command.js';
import { kustomizeBuild } from '../src/client/kustomize.js';
import { toYaml } from '../src/printers/yaml.js';

export default class Kustomize extends KubeCommand {
  static override summary = 'Build a kustomization target from a directory or URL';
  static override examples = ['kubectl kustomize', 'kubectl kustomize ./dir'];

  async run(): Promise<void> {
    if (this.args.length > 1) throw new ClientError('specify one path to kustomization.yaml');
    const dir = this.args[0] ?? '.';
    if (/^[a-z]+:\/\//.test(dir)) throw new ClientError('kubectl kustomize of a URL is not supported by kubesim yet');
    const objects = await kustomizeBuild(dir);
    this.print(objects.map((o) => toYaml(o)).join('---\n'));
  }
}
