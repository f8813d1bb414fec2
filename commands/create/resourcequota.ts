// `kubectl create resourcequota`: the quota command under its alias.
import CreateQuota from './quota.js';

export default class CreateResourceQuota extends CreateQuota {
  protected override commandPath(): string {
    return super.commandPath().replace(/ resourcequota$/, ' quota');
  }
}
