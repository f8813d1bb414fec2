// Server-side table printers (get.md §2): for each kind, the column definitions
// and the row cells the API server returns for `kubectl get`. The server always
// generates the wide form; kubectl drops priority-1 columns unless `-o wide`.
// This module is pure data: layout (tabwriter, NAMESPACE/LABELS columns) is done
// elsewhere.

import { formatLabelSelector, formatLabels, labelSelectorFromObject, selectorToString } from '../apiserver/selectors.js';
import type {
  Condition,
  ConfigMap,
  Container,
  Event,
  KObject,
  LabelSelector,
  Labels,
  Namespace,
  Node,
  ObjectReference,
  Pod,
  PodDisruptionBudget,
  PodTemplateSpec,
  ResourceList,
  Secret,
  Service,
  ServiceAccount,
  ServicePort,
} from '../types/k8s.js';
import { humanDuration } from '../util/duration.js';
import { canonicalQuantity } from '../util/quantity.js';
import { podStatusCells } from './pod-status.js';

export interface TableColumn {
  /** Header as kubectl prints it (upper-cased server column name). */
  name: string;
  /** 0 = always shown, 1 = only with `-o wide`. */
  priority: number;
}

export interface TableRow {
  cells: string[];
  object: KObject;
}

export interface Table {
  columns: TableColumn[];
  rows: TableRow[];
}

export interface Printer {
  columns: TableColumn[];
  /** Cells for every column, wide ones included. */
  row(obj: KObject, now: number): string[];
}

// ---------------------------------------------------------------- cell helpers

function col(name: string, priority = 0): TableColumn {
  return { name, priority };
}

function cols(names: string, wide = ''): TableColumn[] {
  const split = (s: string) => (s ? s.split('|') : []);
  return [...split(names).map((n) => col(n)), ...split(wide).map((n) => col(n, 1))];
}

function timeMs(ts: string | null | undefined): number {
  if (!ts) return 0;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? 0 : ms;
}

/** translateTimestampSince: HumanDuration since `ts`, `<unknown>` for an unset time. */
export function ageCell(ts: string | null | undefined, now: number): string {
  const ms = timeMs(ts);
  return ms === 0 ? '<unknown>' : humanDuration(now - ms);
}

/** RFC 3339 in UTC, seconds precision, as the default table's CREATED AT cell. */
function createdAtCell(ts: string | undefined): string {
  const ms = timeMs(ts);
  return ms === 0 ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function age(obj: KObject, now: number): string {
  return ageCell(obj.metadata.creationTimestamp, now);
}

function name(obj: KObject): string {
  return obj.metadata.name ?? '';
}

function orDefault(value: string | undefined | null, fallback: string): string {
  return value ? value : fallback;
}

/** Go `%v` of an optional integer field (unset prints 0). */
function int(n: number | undefined | null): string {
  return `${n ?? 0}`;
}

/** printBoolPtr: True / False / <unset>. */
function boolPtr(b: boolean | undefined): string {
  return b === undefined ? '<unset>' : b ? 'True' : 'False';
}

/** Whether the first condition of `type` is True (later duplicates are ignored, as on the server). */
function hasTrueCondition(conditions: Condition[] | undefined, type: string): boolean {
  return (conditions ?? []).find((c) => c.type === type)?.status === 'True';
}

/** CONTAINERS and IMAGES wide cells: names and images joined by `,`. */
function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** Deployment's SELECTOR: Selector.String(), so empty is blank, not `<none>`. */
function selectorString(ls: LabelSelector | undefined): string {
  try {
    return selectorToString(labelSelectorFromObject(ls));
  } catch {
    return '<invalid>';
  }
}

/** Access modes in the fixed RWO,ROX,RWX,RWOP order, duplicates dropped. */
function accessModesCell(modes: string[] | undefined): string {
  const abbrev: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  const set = new Set(modes ?? []);
  return abbrev.filter(([mode]) => set.has(mode)).map(([, short]) => short).join(',');
}

/** A quantity's String(); an absent one is the zero quantity `0`. */
function quantityCell(q: string | undefined): string {
  if (q === undefined) return '0';
  try {
    return canonicalQuantity(q);
  } catch {
    return q;
  }
}

// ---------------------------------------------------------------- object shapes
// Only the fields read here; the shared types cover the core kinds.

interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
}
type Workload = KObject & { spec?: WorkloadSpec; status?: Record<string, number | undefined> };

