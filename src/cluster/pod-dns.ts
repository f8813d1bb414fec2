// The files the kubelet writes for each pod and mounts into its containers: /etc/hosts
// (kubelet_pods.go managedHostsFileContent) and /etc/resolv.conf (the DNS configurer's servers,
// search domains and options, written by containerd: search, nameserver lines, options).
import type { Pod } from '../types/k8s.js';

const CLUSTER_DOMAIN = 'cluster.local';
const CLUSTER_DNS = '10.96.0.10';

/** /etc/hosts of a pod on the pod network (not host network: the runtime keeps the node's then). */
export function podHostsFile(pod: Pod, ip: string): string {
  const hostname = (pod.spec.hostname ?? pod.metadata.name!).slice(0, 63);
  const domain = pod.spec.subdomain ? `${pod.spec.subdomain}.${pod.metadata.namespace}.svc.${CLUSTER_DOMAIN}` : '';
  let out = '# Kubernetes-managed hosts file.\n';
  out += '127.0.0.1\tlocalhost\n';
  out += '::1\tlocalhost ip6-localhost ip6-loopback\n';
  out += 'fe00::0\tip6-localnet\n';
  out += 'fe00::0\tip6-mcastprefix\n';
  out += 'fe00::1\tip6-allnodes\n';
  out += 'fe00::2\tip6-allrouters\n';
  out += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  const aliases = pod.spec.hostAliases ?? [];
  if (aliases.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}

/**
 * /etc/resolv.conf for the cluster's DNS (dnsPolicy ClusterFirst, or ClusterFirstWithHostNet), or
 * only the pod's dnsConfig (None), with dnsConfig's servers, search domains and options merged in
 * as the kubelet does (duplicates dropped; an option named again takes the new value). Undefined
 * for what kubesim does not model (Default, and ClusterFirst on the host network: the node's file).
 */
export function podResolvConf(pod: Pod): string | undefined {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec.hostNetwork);
  if (!clusterFirst && policy !== 'None') return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  let servers = clusterFirst ? [CLUSTER_DNS] : [];
  let searches = clusterFirst ? [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN] : [];
  const options = new Map<string, string | undefined>(clusterFirst ? [['ndots', '5']] : []);
  const extra = pod.spec.dnsConfig;
  if (extra) {
    servers = unique([...servers, ...(extra.nameservers ?? [])]);
    searches = unique([...searches, ...(extra.searches ?? [])]);
    for (const o of extra.options ?? []) options.set(o.name, o.value);
  }
  let out = '';
  if (searches.length) out += `search ${searches.join(' ')}\n`;
  if (servers.length) out += `nameserver ${servers.join('\nnameserver ')}\n`;
  if (options.size) out += `options ${[...options].map(([k, v]) => (v === undefined || v === '' ? k : `${k}:${v}`)).join(' ')}\n`;
  return out;
}

const unique = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i);
