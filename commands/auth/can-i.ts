import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { accessReview, formatRulesTable, rulesReview } from '../../src/apiserver/auth/reviews.js';
import type { Attributes } from '../../src/apiserver/auth/rbac.js';

const KNOWN_RESOURCE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest'];
const KNOWN_NON_RESOURCE_VERBS = ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'];
const NON_STANDARD_RESOURCE_NAMES = ['users', 'groups'];

export default class AuthCanI extends KubeCommand {
  static override summary = 'Check whether an action is allowed';
  static override examples = ['kubectl auth can-i create pods --all-namespaces', 'kubectl auth can-i list deployments.apps'];
  static override flags = {
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If true, check the specified action in all namespaces.' }),
    list: Flags.boolean({ description: 'If true, prints all allowed actions.' }),
    'no-headers': Flags.boolean({ description: 'If true, prints allowed actions without headers' }),
    quiet: Flags.boolean({ char: 'q', description: 'If true, suppress output and just return the exit code.' }),
    subresource: Flags.string({ description: 'SubResource such as pod/log or deployment/scale' }),
  };

  async run(): Promise<void> {
    const list = this.flag<boolean>('list');
    const attrs: Attributes = { verb: '' };
    const warnings: string[] = [];
    if (list) {
      if (this.args.length !== 0) throw new ClientError('list option must be specified with no arguments');
      if (this.flag('quiet') || this.flag('all-namespaces') || this.flag('subresource')) {
        throw new ClientError("--list can't be specified with --quiet, --all-namespaces or --subresource");
      }
    } else {
      if (this.args.length !== 2) {
        throw new ClientError("you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
      }
      attrs.verb = this.args[0]!;
      const target = this.args[1]!;
      if (target.startsWith('/')) {
        attrs.path = target;
      } else {
        const slash = target.indexOf('/');
        const typed = slash >= 0 ? target.slice(0, slash) : target;
        if (slash >= 0) attrs.name = target.slice(slash + 1);
        if (typed === '*') {
          attrs.resource = '*';
          attrs.apiGroup = '';
        } else {
          const r = resolveResource(typed.toLowerCase());
          if (r) {
            attrs.resource = r.name;
            attrs.apiGroup = r.group;
            if (!r.namespaced && !this.flag('all-namespaces')) {
              warnings.push(r.group ? `resource '${r.name}' is not namespace scoped in group '${r.group}'` : `resource '${r.name}' is not namespace scoped`);
            }
          } else {
            const dot = typed.indexOf('.');
            const res = dot >= 0 ? typed.slice(0, dot) : typed;
            const group = dot >= 0 ? typed.slice(dot + 1) : '';
            if (!NON_STANDARD_RESOURCE_NAMES.includes(typed.toLowerCase())) {
              this.printErr(group ? `Warning: the server doesn't have a resource type '${res}' in group '${group}'` : `Warning: the server doesn't have a resource type '${res}'`);
            }
            attrs.resource = typed;
            attrs.apiGroup = '';
          }
        }
        if (this.flag('subresource')) attrs.subresource = this.flag('subresource');
      }
      if (attrs.path !== undefined) {
        if (this.flag('subresource')) throw new ClientError('--subresource can not be used with NonResourceURL');
        if (!KNOWN_NON_RESOURCE_VERBS.includes(attrs.verb)) warnings.push(`verb '${attrs.verb}' is not a known verb`);
      } else if (!KNOWN_RESOURCE_VERBS.includes(attrs.verb)) {
        warnings.push(`verb '${attrs.verb}' is not a known verb`);
      }
      if (this.flag('no-headers')) throw new ClientError('--no-headers cannot be set without --list specified');
    }
    for (const w of warnings) this.printErr(`Warning: ${w}`);
    const allowed = await this.cluster((s, k) => {
      const namespace = this.flag('all-namespaces') ? undefined : k.namespace;
      if (list) {
        this.print(formatRulesTable(rulesReview(s.store, k.user, namespace), this.flag('no-headers')));
        return true;
      }
      if (attrs.path === undefined) attrs.namespace = namespace;
      const review = accessReview(s.store, k.user, attrs);
      if (!this.flag('quiet')) this.print(review.allowed ? 'yes\n' : `no${review.reason ? ` - ${review.reason}` : ''}\n`);
      return review.allowed;
    });
    if (!allowed) process.exitCode = 1;
  }
}
