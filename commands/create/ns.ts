// `kubectl create ns`: the namespace command under its alias.
import CreateNamespace from './namespace.js';

export default class CreateNs extends CreateNamespace {
  protected override commandPath(): string {
    return super.commandPath().replace(/ ns$/, ' namespace');
  }
}
