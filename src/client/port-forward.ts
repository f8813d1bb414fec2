// `kubectl port-forward` (kubectl/pkg/cmd/portforward, client-go/tools/portforward): which pod
// and ports, the local listeners, and what a forwarded request gets. The pod's side is the
// cluster network's own HTTP model (src/cluster/network.ts `http`, the one a pod's wget uses), so
// `curl localhost:8080` answers what `wget -O- POD_IP` answers inside the cluster.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { ClusterSession } from '../cluster/session.js';
import type { KObject, Pod, Service } from '../types/k8s.js';
import { clusterNetworkOf } from '../cluster/network.js';
import { ClientError } from './command.js';
import { authorizePodSubresource, resolvePod } from './pod-select.js';
import { resolveTypeOrFail } from './resource-args.js';

export interface ForwardedPort {
  local: number;
  remote: number;
}

export interface ListenAddress {
  address: string;
  /** tcp4 or tcp6, as client-go names the listener. */
  family: 'tcp4' | 'tcp6';
  /** `localhost` needs one of its two listeners ('all'); an address given by IP needs its own ('any'). */
  failureMode: 'all' | 'any';
}

const splitPort = (p: string): [string, string] => {
  const parts = p.split(':');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
};
const isNumber = (s: string) => /^[+-]?\d+$/.test(s);

/** util.LookupContainerPortNumberByName */
function containerPortByName(pod: Pod, name: string): number {
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    const p = (c.ports ?? []).find((x) => x.name === name);
    if (p) return p.containerPort;
  }
  throw new ClientError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

function servicePortByName(svc: Service, name: string): number {
  const p = (svc.spec?.ports ?? []).find((x) => x.name === name);
  if (!p) throw new ClientError(`Service '${svc.metadata.name}' does not have a named port '${name}'`);
  return p.port;
}

/** util.LookupContainerPortNumberByServicePort */
function containerPortByServicePort(svc: Service, pod: Pod, port: number): number {
  if (svc.spec?.clusterIP === 'None') return port;
  const sp = (svc.spec?.ports ?? []).find((p) => p.port === port);
  if (!sp) throw new ClientError(`Service ${svc.metadata.name} does not have a service port ${port}`);
  if (sp.targetPort === undefined || typeof sp.targetPort === 'number') return sp.targetPort || sp.port;
  return containerPortByName(pod, sp.targetPort);
}

/** translateServicePortToTargetPort: a Service's ports (numbers or names) to the pod's. */
function servicePortsToPod(ports: string[], svc: Service, pod: Pod): string[] {
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let num = Number(remote);
    if (!isNumber(remote)) {
      num = servicePortByName(svc, remote);
      if (local === remote) local = String(num);
    }
    const target = String(containerPortByServicePort(svc, pod, num));
    return local !== target ? `${local}:${target}` : target;
  });
}

/** convertPodNamedPortToNumber */
function podNamedPortsToNumbers(ports: string[], pod: Pod): string[] {
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    if (remote === '') throw new ClientError('remote port cannot be empty');
    const target = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${target}` : target;
  });
}

/** checkUDPPorts: a port the object declares only for UDP cannot be forwarded. */
function checkUdp(ports: string[], declared: { port: number; protocol?: string }[], named: (n: string) => number): void {
  const udp = new Set(declared.filter((p) => p.protocol === 'UDP').map((p) => p.port));
  for (const p of declared) if ((p.protocol ?? 'TCP') === 'TCP') udp.delete(p.port);
  for (const port of ports) {
    const remote = splitPort(port)[1];
    const num = isNumber(remote) ? Number(remote) : named(remote);
    if (udp.has(num)) throw new ClientError(`UDP protocol is not supported for ${remote}`);
  }
}

/** Complete(): the pod (NAME is a pod; TYPE/NAME picks one of a workload's or Service's pods) and its ports. */
export function forwardTarget(s: ClusterSession, namespace: string, arg: string, ports: string[]): { pod: Pod; ports: string[]; note?: string } {
  const { pod, note } = resolvePod(s, namespace, arg);
  // kubectl's upgrade request is a create on pods/portforward, refused without that rule.
  authorizePodSubresource(s, pod, 'create', 'portforward');
  const slash = arg.indexOf('/');
  const type = slash < 0 ? undefined : resolveTypeOrFail(arg.slice(0, slash));
  if (type?.kind === 'Service') {
    const svc = s.api.tryGet(type, namespace, arg.slice(slash + 1)) as Service;
    checkUdp(ports, svc.spec?.ports ?? [], (n) => servicePortByName(svc, n));
    return { pod, ports: servicePortsToPod(ports, svc, pod), note };
  }
  const declared = pod.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })));
  checkUdp(ports, declared, (n) => containerPortByName(pod, n));
  return { pod, ports: podNamedPortsToNumbers(ports, pod), note };
}

/** Go's strconv.ParseUint(s, 10, 16) error text. */
function parseUint16(s: string): number | string {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  return n > 65535 ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` : n;
}

