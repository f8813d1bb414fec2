// Pod update validation of kube-apiserver v1.32 (ValidatePodUpdate in
// pkg/apis/core/validation): only container/initContainer images,
// activeDeadlineSeconds (set or lowered), additions to tolerations, removal of
// scheduling gates, and terminationGracePeriodSeconds (negative -> 1) may
// change. Any other spec change is Forbidden, with the fixed list of
// updatable fields followed by a go-cmp diff (cmp.Diff) of the old and the
// munged new internal core.PodSpec.
//
// The diff is produced by a small re-implementation of go-cmp's reporter
// (report_compare.go / report_reflect.go / report_text.go) over a model of
// the internal core types: field order of k8s.io/kubernetes pkg/apis/core,
// pointers printed as `&v`, Quantity as its internal struct, ResourceName keys
// with the Stringer prefix `s"cpu"`, two lines of context around changes and
// `... // N identical fields` runs, ASCII line prefixes. Specialised string and
// primitive-slice diffing (strings of 32+ characters) is not reproduced: such
// values are shown as plain -/+ lines.
import type { Pod } from '../types/k8s.js';
import type { FieldCause } from './errors.js';
import { canonicalQuantity, parseQuantityExact } from '../util/quantity.js';

const MAX_INT32 = 2147483647;

const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

type J = Record<string, unknown>;
const isMap = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const canon = (v: unknown): string => JSON.stringify(sortKeys(v));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, sortKeys(v[k])]));
  return v;
}

export function validatePodUpdate(newPod: Pod, oldPod: Pod): FieldCause[] {
  const causes: FieldCause[] = [];
  const newSpec = (newPod.spec ?? {}) as Pod['spec'];
  const oldSpec = (oldPod.spec ?? {}) as Pod['spec'];

  for (const [field, key] of [
    ['spec.containers', 'containers'],
    ['spec.initContainers', 'initContainers'],
  ] as const) {
    const nc = (newSpec[key] ?? []) as { image?: string }[];
    const oc = (oldSpec[key] ?? []) as { image?: string }[];
    if (nc.length !== oc.length) {
      causes.push({ field, message: 'Forbidden: pod updates may not add or remove containers' });
      return causes;
    }
    nc.forEach((c, i) => {
      const image = c.image ?? '';
      if (image.length === 0) causes.push({ field: `${field}[${i}].image`, message: 'Required value' });
      if (image.trim().length !== image.length) {
        causes.push({ field: `${field}[${i}].image`, message: `Invalid value: ${JSON.stringify(image)}: must not have leading or trailing whitespace` });
      }
    });
  }

  const nads = newSpec.activeDeadlineSeconds;
  const oads = oldSpec.activeDeadlineSeconds;
  if (nads !== undefined && nads !== null) {
    if (nads <= 0 || nads > MAX_INT32) {
      causes.push({ field: 'spec.activeDeadlineSeconds', message: `Invalid value: ${nads}: must be between 1 and ${MAX_INT32}, inclusive` });
      return causes;
    }
    if (oads !== undefined && oads !== null && oads < nads) {
      causes.push({ field: 'spec.activeDeadlineSeconds', message: `Invalid value: ${nads}: must be less than or equal to previous value` });
      return causes;
    }
  } else if (oads !== undefined && oads !== null) {
    causes.push({ field: 'spec.activeDeadlineSeconds', message: 'Invalid value: null: must not update from a positive integer to nil value' });
  }

  // Tolerations: every old one must still be there (tolerationSeconds may change).
  const newTols = (newSpec.tolerations ?? []) as J[];
  for (const old of (oldSpec.tolerations ?? []) as J[]) {
    const found = newTols.some((n) => canon({ ...old, tolerationSeconds: n.tolerationSeconds }) === canon(n));
    if (!found) {
      causes.push({ field: 'spec.tolerations', message: 'Forbidden: existing toleration can not be modified except its tolerationSeconds' });
      break;
    }
  }

  // Scheduling gates: only deletions.
  const oldGates = new Set(((oldSpec.schedulingGates ?? []) as { name: string }[]).map((g) => g.name));
  const added = new Map<string, number>();
  ((newSpec.schedulingGates ?? []) as { name: string }[]).forEach((g, i) => added.set(g.name, i));
  for (const g of oldGates) added.delete(g);
  for (const [gate, i] of added) {
    causes.push({ field: `spec.schedulingGates[${i}].name`, message: `Forbidden: only deletion is allowed, but found new scheduling gate '${gate}'` });
  }

  const oldInternal = toInternalPodSpec(oldPod);
  if (canon(toInternalPodSpec(newPod)) === canon(oldInternal)) return causes;

  // Munge the fields that may change, then anything left is forbidden.
  const munged = structuredClone(newSpec) as J;
  const mungeImages = (key: 'containers' | 'initContainers') => {
    const list = munged[key] as J[] | undefined;
    const olds = (oldSpec[key] ?? []) as J[];
    if (!list) return;
    list.forEach((c, i) => {
      if (olds[i]?.image === undefined) delete c.image;
      else c.image = olds[i].image;
    });
  };
  mungeImages('containers');
  mungeImages('initContainers');
  setOrDelete(munged, 'activeDeadlineSeconds', oldSpec.activeDeadlineSeconds);
  setOrDelete(munged, 'schedulingGates', oldSpec.schedulingGates);
  setOrDelete(munged, 'tolerations', oldSpec.tolerations);
  const otg = oldSpec.terminationGracePeriodSeconds;
  if (otg !== undefined && otg !== null && otg < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = otg;
  }
  const mungedInternal = toInternalPodSpec({ ...newPod, spec: munged as Pod['spec'] });
  if (canon(mungedInternal) !== canon(oldInternal)) {
    const diff = goCmpDiff(internalPodSpec(oldSpec as J), internalPodSpec(munged));
    causes.push({ field: 'spec', message: `Forbidden: pod updates may not change fields other than ${UPDATABLE_FIELDS}\n${diff}` });
  }
  return causes;
}

function setOrDelete(o: J, key: string, v: unknown): void {
  if (v === undefined) delete o[key];
  else o[key] = structuredClone(v);
}

/** A comparable form of the spec as the internal type sees it (v1-only fields dropped). */
function toInternalPodSpec(pod: Pod): unknown {
  return goValueToPlain(internalPodSpec((pod.spec ?? {}) as J));
}

function goValueToPlain(v: GoValue): unknown {
  switch (v.k) {
    case 'nil':
      return null;
    case 'str':
    case 'int':
    case 'bool':
      return v.v;
    case 'ptr':
      return { ptr: goValueToPlain(v.elem) };
    case 'quantity':
      return { q: v.nanos.toString() };
    case 'struct':
      return Object.fromEntries(v.fields.map(([n, x]) => [n, goValueToPlain(x)]));
    case 'slice':
      return v.items.map(goValueToPlain);
    case 'map':
      return Object.fromEntries(v.entries.map(([n, x]) => [n, goValueToPlain(x)]));
  }
}

