// Namespace-scoped controllers: the ServiceAccount controller (a `default`
// ServiceAccount in every namespace), the root CA publisher (`kube-root-ca.crt`
// in every namespace), and the namespace controller that empties a Terminating
// namespace and then removes it.
import type { KObject, Namespace } from '../types/k8s.js';
import type { Controller, Engine } from './engine.js';
import { RESOURCES, storageKey } from '../apiserver/resources.js';
import { rfc3339 } from '../util/duration.js';
import { newUid } from '../util/ids.js';
import { clusterCaPem } from './ca.js';

const NAMESPACES = 'namespaces';

function put(engine: Engine, resource: string, obj: KObject): void {
  obj.metadata.uid = newUid();
  obj.metadata.creationTimestamp = rfc3339(engine.now);
  engine.store.put(resource, obj);
}

class NamespaceController implements Controller {
  readonly name = 'namespace';
  readonly watches = {
    [NAMESPACES]: (change: { object: KObject; deleted?: boolean }) => (change.deleted ? [] : [change.object.metadata.name!]),
  };

  reconcile(name: string, engine: Engine): void {
    const ns = engine.store.get(NAMESPACES, undefined, name) as Namespace | undefined;
    if (!ns) return;
    if (ns.metadata.deletionTimestamp) return this.finalize(engine, ns);
    if (!engine.store.get('serviceaccounts', name, 'default')) {
      put(engine, 'serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    }
    if (!engine.store.get('configmaps', name, 'kube-root-ca.crt')) {
      put(engine, 'configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' },
          name: 'kube-root-ca.crt',
          namespace: name,
        },
        data: { 'ca.crt': clusterCaPem(engine.store) },
      });
    }
  }

  /** Deletes everything in the namespace; removes it once no pod is left terminating. */
  private finalize(engine: Engine, ns: Namespace): void {
    const name = ns.metadata.name!;
    let remaining = 0;
    for (const r of RESOURCES) {
      if (!r.namespaced || !r.served) continue;
      const key = storageKey(r);
      for (const obj of engine.store.list(key, name)) {
        if (key === 'pods' && (obj as { spec?: { nodeName?: string } }).spec?.nodeName) {
          remaining++;
          if (!obj.metadata.deletionTimestamp) {
            const grace = (obj as { spec?: { terminationGracePeriodSeconds?: number } }).spec?.terminationGracePeriodSeconds ?? 30;
            engine.store.put(key, { ...structuredClone(obj), metadata: { ...obj.metadata, deletionTimestamp: rfc3339(engine.now + grace * 1000), deletionGracePeriodSeconds: grace } });
          }
          continue;
        }
        engine.store.remove(key, name, obj.metadata.name!);
      }
    }
    if (remaining === 0) engine.store.remove(NAMESPACES, undefined, name);
    else engine.schedule(this.name, name, engine.now + 1000);
  }
}

export const namespaceController = new NamespaceController();
