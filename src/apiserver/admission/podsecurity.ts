// PodSecurity admission (k8s.io/pod-security-admission v0.32): the Pod
// Security Standards checked against the levels a namespace's
// `pod-security.kubernetes.io/{enforce,audit,warn}[-version]` labels set (or the
// AdmissionConfiguration's defaults). Enforce rejects pods; warn adds a
// `would violate PodSecurity` warning for pods and pod templates; a namespace
// update to a stricter enforce level warns about the existing pods it would reject.
import type { Container, KObject, Namespace, Pod, PodSpec, PodTemplateSpec } from '../../types/k8s.js';
import type { AdmissionPlugin, AdmissionRequest } from '../admission.js';
import { forbidden, invalid, type FieldCause } from '../errors.js';

export type Level = 'privileged' | 'baseline' | 'restricted';
const LEVELS: Level[] = ['privileged', 'baseline', 'restricted'];
const LABEL_PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'] as const;
type Mode = (typeof MODES)[number];

export interface LevelVersion {
  level: Level;
  version: string;
}

export const levelString = (lv: LevelVersion) => `${lv.level}:${lv.version}`;

/** The PodSecurityConfiguration kept in meta.settings (kubesim reset --admission-config). */
export interface PodSecurityConfig {
  defaults?: Partial<Record<'enforce' | 'enforce-version' | 'audit' | 'audit-version' | 'warn' | 'warn-version', string>>;
  exemptions?: { usernames?: string[]; runtimeClasses?: string[]; namespaces?: string[] };
}

export const POD_SECURITY_SETTING = 'podSecurityConfiguration';

function config(req: AdmissionRequest): PodSecurityConfig {
  return (req.api.store.meta.settings[POD_SECURITY_SETTING] as PodSecurityConfig | undefined) ?? {};
}

const VERSION_RE = /^v1\.(0|[1-9][0-9]*)$/;

/** Validates a level/version pair as the plugin does; returns field errors. */
export function validatePolicyValue(mode: string, key: 'level' | 'version', value: string): string | undefined {
  if (key === 'level') return LEVELS.includes(value as Level) ? undefined : `must be one of ${LEVELS.join(', ')}`;
  return value === 'latest' || VERSION_RE.test(value) ? undefined : 'must be "latest" or "v1.x"';
}

/** PolicyToEvaluate: the levels of each mode from the labels, falling back to the defaults. */
export function policyFor(labels: Record<string, string> | undefined, cfg: PodSecurityConfig): { policy: Record<Mode, LevelVersion>; errors: FieldCause[] } {
  const errors: FieldCause[] = [];
  const policy = {} as Record<Mode, LevelVersion>;
  for (const mode of MODES) {
    const defLevel = (cfg.defaults?.[mode] as Level | undefined) ?? 'privileged';
    const defVersion = cfg.defaults?.[`${mode}-version`] ?? 'latest';
    let level = defLevel;
    let version = defVersion;
    const l = labels?.[`${LABEL_PREFIX}${mode}`];
    const v = labels?.[`${LABEL_PREFIX}${mode}-version`];
    if (l !== undefined) {
      const err = validatePolicyValue(mode, 'level', l);
      if (err) errors.push({ field: `metadata.labels[${LABEL_PREFIX}${mode}]`, message: `Invalid value: ${JSON.stringify(l)}: ${err}` });
      else level = l as Level;
    }
    if (v !== undefined) {
      const err = validatePolicyValue(mode, 'version', v);
      if (err) errors.push({ field: `metadata.labels[${LABEL_PREFIX}${mode}-version]`, message: `Invalid value: ${JSON.stringify(v)}: ${err}` });
      else version = v;
    }
    policy[mode] = { level, version };
  }
  return { policy, errors };
}

// ------------------------------------------------------------------ checks

interface CheckResult {
  reason: string;
  detail: string;
}

interface Check {
  id: string;
  level: 'baseline' | 'restricted';
  /** The baseline check a restricted one replaces. */
  overrides?: string;
  run(meta: KObject['metadata'], spec: PodSpec): CheckResult | undefined;
}

