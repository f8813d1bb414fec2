// Field validation with the API server's exact messages (errors.md §2, apiserver.md §3).
import type { Container, KObject, PodSpec } from '../types/k8s.js';
import type { FieldCause } from './errors.js';
import { validateWindowsPodSpec } from './validation-windows.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return { field, message: `Invalid value: ${shown}: ${detail}` };
}

export function required(field: string, detail?: string): FieldCause {
  return { field, message: detail ? `Required value: ${detail}` : 'Required value' };
}

/** Errors for a DNS-1123 label (namespaces, container names). */
export function validateDnsLabel(field: string, value: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (value.length > 63) out.push(invalidValue(field, value, 'must be no more than 63 characters'));
  if (!DNS1123_LABEL.test(value)) out.push(invalidValue(field, value, LABEL_MSG));
  return out;
}

export function validateDnsSubdomain(field: string, value: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (value.length > 253) out.push(invalidValue(field, value, 'must be no more than 253 characters'));
  if (!DNS1123_SUBDOMAIN.test(value)) out.push(invalidValue(field, value, SUBDOMAIN_MSG));
  return out;
}

export function validateObjectMeta(obj: KObject, labelName: boolean): FieldCause[] {
  const name = obj.metadata.name;
  if (!name) {
    return [required('metadata.name', 'name or generateName is required')];
  }
  return [...(labelName ? validateDnsLabel('metadata.name', name) : validateDnsSubdomain('metadata.name', name)), ...validateMetadataMaps(obj)];
}

/** ConfigMaps and Secrets hold at most 1 MiB (core/validation's MaxSecretSize / ConfigMap total size). */
export function validateDataSize(obj: KObject): FieldCause[] {
  const o = obj as KObject & { data?: Record<string, string>; binaryData?: Record<string, string>; stringData?: Record<string, string> };
  if (obj.kind !== 'ConfigMap' && obj.kind !== 'Secret') return [];
  let size = 0;
  const b64 = (v: string) => Math.floor((v.length * 3) / 4);
  for (const v of Object.values(o.data ?? {})) size += obj.kind === 'Secret' ? b64(String(v)) : String(v).length;
  for (const v of Object.values(o.binaryData ?? {})) size += b64(String(v));
  for (const v of Object.values(o.stringData ?? {})) size += String(v).length;
  if (size <= 1048576) return [];
  return [{ field: obj.kind === 'Secret' ? 'data' : '[]', message: 'Too long: must have at most 1048576 bytes' }];
}

/** Labels and annotations (what an update validates of the metadata). */
export function validateMetadataMaps(obj: KObject): FieldCause[] {
  return [...validateDataSize(obj), ...validateLabels(obj.metadata.labels ?? {}, 'metadata.labels'), ...validateAnnotations(obj.metadata.annotations ?? {}, 'metadata.annotations')];
}

// apimachinery's validation.IsQualifiedName / IsValidLabelValue texts.
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_FMT =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QUALIFIED_NAME_WHOLE =
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_FMT =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export function qualifiedNameErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const out: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else if (prefix.length > 253) out.push('prefix part must be no more than 253 characters');
    else if (!DNS1123_SUBDOMAIN.test(prefix)) out.push(`prefix part ${SUBDOMAIN_MSG}`);
  } else if (parts.length !== 1) {
    return [QUALIFIED_NAME_WHOLE];
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name.length && !QUALIFIED_NAME_PART.test(name)) out.push(QUALIFIED_NAME_FMT);
  return out;
}

export function validateLabels(labels: Record<string, string>, field: string): FieldCause[] {
  const out: FieldCause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of qualifiedNameErrors(k)) out.push(invalidValue(field, k, msg));
    if (typeof v !== 'string') continue;
    if (v.length > 63) out.push(invalidValue(field, v, 'must be no more than 63 characters'));
    if (!LABEL_VALUE.test(v)) out.push(invalidValue(field, v, LABEL_VALUE_FMT));
  }
  return out;
}

/** Annotations: qualified-name keys, at most 256 KiB in all (apimachinery's TotalAnnotationSizeLimitB). */
export function validateAnnotations(annotations: Record<string, string>, field: string): FieldCause[] {
  const out: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of qualifiedNameErrors(k.toLowerCase())) out.push(invalidValue(field, k, msg));
    size += k.length + String(v).length;
  }
  if (size > 262144) out.push({ field, message: 'Too long: must have at most 262144 bytes' });
  return out;
}

function validateContainers(list: Container[], path: string, seen: Set<string>): FieldCause[] {
  const out: FieldCause[] = [];
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.name) out.push(required(`${p}.name`));
    else {
      out.push(...validateDnsLabel(`${p}.name`, c.name));
      if (seen.has(c.name)) out.push({ field: `${p}.name`, message: `Duplicate value: ${JSON.stringify(c.name)}` });
      seen.add(c.name);
    }
    if (!c.image) out.push(required(`${p}.image`));
  });
  return out;
}

export function validatePodSpec(spec: PodSpec, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  const names = new Set<string>();
  if (!spec.containers || spec.containers.length === 0) out.push(required(`${path}.containers`));
  out.push(...validateContainers(spec.initContainers ?? [], `${path}.initContainers`, names));
  out.push(...validateContainers(spec.containers ?? [], `${path}.containers`, names));
  const policies = ['Always', 'OnFailure', 'Never'];
  if (spec.restartPolicy && !policies.includes(spec.restartPolicy)) {
    out.push({
      field: `${path}.restartPolicy`,
      message: `Unsupported value: ${JSON.stringify(spec.restartPolicy)}: supported values: "Always", "OnFailure", "Never"`,
    });
  }
  out.push(...validateWindowsPodSpec(spec, path));
  // A volume left without a source (e.g. an image volume with the ImageVolume gate off, its field dropped).
  (spec.volumes ?? []).forEach((v, i) => {
    if (Object.keys(v).every((k) => k === 'name')) out.push(required(`${path}.volumes[${i}]`, 'must specify a volume type'));
  });
  return out;
}
