// Defaulting of the built-in types (pkg/apis/core/v1/defaults.go and friends):
// what the API server fills in before admission, so a minimal pod's `-o yaml`
// matches a real cluster's field for field (apiserver.md §2).
import type { Container, PodSpec, Probe, Volume } from '../types/k8s.js';
import { canonicalQuantity } from '../util/quantity.js';

/** Image tag rule for imagePullPolicy: `latest` or no tag (and no digest) pulls Always. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon < 0 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
  // GRPCAction.service is `+default=""`: stored as an empty string (describe prints `grpc <pod>:PORT `).
  if (p.grpc) p.grpc.service ??= '';
}

/** Quantities are stored in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`), as the API server's decoder leaves them. */
function canonicalResources(list: Record<string, string> | undefined): void {
  if (!list) return;
  for (const [k, v] of Object.entries(list)) {
    try {
      list[k] = canonicalQuantity(String(v));
    } catch {
      // left as typed: validation reports it
    }
  }
}

export function defaultContainer(c: Container): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  canonicalResources(c.resources.limits);
  canonicalResources(c.resources.requests);
  // A limit without a request makes the request equal to the limit.
  const { limits } = c.resources;
  if (limits && Object.keys(limits).length > 0) {
    c.resources.requests = { ...limits, ...(c.resources.requests ?? {}) };
  }
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  for (const h of [c.lifecycle?.postStart, c.lifecycle?.preStop]) {
    if (h?.httpGet) {
      h.httpGet.path ??= '/';
      h.httpGet.scheme ??= 'HTTP';
    }
  }
}

function defaultVolume(v: Volume): void {
  if (v.configMap) v.configMap.defaultMode ??= 420;
  if (v.secret) v.secret.defaultMode ??= 420;
  if (v.projected) v.projected.defaultMode ??= 420;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= 420;
    for (const item of v.downwardAPI.items ?? []) {
      const ref = item.fieldRef as { apiVersion?: string } | undefined;
      if (ref) ref.apiVersion ??= 'v1';
    }
  }
  if (v.hostPath) v.hostPath.type ??= '';
  if (v.persistentVolumeClaim === undefined && Object.keys(v).length === 1) v.emptyDir = {};
}

/** Defaults a pod spec in place (pods and pod templates alike). */
export function defaultPodSpec(spec: PodSpec): void {
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
}
