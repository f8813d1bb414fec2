import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCluster } from '../../src/cluster/session.js';
import { authenticateToken, verifyJwt } from '../../src/apiserver/auth/tokens.js';
import { requestToken } from '../../src/apiserver/auth/token-request.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { Secret } from '../../src/types/k8s.js';

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

describe('service account tokens', () => {
  it('issues RS256 JWTs that authenticate as the service account', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-token-'));
    await withCluster({ home }, (s) => {
      s.api.create(resolveResource('serviceaccounts')!, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
      const tr = requestToken(s.api, 'default', 'robot', { audiences: [] });
      const [h, c] = tr.status.token.split('.') as [string, string];
      expect(decode(h).alg).toBe('RS256');
      const claims = decode(c);
      expect(Object.keys(claims)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
      expect(claims.exp! as number - (claims.iat as number)).toBe(3600);
      expect(claims.sub).toBe('system:serviceaccount:default:robot');
      expect(verifyJwt(s.store, tr.status.token)).toEqual(claims);
      expect(authenticateToken(s.store, tr.status.token, s.now)?.name).toBe('system:serviceaccount:default:robot');
      expect(authenticateToken(s.store, tr.status.token + 'x', s.now)).toBeUndefined();
      expect(authenticateToken(s.store, tr.status.token, s.now + 3601_000)).toBeUndefined();
      expect(() => requestToken(s.api, 'default', 'robot', { audiences: [], expirationSeconds: 60 })).toThrowError(/may not specify a duration less than 10 minutes/);
    });
  });

  it('fills legacy token Secrets', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-token-'));
    await withCluster({ home }, (s) => {
      s.api.create(resolveResource('serviceaccounts')!, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
      s.api.create(resolveResource('secrets')!, 'default', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'robot-secret', annotations: { 'kubernetes.io/service-account.name': 'robot' } },
        type: 'kubernetes.io/service-account-token',
      } as Secret);
      const secret = s.api.get(resolveResource('secrets')!, 'default', 'robot-secret') as Secret;
      expect(Object.keys(secret.data ?? {}).sort()).toEqual(['ca.crt', 'namespace', 'token']);
      expect(Buffer.from(secret.data!.namespace!, 'base64').toString()).toBe('default');
      const token = Buffer.from(secret.data!.token!, 'base64').toString();
      expect(decode(token.split('.')[1]!).iss).toBe('kubernetes/serviceaccount');
      expect(authenticateToken(s.store, token, s.now)?.name).toBe('system:serviceaccount:default:robot');
    });
  });
});
