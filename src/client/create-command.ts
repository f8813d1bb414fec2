// Shared shape of the `kubectl create <generator>` commands: exactly one NAME,
// --dry-run, -o, --save-config, and one object sent to the API (or printed).
import { Flags } from './oclif.js';
import { KubeCommand, ClientError } from './command.js';
import { parseDryRun, renderMutated, validatePrintOutput, withSaveConfig } from './generated.js';
import type { KObject } from '../types/k8s.js';
import type { ResourceInfo } from '../apiserver/resources.js';
import { StatusError } from '../apiserver/errors.js';

export const createGeneratorFlags = {
  output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)' }),
  'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
  'save-config': Flags.boolean({ description: 'If true, the configuration of current object will be saved in its annotation' }),
  validate: Flags.string({ description: 'Must be one of: strict (or true), warn, ignore (or false)' }),
  'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
  'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
  'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing in the template' }),
  template: Flags.string({ description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file' }),
};

export abstract class CreateGeneratorCommand extends KubeCommand {
  static override flags = createGeneratorFlags;

  /** The single NAME argument, or kubectl's usage error. */
  protected requireName(): string {
    if (this.args.length !== 1) {
      throw new ClientError(`exactly one NAME is required, got ${this.args.length}\nSee '${this.commandPath()} -h' for help and examples`);
    }
    return this.args[0]!;
  }

  /** Namespace to put in a client-built object: only an explicit -n shows. */
  protected explicitNamespace(): string | undefined {
    return this.flag<string | undefined>('namespace') || undefined;
  }

  /** Sends (or, for --dry-run=client, just prints) the object kubectl built. */
  /**
   * How the typed client's error is wrapped (`failed to create configmap: ...`);
   * undefined passes the API error through (create namespace).
   */
  protected createErrorPrefix(): string | undefined {
    return undefined;
  }

  protected async createBuilt(r: ResourceInfo, build: () => KObject): Promise<void> {
    const dryRun = parseDryRun(this.flag('dry-run'));
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    let obj = build();
    if (this.flag('save-config')) obj = withSaveConfig(obj, true);
    if (dryRun === 'client') {
      this.print(await renderMutated(obj, r, 'created', { output, dryRun, typed: true }));
      return;
    }
    const prefix = this.createErrorPrefix();
    const created = await this.cluster((s, k) => {
      try {
        return this.withWarnings(s.api, () => s.api.create(r, r.namespaced ? k.namespace : undefined, obj, { dryRun: dryRun === 'server' }));
      } catch (e) {
        if (prefix !== undefined && e instanceof StatusError) throw new ClientError(`${prefix}${e.message}`);
        throw e;
      }
    });
    this.print(await renderMutated(created, r, 'created', { output, dryRun, typed: true }));
  }
}
