// `kubectl create sa`: the serviceaccount command under its alias.
import CreateServiceAccount from './serviceaccount.js';

export default class CreateSa extends CreateServiceAccount {
  protected override commandPath(): string {
    return super.commandPath().replace(/ sa$/, ' serviceaccount');
  }
}
