// `kubectl cluster-info`: the control plane's address, then each Service labelled
// kubernetes.io/cluster-service=true (kube-dns on a kind cluster), as kubectl v1.32 prints them
// (pkg/cmd/clusterinfo): a load balancer's ingress as http links, otherwise the API server's
// service proxy path of the Service's first port.
import type { KObject } from '../types/k8s.js';

export const CLUSTER_SERVICE_SELECTOR = 'kubernetes.io/cluster-service=true';

interface ServicePort {
  name?: string;
  port: number;
}

interface ServiceShape extends KObject {
  spec?: { ports?: ServicePort[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** The proxy name of a service port: `[scheme:]name[:port name]` (apimachinery's JoinSchemeNamePort). */
function proxyName(service: string, port: ServicePort | undefined): string {
  if (!port) return service;
  // kubectl guesses https from the port's name or number.
  const portName = port.name ?? '';
  if (port.name === 'https' || port.port === 443) return `https:${service}:${portName}`; // a scheme takes all three parts
  return portName ? `${service}:${portName}` : service;
}

function serviceLink(svc: ServiceShape, host: string): string {
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  if (ingress) return (svc.spec?.ports ?? []).map((p) => `http://${ingress.ip || ingress.hostname || ''}:${p.port} `).join('');
  return `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${proxyName(svc.metadata.name!, svc.spec?.ports?.[0])}/proxy`;
}

/** The whole output, for the API server at `host` and the cluster services listed. */
export function renderClusterInfo(host: string, services: KObject[]): string {
  const lines = [`Kubernetes control plane is running at ${host}`];
  for (const svc of services as ServiceShape[]) {
    const name = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name;
    lines.push(`${name} is running at ${serviceLink(svc, host)}`);
  }
  return `${lines.join('\n')}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`;
}
