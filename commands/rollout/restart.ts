import { KubeCommand, ClientError } from '../../src/client/command.js';
import { label, rolloutTargets } from '../../src/client/rollout.js';
import { rfc3339 } from '../../src/util/duration.js';

export default class RolloutRestart extends KubeCommand {
  static override summary = 'Restart a resource';
  static override examples = ['kubectl rollout restart deployment/nginx'];

  async run(): Promise<void> {
    await this.cluster((s, k) => {
      for (const t of rolloutTargets(this.args, k.namespace)) {
        const obj = s.api.get(t.resource, t.namespace, t.name);
        if ((obj.spec as { paused?: boolean }).paused) throw new ClientError(`can't restart paused deployment (run rollout resume first)`);
        s.api.patch(t.resource, t.namespace, t.name, 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(s.now) } } } } });
        this.print(`${label(t)} restarted\n`);
      }
    });
  }
}
