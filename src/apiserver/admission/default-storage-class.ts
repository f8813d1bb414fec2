// DefaultStorageClass and StorageObjectInUseProtection admission (apiserver.md
// §4.6; plugin/pkg/admission/storage/*). The first gives a new claim without a
// class the default StorageClass; the second puts the protection finalizers on
// new claims and volumes, which the PV controller removes once they are unused.
import type { AdmissionPlugin, AdmissionRequest } from '../admission.js';
import { claimHasClass, defaultStorageClass, type PVCObject } from '../../cluster/volume-binding.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

const isCore = (req: AdmissionRequest, name: string) => req.resource.group === '' && req.resource.name === name;

export const defaultStorageClassPlugin: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  mutate(req) {
    if (req.operation !== 'CREATE' || !isCore(req, 'persistentvolumeclaims')) return;
    const pvc = req.object as PVCObject;
    if (claimHasClass(pvc)) return;
    const store = req.api.store;
    const def = defaultStorageClass({
      get: (resource, namespace, name) => store.get(resource, namespace, name),
      list: (resource, namespace) => store.list(resource, namespace),
    });
    if (!def) return;
    pvc.spec = { ...(pvc.spec ?? {}), storageClassName: def.metadata.name! };
  },
};

function addFinalizer(req: AdmissionRequest, finalizer: string): void {
  const meta = req.object.metadata;
  if (meta.finalizers?.includes(finalizer)) return;
  meta.finalizers = [...(meta.finalizers ?? []), finalizer];
}

export const storageObjectInUseProtection: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  mutate(req) {
    if (req.operation !== 'CREATE') return;
    if (isCore(req, 'persistentvolumeclaims')) addFinalizer(req, PVC_PROTECTION);
    else if (isCore(req, 'persistentvolumes')) addFinalizer(req, PV_PROTECTION);
  },
};

/** Both storage plugins, in their v1.32 order (after DefaultTolerationSeconds). */
export const STORAGE_ADMISSION: AdmissionPlugin[] = [defaultStorageClassPlugin, storageObjectInUseProtection];
