// The Service describer (kubectl describe service, v1.32): Endpoints come from the
// Service's EndpointSlices (ready endpoints only, at most three shown).

import type { KObject, LoadBalancerIngress, Service } from '../../types/k8s.js';
import { relatedList, type DescribeContext } from './context.js';
import { describeEventsOf } from './events.js';
import { printAnnotations, printLabels, sortedKeys } from './helpers.js';
import { LEVEL_0, tabbedString } from './writer.js';

interface EndpointSlice extends KObject {
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] | null;
  ports?: { name?: string; port?: number }[] | null;
}

/** labels.FormatLabels: sorted k=v joined by commas, `<none>` when empty. */
function formatSelector(sel: Record<string, string> | undefined): string {
  const keys = sortedKeys(sel);
  return keys.length ? keys.map((k) => `${k}=${sel![k]}`).join(',') : '<none>';
}

/** Host:port with brackets for IPv6 (net.JoinHostPort). */
const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpointSlices(slices, {portName}): ready endpoints, three at most, then "+ N more...". */
export function formatEndpointSlices(slices: EndpointSlice[], portName: string | undefined): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const ports = slice.ports ?? [];
    const ready = (e: (typeof endpoints)[number]) => e.conditions?.ready === undefined || e.conditions.ready === true;
    if (ports.length === 0) {
      // Headless services with no ports: addresses alone.
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses[0]!);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if (portName !== undefined && (p.name ?? '') !== portName) continue;
      for (const e of endpoints) {
        // kubectl checks the limit before readiness: a not-ready endpoint past the third still sets "more".
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses[0]!, p.port ?? 0));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** buildIngressString: IPs or hostnames joined by ", ". */
function ingressString(ingress: LoadBalancerIngress[]): string {
  return ingress.map((i) => i.ip || i.hostname || '').join(', ');
}

/** ctx.related.endpointSlices: the EndpointSlices labelled kubernetes.io/service-name=<service>. */
export function describeService(svc: KObject, ctx: DescribeContext): string {
  const spec = (svc as Service).spec ?? {};
  const ingress = (svc as Service).status?.loadBalancer?.ingress ?? [];
  const slices = relatedList<EndpointSlice>(ctx, 'endpointSlices') ?? [];
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', svc.metadata.labels);
    printAnnotations(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatSelector(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
    if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.type === 'ExternalName') w.write(LEVEL_0, `External Name:\t${spec.externalName ?? ''}\n`);
    if (ingress.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressString(ingress)}\n`);
    for (const sp of spec.ports ?? []) {
      const name = sp.name || '<unset>';
      const protocol = sp.protocol ?? 'TCP';
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? sp.port}/${protocol}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    describeEventsOf(w, svc, ctx);
  });
}
