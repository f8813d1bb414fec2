// kompose's Kubernetes transformer (pkg/transformer/kubernetes, v1.34.0) for
// what compose.ts models: per service (in name order) a Deployment and, when
// it has ports, a Service (LoadBalancer services become NAME-tcp / NAME-udp);
// then Services first. Objects are plain JSON shaped as Go's json.Marshal of
// the typed objects would print them (omitempty fields left out).
import type { KomposeLog } from './log.js';
import { KomposeFatal } from './log.js';
import type { KomposePort, KomposeService } from './compose.js';

export const KOMPOSE_VERSION = '1.34.0 (cbf2835db)';
const SELECTOR = 'io.kompose.service';

export interface TransformOptions {
  /** The command line as typed (os.Args joined by spaces): the kompose.cmd annotation. */
  cmd: string;
  /** --replicas (default 1) and whether it was given. */
  replicas: number;
  replicasGiven: boolean;
  withKomposeAnnotation: boolean;
}

export type KObj = Record<string, unknown> & { kind: string; metadata: { name: string } & Record<string, unknown> };

const labelsFor = (name: string): Record<string, string> => ({ [SELECTOR]: name });

function annotationsFor(svc: KomposeService, opts: TransformOptions): Record<string, string> {
  const a: Record<string, string> = { ...svc.annotations, 'kompose.cmd': opts.cmd, 'kompose.version': KOMPOSE_VERSION };
  if (!opts.withKomposeAnnotation) for (const k of Object.keys(a)) if (k.startsWith('kompose.')) delete a[k];
  return a;
}

const isTCP = (p: KomposePort): boolean => p.protocol === 'TCP';

/** ConfigServicePorts. */
function servicePorts(svc: KomposeService): Record<string, unknown>[] {
  const seen = new Set<number>();
  return svc.ports.map((p) => {
    const port = p.hostPort || p.containerPort;
    let name = String(port);
    if (seen.has(port)) {
      if (svc.serviceType === 'LoadBalancer') throw new KomposeFatal(`Service ${name} of type LoadBalancer cannot use TCP and UDP for the same port`);
      name = `${name}-${p.protocol.toLowerCase()}`;
    }
    seen.add(port);
    return {
      name,
      ...(svc.serviceType === 'NodePort' && svc.nodePortPort ? { nodePort: svc.nodePortPort } : {}),
      port,
      ...(isTCP(p) ? {} : { protocol: p.protocol }),
      targetPort: p.containerPort,
    };
  });
}

function service(name: string, selectorName: string, svc: KomposeService, opts: TransformOptions, spec: Record<string, unknown>): KObj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { annotations: annotationsFor(svc, opts), labels: labelsFor(name), name },
    spec: { ...spec, selector: labelsFor(selectorName) },
  };
}

function servicesFor(name: string, svc: KomposeService, opts: TransformOptions, log: KomposeLog): KObj[] {
  if (svc.ports.length === 0) {
    if (svc.serviceType === 'Headless') {
      return [service(name, name, svc, opts, { clusterIP: 'None', ports: [{ name: 'headless', port: 55555, targetPort: 0 }] })];
    }
    log.warn(`Service ${JSON.stringify(svc.name)} won't be created because 'ports' is not specified`);
    return [];
  }
  if (svc.serviceType === 'LoadBalancer') {
    const out: KObj[] = [];
    const lbPorts = (ps: KomposePort[], tcp: boolean) =>
      ps.map((p) => ({ name: String(p.hostPort || p.containerPort), port: p.hostPort || p.containerPort, ...(tcp ? {} : { protocol: p.protocol }), targetPort: p.containerPort }));
    const tcp = svc.ports.filter(isTCP);
    const udp = svc.ports.filter((p) => !isTCP(p));
    const policy = svc.externalTrafficPolicy ? { externalTrafficPolicy: svc.externalTrafficPolicy } : {};
    if (tcp.length) out.push(service(`${name}-tcp`, svc.name, svc, opts, { ...policy, ports: lbPorts(tcp, true), type: 'LoadBalancer' }));
    if (udp.length) out.push(service(`${name}-udp`, svc.name, svc, opts, { ...policy, ports: lbPorts(udp, false), type: 'LoadBalancer' }));
    if (out.length > 1) log.warn("Create multiple service to avoid using mixed protocol in the same service when it's loadbalancer type");
    return out;
  }
  const spec: Record<string, unknown> = { ports: servicePorts(svc) };
  if (svc.serviceType === 'Headless') {
    spec.clusterIP = 'None';
    spec.type = 'ClusterIP';
  } else if (svc.serviceType) {
    spec.type = svc.serviceType;
  }
  if (svc.externalTrafficPolicy && svc.serviceType !== 'NodePort') log.warn(`External Traffic Policy is ignored for the service ${name} of type ${svc.serviceType}`);
  return [service(name, name, svc, opts, spec)];
}