// =========================================================================
// A model of Go values of the internal core types.

type Kind = 'ptr' | 'slice' | 'map' | 'struct' | 'scalar';
type GoValue =
  | { k: 'nil'; of: Kind }
  | { k: 'str'; v: string; stringer?: boolean }
  | { k: 'int'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'ptr'; type: string; elem: GoValue }
  | { k: 'quantity'; nanos: bigint; value: string; scale: number; s: string; format: string }
  | { k: 'struct'; type: string; fields: [string, GoValue][] }
  | { k: 'slice'; type: string; items: GoValue[] }
  | { k: 'map'; type: string; entries: [string, GoValue][] };

type FieldType =
  | 'string' | 'int' | 'bool' | '*string' | '*int' | '*bool' | '[]string' | '[]int' | 'map[string]string'
  | 'ResourceList' | 'Quantity' | '*Quantity' | 'ResourceName'
  | { struct: string } | { ptr: string } | { slice: string } | { embed: string };

/** Go field name, JSON name, type. Field order is the internal type's. */
type StructDef = [string, string, FieldType][];

const S = (n: string): FieldType => ({ struct: n });
const P = (n: string): FieldType => ({ ptr: n });
const L = (n: string): FieldType => ({ slice: n });
const E = (n: string): FieldType => ({ embed: n });

