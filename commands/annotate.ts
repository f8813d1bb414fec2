import { Args } from '../src/client/oclif.js';
import { MetadataCommand, metadataFlags } from '../src/client/metadata-command.js';

export default class Annotate extends MetadataCommand {
  static override summary = 'Update the annotations on a resource';
  static override examples = ["kubectl annotate pods foo description='my frontend'", 'kubectl annotate --overwrite pods foo description=other', 'kubectl annotate pods foo description-'];
  static override args = { resource: Args.string({ description: 'TYPE NAME | TYPE/NAME, then KEY_1=VAL_1 ... KEY_N=VAL_N' }) };
  static override flags = metadataFlags;
  protected readonly field = 'annotations' as const;
}
