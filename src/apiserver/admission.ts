// Admission plugins, in the v1.32 default order (apiserver.md §4). Each plugin
// is a small object with an optional mutate and validate step; a rejection is a
// StatusError thrown from the plugin.
import type { KObject, Pod, ServiceAccount, Toleration, Volume } from '../types/k8s.js';
import { forbidden, notFound } from './errors.js';
import { resolveResource, type ResourceInfo } from './resources.js';
import { randomSuffix } from '../util/ids.js';
import type { ApiServer, UserInfo } from './api.js';
import { limitRanger } from './admission/limitranger.js';
import { podSecurity } from './admission/podsecurity.js';
import { resourceQuota } from './admission/resourcequota.js';
import { STORAGE_ADMISSION } from './admission/default-storage-class.js';
import { admissionWebhooks } from './admission/webhooks.js';
import { traceAdmission } from './request-trail.js';

export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  resource: ResourceInfo;
  /** A write to a subresource (`ephemeralcontainers`): only the plugins that name it act. */
  subresource?: string;
  object: KObject;
  oldObject?: KObject;
  user: UserInfo;
  api: ApiServer;
}

export interface AdmissionPlugin {
  name: string;
  /** The subresources whose writes the plugin looks at (none: only the resources themselves). */
  subresources?: string[];
  mutate?(req: AdmissionRequest): void;
  validate?(req: AdmissionRequest): void;
}

const NAMESPACES = resolveResource('namespaces')!;
const SERVICE_ACCOUNTS = resolveResource('serviceaccounts')!;
const PRIORITY_CLASSES = resolveResource('priorityclasses')!;

const isPod = (req: AdmissionRequest) => req.resource.name === 'pods' && req.resource.group === '';
const isMirrorPod = (pod: KObject) => !!pod.metadata.annotations?.['kubernetes.io/config.mirror'];

const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  // Runs in the mutating phase (it implements Admit), so a missing namespace is
  // reported before any other plugin looks things up in it.
  mutate(req) {
    if (req.operation !== 'CREATE' || !req.resource.namespaced) return;
    const ns = req.api.tryGet(NAMESPACES, undefined, req.object.metadata.namespace!);
    if (!ns) throw notFound(NAMESPACES, req.object.metadata.namespace!);
    if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw forbidden(
        req.resource,
        req.object.metadata.name,
        `unable to create new content in namespace ${ns.metadata.name} because it is being terminated`,
      );
    }
  },
};

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

function apiAccessVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        {
          downwardAPI: {
            items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
          },
        },
      ],
    },
  };
}

const serviceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  mutate(req) {
    if (req.operation !== 'CREATE' || !isPod(req)) return;
    const pod = req.object as Pod;
    if (isMirrorPod(pod)) return;
    const spec = pod.spec;
    const saName = spec.serviceAccountName || 'default';
    spec.serviceAccountName = saName;
    spec.serviceAccount = saName;
    const sa = req.api.tryGet(SERVICE_ACCOUNTS, pod.metadata.namespace, saName) as ServiceAccount | undefined;
    if (!sa) {
      throw forbidden(
        req.resource,
        pod.metadata.name,
        `error looking up service account ${pod.metadata.namespace}/${saName}: serviceaccount "${saName}" not found`,
      );
    }
    if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length) {
      spec.imagePullSecrets = sa.imagePullSecrets.map((s) => ({ name: s.name }));
    }
    const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
    if (!automount) return;
    // mountServiceAccountToken: every container without a mount at the token's path gets one, of the
    // pod's kube-api-access-* volume if it has one (a pod copied from another, `kubectl debug
    // --copy-to`), else of a new one, added when some container needed it.
    const existing = (spec.volumes ?? []).find((v) => v.name.startsWith('kube-api-access-'));
    const volumeName = existing?.name ?? `kube-api-access-${randomSuffix(5)}`;
    let needed = false;
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      if (c.volumeMounts?.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT)) continue;
      c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: SERVICE_ACCOUNT_MOUNT, name: volumeName, readOnly: true }];
      needed = true;
    }
    if (!existing && needed) spec.volumes = [...(spec.volumes ?? []), apiAccessVolume(volumeName)];
  },
};

const priority: AdmissionPlugin = {
  name: 'Priority',
  mutate(req) {
    if (req.operation !== 'CREATE' || !isPod(req)) return;
    const spec = (req.object as Pod).spec;
    if (spec.priorityClassName) {
      const pc = req.api.tryGet(PRIORITY_CLASSES, undefined, spec.priorityClassName) as
        | (KObject & { value?: number; preemptionPolicy?: string })
        | undefined;
      if (!pc) {
        throw forbidden(req.resource, req.object.metadata.name, `no PriorityClass with name ${spec.priorityClassName} was found`);
      }
      spec.priority = pc.value ?? 0;
      spec.preemptionPolicy ??= pc.preemptionPolicy ?? 'PreemptLowerPriority';
      return;
    }
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
  },
};

function tolerates(list: Toleration[], key: string): boolean {
  return list.some(
    (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
  );
}

const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  mutate(req) {
    if (req.operation !== 'CREATE' || !isPod(req)) return;
    const spec = (req.object as Pod).spec;
    const list = spec.tolerations ?? [];
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      if (!tolerates(list, key)) list.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
    }
    spec.tolerations = list;
  },
};

/** The plugin chain; later issues insert LimitRanger, PodSecurity, ResourceQuota... in their places. */
export const PLUGINS: AdmissionPlugin[] = [
  namespaceLifecycle,
  limitRanger,
  serviceAccount,
  podSecurity,
  priority,
  defaultTolerationSeconds,
  ...STORAGE_ADMISSION,
  admissionWebhooks,
  resourceQuota,
];

export function admit(req: AdmissionRequest, phase: 'mutating' | 'validating'): void {
  for (const plugin of PLUGINS) {
    if (req.subresource !== undefined && !plugin.subresources?.includes(req.subresource)) continue;
    const step = phase === 'mutating' ? plugin.mutate : plugin.validate;
    if (step) traceAdmission(req, plugin.name, phase, () => step.call(plugin, req));
  }
}

