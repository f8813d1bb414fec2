// Per-kind REST strategies (what pkg/registry/*/strategy.go does): defaulting on
// create, what an update may change, validation, and how deletion proceeds.
import type { KObject, Namespace, Pod, PodTemplateSpec, Secret } from '../types/k8s.js';
import { defaultPodSpec } from './defaults.js';
import { forbidden, invalid, type FieldCause } from './errors.js';
import type { ResourceInfo } from './resources.js';
import type { ApiServer } from './api.js';
import { validatePodUpdate } from './pod-update.js';
import { defaultResizePolicy, dropDisabledPodFields } from './pod-features.js';
import { podQosClass } from '../printers/pod-status.js';
import { validateMetadataMaps, validateObjectMeta, validatePodSpec } from './validation.js';

export interface Strategy {
  tracksGeneration: boolean;
  prepareForCreate(obj: KObject, api: ApiServer): void;
  validateCreate(obj: KObject, api: ApiServer): void;
  prepareForUpdate(obj: KObject, old: KObject, api: ApiServer): void;
  validateUpdate(obj: KObject, old: KObject, api: ApiServer): void;
  validateDelete?(obj: KObject, api: ApiServer): void;
  /**
   * A check of the requester beyond RBAC's verb on the resource (the policy-based
   * storage of the RBAC kinds refuses privilege escalation); `old` is undefined
   * on create. Runs after mutating admission, before validation.
   */
  guardWrite?(obj: KObject, old: KObject | undefined, api: ApiServer): void;
  /** Marks an object being deleted that a controller must finish (namespaces); true to keep it. */
  markForDeletion?(obj: KObject): boolean;
  /** Grace period in seconds for a delete, or undefined to remove at once. */
  gracefulDeletion?(obj: KObject, requested: number | undefined): number | undefined;
}

function throwIfAny(obj: KObject, causes: FieldCause[]): void {
  if (causes.length > 0) throw invalid(obj.kind, obj.metadata.name ?? '', causes);
}

function baseStrategy(namespaceNames = false): Strategy {
  return {
    tracksGeneration: false,
    prepareForCreate() {},
    validateCreate(obj) {
      throwIfAny(obj, validateObjectMeta(obj, namespaceNames));
    },
    prepareForUpdate() {},
    validateUpdate(obj) {
      throwIfAny(obj, validateMetadataMaps(obj));
    },
  };
}

const podStrategy: Strategy = {
  tracksGeneration: false,
  prepareForCreate(obj, api) {
    const pod = obj as Pod;
    pod.spec = pod.spec ?? ({ containers: [] } as unknown as Pod['spec']);
    defaultPodSpec(pod.spec);
    defaultResizePolicy(pod, api.store.meta.featureGates);
    dropDisabledPodFields(pod, undefined, api.store.meta.featureGates);
    pod.status = { phase: 'Pending', qosClass: podQosClass(pod) };
  },
  validateCreate(obj) {
    const pod = obj as Pod;
    throwIfAny(obj, [...validateObjectMeta(obj, false), ...validatePodSpec(pod.spec, 'spec')]);
  },
  prepareForUpdate(obj, old, api) {
    // The main resource cannot change status or the binding.
    obj.status = old.status;
    const spec = (obj as Pod).spec;
    if (spec) defaultPodSpec(spec);
    defaultResizePolicy(obj as Pod, api.store.meta.featureGates);
    dropDisabledPodFields(obj as Pod, old as Pod, api.store.meta.featureGates);
  },
  validateUpdate(obj, old) {
    throwIfAny(obj, [...validateMetadataMaps(obj), ...validatePodUpdate(obj as Pod, old as Pod)]);
  },
  gracefulDeletion(obj, requested) {
    const pod = obj as Pod;
    const phase = pod.status?.phase;
    if (!pod.spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return undefined;
    return requested ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  },
};

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const namespaceStrategy: Strategy = {
  ...baseStrategy(true),
  prepareForCreate(obj) {
    const ns = obj as Namespace;
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name! };
    ns.spec = { finalizers: ['kubernetes'] };
    ns.status = { phase: 'Active' };
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    obj.spec = old.spec;
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': old.metadata.name! };
  },
  validateDelete(obj) {
    if (PROTECTED_NAMESPACES.has(obj.metadata.name!)) {
      throw forbidden(NAMESPACE_INFO, obj.metadata.name, 'this namespace may not be deleted');
    }
  },
  // The namespace controller empties a Terminating namespace, then removes it.
  markForDeletion(obj) {
    (obj as Namespace).status = { phase: 'Terminating' };
    return true;
  },
};

const NAMESPACE_INFO = {
  name: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  group: '',
  version: 'v1',
  namespaced: false,
  kind: 'Namespace',
  verbs: [],
  served: true,
} satisfies ResourceInfo;

const secretStrategy: Strategy = {
  ...baseStrategy(),
  prepareForCreate(obj) {
    foldStringData(obj as Secret);
    (obj as Secret).type ??= 'Opaque';
  },
  prepareForUpdate(obj) {
    foldStringData(obj as Secret);
  },
};

/** `stringData` is write-only: the API server folds it into base64 `data`. */
function foldStringData(secret: Secret): void {
  if (!secret.stringData) return;
  secret.data = { ...(secret.data ?? {}) };
  for (const [k, v] of Object.entries(secret.stringData)) secret.data[k] = Buffer.from(v, 'utf8').toString('base64');
  delete secret.stringData;
}

/** APIService names are `VERSION.GROUP` path segments (`v1.` for the core group), not DNS names. */
const apiServiceStrategy: Strategy = { ...baseStrategy(), validateCreate() {} };

/** Workloads with a pod template: generation tracking and template defaulting. */
const workloadStrategy: Strategy = {
  ...baseStrategy(),
  tracksGeneration: true,
  prepareForCreate(obj) {
    defaultTemplate(obj);
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    defaultTemplate(obj);
  },
};

function defaultTemplate(obj: KObject): void {
  const spec = obj.spec as { template?: PodTemplateSpec; jobTemplate?: { spec?: { template?: PodTemplateSpec } } } | undefined;
  const template = spec?.template ?? spec?.jobTemplate?.spec?.template;
  if (template?.spec) {
    template.metadata = { creationTimestamp: null as unknown as string, ...(template.metadata ?? {}) };
    defaultPodSpec(template.spec);
  }
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

/** Strategies registered by later features (controllers, storage, RBAC) by kind. */
const EXTRA = new Map<string, Strategy>();

export function registerStrategy(kind: string, strategy: Strategy): void {
  EXTRA.set(kind, strategy);
}

export function strategyFor(r: ResourceInfo): Strategy {
  const extra = EXTRA.get(r.kind);
  if (extra) return extra;
  if (r.kind === 'Pod') return podStrategy;
  if (r.kind === 'Namespace') return namespaceStrategy;
  if (r.kind === 'Secret') return secretStrategy;
  if (r.kind === 'APIService') return apiServiceStrategy;
  if (WORKLOAD_KINDS.has(r.kind)) return workloadStrategy;
  return baseStrategy();
}

export { baseStrategy };
