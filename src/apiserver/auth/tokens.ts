// ServiceAccount tokens: RS256 JWTs signed with the cluster's own service
// account key (apiserver.md §6), and their authentication.
//
// Signing uses node:crypto rather than a JWT library: a JWS with RS256 is
// base64url(header).base64url(claims) signed with RSASSA-PKCS1-v1_5/SHA-256,
// which node:crypto does synchronously. The engine's controllers (the token
// controller, the kubelet's projected tokens) run synchronously inside a
// session, and `jose`, the well-kept JWT library, only signs asynchronously
// (WebCrypto), so it would not fit there; no dependency is needed for this.
//
// The key pair is made once per cluster, the first time a token is needed
// (generating a 2048-bit RSA key costs ~100 ms, which most clusters never
// need to spend), and kept in the cluster's settings.
import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../../util/lazy-crypto.js';
import type { Store } from '../../store/store.js';
import type { KObject, ServiceAccount } from '../../types/k8s.js';
import type { UserInfo } from '../api.js';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
/** TokenRequest default and minimum lifetimes (seconds). */
export const DEFAULT_EXPIRATION = 3600;
export const MIN_EXPIRATION = 600;
/** Projected tokens asking for 3607 s are extended to a year (--service-account-extend-token-expiration). */
export const EXTENDED_EXPIRATION = 365 * 24 * 3600;

interface SigningKey {
  privateKey: string;
  publicKey: string;
  kid: string;
}

const SETTING = 'serviceAccountSigningKey';

export function signingKey(store: Store): SigningKey {
  const existing = store.meta.settings[SETTING] as SigningKey | undefined;
  if (existing) return existing;
  const { privateKey, publicKey } = nodeCrypto().generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const key: SigningKey = {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    // keyIDFromPublicKey: base64url SHA-256 of the PKIX DER public key.
    kid: nodeCrypto().createHash('sha256').update(der).digest('base64url'),
  };
  store.meta.settings[SETTING] = key;
  return key;
}

/** JSON with object keys sorted at every level (Go's encoding of map claims). */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** Parsed private keys by PEM: parsing costs about as much as signing, and a session signs a token per pod. */
const parsedKeys = new Map<string, KeyObject>();

function privateKeyObject(pem: string): KeyObject {
  let key = parsedKeys.get(pem);
  if (!key) {
    key = nodeCrypto().createPrivateKey(pem);
    parsedKeys.set(pem, key);
  }
  return key;
}

export function signJwt(store: Store, claims: Record<string, unknown>): string {
  const key = signingKey(store);
  const input = `${b64(sortedJson({ alg: 'RS256', kid: key.kid }))}.${b64(sortedJson(claims))}`;
  const sig = nodeCrypto().sign('sha256', Buffer.from(input), privateKeyObject(key.privateKey));
  return `${input}.${sig.toString('base64url')}`;
}

/** The claims of a token signed by this cluster's key, or undefined. */
export function verifyJwt(store: Store, token: string): Record<string, unknown> | undefined {
  const key = store.meta.settings[SETTING] as SigningKey | undefined;
  const parts = token.split('.');
  if (!key || parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()) as { alg?: string };
    if (header.alg !== 'RS256') return undefined;
    const ok = nodeCrypto().verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), nodeCrypto().createPublicKey(key.publicKey), Buffer.from(parts[2]!, 'base64url'));
    if (!ok) return undefined;
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export interface BoundObject {
  kind: 'Pod' | 'Secret' | 'Node';
  name: string;
  uid: string;
}

export interface TokenRequestOptions {
  serviceAccount: ServiceAccount;
  audiences?: string[];
  expirationSeconds?: number;
  boundObject?: BoundObject;
  /** For pod-bound tokens: the node the pod runs on. */
  node?: { name: string; uid: string };
  now: number;
}

/**
 * A TokenRequest's JWT (bound service account token), and its claims: signing is deterministic
 * (RS256), so `signJwt(store, claims)` gives the same token again.
 */
export function issueToken(store: Store, o: TokenRequestOptions): { token: string; expirationTimestamp: number; claims: Record<string, unknown> } {
  const { claims, expirationTimestamp } = tokenClaims(o);
  return { token: signJwt(store, claims), expirationTimestamp, claims };
}

/**
 * The claims of a TokenRequest, unsigned: the kubelet keeps a projected token as its claims and
 * signs it only when a process reads it (tokenLength gives its size before then).
 */
