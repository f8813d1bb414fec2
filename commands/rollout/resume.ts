import { KubeCommand } from '../../src/client/command.js';
import { label, rolloutTargets } from '../../src/client/rollout.js';

export default class RolloutResume extends KubeCommand {
  static override summary = 'Resume a paused resource';
  static override examples = ['kubectl rollout resume deployment/nginx'];

  async run(): Promise<void> {
    await this.cluster((s, k) => {
      for (const t of rolloutTargets(this.args, k.namespace, ['Deployment'])) {
        const obj = s.api.get(t.resource, t.namespace, t.name);
        if (!!(obj.spec as { paused?: boolean }).paused === false) {
          this.print(`${label(t)} already resumed\n`);
          continue;
        }
        s.api.patch(t.resource, t.namespace, t.name, 'merge', { spec: { paused: false } });
        this.print(`${label(t)} resumed\n`);
      }
    });
  }
}
