// Base of the `kubectl config` verbs: the kubeconfig files they read and write.
import { mkdirSync } from 'node:fs';
import { KubeCommand } from './command.js';
import { defaultKubeconfigPath, kubeconfigFiles, writeDefaultKubeconfig } from './kubeconfig.js';
import { KubeconfigSet } from './kubeconfig-edit.js';
import { kubesimHome } from '../cluster/session.js';

export abstract class ConfigCommand extends KubeCommand {
  protected async configSet(): Promise<KubeconfigSet> {
    const home = kubesimHome();
    const flag = this.flag<string | undefined>('kubeconfig');
    const files = kubeconfigFiles(flag, process.env, home);
    if (files.length === 1 && files[0] === defaultKubeconfigPath(home)) {
      mkdirSync(home, { recursive: true });
      writeDefaultKubeconfig(home);
    }
    return KubeconfigSet.load(files, !!flag);
  }

  /** The file named in delete-* messages: the explicit file or the default one. */
  protected configFileName(set: KubeconfigSet): string {
    return set.defaultFile().path;
  }
}
