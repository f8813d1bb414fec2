import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { intFlag } from '../../src/client/flags.js';
import { rolloutStatus, rolloutTargets } from '../../src/client/rollout.js';
import { parseDuration } from '../../src/util/duration.js';
import { waitUntil } from '../../src/client/wait.js';
import type { ClusterSession } from '../../src/cluster/session.js';

/** How long a waiting `rollout status` waits when nothing bounds it (manual clock: simulated time; wall clock: real time). */
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
    const revision = this.flag('revision') !== undefined ? intFlag('--revision', this.flag<string>('revision')) : undefined;
    const timeout = this.flag('timeout') ? parseDuration(this.flag('timeout')) : 0;
    const targets = await this.cluster((_s, k) => rolloutTargets(this.args, k.namespace));
    for (const t of targets) {
      let last = '';
      let error: string | undefined;
      // Each look prints the message when it changes; the rollout is over when done or failed.
      const look = (s: ClusterSession): boolean => {
        const o = s.api.get(t.resource, t.namespace, t.name);
        const st = rolloutStatus(o, revision);
        if (st.error) error = st.error;
        else if (st.message !== last) {
          this.flushOutput();
          process.stdout.write(st.message);
          last = st.message;
        }
        return st.done || !!st.error || !watch;
      };
      const finished = await waitUntil((fn) => this.cluster((s) => fn(s)), look, timeout > 0 ? timeout : MAX_WAIT_MS);
      if (error) throw new ClientError(error);
      if (!finished) throw new ClientError('timed out waiting for the condition');
    }
  }
}
