import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { rolloutStatus, rolloutTargets } from '../../src/client/rollout.js';
import { notFound } from '../../src/apiserver/errors.js';
import { parseDuration } from '../../src/util/duration.js';

/** How long a waiting `rollout status` lets simulated time run when nothing bounds it. */
const MAX_WAIT_MS = 3600_000;

export default class RolloutStatus extends KubeCommand {
  static override summary = 'Show the status of the rollout';
  static override examples = ['kubectl rollout status deployment/nginx'];
  static override flags = {
    watch: Flags.string({ char: 'w', description: 'Watch the status of the rollout until it\'s done', default: 'true' }),
    revision: Flags.string({ description: 'Pin to a specific revision for showing its status' }),
    timeout: Flags.string({ description: 'The length of time to wait before ending watch' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename identifying the resource' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  };

  async run(): Promise<void> {
    if (this.flag<string[]>('filename')?.length || this.flag('selector')) throw new ClientError('rollout status -f/-l is not supported by kubesim yet');
    const watch = this.flag<string>('watch') !== 'false';
    const revision = this.flag('revision') ? Number(this.flag('revision')) : undefined;
    const timeout = this.flag('timeout') ? parseDuration(this.flag('timeout')) : 0;
    let error: string | undefined;
    await this.cluster((s, k) => {
      for (const t of rolloutTargets(this.args, k.namespace)) {
        const get = () => {
          const o = s.api.tryGet(t.resource, t.namespace, t.name);
          if (!o) throw notFound(t.resource, t.name);
          return o;
        };
        let st = rolloutStatus(get(), revision);
        let last = '';
        const limit = timeout > 0 ? timeout : MAX_WAIT_MS;
        const start = s.now;
        for (;;) {
          if (st.error) {
            error = st.error;
            return;
          }
          if (st.message !== last) this.print(st.message);
          last = st.message;
          if (st.done || !watch) break;
          const remaining = start + limit - s.now;
          if (remaining <= 0) {
            error = 'timed out waiting for the condition';
            return;
          }
          s.waitFor(() => {
            const next = rolloutStatus(get(), revision);
            return next.message !== last || next.done || !!next.error;
          }, remaining);
          st = rolloutStatus(get(), revision);
        }
      }
    });
    if (error) throw new ClientError(error);
  }
}
