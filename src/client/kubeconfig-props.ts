// `kubectl config set|unset PROPERTY`: dotted paths into the kubeconfig
// (`current-context`, `contexts.NAME.namespace`, `users.NAME`, ...).
import { ClientError } from './command.js';
import type { KubeconfigSet, ListName } from './kubeconfig-edit.js';

const LISTS: ListName[] = ['clusters', 'contexts', 'users'];
const BOOL_FIELDS = new Set(['insecure-skip-tls-verify', 'disable-compression']);

/** Sets (value) or unsets (undefined) a property; throws kubectl's parse error for unknown paths. */
export function setProperty(set: KubeconfigSet, prop: string, value: string | undefined): void {
  const parts = prop.split('.');
  if (prop === 'current-context') {
    set.setCurrentContext(value ?? '');
    return;
  }
  const list = parts[0] as ListName;
  if (!LISTS.includes(list) || parts.length < 2) throw new ClientError(`unable to parse ${prop} after [] at api.Config`);
  const name = parts[1]!;
  const field = parts.slice(2).join('.');
  const existing = set.get(list, name);
  if (field === '') {
    if (value !== undefined) throw new ClientError(`can't set a map to a value: map[]`);
    if (!existing) throw new ClientError(`current map key \`${name}\` is invalid`);
    set.remove(list, name);
    return;
  }
  const body: Record<string, unknown> = { ...(existing ?? {}) };
  if (value === undefined) {
    if (!existing) throw new ClientError(`current map key \`${name}\` is invalid`);
    delete body[field];
  } else if (BOOL_FIELDS.has(field)) {
    if (!['true', 'false'].includes(value)) throw new ClientError(`strconv.ParseBool: parsing "${value}": invalid syntax`);
    body[field] = value === 'true';
  } else body[field] = value;
  set.put(list, name, body);
}