const TYPES: Record<string, StructDef> = {
  PodSpec: [
    ['Volumes', 'volumes', L('Volume')],
    ['InitContainers', 'initContainers', L('Container')],
    ['Containers', 'containers', L('Container')],
    ['EphemeralContainers', 'ephemeralContainers', L('EphemeralContainer')],
    ['RestartPolicy', 'restartPolicy', 'string'],
    ['TerminationGracePeriodSeconds', 'terminationGracePeriodSeconds', '*int'],
    ['ActiveDeadlineSeconds', 'activeDeadlineSeconds', '*int'],
    ['DNSPolicy', 'dnsPolicy', 'string'],
    ['NodeSelector', 'nodeSelector', 'map[string]string'],
    ['ServiceAccountName', 'serviceAccountName', 'string'],
    ['AutomountServiceAccountToken', 'automountServiceAccountToken', '*bool'],
    ['NodeName', 'nodeName', 'string'],
    ['SecurityContext', '', P('PodSecurityContext')],
    ['ImagePullSecrets', 'imagePullSecrets', L('LocalObjectReference')],
    ['Hostname', 'hostname', 'string'],
    ['Subdomain', 'subdomain', 'string'],
    ['SetHostnameAsFQDN', 'setHostnameAsFQDN', '*bool'],
    ['Affinity', 'affinity', P('Affinity')],
    ['SchedulerName', 'schedulerName', 'string'],
    ['Tolerations', 'tolerations', L('Toleration')],
    ['HostAliases', 'hostAliases', L('HostAlias')],
    ['PriorityClassName', 'priorityClassName', 'string'],
    ['Priority', 'priority', '*int'],
    ['PreemptionPolicy', 'preemptionPolicy', '*string'],
    ['DNSConfig', 'dnsConfig', P('PodDNSConfig')],
    ['ReadinessGates', 'readinessGates', L('PodReadinessGate')],
    ['RuntimeClassName', 'runtimeClassName', '*string'],
    ['Overhead', 'overhead', 'ResourceList'],
    ['EnableServiceLinks', 'enableServiceLinks', '*bool'],
    ['TopologySpreadConstraints', 'topologySpreadConstraints', L('TopologySpreadConstraint')],
    ['OS', 'os', P('PodOS')],
    ['SchedulingGates', 'schedulingGates', L('PodSchedulingGate')],
    ['ResourceClaims', 'resourceClaims', L('PodResourceClaim')],
    ['Resources', 'resources', P('ResourceRequirements')],
  ],
  Container: [
    ['Name', 'name', 'string'],
    ['Image', 'image', 'string'],
    ['Command', 'command', '[]string'],
    ['Args', 'args', '[]string'],
    ['WorkingDir', 'workingDir', 'string'],
    ['Ports', 'ports', L('ContainerPort')],
    ['EnvFrom', 'envFrom', L('EnvFromSource')],
    ['Env', 'env', L('EnvVar')],
    ['Resources', 'resources', S('ResourceRequirements')],
    ['ResizePolicy', 'resizePolicy', L('ContainerResizePolicy')],
    ['RestartPolicy', 'restartPolicy', '*string'],
    ['VolumeMounts', 'volumeMounts', L('VolumeMount')],
    ['VolumeDevices', 'volumeDevices', L('VolumeDevice')],
    ['LivenessProbe', 'livenessProbe', P('Probe')],
    ['ReadinessProbe', 'readinessProbe', P('Probe')],
    ['StartupProbe', 'startupProbe', P('Probe')],
    ['Lifecycle', 'lifecycle', P('Lifecycle')],
    ['TerminationMessagePath', 'terminationMessagePath', 'string'],
    ['TerminationMessagePolicy', 'terminationMessagePolicy', 'string'],
    ['ImagePullPolicy', 'imagePullPolicy', 'string'],
    ['SecurityContext', 'securityContext', P('SecurityContext')],
    ['Stdin', 'stdin', 'bool'],
    ['StdinOnce', 'stdinOnce', 'bool'],
    ['TTY', 'tty', 'bool'],
  ],
  EphemeralContainer: [
    ['EphemeralContainerCommon', '', E('Container')],
    ['TargetContainerName', 'targetContainerName', 'string'],
  ],
  ContainerPort: [
    ['Name', 'name', 'string'],
    ['HostPort', 'hostPort', 'int'],
    ['ContainerPort', 'containerPort', 'int'],
    ['Protocol', 'protocol', 'string'],
    ['HostIP', 'hostIP', 'string'],
  ],
  EnvFromSource: [
    ['Prefix', 'prefix', 'string'],
    ['ConfigMapRef', 'configMapRef', P('ConfigMapEnvSource')],
    ['SecretRef', 'secretRef', P('SecretEnvSource')],
  ],
  ConfigMapEnvSource: [
    ['LocalObjectReference', '', E('LocalObjectReference')],
    ['Optional', 'optional', '*bool'],
  ],
  SecretEnvSource: [
    ['LocalObjectReference', '', E('LocalObjectReference')],
    ['Optional', 'optional', '*bool'],
  ],
  EnvVar: [
    ['Name', 'name', 'string'],
    ['Value', 'value', 'string'],
    ['ValueFrom', 'valueFrom', P('EnvVarSource')],
  ],
  EnvVarSource: [
    ['FieldRef', 'fieldRef', P('ObjectFieldSelector')],
    ['ResourceFieldRef', 'resourceFieldRef', P('ResourceFieldSelector')],
    ['ConfigMapKeyRef', 'configMapKeyRef', P('ConfigMapKeySelector')],
    ['SecretKeyRef', 'secretKeyRef', P('SecretKeySelector')],
  ],
  ConfigMapKeySelector: [
    ['LocalObjectReference', '', E('LocalObjectReference')],
    ['Key', 'key', 'string'],
    ['Optional', 'optional', '*bool'],
  ],
  SecretKeySelector: [
    ['LocalObjectReference', '', E('LocalObjectReference')],
    ['Key', 'key', 'string'],
    ['Optional', 'optional', '*bool'],
  ],
  ObjectFieldSelector: [
    ['APIVersion', 'apiVersion', 'string'],
    ['FieldPath', 'fieldPath', 'string'],
  ],
  ResourceFieldSelector: [
    ['ContainerName', 'containerName', 'string'],
    ['Resource', 'resource', 'string'],
    ['Divisor', 'divisor', 'Quantity'],
  ],
  ResourceRequirements: [
    ['Limits', 'limits', 'ResourceList'],
    ['Requests', 'requests', 'ResourceList'],
    ['Claims', 'claims', L('ResourceClaim')],
  ],
  ResourceClaim: [
    ['Name', 'name', 'string'],
    ['Request', 'request', 'string'],
  ],
  ContainerResizePolicy: [
    ['ResourceName', 'resourceName', 'ResourceName'],
    ['RestartPolicy', 'restartPolicy', 'string'],
  ],
  VolumeMount: [
    ['Name', 'name', 'string'],
    ['ReadOnly', 'readOnly', 'bool'],
    ['RecursiveReadOnly', 'recursiveReadOnly', '*string'],
    ['MountPath', 'mountPath', 'string'],
    ['SubPath', 'subPath', 'string'],
    ['MountPropagation', 'mountPropagation', '*string'],
    ['SubPathExpr', 'subPathExpr', 'string'],
  ],
  VolumeDevice: [
    ['Name', 'name', 'string'],
    ['DevicePath', 'devicePath', 'string'],
  ],
  Probe: [
    ['ProbeHandler', '', E('ProbeHandler')],
    ['InitialDelaySeconds', 'initialDelaySeconds', 'int'],
    ['TimeoutSeconds', 'timeoutSeconds', 'int'],
    ['PeriodSeconds', 'periodSeconds', 'int'],
    ['SuccessThreshold', 'successThreshold', 'int'],
    ['FailureThreshold', 'failureThreshold', 'int'],
    ['TerminationGracePeriodSeconds', 'terminationGracePeriodSeconds', '*int'],
  ],
  ProbeHandler: [
    ['Exec', 'exec', P('ExecAction')],
    ['HTTPGet', 'httpGet', P('HTTPGetAction')],
    ['TCPSocket', 'tcpSocket', P('TCPSocketAction')],
    ['GRPC', 'grpc', P('GRPCAction')],
  ],
  LifecycleHandler: [
    ['Exec', 'exec', P('ExecAction')],
    ['HTTPGet', 'httpGet', P('HTTPGetAction')],
    ['TCPSocket', 'tcpSocket', P('TCPSocketAction')],
    ['Sleep', 'sleep', P('SleepAction')],
  ],
  Lifecycle: [
    ['PostStart', 'postStart', P('LifecycleHandler')],
    ['PreStop', 'preStop', P('LifecycleHandler')],
    ['StopSignal', 'stopSignal', '*string'],
  ],
  ExecAction: [['Command', 'command', '[]string']],
  SleepAction: [['Seconds', 'seconds', 'int']],
  GRPCAction: [
    ['Port', 'port', 'int'],
    ['Service', 'service', '*string'],
  ],
  SecurityContext: [
    ['Capabilities', 'capabilities', P('Capabilities')],
    ['Privileged', 'privileged', '*bool'],
    ['SELinuxOptions', 'seLinuxOptions', P('SELinuxOptions')],
    ['WindowsOptions', 'windowsOptions', P('WindowsSecurityContextOptions')],
    ['RunAsUser', 'runAsUser', '*int'],
    ['RunAsGroup', 'runAsGroup', '*int'],
    ['RunAsNonRoot', 'runAsNonRoot', '*bool'],
    ['ReadOnlyRootFilesystem', 'readOnlyRootFilesystem', '*bool'],
    ['AllowPrivilegeEscalation', 'allowPrivilegeEscalation', '*bool'],
    ['ProcMount', 'procMount', '*string'],
    ['SeccompProfile', 'seccompProfile', P('SeccompProfile')],
    ['AppArmorProfile', 'appArmorProfile', P('AppArmorProfile')],
  ],
  Capabilities: [
    ['Add', 'add', '[]string'],
    ['Drop', 'drop', '[]string'],
  ],
  SELinuxOptions: [
    ['User', 'user', 'string'],
    ['Role', 'role', 'string'],
    ['Type', 'type', 'string'],
    ['Level', 'level', 'string'],
  ],
  WindowsSecurityContextOptions: [
    ['GMSACredentialSpecName', 'gmsaCredentialSpecName', '*string'],
    ['GMSACredentialSpec', 'gmsaCredentialSpec', '*string'],
    ['RunAsUserName', 'runAsUserName', '*string'],
    ['HostProcess', 'hostProcess', '*bool'],
  ],
  SeccompProfile: [
    ['Type', 'type', 'string'],
    ['LocalhostProfile', 'localhostProfile', '*string'],
  ],
  AppArmorProfile: [
    ['Type', 'type', 'string'],
    ['LocalhostProfile', 'localhostProfile', '*string'],
  ],
  PodSecurityContext: [
    ['HostNetwork', '^hostNetwork', 'bool'],
    ['HostPID', '^hostPID', 'bool'],
    ['HostIPC', '^hostIPC', 'bool'],
    ['ShareProcessNamespace', '^shareProcessNamespace', '*bool'],
    ['HostUsers', '^hostUsers', '*bool'],
    ['SELinuxOptions', 'seLinuxOptions', P('SELinuxOptions')],
    ['WindowsOptions', 'windowsOptions', P('WindowsSecurityContextOptions')],
    ['RunAsUser', 'runAsUser', '*int'],
    ['RunAsGroup', 'runAsGroup', '*int'],
    ['RunAsNonRoot', 'runAsNonRoot', '*bool'],
    ['SupplementalGroups', 'supplementalGroups', '[]int'],
    ['SupplementalGroupsPolicy', 'supplementalGroupsPolicy', '*string'],
    ['FSGroup', 'fsGroup', '*int'],
    ['FSGroupChangePolicy', 'fsGroupChangePolicy', '*string'],
    ['Sysctls', 'sysctls', L('Sysctl')],
    ['SeccompProfile', 'seccompProfile', P('SeccompProfile')],
    ['AppArmorProfile', 'appArmorProfile', P('AppArmorProfile')],
    ['SELinuxChangePolicy', 'seLinuxChangePolicy', '*string'],
  ],
  Sysctl: [
    ['Name', 'name', 'string'],
    ['Value', 'value', 'string'],
  ],
  LocalObjectReference: [['Name', 'name', 'string']],
  Toleration: [
    ['Key', 'key', 'string'],
    ['Operator', 'operator', 'string'],
    ['Value', 'value', 'string'],
    ['Effect', 'effect', 'string'],
    ['TolerationSeconds', 'tolerationSeconds', '*int'],
  ],
  HostAlias: [
    ['IP', 'ip', 'string'],
    ['Hostnames', 'hostnames', '[]string'],
  ],
  PodReadinessGate: [['ConditionType', 'conditionType', 'string']],
  PodSchedulingGate: [['Name', 'name', 'string']],
  PodOS: [['Name', 'name', 'string']],
  Volume: [
    ['Name', 'name', 'string'],
    ['VolumeSource', '', E('VolumeSource')],
  ],
  VolumeSource: [
    ['HostPath', 'hostPath', P('HostPathVolumeSource')],
    ['EmptyDir', 'emptyDir', P('EmptyDirVolumeSource')],
    ['GCEPersistentDisk', 'gcePersistentDisk', P('GCEPersistentDiskVolumeSource')],
    ['AWSElasticBlockStore', 'awsElasticBlockStore', P('AWSElasticBlockStoreVolumeSource')],
    ['GitRepo', 'gitRepo', P('GitRepoVolumeSource')],
    ['Secret', 'secret', P('SecretVolumeSource')],
    ['NFS', 'nfs', P('NFSVolumeSource')],
    ['ISCSI', 'iscsi', P('ISCSIVolumeSource')],
    ['Glusterfs', 'glusterfs', P('GlusterfsVolumeSource')],
    ['PersistentVolumeClaim', 'persistentVolumeClaim', P('PersistentVolumeClaimVolumeSource')],
    ['RBD', 'rbd', P('RBDVolumeSource')],
    ['Quobyte', 'quobyte', P('QuobyteVolumeSource')],
    ['FlexVolume', 'flexVolume', P('FlexVolumeSource')],
    ['Cinder', 'cinder', P('CinderVolumeSource')],
    ['CephFS', 'cephfs', P('CephFSVolumeSource')],
    ['Flocker', 'flocker', P('FlockerVolumeSource')],
    ['DownwardAPI', 'downwardAPI', P('DownwardAPIVolumeSource')],
    ['FC', 'fc', P('FCVolumeSource')],
    ['AzureFile', 'azureFile', P('AzureFileVolumeSource')],
    ['ConfigMap', 'configMap', P('ConfigMapVolumeSource')],
    ['VsphereVolume', 'vsphereVolume', P('VsphereVirtualDiskVolumeSource')],
    ['AzureDisk', 'azureDisk', P('AzureDiskVolumeSource')],
    ['PhotonPersistentDisk', 'photonPersistentDisk', P('PhotonPersistentDiskVolumeSource')],
    ['Projected', 'projected', P('ProjectedVolumeSource')],
    ['PortworxVolume', 'portworxVolume', P('PortworxVolumeSource')],
    ['ScaleIO', 'scaleIO', P('ScaleIOVolumeSource')],
    ['StorageOS', 'storageos', P('StorageOSVolumeSource')],
    ['CSI', 'csi', P('CSIVolumeSource')],
    ['Ephemeral', 'ephemeral', P('EphemeralVolumeSource')],
    ['Image', 'image', P('ImageVolumeSource')],
  ],
  HostPathVolumeSource: [
    ['Path', 'path', 'string'],
    ['Type', 'type', '*string'],
  ],
  EmptyDirVolumeSource: [
    ['Medium', 'medium', 'string'],
    ['SizeLimit', 'sizeLimit', '*Quantity'],
  ],
  SecretVolumeSource: [
    ['SecretName', 'secretName', 'string'],
    ['Items', 'items', L('KeyToPath')],
    ['DefaultMode', 'defaultMode', '*int'],
    ['Optional', 'optional', '*bool'],
  ],
  ConfigMapVolumeSource: [
    ['LocalObjectReference', '', E('LocalObjectReference')],
    ['Items', 'items', L('KeyToPath')],
    ['DefaultMode', 'defaultMode', '*int'],
    ['Optional', 'optional', '*bool'],
  ],
  KeyToPath: [
    ['Key', 'key', 'string'],
    ['Path', 'path', 'string'],
    ['Mode', 'mode', '*int'],
  ],
  PersistentVolumeClaimVolumeSource: [
    ['ClaimName', 'claimName', 'string'],
    ['ReadOnly', 'readOnly', 'bool'],
  ],
  DownwardAPIVolumeSource: [
    ['Items', 'items', L('DownwardAPIVolumeFile')],
    ['DefaultMode', 'defaultMode', '*int'],
  ],
  DownwardAPIVolumeFile: [
    ['Path', 'path', 'string'],
    ['FieldRef', 'fieldRef', P('ObjectFieldSelector')],
    ['ResourceFieldRef', 'resourceFieldRef', P('ResourceFieldSelector')],
    ['Mode', 'mode', '*int'],
  ],
  ProjectedVolumeSource: [
    ['Sources', 'sources', L('VolumeProjection')],
    ['DefaultMode', 'defaultMode', '*int'],
  ],
  VolumeProjection: [
    ['Secret', 'secret', P('SecretProjection')],
    ['DownwardAPI', 'downwardAPI', P('DownwardAPIProjection')],
    ['ConfigMap', 'configMap', P('ConfigMapProjection')],
    ['ServiceAccountToken', 'serviceAccountToken', P('ServiceAccountTokenProjection')],
    ['ClusterTrustBundle', 'clusterTrustBundle', P('ClusterTrustBundleProjection')],
  ],
  SecretProjection: [
    ['LocalObjectReference', '', E('LocalObjectReference')],
    ['Items', 'items', L('KeyToPath')],
    ['Optional', 'optional', '*bool'],
  ],
  ConfigMapProjection: [
    ['LocalObjectReference', '', E('LocalObjectReference')],
    ['Items', 'items', L('KeyToPath')],
    ['Optional', 'optional', '*bool'],
  ],
  DownwardAPIProjection: [['Items', 'items', L('DownwardAPIVolumeFile')]],
  ServiceAccountTokenProjection: [
    ['Audience', 'audience', 'string'],
    ['ExpirationSeconds', 'expirationSeconds', 'int'],
    ['Path', 'path', 'string'],
  ],
  ImageVolumeSource: [
    ['Reference', 'reference', 'string'],
    ['PullPolicy', 'pullPolicy', 'string'],
  ],
};

