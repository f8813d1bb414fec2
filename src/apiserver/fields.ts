// Field selector support: which fields each kind can be filtered by, and their values.
import type { KObject } from '../types/k8s.js';

/** The value of a field-selector path on an object (`metadata.name`, `spec.nodeName`, `status.phase`...). */
export function fieldValue(obj: KObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/**
 * The field labels each built-in kind accepts (the AddFieldLabelConversionFunc of
 * pkg/apis/<group>/v1/conversion.go), keyed `group/Kind`; `message` words the refusal.
 * Kinds without one (every apps kind among them) take only metadata.name and metadata.namespace.
 */
const FIELD_LABELS: Record<string, { labels: string[]; message?: (label: string) => string }> = {
  '/Pod': { labels: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName', 'spec.host'] },
  '/Node': { labels: ['metadata.name', 'spec.unschedulable'] },
  '/ReplicationController': { labels: ['metadata.name', 'metadata.namespace', 'status.replicas'] },
  '/Event': { labels: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name'] },
  '/Namespace': { labels: ['status.phase', 'metadata.name'] },
  '/Secret': { labels: ['type', 'metadata.namespace', 'metadata.name'] },
  '/Service': { labels: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'] },
  'batch/Job': { labels: ['metadata.name', 'metadata.namespace', 'status.successful'], message: (l) => `field label ${JSON.stringify(l)} not supported for Job` },
  'certificates.k8s.io/CertificateSigningRequest': { labels: ['metadata.name', 'spec.signerName'] },
};

const META_ONLY = {
  labels: ['metadata.name', 'metadata.namespace'],
  message: (l: string) => `${JSON.stringify(l)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/** A custom resource's group has a dot and is not Kubernetes' own (`*.k8s.io`). */
const builtIn = (group: string) => !group.includes('.') || group.endsWith('.k8s.io');

/**
 * The API server's refusal of a field selector naming a label the kind does not
 * support (`field label not supported: spec.nope`), or undefined. Custom resources
 * are not checked (their selectableFields are not simulated).
 */
export function unsupportedFieldLabel(group: string, kind: string, fields: string[]): string | undefined {
  if (!builtIn(group)) return undefined;
  const known = FIELD_LABELS[`${group}/${kind}`];
  const rules = known ?? META_ONLY;
  const bad = fields.find((f) => !rules.labels.includes(f));
  if (bad === undefined) return undefined;
  return (rules.message ?? ((l: string) => `field label not supported: ${l}`))(bad);
}
