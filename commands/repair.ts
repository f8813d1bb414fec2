import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { kubesimHome, stateDir } from '../src/cluster/session.js';
import { acquireLock } from '../src/store/lock.js';
import { Store } from '../src/store/store.js';
import { repairState } from '../src/cluster/repair.js';

export default class Repair extends KubeCommand {
  static override summary = 'Repair a damaged cluster state, keeping every object that can still be read';
  static override description =
    'Moves unreadable state files aside (*.damaged), drops objects that cannot be read, and rebuilds a damaged meta.json or wake-up queue. Use `kubesim reset` to start over instead.';
  static override examples = ['kubesim repair'];
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const home = kubesimHome();
    const dir = stateDir(home);
    if (!Store.exists(dir) && !existsSync(join(dir, 'objects'))) {
      throw new ClientError(`there is no cluster state in ${home}: nothing to repair`);
    }
    const release = await acquireLock(home);
    try {
      const report = repairState(dir);
      for (const line of report.actions) this.print(line + "\n");
      this.print((report.actions.length ? `repaired: ${report.objectsKept} objects kept` : `nothing to repair: ${report.objectsKept} objects, all readable`) + "\n");
    } finally {
      release();
    }
  }
}
