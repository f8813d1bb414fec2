// `kubectl create cj`: the cronjob command under its alias.
import CreateCronJob from './cronjob.js';

export default class CreateCj extends CreateCronJob {
  protected override commandPath(): string {
    return super.commandPath().replace(/ cj$/, ' cronjob');
  }
}
