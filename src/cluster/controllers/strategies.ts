// API defaulting for the kinds the workload controllers own (apps/v1, batch/v1
// SetDefaults_*), Job selector generation, and Service IP allocation. The
// shared workload behaviour (generation, template defaulting) is kept.
import type { KObject, LabelSelector, PodTemplateSpec, ServicePort } from '../../types/k8s.js';
import { registerStrategy, strategyFor, type Strategy } from '../../apiserver/strategies.js';
import { invalid, type FieldCause } from '../../apiserver/errors.js';
import { resolveResource } from '../../apiserver/resources.js';
import type { ApiServer } from '../../apiserver/api.js';
import { selectorMatches } from './common.js';
import { emptyStatus } from './disruption.js';
import { CronParseError, parseSchedule, validTimeZone } from '../../util/cron.js';

const info = (n: string) => resolveResource(n)!;
/** The generic workload strategy (generation tracking, template defaulting). */
const workload: Strategy = strategyFor(info('deployments.apps'));
const base: Strategy = strategyFor(info('configmaps'));

type Spec = Record<string, unknown> & { template?: PodTemplateSpec; selector?: LabelSelector; replicas?: number };
const specOf = (o: KObject) => ((o.spec ??= {}) as Spec);

function checkSelector(obj: KObject, causes: FieldCause[]): void {
  const spec = specOf(obj);
  if (!spec.selector) {
    causes.push({ field: 'spec.selector', message: 'Required value' });
    return;
  }
  const labels = spec.template?.metadata?.labels ?? {};
  const empty = !spec.selector.matchLabels && !spec.selector.matchExpressions;
  if (empty) causes.push({ field: 'spec.selector', message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment' });
  else if (!selectorMatches(spec.selector, labels)) {
    const shown = `map[string]string{${Object.entries(labels).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`;
    causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\`` });
  }
}

type Validate = (obj: KObject, causes: FieldCause[]) => void;

/** validateCreate and validateUpdate: `inner`'s checks, then `validate`'s causes as one Invalid error. */
function validatedBy(inner: Strategy, validate?: Validate): Pick<Strategy, 'validateCreate' | 'validateUpdate'> {
  const check = (obj: KObject) => {
    const causes: FieldCause[] = [];
    validate?.(obj, causes);
    if (causes.length) throw invalid(obj.kind, obj.metadata.name ?? '', causes);
  };
  return {
    validateCreate(obj, api) {
      inner.validateCreate(obj, api);
      check(obj);
    },
    validateUpdate(obj, old, api) {
      inner.validateUpdate(obj, old, api);
      check(obj);
    },
  };
}

function withDefaults(defaults: (obj: KObject) => void, validate?: Validate): Strategy {
  return {
    ...workload,
    prepareForCreate(obj, api) {
      workload.prepareForCreate(obj, api);
      defaults(obj);
      delete obj.status;
    },
    prepareForUpdate(obj, old, api) {
      workload.prepareForUpdate(obj, old, api);
      defaults(obj);
    },
    ...validatedBy(workload, validate),
  };
}

function deploymentDefaults(obj: KObject): void {
  const spec = specOf(obj);
  spec.replicas ??= 1;
  const strategy = ((spec.strategy ??= {}) as { type?: string; rollingUpdate?: Record<string, unknown> });
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    strategy.rollingUpdate ??= {};
    strategy.rollingUpdate.maxUnavailable ??= '25%';
    strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
}

function daemonSetDefaults(obj: KObject): void {
  const spec = specOf(obj);
  const us = ((spec.updateStrategy ??= {}) as { type?: string; rollingUpdate?: Record<string, unknown> });
  us.type ??= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    us.rollingUpdate ??= {};
    us.rollingUpdate.maxUnavailable ??= 1;
    us.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
}

function statefulSetDefaults(obj: KObject): void {
  const spec = specOf(obj);
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  const us = ((spec.updateStrategy ??= {}) as { type?: string; rollingUpdate?: Record<string, unknown> });
  us.type ??= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    us.rollingUpdate ??= {};
    us.rollingUpdate.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  const retention = ((spec.persistentVolumeClaimRetentionPolicy ??= {}) as Record<string, string>);
  retention.whenDeleted ??= 'Retain';
  retention.whenScaled ??= 'Retain';
  for (const t of (spec.volumeClaimTemplates ?? []) as KObject[]) {
    t.apiVersion ??= 'v1';
    t.kind ??= 'PersistentVolumeClaim';
    const ts = ((t.spec ??= {}) as Record<string, unknown>);
    ts.volumeMode ??= 'Filesystem';
    t.status ??= { phase: 'Pending' };
  }
}

