// Field validation with the API server's exact messages (errors.md §2, apiserver.md §3).
import type { Container, KObject, PodSpec } from '../types/k8s.js';
import type { FieldCause } from './errors.js';

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
  return labelName ? validateDnsLabel('metadata.name', name) : validateDnsSubdomain('metadata.name', name);
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
  return out;
}
