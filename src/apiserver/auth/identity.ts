// Who a request acts as: authentication (bearer tokens; the kubeconfig's
// client certificate is the kind admin), impersonation (--as/--as-group, which
// the authenticated user must be allowed to do), and SelfSubjectReview (whoami).
import type { Store } from '../../store/store.js';
import type { UserInfo } from '../api.js';
import { StatusError } from '../errors.js';
import { resolveResource } from '../resources.js';
import { authenticateToken } from './tokens.js';
import { forbiddenError, isAllowed, type Attributes } from './rbac.js';
import { formatTable, GET_TABLE } from '../../printers/tabwriter.js';

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

export interface Credentials {
  /** The identity the client would act as without a token (the admin, or the impersonated user). */
  user: UserInfo;
  /** A bearer token (--token, or the kubeconfig user's token). */
  token?: string;
  /** True when `user` came from --as. */
  impersonating?: boolean;
}

/**
 * The user a request is made as. A token is checked against this cluster's
 * service account key; with --as, the token's user must be allowed to
 * impersonate (`impersonate` on users/groups/serviceaccounts).
 */
export function authenticate(store: Store, now: number, c: Credentials): UserInfo {
  if (!c.token) return c.user;
  const authenticated = authenticateToken(store, c.token, now);
  if (!authenticated) throw unauthorized();
  if (!c.impersonating) return authenticated;
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(c.user.name);
  const checks: [Attributes, string][] = sa
    ? [[{ verb: 'impersonate', resource: 'serviceaccounts', apiGroup: '', namespace: sa[1], name: sa[2] }, 'serviceaccounts']]
    : [[{ verb: 'impersonate', resource: 'users', apiGroup: '', name: c.user.name }, 'users']];
  for (const g of c.user.groups) {
    if (g === 'system:authenticated' || (sa && g.startsWith('system:serviceaccounts'))) continue;
    checks.push([{ verb: 'impersonate', resource: 'groups', apiGroup: '', name: g }, 'groups']);
  }
  for (const [a, res] of checks) {
    if (isAllowed(store, authenticated, a)) continue;
    const info = resolveResource(res) ?? { name: res, singular: res, shortNames: [], group: '', version: 'v1', namespaced: !!a.namespace, kind: res, verbs: [], served: false };
    throw forbiddenError(info, a.name, authenticated, a);
  }
  return c.user;
}

export interface SelfSubjectReview {
  kind: 'SelfSubjectReview';
  apiVersion: 'authentication.k8s.io/v1';
  metadata: { creationTimestamp: null };
  status: { userInfo: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> } };
}

export function selfSubjectReview(user: UserInfo): SelfSubjectReview {
  const u = user as UserInfo & { uid?: string; extra?: Record<string, string[]> };
  const userInfo: SelfSubjectReview['status']['userInfo'] = { username: user.name };
  if (u.uid) userInfo.uid = u.uid;
  if (user.groups.length) userInfo.groups = [...user.groups];
  if (u.extra && Object.keys(u.extra).length) userInfo.extra = u.extra;
  return { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo } };
}

/** `kubectl auth whoami` without -o (printTableSelfSubjectAccessReview). */
export function formatWhoami(review: SelfSubjectReview): string {
  const ui = review.status.userInfo;
  const rows: string[][] = [['ATTRIBUTE', 'VALUE']];
  if (ui.username) rows.push(['Username', ui.username]);
  if (ui.uid) rows.push(['UID', ui.uid]);
  if (ui.groups?.length) rows.push(['Groups', `[${ui.groups.join(' ')}]`]);
  for (const k of Object.keys(ui.extra ?? {}).sort()) rows.push([`Extra: ${k}`, `[${ui.extra![k]!.join(' ')}]`]);
  return formatTable(rows, GET_TABLE);
}