function internalPodSpec(spec: J): GoValue {
  return structValue('PodSpec', spec, spec);
}

function structValue(name: string, obj: J, specRoot?: J): GoValue {
  const def = TYPES[name];
  if (!def) return genericStruct(name, obj);
  const fields: [string, GoValue][] = [];
  for (const [goName, jsonName, type] of def) {
    let raw: unknown;
    if (name === 'PodSpec' && goName === 'SecurityContext') {
      // hostNetwork & co. live in the internal PodSecurityContext.
      const sc = { ...((obj.securityContext as J | undefined) ?? {}) };
      for (const k of ['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers']) {
        if (obj[k] !== undefined) sc['^' + k] = obj[k];
      }
      raw = obj.securityContext === undefined && Object.keys(sc).length === 0 ? undefined : sc;
    } else {
      raw = jsonName === '' ? obj : obj[jsonName];
    }
    fields.push([goName, fieldValue(type, raw)]);
  }
  void specRoot;
  return { k: 'struct', type: `core.${name}`, fields };
}

function fieldValue(type: FieldType, raw: unknown): GoValue {
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return { k: 'str', v: typeof raw === 'string' ? raw : '' };
      case 'int':
        return { k: 'int', v: typeof raw === 'number' ? raw : 0 };
      case 'bool':
        return { k: 'bool', v: raw === true };
      case '*string':
        return raw === undefined || raw === null ? { k: 'nil', of: 'ptr' } : { k: 'ptr', type: '*string', elem: { k: 'str', v: String(raw) } };
      case '*int':
        return raw === undefined || raw === null ? { k: 'nil', of: 'ptr' } : { k: 'ptr', type: '*int64', elem: { k: 'int', v: Number(raw) } };
      case '*bool':
        return raw === undefined || raw === null ? { k: 'nil', of: 'ptr' } : { k: 'ptr', type: '*bool', elem: { k: 'bool', v: raw === true } };
      case '[]string':
        return Array.isArray(raw) ? { k: 'slice', type: '[]string', items: raw.map((s) => ({ k: 'str', v: String(s) })) } : { k: 'nil', of: 'slice' };
      case '[]int':
        return Array.isArray(raw) ? { k: 'slice', type: '[]int64', items: raw.map((s) => ({ k: 'int', v: Number(s) })) } : { k: 'nil', of: 'slice' };
      case 'map[string]string':
        return isMap(raw)
          ? { k: 'map', type: 'map[string]string', entries: Object.keys(raw).sort().map((key) => [JSON.stringify(key), { k: 'str', v: String(raw[key]) }]) }
          : { k: 'nil', of: 'map' };
      case 'ResourceList':
        return isMap(raw)
          ? { k: 'map', type: 'core.ResourceList', entries: Object.keys(raw).sort().map((key) => [`s${JSON.stringify(key)}`, quantityValue(raw[key])]) }
          : { k: 'nil', of: 'map' };
      case 'Quantity':
        return raw === undefined || raw === null ? quantityValue('') : quantityValue(raw);
      case '*Quantity':
        return raw === undefined || raw === null ? { k: 'nil', of: 'ptr' } : { k: 'ptr', type: '*resource.Quantity', elem: quantityValue(raw) };
      case 'ResourceName':
        return { k: 'str', v: typeof raw === 'string' ? raw : '', stringer: true };
    }
  }
  if ('struct' in type) return structValue(type.struct, isMap(raw) ? raw : {});
  if ('embed' in type) return structValue(type.embed, isMap(raw) ? raw : {});
  if ('ptr' in type) {
    if (!isMap(raw)) return { k: 'nil', of: 'ptr' };
    return { k: 'ptr', type: `*core.${type.ptr}`, elem: structValue(type.ptr, raw) };
  }
  if (!Array.isArray(raw)) return { k: 'nil', of: 'slice' };
  return { k: 'slice', type: `[]core.${type.slice}`, items: raw.map((x) => structValue(type.slice, isMap(x) ? x : {})) };
}