export function tokenClaims(o: TokenRequestOptions): { expirationTimestamp: number; claims: Record<string, unknown> } {
  const iat = Math.floor(o.now / 1000);
  const requested = o.expirationSeconds ?? DEFAULT_EXPIRATION;
  const podBound = o.boundObject?.kind === 'Pod';
  const extended = podBound && requested === 3607;
  const exp = iat + (extended ? EXTENDED_EXPIRATION : requested);
  const sa = o.serviceAccount;
  const k8s: Record<string, unknown> = {
    namespace: sa.metadata.namespace,
    serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid },
  };
  if (o.boundObject) k8s[o.boundObject.kind.toLowerCase()] = { name: o.boundObject.name, uid: o.boundObject.uid };
  if (podBound && o.node) k8s.node = { name: o.node.name, uid: o.node.uid };
  if (extended) k8s.warnafter = iat + requested;
  const claims = {
    aud: o.audiences?.length ? o.audiences : [DEFAULT_ISSUER],
    exp,
    iat,
    iss: DEFAULT_ISSUER,
    jti: nodeCrypto().randomUUID(),
    'kubernetes.io': k8s,
    nbf: iat,
    sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
  };
  return { claims, expirationTimestamp: exp * 1000 };
}

/** base64url length of n bytes (no padding). */
const b64Length = (n: number) => Math.ceil((n * 4) / 3);
/** A key ID is base64url SHA-256 (43 characters); a 2048-bit RSA signature is 256 bytes. */
const HEADER_LENGTH = b64Length(Buffer.byteLength(sortedJson({ alg: 'RS256', kid: 'k'.repeat(43) })));
const SIGNATURE_LENGTH = b64Length(256);

/** The length of the token signJwt makes of these claims, without signing (nor making the key). */
export function tokenLength(claims: Record<string, unknown>): number {
  return HEADER_LENGTH + 1 + b64Length(Buffer.byteLength(sortedJson(claims))) + 1 + SIGNATURE_LENGTH;
}

/** The non-expiring token the legacy token controller puts in a service-account-token Secret. */
export function legacyToken(store: Store, sa: ServiceAccount, secretName: string): string {
  const ns = sa.metadata.namespace!;
  return signJwt(store, {
    iss: LEGACY_ISSUER,
    'kubernetes.io/serviceaccount/namespace': ns,
    'kubernetes.io/serviceaccount/secret.name': secretName,
    'kubernetes.io/serviceaccount/service-account.name': sa.metadata.name,
    'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
    sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
  });
}

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { name: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

/**
 * Token authentication: the service account a token names, if this cluster
 * signed it, it has not expired, and the objects it is bound to still exist.
 */
export function authenticateToken(store: Store, token: string, now: number): UserInfo | undefined {
  const c = verifyJwt(store, token);
  if (!c) return undefined;
  if (c.iss === LEGACY_ISSUER) {
    const ns = c['kubernetes.io/serviceaccount/namespace'] as string;
    const name = c['kubernetes.io/serviceaccount/service-account.name'] as string;
    const sa = store.get('serviceaccounts', ns, name);
    const secret = store.get('secrets', ns, c['kubernetes.io/serviceaccount/secret.name'] as string);
    if (!sa || sa.metadata.uid !== c['kubernetes.io/serviceaccount/service-account.uid'] || !secret) return undefined;
    return { ...serviceAccountUser(ns, name), uid: sa.metadata.uid };
  }
  if (c.iss !== DEFAULT_ISSUER) return undefined;
  const aud = c.aud as string[];
  if (!aud.includes(DEFAULT_ISSUER)) return undefined;
  const t = Math.floor(now / 1000);
  if (typeof c.exp === 'number' && t >= c.exp) return undefined;
  if (typeof c.nbf === 'number' && t < c.nbf) return undefined;
  const k8s = c['kubernetes.io'] as { namespace: string; serviceaccount: { name: string; uid: string }; pod?: { name: string; uid: string }; secret?: { name: string; uid: string } };
  const sa = store.get('serviceaccounts', k8s.namespace, k8s.serviceaccount.name);
  if (!sa || sa.metadata.uid !== k8s.serviceaccount.uid) return undefined;
  const boundGone = (res: string, ref?: { name: string; uid: string }) => {
    if (!ref) return false;
    const o: KObject | undefined = store.get(res, k8s.namespace, ref.name);
    return !o || o.metadata.uid !== ref.uid;
  };
  if (boundGone('pods', k8s.pod) || boundGone('secrets', k8s.secret)) return undefined;
  const extra: Record<string, string[]> = {};
  if (typeof c.jti === 'string') extra['authentication.kubernetes.io/credential-id'] = [`JTI=${c.jti}`];
  const node = (k8s as { node?: { name: string; uid: string } }).node;
  if (node) {
    extra['authentication.kubernetes.io/node-name'] = [node.name];
    extra['authentication.kubernetes.io/node-uid'] = [node.uid];
  }
  if (k8s.pod) {
    extra['authentication.kubernetes.io/pod-name'] = [k8s.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [k8s.pod.uid];
  }
  return { ...serviceAccountUser(k8s.namespace, k8s.serviceaccount.name), uid: sa.metadata.uid, ...(Object.keys(extra).length ? { extra } : {}) };
}
