// describeContainers (describe.md §2.1): one block per container, used by the
// Pod describer (with statuses) and by pod templates (without).

import type {
  Container, ContainerPort, ContainerState, ContainerStatus, EnvVar, Pod, Probe, ResourceList,
} from '../../types/k8s.js';
import { goSlice, stringOrNone, timestamp } from './helpers.js';
import { formatQty, parseQty, qtyMilli, qtyValue } from './qty.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

/** Resolves a fieldRef env var to its value (EnvValueRetriever); undefined for templates. */
export type EnvResolver = ((e: EnvVar) => string) | undefined;

/**
 * kubectl resolves fieldRefs with its own scheme, which knows only the
 * metadata.name and metadata.namespace field labels: every other path prints empty.
 */
export function podEnvResolver(pod: Pod): EnvResolver {
  return (e) => {
    const path = e.valueFrom?.fieldRef?.fieldPath;
    if (path === 'metadata.name') return pod.metadata.name ?? '';
    if (path === 'metadata.namespace') return pod.metadata.namespace ?? '';
    return '';
  };
}

export function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: Container[],
  statuses: ContainerStatus[] | undefined,
  resolver: EnvResolver,
  space = '',
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = statuses ? byName.get(c.name) : undefined;
    describeBasicInfo(w, c, status, space);
    describeCommand(w, c);
    if (status) describeContainerState(w, status);
    describeResources(w, c.resources?.limits, c.resources?.requests);
    describeProbes(w, c);
    if ((c.envFrom ?? []).length > 0) describeEnvFrom(w, c);
    describeEnv(w, c, resolver);
    describeMounts(w, c);
  }
}

const portList = (ports: ContainerPort[] | undefined, pick: (p: ContainerPort) => number): string =>
  (ports ?? []).map((p) => `${pick(p) ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');

function describeBasicInfo(w: PrefixWriter, c: Container, status: ContainerStatus | undefined, space: string): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = portList(c.ports, (p) => p.containerPort);
  w.write(LEVEL_2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portList(c.ports, (p) => p.hostPort ?? 0);
  w.write(LEVEL_2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function describeCommand(w: PrefixWriter, c: Container): void {
  for (const [title, items] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!items || items.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of items) for (const s of item.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

function describeContainerState(w: PrefixWriter, s: ContainerStatus): void {
  describeState(w, 'State', s.state);
  if (s.lastState?.terminated) describeState(w, 'Last State', s.lastState);
  w.write(LEVEL_2, `Ready:\t${s.ready ? 'True' : 'False'}\n`);
  w.write(LEVEL_2, `Restart Count:\t${s.restartCount ?? 0}\n`);
}

function describeState(w: PrefixWriter, title: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(LEVEL_2, `${title}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${timestamp(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${timestamp(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${timestamp(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
  }
}

/** Limits: / Requests: blocks, resource names sorted. */
export function describeResources(w: PrefixWriter, limits?: ResourceList, requests?: ResourceList): void {
  for (const [title, list] of [['Limits', limits], ['Requests', requests]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const n of names) w.write(LEVEL_3, `${n}:\t${formatQty(parseQty(list![n]))}\n`);
  }
}

function describeProbes(w: PrefixWriter, c: Container): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** net.JoinHostPort: IPv6 hosts get brackets. */
const joinHostPort = (host: string, port: string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** DescribeProbe: `<handler> <target> delay=.. timeout=.. period=.. #success=.. #failure=..`. */
export function describeProbe(p: Probe): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s ` +
    `#success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goSlice(p.exec.command)} ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = String(g.port ?? '');
    const host = port ? joinHostPort(g.host ?? '', port) : g.host ?? '';
    let path = g.path ?? '';
    if (path && !path.startsWith('/') && host) path = '/' + path;
    const scheme = (g.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? scheme + ':' : ''}//${host}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnvFrom(w: PrefixWriter, c: Container): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom ?? []) {
    const ref = e.configMapRef ?? e.secretRef;
    const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
    const what = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.write(LEVEL_3, `${ref?.name ?? ''}\t${what}\tOptional: ${ref?.optional === true}\n`);
  }
}

function describeEnv(w: PrefixWriter, c: Container, resolver: EnvResolver): void {
  const env = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const line = envValueFrom(e, c, resolver);
    if (line !== undefined) w.write(LEVEL_3, `${e.name}:\t${line}\n`);
  }
}

function envValueFrom(e: EnvVar, c: Container, resolver: EnvResolver): string | undefined {
  const v = e.valueFrom!;
  if (v.fieldRef) return `${resolver ? resolver(e) : ''} (${v.fieldRef.apiVersion ?? ''}:${v.fieldRef.fieldPath})`;
  if (v.resourceFieldRef) {
    const resource = v.resourceFieldRef.resource;
    let value = containerResourceValue(resource, v.resourceFieldRef.divisor, c);
    if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
    return `${value} (${resource})`;
  }
  if (v.secretKeyRef) {
    const r = v.secretKeyRef;
    return `<set to the key '${r.key}' in secret '${r.name}'>\tOptional: ${r.optional === true}`;
  }
  if (v.configMapKeyRef) {
    const r = v.configMapKeyRef;
    return `<set to the key '${r.key}' of config map '${r.name}'>\tOptional: ${r.optional === true}`;
  }
  return undefined;
}

/** resourcehelper.ExtractContainerResourceValue: ceil(value / divisor). */
function containerResourceValue(resource: string, divisor: string | undefined, c: Container): string {
  const [kind, name] = resource.split('.', 2) as [string, string];
  const list = kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined;
  if (!list && kind !== 'limits' && kind !== 'requests') return '';
  const value = parseQty(list?.[name]);
  let div = parseQty(divisor);
  if (div.nanos === 0n) div = parseQty('1');
  if (name === 'cpu') return String(Math.ceil(Number(qtyMilli(value)) / Number(qtyMilli(div))));
  return String(Math.ceil(Number(qtyValue(value)) / Number(qtyValue(div))));
}

function describeMounts(w: PrefixWriter, c: Container): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices = [...((c.volumeDevices as { name: string; devicePath: string }[] | undefined) ?? [])];
  if (devices.length > 0) {
    w.write(LEVEL_2, 'Devices:\n');
    devices.sort((a, b) => (a.devicePath < b.devicePath ? -1 : 1));
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}
