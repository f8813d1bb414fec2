import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { withCluster, kubesimHome, stateDir } from '../src/cluster/session.js';
import { acquireLock } from '../src/store/lock.js';
import { Store } from '../src/store/store.js';
import { mkdirSync } from 'node:fs';
import { admissionSettings } from '../src/apiserver/admission/config.js';

export default class Reset extends KubeCommand {
  static override summary = 'Throw the cluster away and create the default one again';
  static override examples = ['kubesim reset', 'kubesim reset --feature-gates=InPlacePodVerticalScaling=true'];
  static override flags = {
    'feature-gates': Flags.string({ description: 'Comma-separated Name=true|false feature gates for the new cluster' }),
    'admission-config': Flags.string({ description: 'An API server admission configuration file (AdmissionConfiguration)' }),
  };
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const featureGates: Record<string, boolean> = {};
    for (const pair of (this.flag<string | undefined>('feature-gates') ?? '').split(',').filter(Boolean)) {
      const [name, value] = pair.split('=');
      if (!name || (value !== 'true' && value !== 'false')) throw new ClientError(`invalid feature gate "${pair}": expected Name=true|false`);
      featureGates[name] = value === 'true';
    }
    const admissionConfig = this.flag<string | undefined>('admission-config');
    let settings: Record<string, unknown> = {};
    if (admissionConfig) {
      try {
        settings = admissionSettings(admissionConfig);
      } catch (e) {
        throw new ClientError((e as Error).message);
      }
    }
    const home = kubesimHome();
    mkdirSync(home, { recursive: true });
    const release = await acquireLock(home);
    try {
      Store.destroy(stateDir(home));
    } finally {
      release();
    }
    await withCluster({ home, featureGates, settings }, () => undefined);
  }
}
