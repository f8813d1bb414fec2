// The API resources a v1.32 kind cluster (with metrics-server) serves: the
// discovery data behind `kubectl api-resources`, name resolution in `get`,
// and the store's shard names.

export interface ResourceInfo {
  /** Plural resource name, e.g. `deployments`. */
  name: string;
  singular: string;
  shortNames: string[];
  group: string;
  version: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  categories?: string[];
  /** True when kubesim stores and serves objects of this resource. */
  served: boolean;
  /** Every served version, when more than `version` (custom resources). */
  versions?: string[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

type Row = [name: string, shortNames: string, groupVersion: string, namespaced: boolean, kind: string, served?: boolean, categories?: string];

// name, shortnames, apiVersion, namespaced, kind, served by kubesim, categories
const ROWS: Row[] = [
  ['bindings', '', 'v1', true, 'Binding', false],
  ['componentstatuses', 'cs', 'v1', false, 'ComponentStatus', false],
  ['configmaps', 'cm', 'v1', true, 'ConfigMap', true],
  ['endpoints', 'ep', 'v1', true, 'Endpoints', true],
  ['events', 'ev', 'v1', true, 'Event', true],
  ['limitranges', 'limits', 'v1', true, 'LimitRange', true],
  ['namespaces', 'ns', 'v1', false, 'Namespace', true],
  ['nodes', 'no', 'v1', false, 'Node', true],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim', true],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume', true],
  ['pods', 'po', 'v1', true, 'Pod', true, 'all'],
  ['podtemplates', '', 'v1', true, 'PodTemplate', true],
  ['replicationcontrollers', 'rc', 'v1', true, 'ReplicationController', true, 'all'],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota', true],
  ['secrets', '', 'v1', true, 'Secret', true],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount', true],
  ['services', 'svc', 'v1', true, 'Service', true, 'all'],
  ['mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'MutatingWebhookConfiguration', true],
  ['validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicy', true],
  ['validatingadmissionpolicybindings', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicyBinding', true],
  ['validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingWebhookConfiguration', true],
  ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', false, 'CustomResourceDefinition', true],
  ['apiservices', '', 'apiregistration.k8s.io/v1', false, 'APIService', true],
  ['controllerrevisions', '', 'apps/v1', true, 'ControllerRevision', true],
  ['daemonsets', 'ds', 'apps/v1', true, 'DaemonSet', true, 'all'],
  ['deployments', 'deploy', 'apps/v1', true, 'Deployment', true, 'all'],
  ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet', true, 'all'],
  ['statefulsets', 'sts', 'apps/v1', true, 'StatefulSet', true, 'all'],
  ['selfsubjectreviews', '', 'authentication.k8s.io/v1', false, 'SelfSubjectReview', false],
  ['tokenreviews', '', 'authentication.k8s.io/v1', false, 'TokenReview', false],
  ['localsubjectaccessreviews', '', 'authorization.k8s.io/v1', true, 'LocalSubjectAccessReview', false],
  ['selfsubjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectAccessReview', false],
  ['selfsubjectrulesreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectRulesReview', false],
  ['subjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SubjectAccessReview', false],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler', true, 'all'],
  ['cronjobs', 'cj', 'batch/v1', true, 'CronJob', true, 'all'],
  ['jobs', '', 'batch/v1', true, 'Job', true, 'all'],
  ['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', false, 'CertificateSigningRequest', true],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease', true],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice', true],
  ['events', 'ev', 'events.k8s.io/v1', true, 'Event', false],
  ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'FlowSchema', true],
  ['prioritylevelconfigurations', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'PriorityLevelConfiguration', true],
  ['nodes', '', 'metrics.k8s.io/v1beta1', false, 'NodeMetrics', false],
  ['pods', '', 'metrics.k8s.io/v1beta1', true, 'PodMetrics', false],
  ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass', true],
  ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress', true],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy', true],
  ['runtimeclasses', '', 'node.k8s.io/v1', false, 'RuntimeClass', true],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget', true],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding', true],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole', true],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding', true],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role', true],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass', true],
  ['csidrivers', '', 'storage.k8s.io/v1', false, 'CSIDriver', true],
  ['csinodes', '', 'storage.k8s.io/v1', false, 'CSINode', true],
  ['csistoragecapacities', '', 'storage.k8s.io/v1', true, 'CSIStorageCapacity', true],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass', true],
  ['volumeattachments', '', 'storage.k8s.io/v1', false, 'VolumeAttachment', true],
];