interface JobSpec extends WorkloadSpec {
  completions?: number;
  parallelism?: number;
}
type Job = KObject & {
  spec?: JobSpec;
  status?: { succeeded?: number; startTime?: string; completionTime?: string; conditions?: Condition[] };
};

type CronJob = KObject & {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: JobSpec };
  };
  status?: { active?: ObjectReference[]; lastScheduleTime?: string };
};


interface EndpointSubset {
  addresses?: { ip: string }[];
  ports?: { port: number }[];
}
type Endpoints = KObject & { subsets?: EndpointSubset[] };

type PersistentVolume = KObject & {
  spec?: {
    capacity?: ResourceList;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: ObjectReference;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
  };
  status?: { phase?: string; reason?: string };
};

type PersistentVolumeClaim = KObject & {
  spec?: { volumeName?: string; storageClassName?: string; volumeAttributesClassName?: string; volumeMode?: string };
  status?: { phase?: string; capacity?: ResourceList; accessModes?: string[] };
};

type StorageClass = KObject & {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
};

type ResourceQuota = KObject & { status?: { hard?: ResourceList; used?: ResourceList } };

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}
type RoleBinding = KObject & { roleRef?: { kind: string; name: string }; subjects?: Subject[] };

type APIService = KObject & {
  spec?: { service?: { namespace?: string; name?: string } | null };
  status?: { conditions?: Condition[] };
};

type PriorityClass = KObject & { value?: number; globalDefault?: boolean; preemptionPolicy?: string };

// ---------------------------------------------------------------- core printers

function podRow(obj: KObject, now: number): string[] {
  const pod = obj as Pod;
  const { ready, status, restarts } = podStatusCells(pod, now);
  const ip = orDefault(pod.status?.podIPs?.[0]?.ip, '<none>');
  const node = orDefault(pod.spec?.nodeName, '<none>');
  const nominated = orDefault(pod.status?.nominatedNodeName, '<none>');
  return [name(pod), ready, status, restarts, age(pod, now), ip, node, nominated, readinessGatesCell(pod)];
}