function imagePullPolicy(name: string, policy: string): string | undefined {
  if (policy === '') return undefined;
  if (policy === 'Always' || policy === 'Never' || policy === 'IfNotPresent') return policy;
  throw new KomposeFatal(`Error transforming Kubernetes objects: Unknown image-pull-policy ${policy} for service ${name}`);
}

function restartPolicy(name: string, restart: string): string {
  if (restart === '' || restart === 'always' || restart === 'any') return 'Always';
  throw new KomposeFatal(`Error transforming Kubernetes objects: Unknown restart policy ${restart} for service ${name}`);
}

function deployment(name: string, svc: KomposeService, opts: TransformOptions): KObj {
  const replicas = opts.replicasGiven || svc.replicas === 0 ? opts.replicas : svc.replicas;
  // ConfigPorts: one container port per containerPort+protocol.
  const seen = new Set<string>();
  const ports: Record<string, unknown>[] = [];
  for (const p of svc.ports) {
    const id = `${p.containerPort}${p.protocol}`;
    if (seen.has(id)) continue;
    seen.add(id);
    ports.push({ containerPort: p.containerPort, protocol: p.protocol });
  }
  const env = [...svc.environment]
    .map((e) => ({ name: e.name, value: e.value.includes('run/secrets') ? e.value.replace(/_/g, '-').toLowerCase() : e.value }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => (e.value === '' ? { name: e.name } : e));
  const args = svc.args.map((a) => a.replace(/\$([a-zA-Z0-9]*)/g, '$($1)'));
  const container: Record<string, unknown> = {
    args,
    command: svc.command,
    env,
    image: svc.image || name,
    imagePullPolicy: imagePullPolicy(name, svc.imagePullPolicy),
    name: (svc.containerName || svc.name).replace(/_/g, '-'),
    ports,
    ...(svc.stdin ? { stdin: true } : {}),
    ...(svc.tty ? { tty: true } : {}),
    workingDir: svc.workingDir || undefined,
  };
  const annotations = annotationsFor(svc, opts);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { annotations, labels: { ...labelsFor(name), ...svc.deployLabels }, name },
    spec: {
      replicas,
      selector: { matchLabels: labelsFor(name) },
      template: {
        metadata: { annotations, labels: labelsFor(name) },
        spec: {
          containers: [container],
          ...(svc.hostname ? { hostname: svc.hostname } : {}),
          restartPolicy: restartPolicy(name, svc.restart),
        },
      },
    },
  };
}

/** Transform: the objects in the order kompose writes them (Services first). */
export function transform(services: Map<string, KomposeService>, opts: TransformOptions, log: KomposeLog): KObj[] {
  const all: KObj[] = [];
  for (const name of [...services.keys()].sort()) {
    const svc = services.get(name)!;
    all.push(deployment(name, svc, opts), ...servicesFor(name, svc, opts, log));
  }
  const svcs = all.filter((o) => o.kind === 'Service');
  const others = all.filter((o) => o.kind !== 'Service');
  return [...svcs, ...others];
}

/** removeEmptyInterfaces: drops nulls, empty maps, and (inside maps) empty lists. */
export function removeEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined && !(isPlainMap(x) && Object.keys(x).length === 0)).map(removeEmpty);
  if (isPlainMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined) continue;
      const y = removeEmpty(x);
      if (isPlainMap(y) && Object.keys(y).length === 0) continue;
      if (Array.isArray(y) && y.length === 0) continue;
      out[k] = y;
    }
    return out;
  }
  return v;
}

const isPlainMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
