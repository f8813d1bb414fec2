// Discovery documents (/api, /api/v1, /apis, /apis/GROUP/VERSION, /version),
// built from the same resource table as `kubectl api-resources`
// (src/apiserver/resources.ts). Aggregated discovery (apidiscovery.k8s.io/v2)
// is not served: the answer to such an Accept is the legacy document with a
// plain `application/json` content type, and client-go falls back to the
// legacy per-group requests, as it does against an older server.
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../apiserver/resources.js';

export { SERVER_VERSION } from '../cluster/version.js';

/** Subresources a v1.32 server lists in discovery, per resource (kubesim serves some of them). */
const SUBRESOURCES: Record<string, { name: string; kind: string; verbs: string[]; group?: string; version?: string }[]> = {
  pods: [
    { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
    { name: 'binding', kind: 'Binding', verbs: ['create'] },
    { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    { name: 'eviction', kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
    { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    { name: 'log', kind: 'Pod', verbs: ['get'] },
    { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    { name: 'resize', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  ],
  serviceaccounts: [{ name: 'token', kind: 'TokenRequest', verbs: ['create'], group: 'authentication.k8s.io', version: 'v1' }],
  deployments: [
    { name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' },
    { name: 'status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
  ],
  replicasets: [
    { name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' },
    { name: 'status', kind: 'ReplicaSet', verbs: ['get', 'patch', 'update'] },
  ],
  statefulsets: [
    { name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' },
    { name: 'status', kind: 'StatefulSet', verbs: ['get', 'patch', 'update'] },
  ],
};

const STATUS_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'ReplicationController', 'ResourceQuota', 'Service',
  'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'CertificateSigningRequest',
  'APIService', 'CustomResourceDefinition', 'VolumeAttachment', 'FlowSchema', 'PriorityLevelConfiguration',
  'ValidatingAdmissionPolicy',
]);

/** Every version a resource is served at (a custom resource's served versions, in the CRD's order). */
const versionsOf = (r: ResourceInfo): string[] => r.versions ?? [r.version];

/** Group versions in discovery order (core first, then the groups as the table lists them). */
function groupVersions(): string[] {
  const out: string[] = [];
  for (const r of RESOURCES) {
    for (const version of versionsOf(r)) {
      const gv = apiVersionOf({ ...r, version });
      if (!out.includes(gv)) out.push(gv);
    }
  }
  return out;
}

export function apiVersions(): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '172.18.0.2:6443' }],
  };
}

/** The APIGroup of `group`: its versions, the first preferred. */
function groupEntry(group: string, gvs: string[]): Record<string, unknown> {
  const versions = gvs.map((gv) => ({ groupVersion: gv, version: gv.slice(group.length + 1) }));
  return { name: group, versions, preferredVersion: versions[0] };
}

function groups(): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const gv of groupVersions().filter((g) => g.includes('/'))) {
    const group = gv.slice(0, gv.indexOf('/'));
    byGroup.set(group, [...(byGroup.get(group) ?? []), gv]);
  }
  return byGroup;
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups()].map(([group, gvs]) => groupEntry(group, gvs)) };
}

export function apiGroup(group: string): Record<string, unknown> | undefined {
  const gvs = groups().get(group);
  return gvs ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, gvs) } : undefined;
}

function resourceEntry(r: ResourceInfo): Record<string, unknown> {
  const e: Record<string, unknown> = {
    name: r.name,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: [...r.verbs],
  };
  if (r.shortNames.length) e.shortNames = [...r.shortNames];
  if (r.categories?.length) e.categories = [...r.categories];
  return e;
}

export function apiResourceList(groupVersion: string): Record<string, unknown> | undefined {
  const own = RESOURCES.filter((r) => versionsOf(r).some((version) => apiVersionOf({ ...r, version }) === groupVersion));
  if (own.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of own) {
    resources.push(resourceEntry(r));
    const subs = SUBRESOURCES[r.name] ?? (STATUS_KINDS.has(r.kind) ? [{ name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] }] : []);
    for (const s of subs) {
      const e: Record<string, unknown> = { name: `${r.name}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group) e.group = s.group;
      if (s.version) e.version = s.version;
      resources.push(e);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** The resource a REST path names, by group, version and plural name. */
export function lookupResource(group: string, version: string, name: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && versionsOf(r).includes(version) && r.name === name);
}