/** An object without a modelled type: fields in JSON order, names capitalised. */
function genericStruct(name: string, obj: J): GoValue {
  const fields: [string, GoValue][] = Object.entries(obj).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), genericValue(k, v)]);
  return { k: 'struct', type: `core.${name}`, fields };
}

function genericValue(key: string, v: unknown): GoValue {
  const typeName = key.charAt(0).toUpperCase() + key.slice(1);
  if (v === null || v === undefined) return { k: 'nil', of: 'ptr' };
  if (typeof v === 'string') return { k: 'str', v };
  if (typeof v === 'number') return { k: 'int', v };
  if (typeof v === 'boolean') return { k: 'bool', v };
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return fieldValue('[]string', v);
    return { k: 'slice', type: `[]core.${typeName}`, items: v.map((x) => genericValue(key, x)) };
  }
  return { k: 'ptr', type: `*core.${typeName}`, elem: genericStruct(typeName, v as J) };
}

function quantityValue(raw: unknown): GoValue {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
  if (text === '') return { k: 'quantity', nanos: 0n, value: '0', scale: 0, s: '', format: '' };
  let nanos = 0n;
  let s = text;
  let format = 'DecimalSI';
  try {
    const q = parseQuantityExact(text);
    nanos = q.nanos;
    format = q.format;
    s = canonicalQuantity(text);
  } catch {
    // leave as text
  }
  const { value, scale } = int64Amount(text, format);
  return { k: 'quantity', nanos, value, scale, s, format };
}

/** The int64Amount ParseQuantity stores for a quantity string (value × 10^scale). */
function int64Amount(text: string, format: string): { value: string; scale: number } {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m) return { value: '0', scale: 0 };
  const [, sign, num, denom = '', suffix] = m;
  const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  const decimal: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  const neg = sign === '-' ? '-' : '';
  if (suffix in binary && denom === '') {
    const v = BigInt(num || '0') << BigInt(binary[suffix]);
    return { value: neg + v.toString(), scale: 0 };
  }
  let exp = 0;
  if (suffix in decimal) exp = decimal[suffix];
  else if (/^[eE][-+]?[0-9]+$/.test(suffix)) exp = Number(suffix.slice(1));
  else if (format === 'BinarySI') return { value: '0', scale: 0 };
  const digits = (num + denom).replace(/^0+(?=.)/, '');
  return { value: neg + BigInt(digits || '0').toString(), scale: exp - denom.length };
}

// =========================================================================
// go-cmp: comparison tree.

interface Node {
  type: string;
  kind: Kind;
  x?: GoValue; // undefined: the value does not exist on that side (map entry / slice element)
  y?: GoValue;
  records?: { key: string; node: Node }[];
  value?: Node; // pointer indirection
  numSame: number;
  numDiff: number;
  numChildren: number;
  maxDepth: number;
}

