// `kubectl create cm`: the configmap command under its alias.
import CreateConfigMap from './configmap.js';

export default class CreateCm extends CreateConfigMap {
  protected override commandPath(): string {
    return super.commandPath().replace(/ cm$/, ' configmap');
  }
}
