import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { intFlag } from '../../src/client/flags.js';
import { history, renderHistory, rolloutTargets } from '../../src/client/rollout.js';

export default class RolloutHistory extends KubeCommand {
  static override summary = 'View rollout history';
  static override examples = ['kubectl rollout history deployment/abc', 'kubectl rollout history daemonset/abc --revision=3'];
  static override flags = {
    revision: Flags.string({ description: 'See the details, including podTemplate of the revision specified' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename identifying the resource' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  };

  async run(): Promise<void> {
    if (this.flag('output')) throw new ClientError('rollout history -o is not supported by kubesim yet');
    if (this.flag<string[]>('filename')?.length || this.flag('selector')) throw new ClientError('rollout history -f/-l is not supported by kubesim yet');
    const revision = this.flag('revision') !== undefined ? intFlag('--revision', this.flag<string>('revision')) : undefined;
    if (revision !== undefined && revision < 0) throw new ClientError(`revision must be a positive integer: ${this.flag('revision')}`);
    await this.cluster((s, k) => {
      for (const t of rolloutTargets(this.args, k.namespace)) {
        const obj = s.api.get(t.resource, t.namespace, t.name);
        this.print(renderHistory(t, history(s.api, obj), revision || undefined));
      }
    });
  }
}
