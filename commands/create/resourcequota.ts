// `kubectl create resourcequota`: the quota command under its alias (KUBECTL_ALIASES names it in messages and help).
import CreateQuota from './quota.js';

export default class CreateResourceQuota extends CreateQuota {}
