// Strict decoding, schema-light: what the API server's JSON decoder says about
// a body before any validation runs (errors.md §4). A value of the wrong JSON
// type fails the decode (`json: cannot unmarshal string into Go struct field
// ...`); with fieldValidation=Strict (kubectl's default, --validate=strict)
// fields the type does not have are refused (`strict decoding error: unknown
// field "spec.containers[0].imagePullPolic"`). Only the kinds a learner writes
// by hand are described (Pod, Deployment, Service, ConfigMap, Secret, Namespace),
// and only down to the structs they commonly use: a nested struct we do not
// describe is `any` and passes unchecked, so a gap here can only let a bad
// field through, never refuse a good one.
import type { ResourceInfo } from './resources.js';
import { isValidQuantity } from '../util/quantity.js';
import { badRequest, type StatusError } from './errors.js';

type T =
  | 'string' | 'int32' | 'int64' | 'bool' | 'any' | 'quantity' | 'intstr' | 'bytes'
  | { map: T; go: string }
  | { list: T; go: string }
  | { struct: string; fields: Record<string, T> };

const S = (struct: string, fields: Record<string, T>): T => ({ struct, fields });
const L = (of: T, go: string): T => ({ list: of, go });
const M = (of: T, go = 'map[string]string'): T => ({ map: of, go });
const strMap = M('string');