/** `T/N`: N gates, T of them with a True condition of that type. */
function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  // Only the first condition of a type counts, as the server's loop breaks on it.
  const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueCount}/${gates.length}`;
}

function nodeRow(obj: KObject, now: number): string[] {
  const node = obj as Node;
  const info = node.status?.nodeInfo;
  return [
    name(node),
    nodeStatusCell(node),
    nodeRolesCell(node.metadata.labels),
    age(node, now),
    info?.kubeletVersion ?? '',
    nodeAddress(node, 'InternalIP'),
    nodeAddress(node, 'ExternalIP'),
    orDefault(info?.osImage, '<unknown>'),
    orDefault(info?.kernelVersion, '<unknown>'),
    orDefault(info?.containerRuntimeVersion, '<unknown>'),
  ];
}

function nodeStatusCell(node: Node): string {
  // The last Ready condition wins, as the server builds a map keyed by type.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRolesCell(labels: Labels | undefined): string {
  const prefix = 'node-role.kubernetes.io/';
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(prefix) && k.length > prefix.length) roles.add(k.slice(prefix.length));
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

function namespaceRow(obj: KObject, now: number): string[] {
  return [name(obj), (obj as Namespace).status?.phase ?? '', age(obj, now)];
}

function eventRow(obj: KObject, now: number): string[] {
  const ev = obj as Event;
  const first = timeMs(ev.firstTimestamp) ? ageCell(ev.firstTimestamp, now) : ageCell(ev.eventTime, now);
  let last = timeMs(ev.lastTimestamp) ? ageCell(ev.lastTimestamp, now) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = ageCell(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
  const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
  return [
    last,
    ev.type ?? '',
    ev.reason ?? '',
    target,
    ev.involvedObject?.fieldPath ?? '',
    eventSourceCell(ev),
    (ev.message ?? '').trim(),
    first,
    `${count}`,
    name(ev),
  ];
}

function eventSourceCell(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

function configMapRow(obj: KObject, now: number): string[] {
  const cm = obj as ConfigMap;
  const count = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
  return [name(cm), `${count}`, age(cm, now)];
}

function secretRow(obj: KObject, now: number): string[] {
  const s = obj as Secret;
  return [name(s), s.type ?? '', `${Object.keys(s.data ?? {}).length}`, age(s, now)];
}

function serviceAccountRow(obj: KObject, now: number): string[] {
  const sa = obj as ServiceAccount;
  return [name(sa), `${(sa.secrets ?? []).length}`, age(sa, now)];
}

// ---------------------------------------------------------------- storage printers

function persistentVolumeRow(obj: KObject, now: number): string[] {
  const pv = obj as PersistentVolume;
  const spec = pv.spec ?? {};
  const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
  const phase = pv.metadata.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '';
  return [
    name(pv),
    quantityCell(spec.capacity?.storage),
    accessModesCell(spec.accessModes),
    spec.persistentVolumeReclaimPolicy ?? '',
    phase,
    claim,
    storageClassCell(pv, spec.storageClassName),
    spec.volumeAttributesClassName ?? '<unset>',
    pv.status?.reason ?? '',
    age(pv, now),
    spec.volumeMode ?? '<unset>',
  ];
}

/** The beta storage-class annotation, when present, overrides storageClassName. */
function storageClassCell(obj: KObject, className: string | undefined): string {
  const beta = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return beta ?? className ?? '';
}

function persistentVolumeClaimRow(obj: KObject, now: number): string[] {
  const pvc = obj as PersistentVolumeClaim;
  const spec = pvc.spec ?? {};
  const phase = pvc.metadata.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '';
  // Capacity and access modes are only shown once the claim is bound to a volume.
  const bound = Boolean(spec.volumeName);
  return [
    name(pvc),
    phase,
    spec.volumeName ?? '',
    bound ? quantityCell(pvc.status?.capacity?.storage) : '',
    bound ? accessModesCell(pvc.status?.accessModes) : '',
    storageClassCell(pvc, spec.storageClassName),
    spec.volumeAttributesClassName ?? '<unset>',
    age(pvc, now),
    spec.volumeMode ?? '<unset>',
  ];
}

function storageClassRow(obj: KObject, now: number): string[] {
  const sc = obj as StorageClass;
  const ann = sc.metadata.annotations ?? {};
  const isDefault =
    ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  return [
    isDefault ? `${name(sc)} (default)` : name(sc),
    sc.provisioner ?? '',
    sc.reclaimPolicy ?? 'Delete',
    sc.volumeBindingMode ?? 'Immediate',
    `${sc.allowVolumeExpansion ?? false}`,
    age(sc, now),
  ];
}

// ---------------------------------------------------------------- workload printers

function desiredReplicas(spec: WorkloadSpec | undefined): number {
  return spec?.replicas ?? 1; // the API server defaults replicas to 1
}

function deploymentRow(obj: KObject, now: number): string[] {
  const d = obj as Workload;
  const st = d.status ?? {};
  const [names, images] = containerCells(d.spec?.template?.spec?.containers);
  return [
    name(d),
    `${int(st.readyReplicas)}/${desiredReplicas(d.spec)}`,
    int(st.updatedReplicas),
    int(st.availableReplicas),
    age(d, now),
    names,
    images,
    selectorString(d.spec?.selector),
  ];
}

function replicaSetRow(obj: KObject, now: number): string[] {
  const rs = obj as Workload;
  const st = rs.status ?? {};
  const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
  return [
    name(rs),
    `${desiredReplicas(rs.spec)}`,
    int(st.replicas),
    int(st.readyReplicas),
    age(rs, now),
    names,
    images,
    formatLabelSelector(rs.spec?.selector),
  ];
}

function statefulSetRow(obj: KObject, now: number): string[] {
  const sts = obj as Workload;
  const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
  return [name(sts), `${int(sts.status?.readyReplicas)}/${desiredReplicas(sts.spec)}`, age(sts, now), names, images];
}

function daemonSetRow(obj: KObject, now: number): string[] {
  const ds = obj as Workload;
  const st = ds.status ?? {};
  const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
  return [
    name(ds),
    int(st.desiredNumberScheduled),
    int(st.currentNumberScheduled),
    int(st.numberReady),
    int(st.updatedNumberScheduled),
    int(st.numberAvailable),
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    age(ds, now),
    names,
    images,
    formatLabelSelector(ds.spec?.selector),
  ];
}

function jobRow(obj: KObject, now: number): string[] {
  const job = obj as Job;
  const [names, images] = containerCells(job.spec?.template?.spec?.containers);
  return [
    name(job),
    jobStatusCell(job),
    jobCompletionsCell(job),
    jobDurationCell(job, now),
    age(job, now),
    names,
    images,
    formatLabelSelector(job.spec?.selector),
  ];
}

function jobStatusCell(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasTrueCondition(conditions, 'Complete')) return 'Complete';
  if (hasTrueCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasTrueCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasTrueCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletionsCell(job: Job): string {
  const succeeded = int(job.status?.succeeded);
  const spec = job.spec ?? {};
  if (spec.completions !== undefined && spec.completions !== null) return `${succeeded}/${spec.completions}`;
  const parallelism = spec.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDurationCell(job: Job, now: number): string {
  const start = timeMs(job.status?.startTime);
  if (!job.status?.startTime) return '';
  const end = job.status.completionTime ? timeMs(job.status.completionTime) : now;
  return humanDuration(end - start);
}

function cronJobRow(obj: KObject, now: number): string[] {
  const cj = obj as CronJob;
  const spec = cj.spec ?? {};
  const jobSpec = spec.jobTemplate?.spec;
  const last = cj.status?.lastScheduleTime ? ageCell(cj.status.lastScheduleTime, now) : '<none>';
  const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
  return [
    name(cj),
    spec.schedule ?? '',
    spec.timeZone ?? '<none>',
    boolPtr(spec.suspend ?? false), // batch/v1 defaults suspend to false
    `${(cj.status?.active ?? []).length}`,
    last,
    age(cj, now),
    names,
    images,
    formatLabelSelector(jobSpec?.selector),
  ];
}

// ---------------------------------------------------------------- networking printers

function serviceRow(obj: KObject, now: number): string[] {
  const svc = obj as Service;
  const spec = svc.spec ?? {};
  return [
    name(svc),
    serviceType(svc),
    spec.clusterIPs?.[0] ?? '<none>',
    serviceExternalIpCell(svc),
    servicePortsCell(spec.ports),
    age(svc, now),
    formatLabels(spec.selector),
  ];
}

/** spec.type, with the API server's default for objects stored without one. */
function serviceType(svc: Service): string {
  return svc.spec?.type ?? 'ClusterIP';
}

// The server renders tables in wide mode, so load-balancer addresses are never
// shortened with `...` in what kubectl receives.
function serviceExternalIpCell(svc: Service): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (serviceType(svc)) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...[...new Set(ingress)].sort(), ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function servicePortsCell(ports: ServicePort[] | undefined): string {
  if (!ports || ports.length === 0) return '<none>';
  return ports
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

function endpointsRow(obj: KObject, now: number): string[] {
  return [name(obj), endpointsCell(obj as Endpoints), age(obj, now)];
}

/** First three `ip:port` pairs, then ` + N more...`. */
function endpointsCell(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const all: string[] = [];
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    // Headless services may have no ports: their addresses count as bare IPs.
    if (!ss.ports || ss.ports.length === 0) {
      all.push(...addresses.map((a) => a.ip));
      continue;
    }
    for (const port of ss.ports) all.push(...addresses.map((a) => joinHostPort(a.ip, port.port)));
  }
  const shown = all.slice(0, 3).join(',');
  return all.length > 3 ? `${shown} + ${all.length - 3} more...` : shown;
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

// ---------------------------------------------------------------- policy and RBAC printers

function resourceQuotaRow(obj: KObject, now: number): string[] {
  const rq = obj as ResourceQuota;
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const key of Object.keys(hard).sort()) {
    const pieces = key.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
    target.push(`${key}: ${quantityCell(used[key])}/${quantityCell(hard[key])}`);
  }
  return [name(rq), age(rq, now), requests.join(', '), limits.join(', ')];
}

/** IntOrString.String() of a budget bound, `N/A` when unset. */
function intOrStringCell(v: number | string | undefined | null): string {
  return v === undefined || v === null ? 'N/A' : String(v);
}

function podDisruptionBudgetRow(obj: KObject, now: number): string[] {
  const pdb = obj as PodDisruptionBudget;
  return [name(pdb), intOrStringCell(pdb.spec?.minAvailable), intOrStringCell(pdb.spec?.maxUnavailable), int(pdb.status?.disruptionsAllowed), age(pdb, now)];
}

function roleBindingRow(obj: KObject, now: number): string[] {
  const rb = obj as RoleBinding;
  const subjects = rb.subjects ?? [];
  const ofKind = (kind: string) => subjects.filter((s) => s.kind === kind);
  return [
    name(rb),
    `${rb.roleRef?.kind ?? ''}/${rb.roleRef?.name ?? ''}`,
    age(rb, now),
    ofKind('User').map((s) => s.name).join(', '),
    ofKind('Group').map((s) => s.name).join(', '),
    ofKind('ServiceAccount').map((s) => `${s.namespace ?? ''}/${s.name}`).join(', '),
  ];
}

// ---------------------------------------------------------------- cluster-level printers

function apiServiceRow(obj: KObject, now: number): string[] {
  const svc = obj as APIService;
  const ref = svc.spec?.service;
  const service = ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : 'Local';
  return [name(svc), service, apiServiceAvailableCell(svc), age(svc, now)];
}

function apiServiceAvailableCell(svc: APIService): string {
  const cond = (svc.status?.conditions ?? []).find((c) => c.type === 'Available');
  if (!cond) return 'Unknown';
  if (cond.status !== 'True' && cond.reason) return `${cond.status} (${cond.reason})`;
  return cond.status;
}

function runtimeClassRow(obj: KObject, now: number): string[] {
  return [name(obj), String(obj.handler ?? ''), age(obj, now)];
}

function priorityClassRow(obj: KObject, now: number): string[] {
  const pc = obj as PriorityClass;
  return [
    name(pc),
    int(pc.value),
    `${pc.globalDefault ?? false}`,
    age(pc, now),
    pc.preemptionPolicy ?? 'PreemptLowerPriority',
  ];
}

function leaseRow(obj: KObject, now: number): string[] {
  const spec = obj.spec as { holderIdentity?: string | null } | undefined;
  return [name(obj), spec?.holderIdentity ?? '', age(obj, now)];
}

/** Built-in kinds with no printer get the server's default `NAME  CREATED AT` table. */
const createdAtPrinter: Printer = {
  columns: cols('NAME|CREATED AT'),
  row: (obj) => [name(obj), createdAtCell(obj.metadata.creationTimestamp)],
};

/** Custom resources without printer columns, and anything unknown. */
const genericPrinter: Printer = {
  columns: cols('NAME|AGE'),
  row: (obj, now) => [name(obj), age(obj, now)],
};

const WORKLOAD_WIDE = 'CONTAINERS|IMAGES|SELECTOR';

const roleBindingPrinter: Printer = {
  columns: cols('NAME|ROLE|AGE', 'USERS|GROUPS|SERVICEACCOUNTS'),
  row: roleBindingRow,
};

const PRINTERS: Record<string, Printer> = {
  Pod: { columns: cols('NAME|READY|STATUS|RESTARTS|AGE', 'IP|NODE|NOMINATED NODE|READINESS GATES'), row: podRow },
  Node: {
    columns: cols('NAME|STATUS|ROLES|AGE|VERSION', 'INTERNAL-IP|EXTERNAL-IP|OS-IMAGE|KERNEL-VERSION|CONTAINER-RUNTIME'),
    row: nodeRow,
  },
  Namespace: { columns: cols('NAME|STATUS|AGE'), row: namespaceRow },
  Event: {
    // Wide columns sit between the others, so this list is spelled out.
    columns: [
      col('LAST SEEN'), col('TYPE'), col('REASON'), col('OBJECT'), col('SUBOBJECT', 1), col('SOURCE', 1),
      col('MESSAGE'), col('FIRST SEEN', 1), col('COUNT', 1), col('NAME', 1),
    ],
    row: eventRow,
  },
  ConfigMap: { columns: cols('NAME|DATA|AGE'), row: configMapRow },
  Secret: { columns: cols('NAME|TYPE|DATA|AGE'), row: secretRow },
  ServiceAccount: { columns: cols('NAME|SECRETS|AGE'), row: serviceAccountRow },
  PersistentVolume: {
    columns: cols(
      'NAME|CAPACITY|ACCESS MODES|RECLAIM POLICY|STATUS|CLAIM|STORAGECLASS|VOLUMEATTRIBUTESCLASS|REASON|AGE',
      'VOLUMEMODE',
    ),
    row: persistentVolumeRow,
  },
  PersistentVolumeClaim: {
    columns: cols('NAME|STATUS|VOLUME|CAPACITY|ACCESS MODES|STORAGECLASS|VOLUMEATTRIBUTESCLASS|AGE', 'VOLUMEMODE'),
    row: persistentVolumeClaimRow,
  },
  StorageClass: {
    columns: cols('NAME|PROVISIONER|RECLAIMPOLICY|VOLUMEBINDINGMODE|ALLOWVOLUMEEXPANSION|AGE'),
    row: storageClassRow,
  },
  Deployment: { columns: cols('NAME|READY|UP-TO-DATE|AVAILABLE|AGE', WORKLOAD_WIDE), row: deploymentRow },
  ReplicaSet: { columns: cols('NAME|DESIRED|CURRENT|READY|AGE', WORKLOAD_WIDE), row: replicaSetRow },
  StatefulSet: { columns: cols('NAME|READY|AGE', 'CONTAINERS|IMAGES'), row: statefulSetRow },
  DaemonSet: {
    columns: cols('NAME|DESIRED|CURRENT|READY|UP-TO-DATE|AVAILABLE|NODE SELECTOR|AGE', WORKLOAD_WIDE),
    row: daemonSetRow,
  },
  Job: { columns: cols('NAME|STATUS|COMPLETIONS|DURATION|AGE', WORKLOAD_WIDE), row: jobRow },
  CronJob: {
    columns: cols('NAME|SCHEDULE|TIMEZONE|SUSPEND|ACTIVE|LAST SCHEDULE|AGE', WORKLOAD_WIDE),
    row: cronJobRow,
  },
  Service: { columns: cols('NAME|TYPE|CLUSTER-IP|EXTERNAL-IP|PORT(S)|AGE', 'SELECTOR'), row: serviceRow },
  Endpoints: { columns: cols('NAME|ENDPOINTS|AGE'), row: endpointsRow },
  LimitRange: createdAtPrinter,
  ResourceQuota: { columns: cols('NAME|AGE|REQUEST|LIMIT'), row: resourceQuotaRow },
  PodDisruptionBudget: { columns: cols('NAME|MIN AVAILABLE|MAX UNAVAILABLE|ALLOWED DISRUPTIONS|AGE'), row: podDisruptionBudgetRow },
  Role: createdAtPrinter,
  ClusterRole: createdAtPrinter,
  RoleBinding: roleBindingPrinter,
  ClusterRoleBinding: roleBindingPrinter,
  CustomResourceDefinition: createdAtPrinter,
  APIService: { columns: cols('NAME|SERVICE|AVAILABLE|AGE'), row: apiServiceRow },
  RuntimeClass: { columns: cols('NAME|HANDLER|AGE'), row: runtimeClassRow },
  // PREEMPTIONPOLICY is not a wide column in 1.32: the server fills it because it
  // always renders wide, so kubectl shows it by default.
  PriorityClass: { columns: cols('NAME|VALUE|GLOBAL-DEFAULT|AGE|PREEMPTIONPOLICY'), row: priorityClassRow },
  Lease: { columns: cols('NAME|HOLDER|AGE'), row: leaseRow },
};

/** A printer added at run time: a custom resource's additionalPrinterColumns (apiserver/crd.ts). */
export function registerPrinter(kind: string, printer: Printer | undefined): void {
  if (printer) PRINTERS[kind] = printer;
  else delete PRINTERS[kind];
}

/** Whether `kind` has its own server printer (else the generic `NAME  AGE` table). */
export function hasPrinter(kind: string): boolean {
  return Object.hasOwn(PRINTERS, kind);
}

/** The table the API server returns for `objects` of one `kind`, at time `now` (epoch ms). */
export function printTable(kind: string, objects: KObject[], now: number): Table {
  const printer = PRINTERS[kind] ?? genericPrinter;
  return {
    columns: printer.columns.map((c) => ({ ...c })),
    rows: objects.map((object) => ({ cells: printer.row(object, now), object })),
  };
}
