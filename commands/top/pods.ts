import TopPod from './pod.js';

/** `kubectl top pods`: an alias of `top pod`. */
export default class TopPodAlias extends TopPod {
  static override hidden = true;
}
