// `kubectl create ns`: the namespace command under its alias (KUBECTL_ALIASES names it in messages and help).
import CreateNamespace from './namespace.js';

export default class CreateNs extends CreateNamespace {}
