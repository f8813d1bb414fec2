import TopNode from './node.js';

/** `kubectl top nodes`: an alias of `top node`. */
export default class TopNodeAlias extends TopNode {
  static override hidden = true;
}
