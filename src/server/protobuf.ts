// Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf), as
// kubectl's typed clients send them (create namespace/configmap/secret/
// deployment/..., auth can-i, auth whoami, create token). The body is the
// 4-byte magic "k8s\0" and a runtime.Unknown envelope: apiVersion and kind, and
// the object's own protobuf encoding, decoded here into the object's JSON form
// with the field tables generated from the API's .proto files
// (src/server/proto-schema.ts). Responses stay JSON: kubectl also accepts JSON.
//
// Zero values: Go's protobuf encoding writes every non-pointer field, set or
// not, while its JSON encoding leaves out empty optional ones; so "", 0 and
// false are dropped, except in the pointer fields listed below, where a zero is
// something the client asked for (`create deployment --replicas=0`).
import type { KObject } from '../types/k8s.js';
import { StatusError } from '../apiserver/errors.js';
import { PROTO_MESSAGES } from './proto-schema.js';

const MAGIC = Buffer.from('k8s\0', 'latin1');
const KEEP_ZERO = new Set([
  '@apps.v1.DeploymentSpec.replicas', '@apps.v1.ReplicaSetSpec.replicas', '@apps.v1.StatefulSetSpec.replicas',
  '@batch.v1.JobSpec.parallelism', '@batch.v1.JobSpec.completions', '@batch.v1.JobSpec.backoffLimit',
  '@core.v1.PodSpec.terminationGracePeriodSeconds', '@core.v1.PodSpec.shareProcessNamespace', '@core.v1.PodSpec.automountServiceAccountToken',
  '@core.v1.PodSpec.hostUsers', '@core.v1.PodSpec.enableServiceLinks', '@core.v1.PodSpec.activeDeadlineSeconds',
  '@core.v1.SecurityContext.privileged', '@core.v1.SecurityContext.runAsUser', '@core.v1.SecurityContext.runAsGroup',
  '@core.v1.SecurityContext.runAsNonRoot', '@core.v1.SecurityContext.readOnlyRootFilesystem', '@core.v1.SecurityContext.allowPrivilegeEscalation',
  '@core.v1.PodSecurityContext.runAsUser', '@core.v1.PodSecurityContext.runAsGroup', '@core.v1.PodSecurityContext.runAsNonRoot', '@core.v1.PodSecurityContext.fsGroup',
  '%apis.meta.v1.DeleteOptions.gracePeriodSeconds', '%apis.meta.v1.DeleteOptions.orphanDependents',
]);

/**
 * Go structs embedded with `json:",inline"`: a field of their own in protobuf, their fields the
 * enclosing object's in JSON (a Volume's source, a Probe's handler, a key selector's name).
 */
const INLINE = new Set([
  '@core.v1.Volume.volumeSource', '@core.v1.PersistentVolumeSpec.persistentVolumeSource', '@core.v1.Probe.handler',
  '@core.v1.EphemeralContainer.ephemeralContainerCommon', '@networking.v1.IngressRule.ingressRuleValue',
  ...['ConfigMapEnvSource', 'ConfigMapKeySelector', 'ConfigMapProjection', 'ConfigMapVolumeSource', 'SecretEnvSource', 'SecretKeySelector', 'SecretProjection'].map(
    (m) => `@core.v1.${m}.localObjectReference`,
  ),
]);

interface Field {
  name: string;
  type: string;
  repeated: boolean;
}

const tables = new Map<string, Map<number, Field>>();

function table(message: string): Map<number, Field> {
  let t = tables.get(message);
  if (t) return t;
  const spec = PROTO_MESSAGES[message];
  if (spec === undefined) throw unsupported(`the protobuf message ${message}`);
  t = new Map();
  for (const f of spec ? spec.split(',') : []) {
    const [num, name, type, r] = f.split(' ');
    t.set(Number(num), { name: name!, type: type!, repeated: r === 'r' });
  }
  tables.set(message, t);
  return t;
}

function unsupported(what: string): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', `${what} in a protobuf request body is not supported by kubesim`);
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new StatusError(400, 'BadRequest', 'the protobuf request body is truncated');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new StatusError(400, 'BadRequest', `unknown protobuf wire type ${wire}`);
  }
}

type Value = unknown;

function scalar(type: string, r: Reader, wire: number): Value {
  switch (type) {
    case 'string':
      return r.bytes().toString('utf8');
    case 'bytes':
      return r.bytes().toString('base64');
    case 'bool':
      return r.varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'uint32':
    case 'uint64':
      return Number(r.varint());
    case 'double': {
      const v = r.buf.readDoubleLE(r.pos);
      r.pos += 8;
      return v;
    }
    default:
      r.skip(wire);
      throw unsupported(`the protobuf type ${type}`);
  }
}

const isScalar = (type: string) => !type.startsWith('@') && !type.startsWith('%');