function kindOf(v: GoValue | undefined): Kind {
  if (!v) return 'scalar';
  switch (v.k) {
    case 'nil':
      return v.of;
    case 'ptr':
      return 'ptr';
    case 'struct':
    case 'quantity':
      return 'struct';
    case 'slice':
      return 'slice';
    case 'map':
      return 'map';
    default:
      return 'scalar';
  }
}

function typeOf(v: GoValue | undefined): string {
  if (!v) return '';
  switch (v.k) {
    case 'ptr':
    case 'struct':
    case 'slice':
    case 'map':
      return v.type;
    case 'quantity':
      return 'resource.Quantity';
    default:
      return '';
  }
}

function leaf(x: GoValue | undefined, y: GoValue | undefined, same: boolean): Node {
  return { type: typeOf(x) || typeOf(y), kind: kindOf(x ?? y), x, y, numSame: same ? 1 : 0, numDiff: same ? 0 : 1, numChildren: 0, maxDepth: 0 };
}

function addChild(parent: Node, child: Node): void {
  parent.numSame += child.numSame;
  parent.numDiff += child.numDiff;
  parent.numChildren += child.numChildren + 1;
  parent.maxDepth = Math.max(parent.maxDepth, child.maxDepth + 1);
}

function scalarEqual(x: GoValue, y: GoValue): boolean {
  return (x.k === 'str' || x.k === 'int' || x.k === 'bool') && x.k === y.k && x.v === y.v;
}

function compare(x: GoValue | undefined, y: GoValue | undefined): Node {
  if (!x || !y) return leaf(x, y, !x && !y);
  if (x.k === 'quantity' && y.k === 'quantity') return leaf(x, y, x.nanos === y.nanos); // Quantity.Equal
  if (x.k === 'nil' || y.k === 'nil') return leaf(x, y, x.k === 'nil' && y.k === 'nil');
  const node: Node = { type: typeOf(x), kind: kindOf(x), x, y, numSame: 0, numDiff: 0, numChildren: 0, maxDepth: 0 };
  if (x.k === 'ptr' && y.k === 'ptr') {
    node.value = compare(x.elem, y.elem);
    addChild(node, node.value);
    return node;
  }
  if (x.k === 'struct' && y.k === 'struct') {
    node.records = x.fields.map(([name, fx], i) => ({ key: name, node: compare(fx, y.fields[i][1]) }));
  } else if (x.k === 'slice' && y.k === 'slice') {
    node.records = [];
    const n = Math.max(x.items.length, y.items.length);
    for (let i = 0; i < n; i++) node.records.push({ key: '', node: compare(x.items[i], y.items[i]) });
  } else if (x.k === 'map' && y.k === 'map') {
    const keys = [...new Set([...x.entries.map((e) => e[0]), ...y.entries.map((e) => e[0])])].sort();
    node.records = keys.map((key) => ({
      key,
      node: compare(x.entries.find((e) => e[0] === key)?.[1], y.entries.find((e) => e[0] === key)?.[1]),
    }));
  } else {
    return leaf(x, y, scalarEqual(x, y));
  }
  for (const r of node.records) addChild(node, r.node);
  return node;
}

// =========================================================================
// go-cmp: text nodes (report_text.go).

type DiffMode = ' ' | '-' | '+' | '?'; // identical, removed, inserted, unknown
type TypeMode = 'emit' | 'elide' | 'auto';

interface TextRecord {
  diff?: '-' | '+';
  key: string;
  value: TextNode;
  elideComma?: boolean;
  comment?: string;
}
type TextNode = TextLine | TextList | TextWrap;
class TextLine {
  constructor(readonly s: string) {}
}
class TextList {
  constructor(public recs: TextRecord[] = []) {}
  appendEllipsis(stats?: string): void {
    const last = this.recs[this.recs.length - 1];
    if (!last || !(last.value instanceof TextLine && last.value.s === '...')) {
      this.recs.push({ key: '', value: new TextLine('...'), elideComma: true, comment: stats });
    }
  }
}
class TextWrap {
  constructor(
    readonly prefix: string,
    public value: TextNode,
    readonly suffix = '',
  ) {}
}

const ELLIPSIS = '...';
const NIL = 'nil';
const MAX_COLUMN = 80;

function textLen(n: TextNode): number {
  return compact(n, ' ')[0].length;
}
function textEqual(a: TextNode, b: TextNode): boolean {
  return compact(a, ' ')[0] === compact(b, ' ')[0] && a.constructor === b.constructor;
}

/** formatCompactTo: returns the one-line text and the node (a TextLine when it fits on one line). */
function compact(n: TextNode, d: DiffMode): [string, TextNode] {
  if (n instanceof TextLine) return [n.s, n];
  if (n instanceof TextWrap) {
    const [inner, node] = compact(n.value, d);
    const s = n.prefix + inner + n.suffix;
    if (node instanceof TextLine) return [s, new TextLine(s)];
    return [s, new TextWrap(n.prefix, node, n.suffix)];
  }
  let multi = false;
  let s = '';
  const recs: TextRecord[] = [];
  n.recs.forEach((r, i) => {
    if (r.diff) multi = true;
    s += r.key;
    if (r.key !== '') s += ': ';
    const [t, node] = compact(r.value, r.diff ?? d);
    s += t;
    if (!(node instanceof TextLine)) multi = true;
    if (r.comment !== undefined) multi = true;
    if (i < n.recs.length - 1) s += ', ';
    recs.push({ ...r, value: node });
  });
  if ((d === '-' || d === '+') && s.length > MAX_COLUMN) multi = true;
  if (!multi) return [s, new TextLine(s)];
  return [s, new TextList(recs)];
}

function indent(n: number, d: DiffMode): string {
  const prefix = d === '-' ? '- ' : d === '+' ? '+ ' : '  ';
  return prefix + '\t'.repeat(n);
}

function alignLens(recs: TextRecord[], skip: (r: TextRecord) => boolean, len: (r: TextRecord) => number): number[] {
  const out = recs.map(() => 0);
  let start = -1;
  const flush = (end: number) => {
    if (start < 0) return;
    let max = 0;
    for (let i = start; i < end; i++) max = Math.max(max, len(recs[i]));
    for (let i = start; i < end; i++) out[i] = max - len(recs[i]);
    start = -1;
  };
  recs.forEach((r, i) => {
    if (skip(r)) flush(i);
    else if (start < 0) start = i;
  });
  flush(recs.length);
  return out;
}