/** client-go parsePorts: `[LOCAL]:REMOTE` or `PORT`; `:REMOTE` picks a free local port. */
export function parsePorts(ports: string[]): ForwardedPort[] {
  return ports.map((p) => {
    const parts = p.split(':');
    if (parts.length > 2) throw new ClientError(`invalid port format '${p}'`);
    const localText = parts.length === 1 ? parts[0]! : parts[0] || '0';
    const remoteText = parts.length === 1 ? parts[0]! : parts[1]!;
    const local = parseUint16(localText);
    if (typeof local === 'string') throw new ClientError(`error parsing local port '${localText}': ${local}`);
    const remote = parseUint16(remoteText);
    if (typeof remote === 'string') throw new ClientError(`error parsing remote port '${remoteText}': ${remote}`);
    if (remote === 0) throw new ClientError('remote port must be > 0');
    return { local, remote };
  });
}

/** client-go parseAddresses: `localhost` is 127.0.0.1 and ::1; anything else must be an IP. */
export function parseAddresses(addresses: string[]): ListenAddress[] {
  const out: ListenAddress[] = [];
  const seen = new Set<string>();
  const add = (a: ListenAddress) => {
    if (seen.has(a.address)) return;
    seen.add(a.address);
    out.push(a);
  };
  for (const a of addresses) {
    if (a === 'localhost') {
      add({ address: '127.0.0.1', family: 'tcp4', failureMode: 'all' });
      add({ address: '::1', family: 'tcp6', failureMode: 'all' });
      continue;
    }
    const v = isIP(a);
    if (!v) throw new ClientError(`${a} is not a valid IP`);
    add({ address: a, family: v === 4 ? 'tcp4' : 'tcp6', failureMode: 'any' });
  }
  return out;
}

/** net.JoinHostPort */
export const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** A stable 64-hex id for the pod's sandbox and its network namespace, as containerd names them. */
function sandboxOf(pod: Pod): { id: string; netns: string } {
  const h = createHash('sha256').update(`sandbox/${pod.metadata.uid}`).digest('hex');
  const n = createHash('sha256').update(`netns/${pod.metadata.uid}`).digest('hex');
  return { id: h, netns: `/var/run/netns/cni-${n.slice(0, 8)}-${n.slice(8, 12)}-${n.slice(12, 16)}-${n.slice(16, 20)}-${n.slice(20, 32)}` };
}

/** The kubelet's answer when nothing in the pod listens on the port (containerd's portforward in the pod's netns). */
export function refusedText(pod: Pod, port: number): string {
  const sb = sandboxOf(pod);
  return (
    `error forwarding port ${port} to pod ${sb.id}, uid : failed to execute portforward in network namespace "${sb.netns}": ` +
    `failed to connect to localhost:${port} inside namespace "${sb.id}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

export type ForwardAnswer = { status: number; body: string } | { refused: string } | { lost: true };

/**
 * One forwarded HTTP request, inside one short session: the pod must still be Running; its
 * simulated server answers through the cluster network (nginx logs it with the client
 * 127.0.0.1, as a real port-forward's connections come from the pod's loopback).
 */
export function forwardRequest(s: ClusterSession, namespace: string, podName: string, port: number, path: string, userAgent: string): ForwardAnswer {
  const pod = s.store.get('pods', namespace, podName) as Pod | undefined;
  const ip = pod?.status?.podIP;
  if (!pod || pod.status?.phase !== 'Running' || !ip || pod.metadata.deletionTimestamp) return { lost: true };
  const r = clusterNetworkOf(s.engine).http('127.0.0.1', ip, port, path, s.now, userAgent);
  if ('error' in r) return /Connection refused/.test(r.error) ? { refused: refusedText(pod, port) } : { lost: true };
  return r;
}

/** klog's header for an error line: `E1202 11:30:00.123456   12345 portforward.go:424] `. */
export function klogError(file: string, msg: string, at = new Date()): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micros = String(at.getMilliseconds() * 1000).padStart(6, '0');
  const head = `E${p2(at.getMonth() + 1)}${p2(at.getDate())} ${p2(at.getHours())}:${p2(at.getMinutes())}:${p2(at.getSeconds())}.${micros} ${String(process.pid).padStart(7)} ${file}] `;
  return `${head}"Unhandled Error" err=${JSON.stringify(msg)}\n`;
}
