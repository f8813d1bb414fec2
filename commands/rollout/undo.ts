import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { intFlag } from '../../src/client/flags.js';
import { history, label, rollbackTemplate, rolloutTargets } from '../../src/client/rollout.js';
import { CHANGE_CAUSE } from '../../src/cluster/controllers/deployment.js';

export default class RolloutUndo extends KubeCommand {
  static override summary = 'Undo a previous rollout';
  static override examples = ['kubectl rollout undo deployment/abc', 'kubectl rollout undo deployment/abc --to-revision=3'];
  static override flags = {
    'to-revision': Flags.string({ description: 'The revision to rollback to. Default to 0 (last revision).' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename identifying the resource' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  };

  async run(): Promise<void> {
    if (this.flag<string[]>('filename')?.length || this.flag('selector')) throw new ClientError('rollout undo -f/-l is not supported by kubesim yet');
    if (this.flag('dry-run') && this.flag('dry-run') !== 'none') throw new ClientError('rollout undo --dry-run is not supported by kubesim yet');
    const to = this.flag('to-revision') !== undefined ? intFlag('--to-revision', this.flag<string>('to-revision')) : 0;
    await this.cluster((s, k) => {
      for (const t of rolloutTargets(this.args, k.namespace)) {
        const obj = s.api.get(t.resource, t.namespace, t.name);
        if (t.resource.kind === 'Deployment' && (obj.spec as { paused?: boolean }).paused) {
          throw new ClientError(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
        }
        const r = rollbackTemplate(t, obj, history(s.api, obj), to);
        if (r === 'skip') {
          this.print(`${label(t)} skipped rollback (current template already matches revision ${to || 'previous'})\n`);
          continue;
        }
        const patch: Record<string, unknown> = { spec: { template: r.template } };
        if (r.changeCause) patch.metadata = { annotations: { [CHANGE_CAUSE]: r.changeCause } };
        // A JSON patch replaces the template whole, as kubectl's rollback does.
        s.api.patch(t.resource, t.namespace, t.name, 'json', [{ op: 'replace', path: '/spec/template', value: r.template }, ...(r.changeCause ? [{ op: 'add', path: '/metadata/annotations', value: { ...(obj.metadata.annotations ?? {}), [CHANGE_CAUSE]: r.changeCause } }] : [])]);
        void patch;
        this.print(`${label(t)} rolled back\n`);
      }
    });
  }
}
