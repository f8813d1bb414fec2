// The pods/ephemeralcontainers subresource's rules (src/apiserver/ephemeral-containers.ts):
// only ephemeral containers change, new ones are defaulted, and what v1.32 forbids is refused.
import { describe, expect, it } from 'vitest';
import { ephemeralContainersUpdate } from '../../src/apiserver/ephemeral-containers.js';
import { StatusError } from '../../src/apiserver/errors.js';
import type { EphemeralContainer, Pod } from '../../src/types/k8s.js';

const pod = (ephemeral?: EphemeralContainer[]): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', resourceVersion: '7', labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx' }], initContainers: [{ name: 'init', image: 'busybox' }], ...(ephemeral ? { ephemeralContainers: ephemeral } : {}) },
    status: { phase: 'Running' },
  }) as Pod;

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('pods/ephemeralcontainers', () => {
  it('takes only the ephemeral containers from the request, defaulted', () => {
    const requested = { ...pod([{ name: 'dbg', image: 'busybox:latest' }]), metadata: { name: 'web', labels: { changed: 'yes' } } } as Pod;
    requested.spec.containers = [{ name: 'other', image: 'x' }];
    const next = ephemeralContainersUpdate(pod(), requested);
    expect(next.metadata.labels).toEqual({ app: 'web' });
    expect(next.spec.containers).toEqual([{ name: 'app', image: 'nginx' }]);
    expect(next.spec.ephemeralContainers).toEqual([
      { name: 'dbg', image: 'busybox:latest', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} },
    ]);
  });

  it('refuses names already taken, unknown targets and the fields an ephemeral container may not set', () => {
    const bad: EphemeralContainer = { name: 'init', image: 'busybox', targetContainerName: 'nope', ports: [{ containerPort: 80 }], livenessProbe: { exec: { command: ['true'] } }, resources: { limits: { cpu: '1' } }, volumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'x' }] };
    expect(message(() => ephemeralContainersUpdate(pod(), pod([bad])))).toBe(
      'Pod "web" is invalid: spec.ephemeralContainers[0].name: Duplicate value: "init", spec.ephemeralContainers[0].targetContainerName: Not found: "nope", ' +
        'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container, ' +
        'spec.ephemeralContainers[0].livenessProbe: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container',
    );
    expect(message(() => ephemeralContainersUpdate(pod(), pod([{ name: 'x' }])))).toBe('Pod "web" is invalid: spec.ephemeralContainers[0].image: Required value');
  });

  it('keeps the ephemeral containers a pod has: none removed or changed', () => {
    const old = ephemeralContainersUpdate(pod(), pod([{ name: 'a', image: 'busybox' }]));
    expect(message(() => ephemeralContainersUpdate(old, pod([{ name: 'b', image: 'busybox' }])))).toBe('Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "a" may not be removed\n');
    // An addition keeps the existing one as it was stored.
    expect(ephemeralContainersUpdate(old, pod([...old.spec.ephemeralContainers!, { name: 'b', image: 'busybox' }])).spec.ephemeralContainers!.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('static (mirror) pods take none', () => {
    const mirror = pod();
    mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
    expect(message(() => ephemeralContainersUpdate(mirror, pod([{ name: 'x', image: 'busybox' }])))).toBe('Pod "web" is invalid: : Forbidden: static pods do not support ephemeral containers');
  });
});
