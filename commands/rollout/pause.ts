import { KubeCommand } from '../../src/client/command.js';
import { label, rolloutTargets } from '../../src/client/rollout.js';

export default class RolloutPause extends KubeCommand {
  static override summary = 'Mark the provided resource as paused';
  static override examples = ['kubectl rollout pause deployment/nginx'];

  async run(): Promise<void> {
    await this.cluster((s, k) => {
      for (const t of rolloutTargets(this.args, k.namespace, ['Deployment'])) {
        const obj = s.api.get(t.resource, t.namespace, t.name);
        if (!!(obj.spec as { paused?: boolean }).paused === true) {
          this.print(`${label(t)} already paused\n`);
          continue;
        }
        s.api.patch(t.resource, t.namespace, t.name, 'merge', { spec: { paused: true } });
        this.print(`${label(t)} paused\n`);
      }
    });
  }
}
