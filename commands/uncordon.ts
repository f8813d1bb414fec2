import Cordon from './cordon.js';

export default class Uncordon extends Cordon {
  static override summary = 'Mark node as schedulable';
  static override examples = ['kubectl uncordon foo'];
  protected override readonly unschedulable: boolean = false;
}