function fromRow([name, short, gv, namespaced, kind, served = true, categories]: Row): ResourceInfo {
  const slash = gv.indexOf('/');
  return {
    name,
    singular: kind.toLowerCase(),
    shortNames: short ? short.split(',') : [],
    group: slash < 0 ? '' : gv.slice(0, slash),
    version: slash < 0 ? gv : gv.slice(slash + 1),
    namespaced,
    kind,
    verbs: CRUD,
    categories: categories ? categories.split(',') : undefined,
    served,
  };
}

export const RESOURCES: ResourceInfo[] = ROWS.map(fromRow);

const BUILT_IN = new Set(RESOURCES.map((r) => `${r.name}.${r.group}`));

/** Whether the resource is one of v1.32's own (not a custom resource of a CRD). */
export function isBuiltIn(r: ResourceInfo): boolean {
  return BUILT_IN.has(`${r.name}.${r.group}`);
}

/** Custom resources registered at run time (CRDs) are appended here by the API layer. */
export function registerResource(info: ResourceInfo): void {
  if (!RESOURCES.some((r) => r.name === info.name && r.group === info.group)) RESOURCES.push(info);
}

/** Looks up custom resources (the stored CRDs) once, when a name is not known yet; set by apiserver/crd.ts. */
let discoverCustom: (() => void) | undefined;

export function setCustomResourceDiscovery(fn: (() => void) | undefined): void {
  discoverCustom = fn;
}

/** Runs the pending custom-resource discovery; false when there was none. */
export function discoverCustomResources(): boolean {
  const fn = discoverCustom;
  if (!fn) return false;
  discoverCustom = undefined;
  fn();
  return true;
}

const hasVersion = (r: ResourceInfo, version: string) => r.version === version || !!r.versions?.includes(version);

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The store's key for a resource: `pods`, `deployments.apps`. */
export function storageKey(r: ResourceInfo): string {
  return r.group ? `${r.name}.${r.group}` : r.name;
}

/** `pod`, `deployment.apps`: how kubectl names a kind in `-o name` and multi-kind tables. */
export function qualifiedKind(r: ResourceInfo): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** `pods`, `deployments.apps`: how error messages name a resource. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.name}.${r.group}` : r.name;
}

// Groups in the order kubectl prefers them when a bare name is ambiguous
// (`events` is core before events.k8s.io; `pods` is core before metrics.k8s.io).
function preferenceRank(r: ResourceInfo): number {
  if (r.group === '') return 0;
  if (r.group === 'metrics.k8s.io' || r.group === 'events.k8s.io') return 2;
  return 1;
}

/**
 * Resolves what a user typed (`po`, `pods`, `pod`, `deployments.apps`,
 * `deploy.v1.apps`) to a resource, or undefined.
 */
export function resolveResource(typed: string): ResourceInfo | undefined {
  return resolveKnown(typed) ?? (discoverCustomResources() ? resolveKnown(typed) : undefined);
}

function resolveKnown(typed: string): ResourceInfo | undefined {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  let rest = dot < 0 ? '' : lower.slice(dot + 1);
  const candidates = RESOURCES.filter(
    (r) => r.name === base || r.singular === base || r.shortNames.includes(base),
  );
  if (rest) {
    // `deployments.v1.apps` carries a version before the group.
    const m = /^(v[0-9]+(?:(?:alpha|beta)[0-9]+)?)\.(.*)$/.exec(rest);
    const version = m ? m[1] : undefined;
    if (m) rest = m[2]!;
    return candidates.find((r) => (r.group === rest || r.group.startsWith(rest + '.')) && (!version || hasVersion(r, version)));
  }
  return [...candidates].sort((a, b) => preferenceRank(a) - preferenceRank(b))[0];
}

/** The resource that serves objects of `apiVersion` + `kind` (what a manifest names). */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const find = () => RESOURCES.find((r) => r.kind === kind && r.group === group && hasVersion(r, version));
  return find() ?? (discoverCustomResources() ? find() : undefined);
}

/** Resources of one category (`all`), in discovery order. */
export function resourcesInCategory(category: string): ResourceInfo[] {
  return RESOURCES.filter((r) => r.categories?.includes(category));
}
