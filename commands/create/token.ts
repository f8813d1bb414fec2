import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { FlagError } from '../../src/client/flags.js';
import { parseDuration } from '../../src/util/duration.js';
import { validatePrintOutput } from '../../src/client/generated.js';
import { StatusError } from '../../src/apiserver/errors.js';
import { requestToken } from '../../src/apiserver/auth/token-request.js';
import { renderStructured } from '../../src/printers/output.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { KObject } from '../../src/types/k8s.js';

const BOUND_KINDS = ['Node', 'Pod', 'Secret'];

export default class CreateToken extends KubeCommand {
  static override summary = 'Request a service account token';
  static override examples = ['kubectl create token myapp', 'kubectl create token myapp --duration 10m'];
  static override flags = {
    audience: Flags.string({ multiple: true, description: 'Audience of the requested token.' }),
    duration: Flags.string({ description: 'Requested lifetime of the issued token.' }),
    'bound-object-kind': Flags.string({ description: 'Kind of an object to bind the token to. Supported kinds are Node, Pod, Secret.' }),
    'bound-object-name': Flags.string({ description: 'Name of an object to bind the token to.' }),
    'bound-object-uid': Flags.string({ description: 'UID of an object to bind the token to.' }),
    output: Flags.string({ char: 'o', description: 'Output format.' }),
    'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing in the template.' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' }),
    template: Flags.string({ description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' }),
  };

  async run(): Promise<void> {
    if (this.args.length !== 1) {
      throw new ClientError(`exactly one NAME is required, got ${this.args.length}\nSee '${this.commandPath()} -h' for help and examples`);
    }
    const name = this.args[0]!;
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    let durationMs = 0;
    const d = this.flag<string | undefined>('duration');
    if (d !== undefined) {
      try {
        durationMs = parseDuration(d);
      } catch (e) {
        throw new FlagError(`invalid argument "${d}" for "--duration" flag: ${(e as Error).message}`);
      }
    }
    if (durationMs < 0) throw new ClientError('--duration must be greater than or equal to 0');
    if (durationMs % 1000 !== 0) throw new ClientError('--duration cannot be expressed in units less than seconds');
    const audiences = this.flag<string[]>('audience') ?? [];
    if (audiences.some((a) => a === '')) throw new ClientError('--audience must not be an empty string');
    const kind = this.flag<string | undefined>('bound-object-kind');
    const boundName = this.flag<string | undefined>('bound-object-name');
    const boundUid = this.flag<string | undefined>('bound-object-uid');
    if (!kind) {
      if (boundName) throw new ClientError('--bound-object-name can only be set if --bound-object-kind is provided');
      if (boundUid) throw new ClientError('--bound-object-uid can only be set if --bound-object-kind is provided');
    } else {
      if (!BOUND_KINDS.includes(kind)) throw new ClientError(`supported --bound-object-kind values are ${BOUND_KINDS.join(', ')}`);
      if (!boundName) throw new ClientError('--bound-object-name is required if --bound-object-kind is provided');
    }
    const review = await this.cluster((s, k) => {
      try {
        return requestToken(s.api, k.namespace, name, {
          audiences,
          expirationSeconds: durationMs ? durationMs / 1000 : undefined,
          boundObject: kind ? { kind: kind as 'Pod' | 'Secret' | 'Node', name: boundName!, uid: boundUid } : undefined,
        });
      } catch (e) {
        // create_token.go wraps the typed client's error.
        if (e instanceof StatusError) throw new ClientError(`failed to create token: ${e.message}`);
        throw e;
      }
    });
    if (output) {
      const r = resolveResource('serviceaccounts')!;
      this.print(await renderStructured([{ resource: r, objects: [review as unknown as KObject] }], { output, now: 0 }, true));
      return;
    }
    // kubectl ends the token with a newline only on a terminal (create_token.go).
    this.print(process.stdout.isTTY ? `${review.status.token}\n` : review.status.token);
  }
}
