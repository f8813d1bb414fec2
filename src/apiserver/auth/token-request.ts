// The TokenRequest subresource (POST serviceaccounts/NAME/token): checks the
// request as pkg/registry/core/serviceaccount/storage/token.go does and issues
// a bound token (tokens.ts).
import type { ApiServer } from '../api.js';
import type { KObject, ServiceAccount } from '../../types/k8s.js';
import { StatusError, invalid, notFound } from '../errors.js';
import { resolveResource } from '../resources.js';
import { rfc3339 } from '../../util/duration.js';
import { authorizeRequest } from './rbac.js';
import { issueToken, MIN_EXPIRATION, DEFAULT_EXPIRATION, type BoundObject } from './tokens.js';
import { SYSTEM_USER } from '../api.js';

export interface TokenRequestSpec {
  audiences: string[];
  expirationSeconds?: number;
  boundObject?: { kind: BoundObject['kind']; name: string; uid?: string };
}

export interface TokenRequest {
  kind: 'TokenRequest';
  apiVersion: 'authentication.k8s.io/v1';
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  status: { expirationTimestamp: string; token: string };
}

export function requestToken(api: ApiServer, namespace: string, name: string, spec: TokenRequestSpec): TokenRequest {
  const sas = resolveResource('serviceaccounts')!;
  if (api.user !== SYSTEM_USER) authorizeRequest(api.store, api.user, 'create', sas, namespace, name, 'token');
  const sa = api.store.get('serviceaccounts', namespace, name) as ServiceAccount | undefined;
  if (!sa) throw notFound(sas, name);
  const exp = spec.expirationSeconds ?? DEFAULT_EXPIRATION;
  if (exp < MIN_EXPIRATION) {
    throw invalid('TokenRequest', name, [{ field: 'spec.expirationSeconds', message: `Invalid value: ${exp}: may not specify a duration less than 10 minutes` }]);
  }
  if (exp > 2 ** 32) {
    throw invalid('TokenRequest', name, [{ field: 'spec.expirationSeconds', message: `Invalid value: ${exp}: may not specify a duration larger than 2^32 seconds` }]);
  }
  let bound: BoundObject | undefined;
  let node: { name: string; uid: string } | undefined;
  if (spec.boundObject) {
    const b = spec.boundObject;
    const r = resolveResource(b.kind.toLowerCase())!;
    const obj: KObject | undefined = api.store.get(r.name, r.namespaced ? namespace : undefined, b.name);
    if (!obj) throw notFound(r, b.name);
    if (b.uid && b.uid !== obj.metadata.uid) {
      throw new StatusError(
        409,
        'Conflict',
        `the UID in the bound object reference (${b.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
    bound = { kind: b.kind, name: b.name, uid: obj.metadata.uid! };
    if (b.kind === 'Pod') {
      const nodeName = (obj as { spec?: { nodeName?: string } }).spec?.nodeName;
      const n = nodeName ? api.store.get('nodes', undefined, nodeName) : undefined;
      if (n) node = { name: n.metadata.name!, uid: n.metadata.uid! };
    }
  }
  const { token, expirationTimestamp } = issueToken(api.store, {
    serviceAccount: sa,
    audiences: spec.audiences,
    expirationSeconds: exp,
    boundObject: bound,
    node,
    now: api.now,
  });
  const reqSpec: Record<string, unknown> = { audiences: spec.audiences.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'] };
  if (bound) reqSpec.boundObjectRef = { kind: bound.kind, apiVersion: 'v1', name: bound.name, uid: bound.uid };
  reqSpec.expirationSeconds = exp;
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: rfc3339(api.now) },
    spec: reqSpec,
    status: { expirationTimestamp: rfc3339(expirationTimestamp), token },
  };
}
