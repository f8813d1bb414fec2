// API strategies for storage kinds (pkg/registry/core/persistentvolume{,claim},
// pkg/registry/storage/storageclass, pkg/apis/core/validation): defaulting,
// status handling, validation and update rules with the API server's texts.
import type { KObject } from '../../types/k8s.js';
import { baseStrategy, registerStrategy, type Strategy } from '../../apiserver/strategies.js';
import { forbidden, invalid, type FieldCause } from '../../apiserver/errors.js';
import { resolveResource } from '../../apiserver/resources.js';
import { validateDnsSubdomain, validateObjectMeta } from '../../apiserver/validation.js';
import { parseQuantityExact } from '../../util/quantity.js';
import { rfc3339 } from '../../util/duration.js';
import type { PVCObject, PVObject, StorageClassObject } from '../volume-binding.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
/** PersistentVolumeSource members (one and only one may be set). */
const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
  'scaleIO', 'local', 'storageos', 'csi',
];

const notSupported = (field: string, value: string, supported: string[]): FieldCause => ({
  field,
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

function throwIfAny(obj: KObject, causes: FieldCause[]): void {
  if (causes.length) throw invalid(obj.kind, obj.metadata.name ?? '', causes);
}

function validateAccessModes(modes: string[] | undefined, field: string, requiredDetail: string, causes: FieldCause[]): void {
  const list = modes ?? [];
  if (list.length === 0) causes.push({ field, message: requiredDetail ? `Required value: ${requiredDetail}` : 'Required value' });
  for (const m of list) if (!ACCESS_MODES.includes(m)) causes.push(notSupported(field, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) {
    causes.push({ field, message: 'Forbidden: may not use ReadWriteOncePod with other access modes' });
  }
}

/** ValidatePositiveQuantityValue for a storage quantity. */
function validatePositive(value: string, field: string, causes: FieldCause[]): void {
  try {
    const q = parseQuantityExact(String(value));
    if (q.nanos <= 0n) causes.push({ field, message: `Invalid value: ${JSON.stringify(String(value))}: must be greater than zero` });
  } catch {
    causes.push({ field, message: `Invalid value: ${JSON.stringify(String(value))}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` });
  }
}

// ---------------------------------------------------------------- PersistentVolumeClaim

function pvcDefaults(pvc: PVCObject): void {
  const spec = (pvc.spec ??= {});
  spec.volumeMode ??= 'Filesystem';
}

export function validatePvcSpec(pvc: PVCObject): FieldCause[] {
  const spec = pvc.spec ?? {};
  const causes: FieldCause[] = [];
  validateAccessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required', causes);
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) causes.push({ field: 'spec.resources[storage]', message: 'Required value' });
  else validatePositive(storage, 'spec.resources[storage]', causes);
  if (spec.storageClassName) {
    for (const c of validateDnsSubdomain('spec.storageClassName', spec.storageClassName)) causes.push(c);
  }
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) causes.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  return causes;
}

const pvcInfo = () => resolveResource('persistentvolumeclaims')!;

const pvcStrategy: Strategy = {
  ...baseStrategy(),
  prepareForCreate(obj) {
    const pvc = obj as PVCObject;
    pvcDefaults(pvc);
    pvc.status = { phase: 'Pending' };
  },
  validateCreate(obj) {
    throwIfAny(obj, [...validateObjectMeta(obj, false), ...validatePvcSpec(obj as PVCObject)]);
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    pvcDefaults(obj as PVCObject);
  },
  validateUpdate(obj, old, api) {
    const pvc = obj as PVCObject;
    const was = old as PVCObject;
    const causes = validatePvcSpec(pvc);
    // Spec is immutable except: volumeName once (the binder), the class once when unset
    // (retroactive default class), storage requests of bound claims, volumeAttributesClassName.
    const a = structuredClone(was.spec ?? {});
    const b = structuredClone(pvc.spec ?? {});
    if (!a.volumeName) a.volumeName = b.volumeName;
    if (a.storageClassName === undefined && !a.volumeName) a.storageClassName = b.storageClassName;
    a.volumeAttributesClassName = b.volumeAttributesClassName;
    const bound = was.status?.phase === 'Bound';
    if (bound && a.resources?.requests && b.resources?.requests) b.resources.requests.storage = a.resources.requests.storage;
    if (JSON.stringify(normalize(a)) !== JSON.stringify(normalize(b))) {
      causes.push({ field: 'spec', message: 'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' });
    }
    const oldSize = was.spec?.resources?.requests?.storage;
    const newSize = pvc.spec?.resources?.requests?.storage;
    if (oldSize && newSize && cmpQty(newSize, oldSize) < 0) {
      causes.push({ field: 'spec.resources.requests.storage', message: 'Forbidden: field can not be less than previous value' });
    }
    throwIfAny(obj, causes);
    // PersistentVolumeClaimResize admission: growing needs a class that allows expansion.
    if (oldSize && newSize && cmpQty(newSize, oldSize) > 0) {
      const cls = pvc.spec?.storageClassName;
      const sc = cls ? (api.store.get('storageclasses.storage.k8s.io', undefined, cls) as (StorageClassObject & { allowVolumeExpansion?: boolean }) | undefined) : undefined;
      if (!sc?.allowVolumeExpansion) {
        throw forbidden(pvcInfo(), pvc.metadata.name, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
      }
    }
  },
};

function cmpQty(a: string, b: string): number {
  try {
    const x = parseQuantityExact(a).nanos;
    const y = parseQuantityExact(b).nanos;
    return x < y ? -1 : x > y ? 1 : 0;
  } catch {
    return 0;
  }
}

/** Key order does not matter for the immutability check. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = normalize(x);
    }
    return out;
  }
  return v;
}

// ---------------------------------------------------------------- PersistentVolume

function pvDefaults(pv: PVObject): void {
  const spec = (pv.spec ??= {});
  spec.persistentVolumeReclaimPolicy ??= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  if (spec.hostPath) spec.hostPath.type ??= '';
}

export function validatePvSpec(pv: PVObject): FieldCause[] {
  const spec = pv.spec ?? {};
  const causes: FieldCause[] = [];
  validateAccessModes(spec.accessModes, 'spec.accessModes', '', causes);
  const capacity = spec.capacity;
  if (!capacity || Object.keys(capacity).length === 0) {
    causes.push({ field: 'spec.capacity', message: 'Required value' });
    causes.push({ field: 'spec.capacity', message: `Unsupported value: core.ResourceList${capacity ? '{}' : '(nil)'}: supported values: "storage"` });
  } else {
    for (const [k, v] of Object.entries(capacity)) {
      if (k !== 'storage') causes.push({ field: 'spec.capacity', message: `Unsupported value: ${JSON.stringify(k)}: supported values: "storage"` });
      validatePositive(v, `spec.capacity[${k}]`, causes);
    }
  }
  if (spec.storageClassName) causes.push(...validateDnsSubdomain('spec.storageClassName', spec.storageClassName));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !RECLAIM_POLICIES.includes(policy)) causes.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) causes.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  let sources = 0;
  for (const s of PV_SOURCES) {
    if (spec[s] === undefined || spec[s] === null) continue;
    if (sources > 0) {
      causes.push({ field: `spec.${s}`, message: 'Forbidden: may not specify more than 1 volume type' });
      continue;
    }
    sources++;
    if (s === 'hostPath') {
      const hp = spec.hostPath!;
      if (!hp.path) causes.push({ field: 'spec.hostPath.path', message: 'Required value' });
      else if (hp.path.split('/').includes('..')) causes.push({ field: 'spec.hostPath.path', message: `Invalid value: ${JSON.stringify(hp.path)}: must not contain '..'` });
      if (hp.type !== undefined && !HOST_PATH_TYPES.includes(hp.type)) causes.push(notSupported('spec.hostPath.type', hp.type, HOST_PATH_TYPES));
    }
    if (s === 'local') {
      const l = spec.local!;
      if (!l.path) causes.push({ field: 'spec.local.path', message: 'Required value' });
      if (!spec.nodeAffinity) causes.push({ field: 'spec.nodeAffinity', message: 'Required value: Local volume requires node affinity' });
    }
  }
  if (sources === 0) causes.push({ field: 'spec', message: 'Required value: must specify a volume type' });
  if (spec.hostPath?.path && spec.hostPath.path.replace(/\/+$/, '') === '' && policy === 'Recycle') {
    causes.push({ field: 'spec.persistentVolumeReclaimPolicy', message: "Forbidden: may not be 'recycle' for a hostPath mount of '/'" });
  }
  return causes;
}

const pvSource = (pv: PVObject) => {
  const out: Record<string, unknown> = {};
  for (const s of PV_SOURCES) if (pv.spec?.[s] !== undefined) out[s] = pv.spec[s];
  return normalize(out);
};

const pvStrategy: Strategy = {
  ...baseStrategy(),
  prepareForCreate(obj, api) {
    const pv = obj as PVObject;
    pvDefaults(pv);
    pv.status = { lastPhaseTransitionTime: rfc3339(api.now), phase: 'Pending' };
  },
  validateCreate(obj) {
    throwIfAny(obj, [...validateObjectMeta(obj, false), ...validatePvSpec(obj as PVObject)]);
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    pvDefaults(obj as PVObject);
  },
  validateUpdate(obj, old) {
    const pv = obj as PVObject;
    const was = old as PVObject;
    const causes = validatePvSpec(pv);
    if (JSON.stringify(pvSource(pv)) !== JSON.stringify(pvSource(was))) {
      causes.push({ field: 'spec.persistentvolumesource', message: 'Forbidden: spec.persistentvolumesource is immutable after creation' });
    }
    if ((pv.spec?.volumeMode ?? '') !== (was.spec?.volumeMode ?? '')) {
      causes.push({ field: 'volumeMode', message: `Invalid value: ${JSON.stringify(pv.spec?.volumeMode ?? '')}: field is immutable` });
    }
    if (was.spec?.nodeAffinity && JSON.stringify(normalize(was.spec.nodeAffinity)) !== JSON.stringify(normalize(pv.spec?.nodeAffinity))) {
      causes.push({ field: 'nodeAffinity', message: 'Invalid value: "object": field is immutable' });
    }
    throwIfAny(obj, causes);
  },
};

// ---------------------------------------------------------------- StorageClass

const SC_RECLAIM = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

function scDefaults(sc: StorageClassObject): void {
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}

const scStrategy: Strategy = {
  ...baseStrategy(),
  prepareForCreate(obj) {
    scDefaults(obj as StorageClassObject);
  },
  validateCreate(obj) {
    const sc = obj as StorageClassObject;
    const causes = validateObjectMeta(obj, false);
    if (!sc.provisioner) causes.push({ field: 'provisioner', message: 'Required value' });
    if (sc.reclaimPolicy && !SC_RECLAIM.includes(sc.reclaimPolicy)) causes.push(notSupported('reclaimPolicy', sc.reclaimPolicy, SC_RECLAIM));
    if (sc.volumeBindingMode && !BINDING_MODES.includes(sc.volumeBindingMode)) causes.push(notSupported('volumeBindingMode', sc.volumeBindingMode, BINDING_MODES));
    throwIfAny(obj, causes);
  },
  prepareForUpdate(obj) {
    scDefaults(obj as StorageClassObject);
  },
  validateUpdate(obj, old) {
    const sc = obj as StorageClassObject;
    const was = old as StorageClassObject;
    const causes: FieldCause[] = [];
    if (JSON.stringify(normalize(sc.parameters ?? {})) !== JSON.stringify(normalize(was.parameters ?? {}))) causes.push({ field: 'parameters', message: 'Forbidden: updates to parameters are forbidden.' });
    if (sc.provisioner !== was.provisioner) causes.push({ field: 'provisioner', message: 'Forbidden: updates to provisioner are forbidden.' });
    if (sc.reclaimPolicy !== was.reclaimPolicy) causes.push({ field: 'reclaimPolicy', message: 'Forbidden: updates to reclaimPolicy are forbidden.' });
    if (sc.volumeBindingMode !== was.volumeBindingMode) causes.push({ field: 'volumeBindingMode', message: `Invalid value: ${JSON.stringify(sc.volumeBindingMode ?? '')}: field is immutable` });
    throwIfAny(obj, causes);
  },
};

registerStrategy('PersistentVolumeClaim', pvcStrategy);
registerStrategy('PersistentVolume', pvStrategy);
registerStrategy('StorageClass', scStrategy);
