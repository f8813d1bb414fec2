// Control-plane controllers of the auth and quota features:
// - the legacy token controller (kube-controller-manager's "serviceaccount-token"):
//   fills a Secret of type kubernetes.io/service-account-token that names an
//   existing ServiceAccount with ca.crt, namespace and a non-expiring token, and
//   records the ServiceAccount's uid; deletes it when the ServiceAccount is gone;
// - the clusterrole-aggregation controller (rules of aggregated ClusterRoles);
// - the resource quota controller (status.used), from admission/resourcequota.ts.
import type { KObject, Secret, ServiceAccount } from '../../types/k8s.js';
import type { Controller, Engine } from '../../cluster/engine.js';
import { clusterCaPem } from '../../cluster/ca.js';
import { legacyToken } from './tokens.js';
import { aggregateAll, CLUSTER_ROLES, type Role } from './rbac.js';
import { quotaController } from '../admission/resourcequota.js';

export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const NAME_ANNOTATION = 'kubernetes.io/service-account.name';
const UID_ANNOTATION = 'kubernetes.io/service-account.uid';

class TokenController implements Controller {
  readonly name = 'serviceaccount-token';
  readonly watches = {
    secrets: (c: { object: KObject; deleted?: boolean }) =>
      !c.deleted && (c.object as Secret).type === SA_TOKEN_TYPE ? [`${c.object.metadata.namespace}/${c.object.metadata.name}`] : [],
    serviceaccounts: (c: { object: KObject }) => [`sa:${c.object.metadata.namespace}/${c.object.metadata.name}`],
  };

  reconcile(key: string, engine: Engine): void {
    if (key.startsWith('sa:')) {
      const [ns, name] = key.slice(3).split('/') as [string, string];
      for (const s of engine.store.list('secrets', ns) as Secret[]) {
        if (s.type === SA_TOKEN_TYPE && s.metadata.annotations?.[NAME_ANNOTATION] === name) engine.schedule(this.name, `${ns}/${s.metadata.name}`, engine.now);
      }
      return;
    }
    const [ns, name] = key.split('/') as [string, string];
    const secret = engine.store.get('secrets', ns, name) as Secret | undefined;
    if (!secret || secret.type !== SA_TOKEN_TYPE || secret.metadata.deletionTimestamp) return;
    const saName = secret.metadata.annotations?.[NAME_ANNOTATION];
    const sa = saName ? (engine.store.get('serviceaccounts', ns, saName) as ServiceAccount | undefined) : undefined;
    const wantUid = secret.metadata.annotations?.[UID_ANNOTATION];
    if (!sa || (wantUid && wantUid !== sa.metadata.uid)) {
      engine.store.remove('secrets', ns, name);
      return;
    }
    const data = secret.data ?? {};
    if (data.token && data['ca.crt'] && data.namespace && wantUid) return;
    const next = structuredClone(secret);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [UID_ANNOTATION]: sa.metadata.uid! };
    next.data = {
      ...data,
      'ca.crt': data['ca.crt'] ?? Buffer.from(clusterCaPem(engine.store)).toString('base64'),
      namespace: data.namespace ?? Buffer.from(ns).toString('base64'),
      token: data.token ?? Buffer.from(legacyToken(engine.store, sa, name)).toString('base64'),
    };
    engine.store.put('secrets', next);
  }
}

class AggregationController implements Controller {
  readonly name = 'clusterrole-aggregation';
  readonly watches = { [CLUSTER_ROLES()]: () => ['all'] };

  reconcile(_key: string, engine: Engine): void {
    const roles = engine.store.list(CLUSTER_ROLES(), '') as Role[];
    if (!roles.some((r) => r.aggregationRule)) return;
    for (const changed of aggregateAll(roles)) engine.store.put(CLUSTER_ROLES(), changed);
  }
}

export const tokenController = new TokenController();
export const aggregationController = new AggregationController();

/** Registered in src/cluster/control-plane.ts CONTROLLERS. */
export const AUTH_CONTROLLERS: Controller[] = [tokenController, aggregationController, quotaController];
