// Delete options that `kubectl delete` and `kubectl replace --force` read alike.
import { ClientError } from './command.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** --cascade: background (also true, the default), foreground, or orphan (also false). */
export function cascadePolicy(v: string | undefined): PropagationPolicy {
  if (v === undefined || v === 'true' || v === 'background') return 'Background';
  if (v === 'foreground') return 'Foreground';
  if (v === 'orphan' || v === 'false') return 'Orphan';
  throw new ClientError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan".`);
}
