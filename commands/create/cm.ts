// `kubectl create cm`: the configmap command under its alias (KUBECTL_ALIASES names it in messages and help).
import CreateConfigMap from './configmap.js';

export default class CreateCm extends CreateConfigMap {}
