import { Flags } from '../../src/client/oclif.js';
import { KubeCommand } from '../../src/client/command.js';
import { selfSubjectReview, formatWhoami } from '../../src/apiserver/auth/identity.js';
import { renderStructured } from '../../src/printers/output.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { validatePrintOutput } from '../../src/client/generated.js';
import type { KObject } from '../../src/types/k8s.js';

export default class AuthWhoami extends KubeCommand {
  static override summary = 'Experimental: Check self subject attributes';
  static override examples = ['kubectl auth whoami', 'kubectl auth whoami -o json'];
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' }),
    'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing in the template.' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' }),
    template: Flags.string({ description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' }),
  };

  async run(): Promise<void> {
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const review = await this.cluster((_s, k) => selfSubjectReview(k.user));
    if (!output) {
      this.print(formatWhoami(review));
      return;
    }
    const r = resolveResource('selfsubjectreviews')!;
    this.print(await renderStructured([{ resource: r, objects: [review as unknown as KObject] }], { output, now: 0 }, true));
  }
}