/** formatExpandedTo. */
function expanded(n: TextNode, d: DiffMode, level: number): string {
  if (n instanceof TextLine) return n.s;
  if (n instanceof TextWrap) return n.prefix + expanded(n.value, d, level) + n.suffix;
  const recs = n.recs;
  const keyPad = alignLens(
    recs,
    (r) => r.key === '' || !(r.value instanceof TextLine),
    (r) => [...r.key].length,
  );
  const valuePad = alignLens(
    recs,
    (r) => !(r.value instanceof TextLine) || (r.value as TextLine).s === ELLIPSIS || r.comment === undefined,
    (r) => [...(r.value as TextLine).s].length,
  );
  const simple = recs.every((r) => !r.diff && r.key === '' && r.value instanceof TextLine && r.comment === undefined);
  let b = '';
  if (simple) {
    const lvl = level + 1;
    let batch = '';
    const emit = () => {
      if (batch.length > 0) {
        b += '\n' + indent(lvl, d) + batch.replace(/ +$/, '');
        batch = '';
      }
    };
    for (const r of recs) {
      const line = (r.value as TextLine).s;
      if (batch.length + line.length + 2 > MAX_COLUMN) emit();
      batch += line + ', ';
    }
    emit();
    return b + '\n' + indent(level, d);
  }
  const lvl = level + 1;
  recs.forEach((r, i) => {
    const rd: DiffMode = r.diff ?? d;
    b += '\n' + indent(lvl, rd);
    if (r.key !== '') b += r.key + ': ';
    b += ' '.repeat(keyPad[i]);
    b += expanded(r.value, rd, lvl);
    if (!r.elideComma) b += ',';
    b += ' '.repeat(valuePad[i]);
    if (r.comment !== undefined) b += ' // ' + r.comment;
  });
  return b + '\n' + indent(level, d);
}

function render(root: TextNode): string {
  const [, node] = compact(root, ' ');
  return indent(0, ' ') + expanded(node, ' ', 0) + '\n';
}

// =========================================================================
// go-cmp: formatting values and diffs (report_reflect.go, report_compare.go).

interface Opts {
  diff: DiffMode;
  typeMode: TypeMode;
  verbosity: number;
  limit: boolean;
}

const verb = (o: Opts) => Math.max(0, Math.min(16, o.verbosity));
const identicalMax = (o: Opts) => ((1 << verb(o)) >> 1) << 2;

function isZero(v: GoValue | undefined): boolean {
  if (!v) return true;
  switch (v.k) {
    case 'nil':
      return true;
    case 'str':
      return v.v === '';
    case 'int':
      return v.v === 0;
    case 'bool':
      return !v.v;
    case 'quantity':
      return v.nanos === 0n && v.s === '' && v.format === '';
    case 'struct':
      return v.fields.every(([, f]) => isZero(f));
    default:
      return false;
  }
}

function goQuote(s: string): string {
  // strconv.Quote for the printable ASCII texts found in pod specs.
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => c);
}

