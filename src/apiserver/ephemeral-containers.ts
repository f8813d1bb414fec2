// PATCH/PUT pods/NAME/ephemeralcontainers (what `kubectl debug` writes): only the pod's ephemeral
// containers are taken from the request (the registry's dropNonEphemeralContainerUpdates), new ones
// defaulted as containers are, and checked as v1.32's ValidatePodEphemeralContainersUpdate and
// validateEphemeralContainers check them.
import type { Container, EphemeralContainer, Pod } from '../types/k8s.js';
import { invalid, type FieldCause } from './errors.js';
import { defaultContainer } from './defaults.js';
import { required, validateDnsLabel } from './validation.js';
import { isMirrorPod } from '../cluster/static-pods.js';

/** EphemeralContainerCommon's fields an ephemeral container may not set, in the struct's order. */
const NOT_ALLOWED = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;

/** Go's zero value: absent, empty, false, or an object with nothing set (`resources: {}`). */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v).some(isSet);
  return true;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validateEphemeral(pod: Pod, list: EphemeralContainer[]): FieldCause[] {
  const out: FieldCause[] = [];
  const others = new Set([...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].map((c: Container) => c.name));
  const all = new Set(others);
  list.forEach((c, i) => {
    const path = `spec.ephemeralContainers[${i}]`;
    if (!c.name) out.push(required(`${path}.name`));
    else out.push(...validateDnsLabel(`${path}.name`, c.name));
    if (!c.image) out.push(required(`${path}.image`));
    if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) {
      out.push({ field: `${path}.imagePullPolicy`, message: `Unsupported value: ${JSON.stringify(c.imagePullPolicy)}: supported values: "Always", "IfNotPresent", "Never"` });
    }
    if (c.name && all.has(c.name)) out.push({ field: `${path}.name`, message: `Duplicate value: ${JSON.stringify(c.name)}` });
    else if (c.name) all.add(c.name);
    if (c.targetContainerName && !others.has(c.targetContainerName)) {
      out.push({ field: `${path}.targetContainerName`, message: `Not found: ${JSON.stringify(c.targetContainerName)}` });
    }
    for (const field of NOT_ALLOWED) {
      if (isSet(c[field])) out.push({ field: `${path}.${field}`, message: 'Forbidden: cannot be set for an Ephemeral Container' });
    }
    (c.volumeMounts ?? []).forEach((m, j) => {
      for (const field of ['subPath', 'subPathExpr'] as const) {
        if (m[field]) out.push({ field: `${path}.volumeMounts[${j}].${field}`, message: 'Forbidden: cannot be set for an Ephemeral Container' });
      }
    });
  });
  return out;
}

/** The pod `old` with the ephemeral containers of `requested`; a 422 Invalid when they may not be. */
export function ephemeralContainersUpdate(old: Pod, requested: Pod): Pod {
  const name = old.metadata.name ?? '';
  // static pods don't support ephemeral containers (kubernetes#113935); Go prints the empty path too.
  if (isMirrorPod(old)) throw invalid('Pod', name, [{ field: '', message: 'Forbidden: static pods do not support ephemeral containers' }]);
  const list = structuredClone(requested.spec?.ephemeralContainers ?? []);
  for (const c of list) defaultContainer(c);
  const causes = validateEphemeral(old, list);
  // Existing ephemeral containers stay as they are (patch keeps no order: each is looked up by name).
  const byName = new Map(list.map((c) => [c.name, c]));
  for (const before of old.spec.ephemeralContainers ?? []) {
    const after = byName.get(before.name);
    if (!after) causes.push({ field: 'spec.ephemeralContainers', message: `Forbidden: existing ephemeral containers ${JSON.stringify(before.name)} may not be removed\n` });
    else if (JSON.stringify(after) !== JSON.stringify(before)) {
      causes.push({ field: 'spec.ephemeralContainers', message: `Forbidden: existing ephemeral containers ${JSON.stringify(before.name)} may not be changed` });
    }
  }
  if (causes.length) throw invalid('Pod', name, causes);
  const next = structuredClone(old);
  if (list.length) next.spec.ephemeralContainers = list;
  else delete next.spec.ephemeralContainers;
  return next;
}