const JOB_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];

function jobSpecDefaults(spec: Spec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
}

/** batch/v1 Job: defaults plus the server-generated selector and pod labels. */
function jobDefaults(obj: KObject): void {
  const spec = specOf(obj);
  jobSpecDefaults(spec);
  if (!spec.manualSelector && obj.metadata.uid && !spec.selector) {
    const uid = obj.metadata.uid;
    const name = obj.metadata.name!;
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    const t = (spec.template ??= { spec: { containers: [] } } as PodTemplateSpec);
    t.metadata = { ...(t.metadata ?? {}), labels: { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name, ...(t.metadata?.labels ?? {}) } };
  }
}

function jobValidate(obj: KObject, causes: FieldCause[]): void {
  const rp = specOf(obj).template?.spec?.restartPolicy;
  if (rp !== 'Never' && rp !== 'OnFailure') {
    causes.push({ field: 'spec.template.spec.restartPolicy', message: `Unsupported value: "${rp ?? ''}": supported values: "OnFailure", "Never"` });
  }
}

function cronJobDefaults(obj: KObject): void {
  const spec = specOf(obj);
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
}

/** ValidateCronJobSpec's schedule, timeZone and job template restartPolicy checks. */
function cronJobValidate(obj: KObject, causes: FieldCause[]): void {
  const spec = specOf(obj) as Spec & { schedule?: string; timeZone?: string | null; jobTemplate?: { spec?: { template?: PodTemplateSpec } } };
  const schedule = spec.schedule ?? '';
  if (!schedule) causes.push({ field: 'spec.schedule', message: 'Required value' });
  else {
    try {
      parseSchedule(schedule);
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      causes.push({ field: 'spec.schedule', message: `Invalid value: ${JSON.stringify(schedule)}: ${e.message}` });
    }
    if (schedule.includes('TZ')) causes.push({ field: 'spec.schedule', message: `Invalid value: ${JSON.stringify(schedule)}: cannot use TZ or CRON_TZ in schedule, use timeZone field instead` });
  }
  const tz = spec.timeZone;
  if (tz !== undefined && tz !== null) {
    if (tz === '') causes.push({ field: 'spec.timeZone', message: 'Invalid value: "": timeZone must be nil or non-empty string' });
    else if (tz.toLowerCase() === 'local') causes.push({ field: 'spec.timeZone', message: `Invalid value: ${JSON.stringify(tz)}: timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones` });
    else if (!validTimeZone(tz)) causes.push({ field: 'spec.timeZone', message: `Invalid value: ${JSON.stringify(tz)}: unknown time zone ${tz}` });
  }
  const rp = spec.jobTemplate?.spec?.template?.spec?.restartPolicy;
  if (rp !== 'Never' && rp !== 'OnFailure') {
    causes.push({ field: 'spec.jobTemplate.spec.template.spec.restartPolicy', message: `Unsupported value: "${rp ?? ''}": supported values: "OnFailure", "Never"` });
  }
}

const jobStrategy: Strategy = withDefaults(jobDefaults, jobValidate);
// Job labels are the generated ones; updates keep the selector.
const jobUpdate = jobStrategy.prepareForUpdate;
jobStrategy.prepareForUpdate = (obj, old, api) => {
  const s = specOf(obj);
  s.selector ??= specOf(old).selector;
  jobUpdate(obj, old, api);
};

// ---------------------------------------------------------------- Services

function ipString(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16); // 10.96.0.0/16 (kind's serviceSubnet; kubeadm's own default is /12)
const SERVICE_CIDR_SIZE = 1 << 16;