const pluralize = (one: string, many: string, n: number) => (n === 1 ? one : many);
const joinQuote = (items: string[]) => items.map((i) => JSON.stringify(i)).join(', ');

function containers(spec: PodSpec): Container[] {
  const eph = ((spec as { ephemeralContainers?: Container[] }).ephemeralContainers ?? []) as Container[];
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...eph];
}

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const RESTRICTED_VOLUME_OK = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'image']);
const VOLUME_TYPES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'fc', 'flexVolume', 'flocker',
  'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath', 'image', 'iscsi', 'nfs', 'persistentVolumeClaim', 'photonPersistentDisk', 'portworxVolume', 'projected',
  'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
];

const CHECKS: Check[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    run(_m, spec) {
      const bad = containers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
      if (!bad.length) return undefined;
      return { reason: 'allowPrivilegeEscalation != false', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false` };
    },
  },
  {
    id: 'appArmorProfile',
    level: 'baseline',
    run(meta, spec) {
      const bad: string[] = [];
      const badProfile = (p?: { type?: string }) => !!p && p.type !== undefined && p.type !== 'RuntimeDefault' && p.type !== 'Localhost';
      if (badProfile(spec.securityContext?.appArmorProfile)) bad.push('pod');
      for (const c of containers(spec)) if (badProfile(c.securityContext?.appArmorProfile)) bad.push(`container ${JSON.stringify(c.name)}`);
      const annotations: string[] = [];
      for (const [k, v] of Object.entries(meta.annotations ?? {}).sort()) {
        if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !v.startsWith('localhost/')) annotations.push(`${k}=${JSON.stringify(v)}`);
      }
      if (!bad.length && !annotations.length) return undefined;
      const parts: string[] = [];
      if (bad.length) parts.push(`${bad.join(' and ')} must not set securityContext.appArmorProfile.type to "Unconfined"`);
      if (annotations.length) parts.push(`${pluralize('annotation', 'annotations', annotations.length)} ${annotations.join(', ')}`);
      return { reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', bad.length + annotations.length), detail: parts.join(', ') };
    },
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    run(_m, spec) {
      const bad: string[] = [];
      const caps = new Set<string>();
      for (const c of containers(spec)) {
        let ok = true;
        for (const cap of c.securityContext?.capabilities?.add ?? []) {
          if (!BASELINE_CAPS.has(cap)) {
            ok = false;
            caps.add(cap);
          }
        }
        if (!ok) bad.push(c.name);
      }
      if (!bad.length) return undefined;
      return { reason: 'non-default capabilities', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote([...caps].sort())} in securityContext.capabilities.add` };
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    overrides: 'capabilities_baseline',
    run(_m, spec) {
      const missingDrop: string[] = [];
      const adding: string[] = [];
      const caps = new Set<string>();
      for (const c of containers(spec)) {
        const cs = c.securityContext?.capabilities;
        if (!(cs?.drop ?? []).includes('ALL')) missingDrop.push(c.name);
        let ok = true;
        for (const cap of cs?.add ?? []) {
          if (cap !== 'NET_BIND_SERVICE') {
            ok = false;
            caps.add(cap);
          }
        }
        if (!ok) adding.push(c.name);
      }
      const details: string[] = [];
      if (missingDrop.length) details.push(`${pluralize('container', 'containers', missingDrop.length)} ${joinQuote(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
      if (adding.length) details.push(`${pluralize('container', 'containers', adding.length)} ${joinQuote(adding)} must not include ${joinQuote([...caps].sort())} in securityContext.capabilities.add`);
      if (!details.length) return undefined;
      return { reason: 'unrestricted capabilities', detail: details.join('; ') };
    },
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    run(_m, spec) {
      const set: string[] = [];
      if (spec.hostNetwork) set.push('hostNetwork=true');
      if (spec.hostPID) set.push('hostPID=true');
      if (spec.hostIPC) set.push('hostIPC=true');
      return set.length ? { reason: 'host namespaces', detail: set.join(', ') } : undefined;
    },
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    run(_m, spec) {
      const bad = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
      return bad.length ? { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}` } : undefined;
    },
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    run(_m, spec) {
      const bad: string[] = [];
      const ports = new Set<string>();
      for (const c of containers(spec)) {
        let ok = true;
        for (const p of c.ports ?? []) {
          if (p.hostPort) {
            ok = false;
            ports.add(String(p.hostPort));
          }
        }
        if (!ok) bad.push(c.name);
      }
      if (!bad.length) return undefined;
      return {
        reason: 'hostPort',
        detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', ports.size)} ${[...ports].sort().join(', ')}`,
      };
    },
  },
  {
    id: 'privileged',
    level: 'baseline',
    run(_m, spec) {
      const bad = containers(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
      return bad.length ? { reason: 'privileged', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true` } : undefined;
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    run(_m, spec) {
      const bad: string[] = [];
      const types = new Set<string>();
      for (const c of containers(spec)) {
        const pm = c.securityContext?.procMount;
        if (pm !== undefined && pm !== 'Default') {
          bad.push(c.name);
          types.add(pm);
        }
      }
      if (!bad.length) return undefined;
      return { reason: 'procMount', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.procMount to ${joinQuote([...types].sort())}` };
    },
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    run(_m, spec) {
      const bad: string[] = [];
      const types = new Set<string>();
      for (const v of spec.volumes ?? []) {
        const type = VOLUME_TYPES.find((t) => (v as Record<string, unknown>)[t] !== undefined);
        if (type && !RESTRICTED_VOLUME_OK.has(type)) {
          bad.push(v.name);
          types.add(type);
        } else if (!type && Object.keys(v).some((k) => k !== 'name')) {
          bad.push(v.name);
          types.add('unknown');
        }
      }
      if (!bad.length) return undefined;
      return {
        reason: 'restricted volume types',
        detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', types.size)} ${joinQuote([...types].sort())}`,
      };
    },
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    run(_m, spec) {
      const badSetters: string[] = [];
      const podSet = spec.securityContext?.runAsNonRoot;
      if (podSet === false) badSetters.push('pod');
      const explicit: string[] = [];
      const implicit: string[] = [];
      for (const c of containers(spec)) {
        const v = c.securityContext?.runAsNonRoot;
        if (v !== undefined) {
          if (!v) explicit.push(c.name);
        } else if (podSet !== true) {
          implicit.push(c.name);
        }
      }
      if (explicit.length) badSetters.push(`${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
      if (badSetters.length) return { reason: 'runAsNonRoot != true', detail: `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false` };
      if (implicit.length) {
        return { reason: 'runAsNonRoot != true', detail: `pod or ${pluralize('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.runAsNonRoot=true` };
      }
      return undefined;
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    run(_m, spec) {
      const bad: string[] = [];
      if (spec.securityContext?.runAsUser === 0) bad.push('pod');
      const cs = containers(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
      if (cs.length) bad.push(`${pluralize('container', 'containers', cs.length)} ${joinQuote(cs)}`);
      return bad.length ? { reason: 'runAsUser=0', detail: `${bad.join(' and ')} must not set runAsUser=0` } : undefined;
    },
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    run(_m, spec) {
      const okTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
      const badSetters: string[] = [];
      const badTypes = new Set<string>();
      let setUser = false;
      let setRole = false;
      const visit = (o: Record<string, string> | undefined): boolean => {
        if (!o) return true;
        let ok = true;
        if (o.type !== undefined && !okTypes.has(o.type)) {
          badTypes.add(o.type);
          ok = false;
        }
        if (o.user) {
          setUser = true;
          ok = false;
        }
        if (o.role) {
          setRole = true;
          ok = false;
        }
        return ok;
      };
      if (!visit(spec.securityContext?.seLinuxOptions)) badSetters.push('pod');
      const bad = containers(spec).filter((c) => !visit(c.securityContext?.seLinuxOptions)).map((c) => c.name);
      if (bad.length) badSetters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
      if (!badSetters.length) return undefined;
      const parts: string[] = [];
      if (badTypes.size) parts.push(`${pluralize('type', 'types', badTypes.size)} ${joinQuote([...badTypes].sort())}`);
      if (setUser) parts.push('user may not be set');
      if (setRole) parts.push('role may not be set');
      return { reason: 'seLinuxOptions', detail: `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${parts.join('; ')}` };
    },
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    run(_m, spec) {
      const badSetters: string[] = [];
      if (spec.securityContext?.seccompProfile?.type === 'Unconfined') badSetters.push('pod');
      const bad = containers(spec).filter((c) => c.securityContext?.seccompProfile?.type === 'Unconfined').map((c) => c.name);
      if (bad.length) badSetters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
      return badSetters.length ? { reason: 'seccompProfile', detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to "Unconfined"` } : undefined;
    },
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    overrides: 'seccompProfile_baseline',
    run(_m, spec) {
      const valid = (t?: string) => t === 'RuntimeDefault' || t === 'Localhost';
      const podType = spec.securityContext?.seccompProfile?.type;
      const podOk = valid(podType);
      const badSetters: string[] = [];
      const badValues = new Set<string>();
      if (podType !== undefined && !podOk) {
        badSetters.push('pod');
        badValues.add(podType);
      }
      const explicit: string[] = [];
      const implicit: string[] = [];
      for (const c of containers(spec)) {
        const t = c.securityContext?.seccompProfile?.type;
        if (t !== undefined) {
          if (!valid(t)) {
            explicit.push(c.name);
            badValues.add(t);
          }
        } else if (!podOk) {
          implicit.push(c.name);
        }
      }
      if (explicit.length) badSetters.push(`${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
      if (badSetters.length) {
        return { reason: 'seccompProfile', detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote([...badValues].sort())}` };
      }
      if (implicit.length) {
        return {
          reason: 'seccompProfile',
          detail: `pod or ${pluralize('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        };
      }
      return undefined;
    },
  },
  {
    id: 'sysctls',
    level: 'baseline',
    run(_m, spec) {
      const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !SAFE_SYSCTLS.has(n));
      return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
    },
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    run(_m, spec) {
      const badSetters: string[] = [];
      if (spec.securityContext?.windowsOptions?.hostProcess === true) badSetters.push('pod');
      const bad = containers(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
      if (bad.length) badSetters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
      return badSetters.length ? { reason: 'hostProcess', detail: `${badSetters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true` } : undefined;
    },
  },
];

/** The failed checks of a level, in check-ID order. */
export function evaluatePod(level: Level, meta: KObject['metadata'], spec: PodSpec): CheckResult[] {
  if (level === 'privileged') return [];
  const active = CHECKS.filter((c) => c.level === 'baseline' || level === 'restricted');
  const overridden = new Set(active.map((c) => c.overrides).filter(Boolean));
  return active
    .filter((c) => !overridden.has(c.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => c.run(meta ?? {}, spec))
    .filter((r): r is CheckResult => !!r);
}

export const forbiddenDetail = (results: CheckResult[]) => results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(', ');
export const forbiddenReason = (results: CheckResult[]) => [...new Set(results.map((r) => r.reason))].join(', ');

// ------------------------------------------------------------------ admission

const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate']);

function templateOf(obj: KObject): PodTemplateSpec | undefined {
  const o = obj as { spec?: { template?: PodTemplateSpec; jobTemplate?: { spec?: { template?: PodTemplateSpec } } }; template?: PodTemplateSpec };
  if (obj.kind === 'PodTemplate') return o.template;
  if (obj.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template;
  return o.spec?.template;
}

function namespaceOf(req: AdmissionRequest): Namespace | undefined {
  return req.api.store.get('namespaces', undefined, req.object.metadata.namespace!) as Namespace | undefined;
}

function exempt(req: AdmissionRequest, cfg: PodSecurityConfig, spec?: PodSpec): boolean {
  const ex = cfg.exemptions ?? {};
  if ((ex.namespaces ?? []).includes(req.object.metadata.namespace ?? '')) return true;
  if ((ex.usernames ?? []).includes(req.user.name)) return true;
  if (spec?.runtimeClassName && (ex.runtimeClasses ?? []).includes(spec.runtimeClassName as string)) return true;
  return false;
}

function isSignificantPodUpdate(pod: Pod, old: Pod): boolean {
  const seccompKey = 'seccomp.security.alpha.kubernetes.io/pod';
  if (pod.metadata.annotations?.[seccompKey] !== old.metadata.annotations?.[seccompKey]) return true;
  const lists = (p: Pod) => [p.spec.containers ?? [], p.spec.initContainers ?? [], p.spec.ephemeralContainers ?? []];
  const [a, b] = [lists(pod), lists(old)];
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.length !== b[i]!.length) return true;
    for (let j = 0; j < a[i]!.length; j++) if (a[i]![j]!.image !== b[i]![j]!.image) return true;
  }
  return false;
}

function validatePod(req: AdmissionRequest): void {
  const pod = req.object as Pod;
  if (req.operation === 'UPDATE' && req.oldObject && !isSignificantPodUpdate(pod, req.oldObject as Pod)) return;
  const cfg = config(req);
  if (exempt(req, cfg, pod.spec)) return;
  const { policy } = policyFor(namespaceOf(req)?.metadata.labels, cfg);
  const enforce = evaluatePod(policy.enforce.level, pod.metadata, pod.spec);
  if (enforce.length) {
    throw forbidden(req.resource, pod.metadata.name, `violates PodSecurity ${JSON.stringify(levelString(policy.enforce))}: ${forbiddenDetail(enforce)}`);
  }
  const warn = evaluatePod(policy.warn.level, pod.metadata, pod.spec);
  if (warn.length) req.api.warnings.push(`would violate PodSecurity ${JSON.stringify(levelString(policy.warn))}: ${forbiddenDetail(warn)}`);
}

function validateTemplate(req: AdmissionRequest): void {
  const template = templateOf(req.object);
  if (!template?.spec) return;
  if (req.operation === 'UPDATE' && req.oldObject) {
    const old = templateOf(req.oldObject);
    if (JSON.stringify(old) === JSON.stringify(template)) return;
  }
  const cfg = config(req);
  if (exempt(req, cfg, template.spec)) return;
  const { policy } = policyFor(namespaceOf(req)?.metadata.labels, cfg);
  const warn = evaluatePod(policy.warn.level, template.metadata ?? {}, template.spec);
  if (warn.length) req.api.warnings.push(`would violate PodSecurity ${JSON.stringify(levelString(policy.warn))}: ${forbiddenDetail(warn)}`);
}

/** The warnings of EvaluatePodsInNamespace for a new enforce level. */
export function evaluatePodsInNamespace(pods: Pod[], namespace: string, enforce: LevelVersion): string[] {
  const order: string[] = [];
  const groups = new Map<string, { name: string; count: number }>();
  for (const pod of pods) {
    const failed = evaluatePod(enforce.level, pod.metadata, pod.spec);
    if (!failed.length) continue;
    const reason = forbiddenReason(failed);
    const g = groups.get(reason);
    if (!g) {
      order.push(reason);
      groups.set(reason, { name: pod.metadata.name!, count: 1 });
    } else {
      if (pod.metadata.name! < g.name) g.name = pod.metadata.name!;
      g.count++;
    }
  }
  if (!order.length) return [];
  const podWarnings = order
    .map((reason) => {
      const g = groups.get(reason)!;
      if (g.count === 1) return `${g.name}: ${reason}`;
      if (g.count === 2) return `${g.name} (and 1 other pod): ${reason}`;
      return `${g.name} (and ${g.count - 1} other pods): ${reason}`;
    })
    .sort();
  return [`existing pods in namespace ${JSON.stringify(namespace)} violate the new PodSecurity enforce level ${JSON.stringify(levelString(enforce))}`, ...podWarnings];
}

function validateNamespace(req: AdmissionRequest): void {
  const cfg = config(req);
  const ns = req.object as Namespace;
  const { policy, errors } = policyFor(ns.metadata.labels, cfg);
  if (req.operation === 'CREATE') {
    if (errors.length) throw invalid('Namespace', ns.metadata.name ?? '', errors);
    return;
  }
  if (errors.length) throw invalid('Namespace', ns.metadata.name ?? '', errors);
  const old = policyFor(req.oldObject?.metadata.labels, cfg).policy;
  if (levelString(old.enforce) === levelString(policy.enforce)) return;
  if (policy.enforce.level === 'privileged') return;
  if ((cfg.exemptions?.namespaces ?? []).includes(ns.metadata.name!)) return;
  const pods = (req.api.store.list('pods', ns.metadata.name!) as Pod[]).filter((p) => !p.metadata.deletionTimestamp);
  req.api.warnings.push(...evaluatePodsInNamespace(pods, ns.metadata.name!, policy.enforce));
}

export const podSecurity: AdmissionPlugin = {
  name: 'PodSecurity',
  // Ephemeral containers are checked as the pod's own (kubectl debug into a restricted namespace).
  subresources: ['ephemeralcontainers'],
  validate(req) {
    if (req.operation !== 'CREATE' && req.operation !== 'UPDATE') return;
    if (req.resource.group === '' && req.resource.name === 'namespaces') return validateNamespace(req);
    if (req.resource.group === '' && req.resource.name === 'pods') return validatePod(req);
    if (TEMPLATE_KINDS.has(req.resource.kind)) return validateTemplate(req);
  },
};

/** Parses an AdmissionConfiguration file's PodSecurity entry; throws a message on invalid input. */
export function podSecurityFromAdmissionConfig(doc: unknown): PodSecurityConfig | undefined {
  const d = doc as { apiVersion?: string; kind?: string; plugins?: { name?: string; configuration?: unknown; path?: string }[] } | undefined;
  if (!d || d.kind !== 'AdmissionConfiguration' || !['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1alpha1', 'apiserver.k8s.io/v1alpha1'].includes(d.apiVersion ?? '')) {
    throw new Error(`unexpected admission configuration kind/apiVersion: ${d?.kind ?? ''} ${d?.apiVersion ?? ''}`);
  }
  const entry = (d.plugins ?? []).find((p) => p.name === 'PodSecurity');
  if (!entry) return undefined;
  const c = entry.configuration as ({ apiVersion?: string; kind?: string } & PodSecurityConfig) | undefined;
  if (!c) return undefined;
  if (c.kind !== 'PodSecurityConfiguration' || !/^pod-security\.admission\.config\.k8s\.io\/v1(beta1|alpha1)?$/.test(c.apiVersion ?? '')) {
    throw new Error(`no kind "${c.kind ?? ''}" is registered for version "${c.apiVersion ?? ''}"`);
  }
  const errs: string[] = [];
  for (const mode of MODES) {
    const l = c.defaults?.[mode];
    const v = c.defaults?.[`${mode}-version`];
    if (l !== undefined && validatePolicyValue(mode, 'level', l)) errs.push(`defaults.${mode}: Invalid value: ${JSON.stringify(l)}: ${validatePolicyValue(mode, 'level', l)}`);
    if (v !== undefined && validatePolicyValue(mode, 'version', v)) errs.push(`defaults.${mode}-version: Invalid value: ${JSON.stringify(v)}: ${validatePolicyValue(mode, 'version', v)}`);
  }
  if (errs.length) throw new Error(`invalid PodSecurityConfiguration: ${errs.join(', ')}`);
  return { defaults: c.defaults ?? {}, exemptions: c.exemptions ?? {} };
}
