// Delete options that `kubectl delete`, `kubectl replace --force` and `kubectl drain` read alike.
import { ClientError } from './command.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** --cascade: background (also true, the default), foreground, or orphan (also false). */
export function cascadePolicy(v: string | undefined): PropagationPolicy {
  if (v === undefined || v === 'true' || v === 'background') return 'Background';
  if (v === 'foreground') return 'Foreground';
  if (v === 'orphan' || v === 'false') return 'Orphan';
  throw new ClientError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan".`);
}

/** --grace-period as pflag reads an int: its value, or pflag's error. */
export function parseGracePeriod(given: string): number {
  const n = Number(given);
  if (!Number.isInteger(n)) throw new ClientError(`invalid argument "${given}" for "--grace-period" flag: strconv.ParseInt: parsing "${given}": invalid syntax`);
  return n;
}
