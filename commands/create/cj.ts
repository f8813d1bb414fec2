// `kubectl create cj`: the cronjob command under its alias (KUBECTL_ALIASES names it in messages and help).
import CreateCronJob from './cronjob.js';

export default class CreateCj extends CreateCronJob {}