const objectMeta = S('ObjectMeta', {
  name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string', resourceVersion: 'string',
  generation: 'int64', creationTimestamp: 'any', deletionTimestamp: 'any', deletionGracePeriodSeconds: 'int64',
  labels: strMap, annotations: strMap, ownerReferences: 'any', finalizers: L('string', '[]string'), managedFields: 'any',
});
const resources = S('ResourceRequirements', { limits: M('quantity', 'v1.ResourceList'), requests: M('quantity', 'v1.ResourceList'), claims: 'any' });
const containerPort = S('ContainerPort', { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' });
const envVar = S('EnvVar', { name: 'string', value: 'string', valueFrom: 'any' });
const volumeMount = S('VolumeMount', { name: 'string', readOnly: 'bool', recursiveReadOnly: 'string', mountPath: 'string', subPath: 'string', mountPropagation: 'string', subPathExpr: 'string' });
const container = S('Container', {
  name: 'string', image: 'string', command: L('string', '[]string'), args: L('string', '[]string'), workingDir: 'string',
  ports: L(containerPort, '[]v1.ContainerPort'), envFrom: 'any', env: L(envVar, '[]v1.EnvVar'), resources, resizePolicy: 'any',
  restartPolicy: 'string', volumeMounts: L(volumeMount, '[]v1.VolumeMount'), volumeDevices: 'any', livenessProbe: 'any',
  readinessProbe: 'any', startupProbe: 'any', lifecycle: 'any', terminationMessagePath: 'string', terminationMessagePolicy: 'string',
  imagePullPolicy: 'string', securityContext: 'any', stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
});
const podSpec = S('PodSpec', {
  volumes: 'any', initContainers: L(container, '[]v1.Container'), containers: L(container, '[]v1.Container'), ephemeralContainers: 'any',
  restartPolicy: 'string', terminationGracePeriodSeconds: 'int64', activeDeadlineSeconds: 'int64', dnsPolicy: 'string',
  nodeSelector: strMap, serviceAccountName: 'string', serviceAccount: 'string', automountServiceAccountToken: 'bool', nodeName: 'string',
  hostNetwork: 'bool', hostPID: 'bool', hostIPC: 'bool', shareProcessNamespace: 'bool', securityContext: 'any', imagePullSecrets: 'any',
  hostname: 'string', subdomain: 'string', affinity: 'any', schedulerName: 'string', tolerations: 'any', hostAliases: 'any',
  priorityClassName: 'string', priority: 'int32', dnsConfig: 'any', readinessGates: 'any', runtimeClassName: 'string',
  enableServiceLinks: 'bool', preemptionPolicy: 'string', overhead: 'any', topologySpreadConstraints: 'any', setHostnameAsFQDN: 'bool',
  os: 'any', hostUsers: 'bool', schedulingGates: 'any', resourceClaims: 'any', resources: 'any',
});
const labelSelector = S('LabelSelector', { matchLabels: strMap, matchExpressions: 'any' });
const podTemplate = S('PodTemplateSpec', { metadata: objectMeta, spec: podSpec });
const servicePort = S('ServicePort', { name: 'string', protocol: 'string', appProtocol: 'string', port: 'int32', targetPort: 'intstr', nodePort: 'int32' });

const top = (struct: string, fields: Record<string, T>): T =>
  S(struct, { apiVersion: 'string', kind: 'string', metadata: objectMeta, ...fields });

const KINDS: Record<string, T> = {
  'v1/Pod': top('Pod', { spec: podSpec, status: 'any' }),
  'apps/v1/Deployment': top('Deployment', {
    spec: S('DeploymentSpec', {
      replicas: 'int32', selector: labelSelector, template: podTemplate, strategy: 'any', minReadySeconds: 'int32',
      revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32',
    }),
    status: 'any',
  }),
  'v1/Service': top('Service', {
    spec: S('ServiceSpec', {
      ports: L(servicePort, '[]v1.ServicePort'), selector: strMap, clusterIP: 'string', clusterIPs: L('string', '[]string'), type: 'string',
      externalIPs: L('string', '[]string'), sessionAffinity: 'string', loadBalancerIP: 'string', loadBalancerSourceRanges: L('string', '[]string'),
      externalName: 'string', externalTrafficPolicy: 'string', healthCheckNodePort: 'int32', publishNotReadyAddresses: 'bool',
      sessionAffinityConfig: 'any', ipFamilies: L('string', '[]v1.IPFamily'), ipFamilyPolicy: 'string', allocateLoadBalancerNodePorts: 'bool',
      loadBalancerClass: 'string', internalTrafficPolicy: 'string', trafficDistribution: 'string',
    }),
    status: 'any',
  }),
  'v1/ConfigMap': top('ConfigMap', { immutable: 'bool', data: strMap, binaryData: M('bytes', 'map[string][]uint8') }),
  'v1/Secret': top('Secret', { immutable: 'bool', data: M('bytes', 'map[string][]uint8'), stringData: strMap, type: 'string' }),
  'v1/Namespace': top('Namespace', { spec: S('NamespaceSpec', { finalizers: L('string', '[]v1.FinalizerName') }), status: 'any' }),
};

const goType = (t: T): string => {
  if (typeof t === 'string') return ({ string: 'string', int32: 'int32', int64: 'int64', bool: 'bool', any: 'interface {}', quantity: 'resource.Quantity', intstr: 'intstr.IntOrString', bytes: '[]uint8' } as const)[t];
  if ('struct' in t) return `v1.${t.struct}`;
  return t.go;
};
const jsonType = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);

class TypeMismatch extends Error {}

function walk(v: unknown, t: T, path: string, goPath: string, struct: string, unknown: string[]): void {
  if (v === null || t === 'any') return; // null decodes to the zero value
  const mismatch = () => {
    // Go names the struct holding the field and the field's JSON path without indices.
    throw new TypeMismatch(`json: cannot unmarshal ${jsonType(v)} into Go struct field ${struct}.${goPath} of type ${goType(t)}`);
  };
  if (typeof t === 'string') {
    switch (t) {
      case 'string':
      case 'bytes':
        if (typeof v !== 'string') mismatch();
        return;
      case 'bool':
        if (typeof v !== 'boolean') mismatch();
        return;
      case 'int32':
      case 'int64':
        if (typeof v !== 'number') mismatch();
        if (!Number.isInteger(v) || Math.abs(v as number) >= (t === 'int32' ? 2 ** 31 : 2 ** 63)) {
          throw new TypeMismatch(`json: cannot unmarshal number ${String(v)} into Go struct field ${struct}.${goPath} of type ${t}`);
        }
        return;
      case 'quantity':
        if ((typeof v !== 'string' && typeof v !== 'number') || !isValidQuantity(String(v))) {
          throw new TypeMismatch("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
        return;
      case 'intstr':
        if (typeof v !== 'string' && typeof v !== 'number') mismatch();
        return;
    }
    return;
  }
  if ('list' in t) {
    if (!Array.isArray(v)) return mismatch();
    v.forEach((x, i) => walk(x, t.list, `${path}[${i}]`, goPath, struct, unknown));
    return;
  }
  if (typeof v !== 'object' || Array.isArray(v)) return mismatch();
  if ('map' in t) {
    for (const [k, x] of Object.entries(v as object)) walk(x, t.map, `${path}.${k}`, goPath, struct, unknown);
    return;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.startsWith('$')) continue; // strategic merge patch directives ($patch, $setElementOrder/..., $retainKeys)
    const field = t.fields[k];
    const p = path ? `${path}.${k}` : k;
    if (!field) {
      unknown.push(p);
      continue;
    }
    walk(x, field, p, goPath ? `${goPath}.${k}` : k, t.struct, unknown);
  }
}

/**
 * Checks a request body (or a merge patch) against the kind's fields. Throws the
 * BadRequest a v1.32 server gives; `strict` adds the unknown-field check.
 */
export function strictDecode(r: ResourceInfo, body: unknown, strict = true): void {
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  const schema = KINDS[`${apiVersion}/${r.kind}`];
  if (!schema || typeof schema === 'string' || !('struct' in schema)) return;
  const unknown: string[] = [];
  let error: StatusError | undefined;
  try {
    walk(body, schema, '', '', schema.struct, unknown);
  } catch (e) {
    if (!(e instanceof TypeMismatch)) throw e;
    error = badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${e.message}`);
  }
  if (error) throw error;
  if (strict && unknown.length) {
    throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
  }
}
