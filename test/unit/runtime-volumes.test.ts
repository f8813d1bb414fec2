// A volume whose files came from cluster objects (the service-account volume: token, ca.crt,
// namespace) is left out of the pod's stored state while nothing can change it, and made again,
// the same to the byte, mode and time, when a process reaches it (src/runtime/volumes.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execInContainer, newPod, registerDerivedFiles, releaseRootFs, startContainer, volumesSignature, type DerivedFile, type PodRt } from '../../src/runtime/index.js';
import { withCluster } from '../../src/cluster/session.js';
import { podRecord } from '../../src/cluster/kubelet.js';
import { authenticateToken } from '../../src/apiserver/auth/tokens.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { CLUSTER_CA_CERT } from '../../src/cluster/ca.js';
import { treeBytes } from '../../src/runtime/fs.js';
import type { KObject } from '../../src/types/k8s.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');
const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
const texts: Record<string, string> = { token: 'eyJhbGciOi.token-text.sig', ca: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n' };
let made = 0;
const resolve = {
  text: (f: DerivedFile) => {
    made++;
    return texts[f.from]!;
  },
  length: (f: DerivedFile) => texts[f.from]!.length,
};

/** A pod with the service-account volume; `asText` gives its files as text (a record written before recipes). */
function pod(readOnly = true, asText = false): PodRt {
  const files = asText ? { token: texts['token']!, 'ca.crt': texts['ca']!, namespace: 'default' } : { token: { from: 'token' }, 'ca.crt': { from: 'ca' }, namespace: 'default' };
  const volumes = [{ name: 'kube-api-access-x', files, mode: 420 }, { name: 'scratch' }];
  const p = newPod({ hostname: 'web', ip: '10.244.1.5', volumes, now: T0 });
  const mounts = [
    { volume: 'kube-api-access-x', path: SA, ...(readOnly ? { readOnly: true } : {}) },
    { volume: 'scratch', path: '/scratch' },
  ];
  startContainer(p, { name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], env: [], mounts }, T0);
  return p;
}

const run = (p: PodRt, script: string, at = T0 + 1000) => execInContainer(p, 'c', ['sh', '-c', script], undefined, at).output.map((o) => o.x).join('');
/** The record as a later process reads it (no tree kept in memory). */
const stored = (p: PodRt) => JSON.parse(JSON.stringify(p)) as PodRt;

afterEach(() => registerDerivedFiles(undefined));

describe('volumes made from cluster objects', () => {
  it('are made only when a process reaches them, and count their bytes before', () => {
    registerDerivedFiles(resolve);
    made = 0;
    const p = pod();
    expect(made).toBe(0);
    expect(p.volumes['kube-api-access-x']).toBeUndefined();
    const bytes = p.recipes!['kube-api-access-x']!.bytes;
    expect(bytes).toBe(texts['token']!.length + texts['ca']!.length + 'default'.length);
    run(p, `cat ${SA}/namespace`);
    expect(made).toBe(2);
    expect(treeBytes(p.volumes['kube-api-access-x']!)).toBe(bytes);
  });

  it('are left out of storage and made again the same, files, modes and times', () => {
    registerDerivedFiles(resolve);
    const p = pod();
    const listing = run(p, `ls -la ${SA} ${SA}/..data/`);
    const tree = JSON.stringify(p.volumes['kube-api-access-x']);
    releaseRootFs(p);
    const loaded = stored(p);
    expect(loaded.volumes['kube-api-access-x']).toBeUndefined();
    expect(loaded.recipes?.['kube-api-access-x']?.files['namespace']).toBe('default');
    expect(JSON.stringify(loaded).length).toBeLessThan(JSON.stringify(p).length + tree.length);
    made = 0;
    expect(run(loaded, `cat ${SA}/token; echo; cat ${SA}/ca.crt ${SA}/namespace`)).toBe(`${texts['token']}\n${texts['ca']}default`);
    expect(made).toBe(2);
    expect(JSON.stringify(loaded.volumes['kube-api-access-x'])).toBe(tree);
    expect(run(loaded, `ls -la ${SA} ${SA}/..data/`)).toBe(listing);
  });

  it('are not made for a run that does not reach them, and keep their signature either way', () => {
    registerDerivedFiles(resolve);
    const p = pod();
    const made0 = volumesSignature(p);
    releaseRootFs(p);
    expect(volumesSignature(p)).toBe(made0);
    const loaded = stored(p);
    made = 0;
    expect(run(loaded, 'cat /tmp/healthy; echo x > /scratch/f; cat /scratch/f')).toBe('cat: can\'t open \'/tmp/healthy\': No such file or directory\nx\n');
    expect(made).toBe(0);
    expect(loaded.volumes['kube-api-access-x']).toBeUndefined();
    const written = volumesSignature(loaded);
    expect(written).not.toBe(made0); // the emptyDir changed
    run(loaded, `cat ${SA}/namespace`);
    expect(loaded.volumes['kube-api-access-x']).toBeDefined();
    expect(volumesSignature(loaded)).toBe(written);
  });

  it('are kept as trees when mounted writable (a write must stay)', () => {
    registerDerivedFiles(resolve);
    const p = pod(false);
    releaseRootFs(p);
    expect(p.recipes).toBeUndefined();
    run(p, `echo changed > ${SA}/..data/namespace`);
    releaseRootFs(p);
    expect(run(stored(p), `cat ${SA}/namespace`)).toBe('changed\n');
  });

  it('a record written before recipes (full trees) reads and runs as before', () => {
    const p = pod(true, true);
    expect(p.recipes).toBeUndefined();
    const old = stored(p);
    releaseRootFs(old);
    expect(old.volumes['kube-api-access-x']).toBeDefined();
    expect(volumesSignature(old)).toBe(JSON.stringify(old.volumes)); // the crash-loop signature it had
    expect(run(old, `cat ${SA}/token`)).toBe(texts['token']);
  });
});

describe('the service-account volume of a pod in a cluster', () => {
  it('kubectl exec reads the same token and ca.crt once the volume was left out', async () => {
    process.env.KUBESIM_CLOCK = 'manual';
    await withCluster({ home: mkdtempSync(join(tmpdir(), 'kubesim-volumes-')) }, (s) => {
      const pods = resolveResource('pods')!;
      s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } } as unknown as KObject);
      s.advance(30_000);
      const rec = podRecord(s.store, 'default', 'web')!;
      const name = Object.keys(rec.rt!.recipes ?? {})[0]!;
      expect(name).toMatch(/^kube-api-access-/);
      expect(rec.rt!.volumes[name]).toBeUndefined();
      // No process read the token: it was never signed, and the cluster made no signing key for it.
      expect(s.store.meta.settings['serviceAccountSigningKey']).toBeUndefined();
      const copy = structuredClone(rec.rt!);
      const token = run(copy, `cat ${SA}/token`, s.now);
      expect(run(copy, `cat ${SA}/ca.crt`, s.now)).toBe(CLUSTER_CA_CERT);
      // The token is the one the kubelet issued: its claims are the recipe's, and the cluster takes it.
      const claims = (rec.rt!.recipes![name]!.files['token'] as DerivedFile)['claims'] as Record<string, unknown>;
      expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toEqual(claims);
      expect(authenticateToken(s.store, token, s.now)?.name).toBe('system:serviceaccount:default:default');
      expect(run(structuredClone(rec.rt!), `cat ${SA}/token`, s.now)).toBe(token);
      // The length the recipe counted before signing is the signed volume's.
      expect(treeBytes(copy.volumes[name]!)).toBe(rec.rt!.recipes![name]!.bytes);
    });
  });
});
