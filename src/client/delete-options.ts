// Delete options that `kubectl delete`, `kubectl replace --force` and `kubectl drain` read alike.
import { ClientError } from './command.js';
import { intFlag } from './flags.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** --cascade: background (also true, the default), foreground, or orphan (also false). */
export function cascadePolicy(v: string | undefined): PropagationPolicy {
  if (v === undefined || v === 'true' || v === 'background') return 'Background';
  if (v === 'foreground') return 'Foreground';
  if (v === 'orphan' || v === 'false') return 'Orphan';
  throw new ClientError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan".`);
}

/** --grace-period, an int flag: its value, or pflag's error. */
export function parseGracePeriod(given: string): number {
  return intFlag('--grace-period', given);
}
