import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { ClientError } from '../../src/client/command.js';
import { goMap } from '../../src/client/ordered-json.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { parseLabelSelector, SelectorError } from '../../src/apiserver/selectors.js';
import type { KObject, LabelSelector } from '../../src/types/k8s.js';

/** A count or a percentage, and nothing else (`10Gb` is refused). */
const INT_OR_PERCENT = /^[0-9]+%?$/;

/** metav1.ParseToLabelSelector: equalities become matchLabels, the set-based rest matchExpressions. */
export function parseToLabelSelector(text: string): LabelSelector {
  let reqs;
  try {
    reqs = parseLabelSelector(text).requirements;
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    throw new ClientError(`couldn't parse the selector string "${text}": ${e.message}`);
  }
  const matchLabels: Record<string, string> = goMap({});
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  const ops: Record<string, string> = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' };
  for (const r of reqs) {
    if (r.operator === '=' || r.operator === '==') {
      matchLabels[r.key] = r.values[0]!;
      continue;
    }
    if (r.operator === 'gt' || r.operator === 'lt') throw new ClientError(`"${r.operator}" isn't supported in label selectors`);
    const op = ops[r.operator];
    if (!op) throw new ClientError(`"${r.operator}" is not a valid label selector operator`);
    matchExpressions.push({ key: r.key, operator: op, ...(r.values.length ? { values: r.values } : {}) });
  }
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

/** intstr.Parse: digits are an int, anything else (a percentage here) a string. */
const intOrString = (v: string): number | string => (/^[0-9]+$/.test(v) ? Number(v) : v);

export default class CreatePodDisruptionBudget extends CreateGeneratorCommand {
  static override summary = 'Create a pod disruption budget with the specified name';
  static override examples = [
    'kubectl create poddisruptionbudget my-pdb --selector=app=rails --min-available=1',
    'kubectl create pdb my-pdb --selector=app=nginx --min-available=50%',
  ];
  static override flags = {
    ...createGeneratorFlags,
    'min-available': Flags.string({ description: 'The minimum number or percentage of available pods this budget requires.' }),
    'max-unavailable': Flags.string({ description: 'The maximum number or percentage of unavailable pods this budget requires.' }),
    selector: Flags.string({ description: 'A label selector to use for this budget. Only equality-based selector requirements are supported.' }),
  };

  protected override createErrorPrefix(): string {
    return 'failed to create poddisruptionbudgets: ';
  }

  async run(): Promise<void> {
    const name = this.requireName();
    const selector = this.flag<string | undefined>('selector') ?? '';
    const minAvailable = this.flag<string | undefined>('min-available') ?? '';
    const maxUnavailable = this.flag<string | undefined>('max-unavailable') ?? '';
    this.validate(selector, minAvailable, maxUnavailable);
    const spec: Record<string, unknown> = {};
    // Go struct order: minAvailable, selector, maxUnavailable.
    if (minAvailable) spec.minAvailable = intOrString(minAvailable);
    spec.selector = parseToLabelSelector(selector);
    if (!minAvailable) spec.maxUnavailable = intOrString(maxUnavailable);
    const ns = this.explicitNamespace();
    const obj = {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: { name, ...(ns ? { namespace: ns } : {}), creationTimestamp: null },
      spec,
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    } as unknown as KObject;
    await this.createBuilt(resolveResource('poddisruptionbudgets.policy')!, () => obj);
  }

  /** PodDisruptionBudgetOpts.Validate, in its order. */
  private validate(selector: string, minAvailable: string, maxUnavailable: string): void {
    if (!selector) throw new ClientError('a selector must be specified');
    if (!minAvailable && !maxUnavailable) throw new ClientError('one of min-available or max-unavailable must be specified');
    if (minAvailable && maxUnavailable) throw new ClientError('min-available and max-unavailable cannot be both specified');
    if (minAvailable && !INT_OR_PERCENT.test(minAvailable)) throw new ClientError('invalid format specified for min-available');
    if (maxUnavailable && !INT_OR_PERCENT.test(maxUnavailable)) throw new ClientError('invalid format specified for max-unavailable');
  }
}
