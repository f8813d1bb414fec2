// `kubectl create sa`: the serviceaccount command under its alias (KUBECTL_ALIASES names it in messages and help).
import CreateServiceAccount from './serviceaccount.js';

export default class CreateSa extends CreateServiceAccount {}