function formatString(o: Opts, prefix: string, s: string): TextNode {
  let maxLen = s.length;
  if (o.limit) maxLen = (1 << verb(o)) << 5;
  const q = (t: string) => {
    const qs = goQuote(t);
    if (qs.length === t.length + 2) return qs;
    if (!/[`\n]/.test(t) && !/[^\t\x20-\x7e\u00a0-\uffff]/.test(t)) return '`' + t + '`';
    return qs;
  };
  if (s.length > maxLen + ELLIPSIS.length) return new TextLine(prefix + q(s.slice(0, maxLen)) + ELLIPSIS);
  return new TextLine(prefix + q(s));
}

function formatType(o: Opts, type: string, kind: Kind, s: TextNode): TextNode {
  if (o.typeMode === 'elide') return s;
  if (o.typeMode === 'auto') {
    if (kind !== 'struct' && kind !== 'slice' && kind !== 'map') return s;
    if (s instanceof TextLine && s.s === NIL) return s;
    if (o.diff === ' ') return s;
  }
  if (!type) return s;
  return new TextWrap(type, s);
}

function quantityStruct(v: Extract<GoValue, { k: 'quantity' }>): GoValue {
  const amount: GoValue = {
    k: 'struct',
    type: 'resource.int64Amount',
    fields: [
      ['value', { k: 'int', v: Number(v.value) }],
      ['scale', { k: 'int', v: v.scale }],
    ],
  };
  return {
    k: 'struct',
    type: 'resource.Quantity',
    fields: [
      ['i', amount],
      ['d', { k: 'nil', of: 'struct' }],
      ['s', { k: 'str', v: v.s }],
      ['Format', { k: 'str', v: v.format }],
    ],
  };
}

function formatValue(o: Opts, v: GoValue | undefined): TextNode | undefined {
  if (!v) return undefined;
  let out: TextNode;
  switch (v.k) {
    case 'nil':
      return new TextLine(NIL);
    case 'bool':
      return new TextLine(String(v.v));
    case 'int':
      return new TextLine(String(v.v));
    case 'str':
      return formatString(o, v.stringer ? 's' : '', v.v);
    case 'ptr': {
      const inner = formatValue(o, v.elem)!;
      return new TextWrap('&', inner);
    }
    case 'quantity':
      return formatValue(o, quantityStruct(v));
    case 'struct': {
      const list = new TextList();
      const child: Opts = { ...o };
      let maxLen = v.fields.length;
      if (o.limit) {
        maxLen = identicalMax(o);
        child.verbosity--;
      }
      for (const [name, f] of v.fields) {
        if (isZero(f)) continue;
        if (list.recs.length === maxLen) {
          list.appendEllipsis();
          break;
        }
        list.recs.push({ key: name, value: formatValue({ ...child, typeMode: 'auto' }, f)! });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
    case 'slice':
    case 'map': {
      const items: [string, GoValue][] = v.k === 'slice' ? v.items.map((x) => ['', x]) : v.entries;
      const list = new TextList();
      const child: Opts = { ...o };
      let maxLen = items.length;
      if (o.limit) {
        maxLen = identicalMax(o);
        child.verbosity--;
      }
      for (const [key, x] of items) {
        if (list.recs.length === maxLen) {
          list.appendEllipsis();
          break;
        }
        list.recs.push({ key, value: formatValue({ ...child, typeMode: 'elide' }, x)! });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
  }
  return formatType(o, typeOf(v), kindOf(v), out);
}

function statsText(name: string, c: { ignored?: number; identical?: number; removed?: number; inserted?: number; modified?: number }): string {
  const labels: [number, string][] = [
    [c.ignored ?? 0, 'ignored'],
    [c.identical ?? 0, 'identical'],
    [c.removed ?? 0, 'removed'],
    [c.inserted ?? 0, 'inserted'],
    [c.modified ?? 0, 'modified'],
  ];
  const ss = labels.filter(([n]) => n > 0).map(([n, l]) => `${n} ${l}`);
  const sum = labels.reduce((a, [n]) => a + n, 0);
  let nm = name;
  if (sum > 1) {
    nm += 's';
    if (nm.endsWith('ys')) nm = nm.slice(0, -2) + 'ies';
  }
  if (ss.length === 0) return '';
  if (ss.length <= 2) return `${ss.join(' and ')} ${nm}`;
  return `${ss.slice(0, -1).join(', ')}, and ${ss[ss.length - 1]} ${nm}`;
}

function formatDiff(o0: Opts, v: Node): TextNode {
  let o = o0;
  if (o.diff === ' ') o = { ...o, verbosity: 1, limit: true };
  else if (!o.limit || verb(o) < 3) o = { ...o, verbosity: 3, limit: true };

  if (v.maxDepth === 0) {
    if (o.diff === '?' || o.diff === ' ') {
      if (v.numDiff === 0) {
        const outx = formatValue(o, v.x)!;
        const outy = formatValue(o, v.y)!;
        return textLen(outx) < textLen(outy) ? outx : outy;
      }
      const list = new TextList();
      let outx = formatValue({ ...o, typeMode: 'elide' }, v.x);
      let outy = formatValue({ ...o, typeMode: 'elide' }, v.y);
      for (let i = 0; i <= 6 && outx && outy && textEqual(outx, outy); i++) {
        const o2 = { ...o, verbosity: verb(o) + 2 * i, typeMode: 'elide' as TypeMode };
        outx = formatValue(o2, v.x);
        outy = formatValue(o2, v.y);
      }
      if (outx) list.recs.push({ diff: '-', key: '', value: outx });
      if (outy) list.recs.push({ diff: '+', key: '', value: outy });
      return formatType({ ...o, typeMode: 'emit' }, v.type, v.kind, list);
    }
    return formatValue(o, o.diff === '-' ? v.x : v.y)!;
  }

  if (v.value) {
    return new TextWrap('&', formatDiff(o, v.value));
  }
  const out = formatDiffList(o, v.records ?? [], v.kind);
  return formatType(o, v.type, v.kind, out);
}

function formatDiffList(o0: Opts, recs0: { key: string; node: Node }[], kind: Kind): TextNode {
  const name = kind === 'struct' ? 'field' : kind === 'map' ? 'entry' : 'element';
  let o: Opts = { ...o0, typeMode: kind === 'struct' ? 'auto' : 'elide' };
  let maxLen = -1;
  if (o.limit) {
    maxLen = o.diff === ' ' ? identicalMax(o) : (1 << verb(o)) << 1;
    o = { ...o, verbosity: o.verbosity - 1 };
  }

  if (o.diff !== '?') {
    const list = new TextList();
    let deferred = false;
    for (const r of recs0) {
      if (list.recs.length === maxLen) {
        deferred = true;
        break;
      }
      if (kind === 'struct') {
        const zero = o.diff === ' ' ? isZero(r.node.x) || isZero(r.node.y) : o.diff === '-' ? isZero(r.node.x) : isZero(r.node.y);
        if (zero) continue;
      }
      list.recs.push({ key: r.key, value: formatDiff(o, r.node) });
    }
    if (deferred) list.appendEllipsis();
    return new TextWrap('{', list, '}');
  }

  // Group adjacent records: equal ones, and differing ones.
  type Group = { equal: boolean; identical: number; removed: number; inserted: number; modified: number };
  const groups: Group[] = [];
  for (const r of recs0) {
    const equal = r.node.numDiff === 0;
    let g = groups[groups.length - 1];
    if (!g || g.equal !== equal) {
      g = { equal, identical: 0, removed: 0, inserted: 0, modified: 0 };
      groups.push(g);
    }
    if (equal) g.identical++;
    else if (!r.node.y) g.removed++;
    else if (!r.node.x) g.inserted++;
    else g.modified++;
  }

  const list = new TextList();
  let recs = recs0;
  let numDiffs = 0;
  const skipped = { removed: 0, inserted: 0, modified: 0, identical: 0 };
  let anySkipped = false;
  groups.forEach((g, i) => {
    const nd = g.removed + g.inserted + g.modified;
    if (maxLen >= 0 && numDiffs >= maxLen) {
      anySkipped = true;
      skipped.identical += g.identical;
      skipped.removed += g.removed;
      skipped.inserted += g.inserted;
      skipped.modified += g.modified;
      return;
    }
    if (g.equal) {
      const numEqual = g.identical;
      let lo = 0;
      let hi = 0;
      while (lo < 2 && lo + hi < numEqual && i !== 0) lo++;
      while (hi < 2 && lo + hi < numEqual && i !== groups.length - 1) hi++;
      if (numEqual - (lo + hi) === 1) hi++;
      const ident: Opts = { ...o, diff: ' ' };
      for (const r of recs.slice(0, lo)) list.recs.push({ key: r.key, value: formatDiff(ident, r.node) });
      if (numEqual > lo + hi) list.appendEllipsis(statsText(name, { identical: numEqual - lo - hi }));
      for (const r of recs.slice(numEqual - hi, numEqual)) list.recs.push({ key: r.key, value: formatDiff(ident, r.node) });
      recs = recs.slice(numEqual);
      return;
    }
    for (const r of recs.slice(0, nd)) {
      const n = r.node;
      if (n.numChildren === n.maxDepth) {
        let outx = formatValue({ ...o, diff: '-' }, n.x);
        let outy = formatValue({ ...o, diff: '+' }, n.y);
        for (let k = 0; k <= 6 && outx && outy && textEqual(outx, outy); k++) {
          const o2: Opts = { ...o, verbosity: verb(o) + 2 * k, typeMode: 'elide' };
          outx = formatValue({ ...o2, diff: '-' }, n.x);
          outy = formatValue({ ...o2, diff: '+' }, n.y);
        }
        if (outx) list.recs.push({ diff: '-', key: r.key, value: outx });
        if (outy) list.recs.push({ diff: '+', key: r.key, value: outy });
      } else {
        list.recs.push({ key: r.key, value: formatDiff(o, n) });
      }
    }
    recs = recs.slice(nd);
    numDiffs += nd;
  });
  if (anySkipped) list.appendEllipsis(statsText(name, skipped));
  return new TextWrap('{', list, '}');
}

/** cmp.Diff(x, y) of two modelled Go values, with go-cmp's ASCII line prefixes. */
function goCmpDiff(x: GoValue, y: GoValue): string {
  const root = compare(x, y);
  if (root.numDiff === 0) return '';
  return render(formatDiff({ diff: '?', typeMode: 'emit', verbosity: 0, limit: false }, root));
}

/** Exposed for tests: the go-cmp diff of two v1 pod specs as internal core.PodSpec values. */
export function podSpecDiff(oldSpec: unknown, newSpec: unknown): string {
  return goCmpDiff(internalPodSpec((oldSpec ?? {}) as J), internalPodSpec((newSpec ?? {}) as J));
}