/** Messages whose JSON form is not an object of their fields. */
function special(type: string, bytes: Buffer): { value: Value } | undefined {
  switch (type) {
    case '%apis.meta.v1.Time':
    case '%apis.meta.v1.MicroTime': {
      const t = decodeMessage(type, bytes) as { seconds?: number; nanos?: number };
      if (!t.seconds && !t.nanos) return { value: undefined };
      const iso = new Date((t.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, '');
      const micro = type.endsWith('MicroTime') ? `.${String(Math.floor((t.nanos ?? 0) / 1000)).padStart(6, '0')}` : '';
      return { value: `${iso}${micro}Z` };
    }
    case '%api.resource.Quantity':
      return { value: (decodeMessage(type, bytes) as { string?: string }).string ?? '0' };
    case '%util.intstr.IntOrString': {
      const v = decodeMessage(type, bytes) as { type?: number; intVal?: number; strVal?: string };
      return { value: v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0) };
    }
    case '%runtime.RawExtension':
    case '%apis.meta.v1.FieldsV1': {
      const raw = new Reader(bytes);
      let json: Buffer | undefined;
      while (raw.pos < raw.end) {
        const key = Number(raw.varint());
        if (key >> 3 === 1 && (key & 7) === 2) json = raw.bytes();
        else raw.skip(key & 7);
      }
      return { value: json && json.length ? JSON.parse(json.toString('utf8')) : {} };
    }
    case '@authentication.v1.ExtraValue':
    case '@authorization.v1.ExtraValue':
      return { value: (decodeMessage(type, bytes) as { items?: string[] }).items ?? [] };
    case '%apis.meta.v1.Duration':
      throw unsupported('a duration');
    default:
      return undefined;
  }
}

function messageValue(type: string, bytes: Buffer): Value {
  const s = special(type, bytes);
  return s ? s.value : decodeMessage(type, bytes);
}

function decodeMessage(type: string, bytes: Buffer): Record<string, Value> {
  const fields = table(type);
  const out: Record<string, Value> = {};
  const r = new Reader(bytes);
  while (r.pos < r.end) {
    const key = Number(r.varint());
    const num = key >> 3;
    const wire = key & 7;
    const f = fields.get(num);
    if (!f) throw unsupported(`field ${num} of ${type}`);
    if (f.type.startsWith('map:')) {
      const valueType = f.type.slice(4);
      const entry = new Reader(r.bytes());
      let k = '';
      let v: Value = isScalar(valueType) ? (valueType === 'bytes' ? '' : valueType === 'string' ? '' : 0) : undefined;
      while (entry.pos < entry.end) {
        const ek = Number(entry.varint());
        if (ek >> 3 === 1) k = entry.bytes().toString('utf8');
        else if (ek >> 3 === 2) v = isScalar(valueType) ? scalar(valueType, entry, ek & 7) : messageValue(valueType, entry.bytes());
        else entry.skip(ek & 7);
      }
      const map = (out[f.name] ??= {}) as Record<string, Value>;
      map[k] = v;
      continue;
    }
    let values: Value[];
    if (isScalar(f.type)) {
      if (wire === 2 && f.type !== 'string' && f.type !== 'bytes') {
        // packed repeated numbers
        const packed = new Reader(r.bytes());
        values = [];
        while (packed.pos < packed.end) values.push(scalar(f.type, packed, 0));
      } else values = [scalar(f.type, r, wire)];
    } else values = [messageValue(f.type, r.bytes())];
    if (f.repeated) {
      ((out[f.name] ??= []) as Value[]).push(...values);
      continue;
    }
    const v = values[values.length - 1];
    if (INLINE.has(`${type}.${f.name}`)) {
      Object.assign(out, v);
      continue;
    }
    const zero = v === '' || v === 0 || v === false || v === undefined;
    if (zero && !(v !== undefined && KEEP_ZERO.has(`${type}.${f.name}`))) delete out[f.name];
    else out[f.name] = v;
  }
  return out;
}

/** The proto package of an API group ('' is core; apps, rbac.authorization.k8s.io -> rbac ...). */
function protoPackage(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `@${group === '' ? 'core' : group.split('.')[0]}.${version}`;
}

/** Decodes a Kubernetes protobuf body (magic + runtime.Unknown) into the object's JSON form. */
export function decodeKubernetesProtobuf(body: Buffer): KObject {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new StatusError(400, 'BadRequest', 'the protobuf request body does not start with the Kubernetes magic number');
  }
  const unknown = decodeMessage('%runtime.Unknown', body.subarray(MAGIC.length)) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  // DeleteOptions come as the group's version but are meta/v1's message.
  const message = kind === 'DeleteOptions' ? '%apis.meta.v1.DeleteOptions' : `${protoPackage(apiVersion)}.${kind}`;
  if (!PROTO_MESSAGES[message]) throw unsupported(`${apiVersion} ${kind}`);
  const obj = decodeMessage(message, Buffer.from(unknown.raw ?? '', 'base64'));
  return { apiVersion, kind, ...obj } as KObject;
}
