// The cluster network the runtime's pods see (src/runtime/network.ts): CoreDNS
// (kube-dns at 10.96.0.10) answering for Services (SVC.NS.svc.cluster.local:
// the cluster IP, or the ready endpoints' IPs for a headless Service) and pods
// (a-b-c-d.NS.pod.cluster.local), kube-proxy sending a cluster IP's port to a
// ready endpoint, and HTTP to another pod's servers through its kubelet record.
import type { Engine } from './engine.js';
import type { KObject, Pod, Service, ServicePort } from '../types/k8s.js';
import { registerClusterNetwork, CLUSTER_DOMAIN, type ClusterNetwork } from '../runtime/network.js';
import { advancePod, httpFromOutside, type PodRt } from '../runtime/index.js';
import { KUBELET_RECORDS, podRecord } from './kubelet.js';

interface Subset {
  addresses?: { ip: string; targetRef?: { name?: string; namespace?: string } }[];
  ports?: { name?: string; port: number; protocol?: string }[];
}
type Endpoints = KObject & { subsets?: Subset[] };

function readyIps(engine: Engine, ns: string, name: string): string[] {
  const ep = engine.store.get('endpoints', ns, name) as Endpoints | undefined;
  return (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
}

export function clusterNetworkOf(engine: Engine): ClusterNetwork {
  const store = engine.store;
  const podByIp = (ip: string) => (store.list('pods') as Pod[]).find((p) => p.status?.podIP === ip && !p.spec.hostNetwork && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  return {
    resolve(fqdn) {
      const suffix = `.${CLUSTER_DOMAIN}`;
      if (!fqdn.endsWith(suffix)) return undefined;
      const labels = fqdn.slice(0, -suffix.length).split('.');
      if (labels.length === 3 && labels[2] === 'svc') {
        const [name, ns] = labels as [string, string];
        const svc = store.get('services', ns, name) as Service | undefined;
        if (!svc) return undefined;
        if (svc.spec?.type === 'ExternalName') return undefined;
        const ip = svc.spec?.clusterIP;
        if (ip && ip !== 'None') return [ip];
        const ips = readyIps(engine, ns, name);
        return ips.length ? ips : undefined;
      }
      if (labels.length === 3 && labels[2] === 'pod' && /^\d+-\d+-\d+-\d+$/.test(labels[0]!)) {
        return store.get('namespaces', undefined, labels[1]!) ? [labels[0]!.replace(/-/g, '.')] : undefined;
      }
      return undefined;
    },
    namespaceOf(ip) {
      return podByIp(ip)?.metadata.namespace;
    },
    route(ip, port) {
      const svc = (store.list('services') as Service[]).find((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(ip) && ip !== 'None');
      if (!svc) return podByIp(ip) ? { ip, port } : undefined;
      const sp = (svc.spec?.ports ?? []).find((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
      if (!sp) return { error: `can't connect to remote host (${ip}): Connection refused` };
      const ep = store.get('endpoints', svc.metadata.namespace, svc.metadata.name!) as Endpoints | undefined;
      for (const s of ep?.subsets ?? []) {
        const epPort = (s.ports ?? []).find((p) => (sp.name ? p.name === sp.name : true) && (p.protocol ?? 'TCP') === 'TCP');
        const addr = s.addresses?.[0];
        if (addr && epPort) return { ip: addr.ip, port: epPort.port };
      }
      // kube-proxy rejects a connection to a Service with no ready endpoints.
      return { error: `can't connect to remote host (${ip}): Connection refused` };
    },
    http(fromIp, ip, port, path, now, userAgent) {
      const pod = podByIp(ip);
      const stored = pod && podRecord(store, pod.metadata.namespace!, pod.metadata.name!);
      if (!pod || !stored?.rt) return { error: `can't connect to remote host (${ip}): Connection refused` };
      const rec = structuredClone(stored);
      const rt = rec.rt as PodRt;
      advancePod(rt, now);
      const logs = () => JSON.stringify(Object.values(rt.containers).map((c) => c.logs.length));
      const before = logs();
      const r = httpFromOutside(rt, `http://${rt.ip}:${port}${path}`, now, { ip: fromIp, userAgent });
      if ('error' in r && /Connection refused/.test(r.error)) return { error: `can't connect to remote host (${ip}): Connection refused` };
      if (logs() !== before) {
        // The server wrote to its log (nginx's access log): keep that, and let its kubelet look again.
        store.put(KUBELET_RECORDS, rec);
        engine.schedule('kubelet', `${pod.metadata.namespace}/${pod.metadata.name}`, engine.now);
      }
      return r;
    },
  };
}

/** Makes `engine`'s cluster the network the runtime's pods see. */
export function attachClusterNetwork(engine: Engine): void {
  registerClusterNetwork(clusterNetworkOf(engine));
}
