// What the API server writes into the trail (src/cluster/trace.ts) for one request: who asked
// for what, the authorizer's decision and the rule behind it, and each admission plugin's patch
// or rejection. ApiServer and admit() call these in one line each.
import fastJsonPatch from 'fast-json-patch';
import type { Engine } from '../cluster/engine.js';
import { trailOf } from '../cluster/trace.js';
import type { Store } from '../store/store.js';
import type { AdmissionRequest } from './admission.js';
import { SYSTEM_USER, type UserInfo } from './api.js';
import { allowedBy } from './auth/rbac.js';
import { storageKey, type ResourceInfo } from './resources.js';
import { METHODS, restPath } from './rest-path.js';

/** A write request starts (after authorization passed): the request line and the authorizer's decision. */
export function traceRequest(store: Store, engine: Engine, user: UserInfo, verb: string, r: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): void {
  const trail = trailOf(store);
  if (!trail) return;
  const ns = r.namespaced ? namespace : undefined;
  const via = engine.running ? ` (the ${engine.running} controller)` : '';
  trail.begin(storageKey(r), ns, name, 'kube-apiserver', `${METHODS[verb]} ${restPath(r, ns, verb === 'create' ? undefined : name, subresource)} by ${user.name} [${user.groups.join(', ')}]${via}`);
  if (!trail.tracing) return;
  const rule = user === SYSTEM_USER ? undefined : allowedBy(store, user, { verb, resource: r.name, subresource, apiGroup: r.group, namespace: ns, name });
  trail.step('authorizer', rule ? `RBAC allowed ${verb}: ${rule}` : 'allowed: the control plane\'s own identity (kubesim does not check it)');
}

/** Runs one admission plugin's step, recording the JSON patch it made or its rejection. */
export function traceAdmission(req: AdmissionRequest, plugin: string, phase: 'mutating' | 'validating', step: () => void): void {
  const trail = trailOf(req.api.store);
  if (!trail?.tracing) return step();
  const before = phase === 'mutating' ? JSON.stringify(req.object) : undefined;
  try {
    step();
  } catch (e) {
    trail.step('admission', `${plugin} (${phase}) rejected: ${(e as Error).message}`);
    trail.refused(req.oldObject);
    throw e;
  }
  if (before === undefined || before === JSON.stringify(req.object)) return;
  const patch = fastJsonPatch.compare(JSON.parse(before) as object, req.object);
  trail.step('admission', `${plugin} (mutating) changed the object`, patch.map((op) => JSON.stringify(op)));
}
