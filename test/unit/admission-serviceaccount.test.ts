// The ServiceAccount admission plugin's token mount (mountServiceAccountToken), per container: a
// container that mounts something at the token's path is left alone, the others get the token,
// and a pod that already has a kube-api-access volume (a copy of another pod) reuses it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import type { Pod } from '../../src/types/k8s.js';

const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

describe('ServiceAccount admission: the token volume and mounts', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'kubesim-sa-admission-')), 'home');
  const create = (manifest: object): Pod => {
    const r = runCli(home, ['create', '-f', '-', '-o', 'json'], { input: JSON.stringify(manifest) });
    expect(r.err).toBe('');
    return JSON.parse(r.out) as Pod;
  };

  it('mounts the token into each container that has nothing at its path', () => {
    const pod = create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two' },
      spec: {
        volumes: [{ name: 'own', emptyDir: {} }],
        containers: [
          { name: 'mine', image: 'busybox', volumeMounts: [{ name: 'own', mountPath: TOKEN_PATH }] },
          { name: 'other', image: 'busybox' },
        ],
      },
    });
    const token = pod.spec.volumes!.find((v) => v.name.startsWith('kube-api-access-'))!.name;
    expect(pod.spec.volumes!.map((v) => v.name)).toEqual(['own', token]);
    expect(pod.spec.containers[0]!.volumeMounts).toEqual([{ name: 'own', mountPath: TOKEN_PATH }]);
    expect(pod.spec.containers[1]!.volumeMounts).toEqual([{ mountPath: TOKEN_PATH, name: token, readOnly: true }]);
  });

  it("reuses the pod's kube-api-access volume, adding no second one", () => {
    const pod = create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'copied' },
      spec: {
        volumes: [{ name: 'kube-api-access-abcde', emptyDir: {} }],
        containers: [
          { name: 'app', image: 'busybox', volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: TOKEN_PATH, readOnly: true }] },
          { name: 'added', image: 'busybox' },
        ],
      },
    });
    expect(pod.spec.volumes!.map((v) => v.name)).toEqual(['kube-api-access-abcde']);
    expect(pod.spec.containers[1]!.volumeMounts).toEqual([{ mountPath: TOKEN_PATH, name: 'kube-api-access-abcde', readOnly: true }]);
  });
});
