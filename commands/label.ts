import { Args } from '../src/client/oclif.js';
import { MetadataCommand, metadataFlags } from '../src/client/metadata-command.js';

export default class Label extends MetadataCommand {
  static override summary = 'Update the labels on a resource';
  static override examples = ['kubectl label pods foo unhealthy=true', 'kubectl label --overwrite pods foo status=unhealthy', 'kubectl label pods foo bar-'];
  static override args = { resource: Args.string({ description: 'TYPE NAME | TYPE/NAME, then KEY_1=VAL_1 ... KEY_N=VAL_N' }) };
  static override flags = metadataFlags;
  protected readonly field = 'labels' as const;
}