function allocateClusterIP(api: ApiServer): string {
  const used = new Set<string>();
  for (const s of api.store.list('services')) for (const ip of ((s.spec as { clusterIPs?: string[] })?.clusterIPs ?? [])) used.add(ip);
  for (let i = 0; i < 1000; i++) {
    // Random within the range, away from the first addresses (10.96.0.1 is `kubernetes`, .10 is kube-dns).
    const offset = 16 + Math.floor(Math.random() * (SERVICE_CIDR_SIZE - 32));
    const ip = ipString((SERVICE_CIDR_BASE + offset) >>> 0);
    if (!used.has(ip)) return ip;
  }
  throw new Error('service IP range exhausted');
}

function allocateNodePort(api: ApiServer, taken: Set<number>): number {
  for (const s of api.store.list('services')) for (const p of ((s.spec as { ports?: ServicePort[] })?.ports ?? [])) if (p.nodePort) taken.add(p.nodePort);
  for (;;) {
    const port = 30000 + Math.floor(Math.random() * 2768);
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

function serviceDefaults(obj: KObject, api: ApiServer, old?: KObject): void {
  const spec = specOf(obj) as Record<string, unknown> & { ports?: ServicePort[]; type?: string; clusterIP?: string; clusterIPs?: string[] };
  const oldSpec = (old?.spec ?? {}) as typeof spec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  if (spec.type === 'ExternalName') return;
  if (old && !spec.clusterIP && oldSpec.clusterIP) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (!spec.clusterIP) spec.clusterIP = allocateClusterIP(api);
  spec.clusterIPs ??= [spec.clusterIP];
  if (spec.clusterIP !== 'None') {
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  } else {
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    spec.externalTrafficPolicy ??= 'Cluster';
    const taken = new Set<number>();
    for (const p of spec.ports ?? []) {
      const was = oldSpec.ports?.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === p.protocol)?.nodePort;
      p.nodePort ??= was ?? allocateNodePort(api, taken);
    }
    if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  }
}

const serviceStrategy: Strategy = {
  ...base,
  prepareForCreate(obj, api) {
    serviceDefaults(obj, api);
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old, api) {
    obj.status = old.status;
    serviceDefaults(obj, api, old);
  },
};

// ---------------------------------------------------------------- PodDisruptionBudgets

/** %#v of an intstr.IntOrString (field errors print it so: it is no Stringer as a value). */
function goIntOrString(v: number | string): string {
  return typeof v === 'number' ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
}

/** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent of one budget field. */
function checkIntOrPercent(v: unknown, field: string, causes: FieldCause[]): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'number') {
    if (v < 0) causes.push({ field, message: `Invalid value: ${v}: must be greater than or equal to 0` });
    return;
  }
  const s = String(v);
  const m = /^([0-9]+)%$/.exec(s);
  if (!m) causes.push({ field, message: `Invalid value: ${goIntOrString(s)}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')` });
  else if (Number(m[1]) > 100) causes.push({ field, message: `Invalid value: ${goIntOrString(s)}: must not be greater than 100%` });
}

function pdbValidate(obj: KObject, causes: FieldCause[]): void {
  const spec = specOf(obj);
  // (Both set is refused too; the real message prints the spec's pointers, so only the rule is kept.)
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) causes.push({ field: 'spec', message: 'Invalid value: "": minAvailable and maxUnavailable cannot be both set' });
  checkIntOrPercent(spec.minAvailable, 'spec.minAvailable', causes);
  checkIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable', causes);
}

/** policy/v1 PodDisruptionBudget: the registry resets status on create and keeps it on update; generation tracks the spec. */
const pdbStrategy: Strategy = {
  ...base,
  tracksGeneration: true,
  prepareForCreate(obj) {
    obj.status = emptyStatus();
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  ...validatedBy(base, pdbValidate),
};

registerStrategy('Deployment', withDefaults(deploymentDefaults, checkSelector));
registerStrategy('ReplicaSet', withDefaults((o) => void (specOf(o).replicas ??= 1), checkSelector));
registerStrategy('DaemonSet', withDefaults(daemonSetDefaults, checkSelector));
registerStrategy('StatefulSet', withDefaults(statefulSetDefaults, checkSelector));
registerStrategy('Job', jobStrategy);
registerStrategy('CronJob', withDefaults(cronJobDefaults, cronJobValidate));
registerStrategy('Service', serviceStrategy);
registerStrategy('PodDisruptionBudget', pdbStrategy);

export { jobSpecDefaults, JOB_LABELS };
