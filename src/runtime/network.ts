// The cluster's network as seen from inside a pod: CoreDNS's answers and the
// Services and pods behind cluster IPs. The cluster side (src/cluster/network.ts)
// registers it; without one (unit tests of the runtime alone) a pod reaches
// only itself.

export const CLUSTER_DNS_IP = '10.96.0.10';
export const CLUSTER_DOMAIN = 'cluster.local';

export type HttpAnswer = { status: number; body: string } | { error: string };

export interface ClusterNetwork {
  /** CoreDNS's A records for a fully qualified name (no trailing dot), or undefined for NXDOMAIN. */
  resolve(fqdn: string): string[] | undefined;
  /** The namespace of the pod with this IP (its DNS search path). */
  namespaceOf(podIp: string): string | undefined;
  /** Where a connection to `ip:port` lands (kube-proxy: a Service's cluster IP to a ready endpoint); undefined when the address is not in the cluster. */
  route(ip: string, port: number): { ip: string; port: number } | { error: string } | undefined;
  /** An HTTP GET from the pod at `fromIp` to the pod at `ip` (not itself). */
  http(fromIp: string, ip: string, port: number, path: string, now: number, userAgent: string): HttpAnswer;
}

let network: ClusterNetwork | undefined;

export function registerClusterNetwork(n: ClusterNetwork | undefined): void {
  network = n;
}

export function clusterNetwork(): ClusterNetwork | undefined {
  return network;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The resolver (glibc/musl rules): names with fewer than ndots (5) dots try the
 * search list first (NS.svc.cluster.local svc.cluster.local cluster.local), a
 * trailing dot means absolute. Returns the name that answered and its addresses.
 */
export function lookupHost(name: string, fromIp: string): { fqdn: string; addresses: string[] } | undefined {
  if (IPV4.test(name)) return { fqdn: name, addresses: [name] };
  const n = network;
  if (!n) return undefined;
  const absolute = name.endsWith('.');
  const bare = absolute ? name.slice(0, -1) : name;
  const ns = n.namespaceOf(fromIp) ?? 'default';
  const search = [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  const dots = bare.split('.').length - 1;
  const candidates = absolute ? [bare] : dots >= 5 ? [bare, ...search.map((s) => `${bare}.${s}`)] : [...search.map((s) => `${bare}.${s}`), bare];
  for (const c of candidates) {
    const a = n.resolve(c.toLowerCase());
    if (a?.length) return { fqdn: c, addresses: a };
  }
  return undefined;
}
