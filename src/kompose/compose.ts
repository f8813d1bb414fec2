// Reading a compose file the way kompose 1.34 does (compose-go v2 loading, then
// kompose's own mapping to its ServiceConfig): interpolation of ${VAR}, the
// short and long port syntaxes, environment and labels as lists or maps,
// command/entrypoint as a string (shell-split) or a list, and kompose's labels.
// Compose keys that change kompose's output but are not modelled here are
// rejected with "not supported by kubesim yet", never silently dropped.
import { parse } from 'yaml';
import { KomposeFatal, unsupported, type KomposeLog } from './log.js';

export interface KomposePort {
  hostPort: number;
  containerPort: number;
  hostIP: string;
  /** Upper case: TCP, UDP, SCTP. */
  protocol: string;
}

export interface KomposeService {
  name: string;
  image: string;
  containerName: string;
  /** compose `entrypoint`: the container's command. */
  command: string[];
  /** compose `command`: the container's args. */
  args: string[];
  environment: { name: string; value: string }[];
  /** compose labels, all of them: they become annotations. */
  annotations: Record<string, string>;
  ports: KomposePort[];
  /** '' (none given), ClusterIP, NodePort, LoadBalancer or Headless. */
  serviceType: string;
  externalTrafficPolicy: string;
  nodePortPort: number;
  imagePullPolicy: string;
  restart: string;
  workingDir: string;
  hostname: string;
  stdin: boolean;
  tty: boolean;
  replicas: number;
  deployLabels: Record<string, string>;
}

/** Service keys kompose's Kubernetes transformer does not read (it ignores them silently). */
const IGNORED_KEYS = new Set([
  'depends_on', 'links', 'networks', 'logging', 'dns', 'dns_search', 'extra_hosts', 'stop_signal', 'ulimits',
  'shm_size', 'sysctls', 'security_opt', 'external_links', 'cgroup_parent', 'cpuset', 'cpu_shares', 'mac_address',
  'ipc', 'uts', 'profiles',
]);

const MODELLED_KEYS = new Set([
  'image', 'container_name', 'ports', 'expose', 'environment', 'labels', 'command', 'entrypoint', 'restart',
  'working_dir', 'hostname', 'stdin_open', 'tty', 'deploy',
]);

/** kompose labels that only steer conversion in ways modelled here. */
const LABEL_SERVICE_TYPE = 'kompose.service.type';
const LABEL_TRAFFIC_POLICY = 'kompose.service.external-traffic-policy';
const LABEL_NODEPORT = 'kompose.service.nodeport.port';
const LABEL_PULL_POLICY = 'kompose.image-pull-policy';
const MODELLED_LABELS = new Set([LABEL_SERVICE_TYPE, LABEL_TRAFFIC_POLICY, LABEL_NODEPORT, LABEL_PULL_POLICY]);

/** mattn/go-shellwords Parse (no env or backtick expansion). */
export function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | '' = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = '';
      else cur += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = '';
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) cur += line[++i];
      else cur += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new KomposeFatal('invalid command line string');
  if (has) out.push(cur);
  return out;
}

/** compose-go interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}; unset → "" with a warning. */
export function interpolate(text: string, env: Record<string, string | undefined>, log: KomposeLog): string {
  return text.replace(/\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, braced: string | undefined, bare: string | undefined) => {
    if (m === '$$') return '$';
    let name = bare ?? braced ?? '';
    let fallback: string | undefined;
    let whenEmpty = false;
    if (braced !== undefined) {
      const op = /^([A-Za-z_][A-Za-z0-9_]*)(:?-)(.*)$/s.exec(braced);
      if (op) {
        name = op[1]!;
        whenEmpty = op[2] === ':-';
        fallback = op[3];
      } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(braced)) {
        unsupported(`the interpolation "${m}" in a compose file`);
      }
    }
    const v = env[name];
    if (fallback !== undefined) return v === undefined || (whenEmpty && v === '') ? fallback : v;
    if (v === undefined) {
      log.warn(`The "${name}" variable is not set. Defaulting to a blank string.`);
      return '';
    }
    return v;
  });
}

function interpolateTree(v: unknown, env: Record<string, string | undefined>, log: KomposeLog): unknown {
  if (typeof v === 'string') return interpolate(v, env, log);
  if (Array.isArray(v)) return v.map((x) => interpolateTree(x, env, log));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = interpolateTree(x, env, log);
    return out;
  }
  return v;
}

const scalar = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function stringList(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return shellSplit(v);
  if (Array.isArray(v)) return v.map(scalar);
  throw new KomposeFatal(`${what} must be a string or a list`);
}

/** A list of KEY=VALUE (or KEY) or a mapping, as compose-go reads environment and labels. */
function keyValues(v: unknown): [string, string | undefined][] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    return v.map((item) => {
      const s = scalar(item);
      const eq = s.indexOf('=');
      return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
    });
  }
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === null ? undefined : scalar(x)]);
  throw new KomposeFatal('environment and labels must be a list or a mapping');
}

/** compose-go's short port syntax: [[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]. */
function parseShortPort(spec: string, service: string): KomposePort {
  let rest = spec;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  const parts = rest.split(':');
  const container = parts.pop()!;
  const host = parts.pop() ?? '';
  const ip = parts.join(':');
  if (container.includes('-') || host.includes('-')) unsupported(`the port range "${spec}" (service "${service}")`);
  if (!/^\d+$/.test(container) || (host !== '' && !/^\d+$/.test(host))) throw new KomposeFatal(`Unable to load files: invalid containerPort: ${spec}`);
  return { hostPort: host ? Number(host) : 0, containerPort: Number(container), hostIP: ip, protocol: protocol.toUpperCase() };
}

function loadPorts(v: unknown, expose: unknown, service: string): KomposePort[] {
  const ports: KomposePort[] = [];
  const seen = new Set<string>();
  for (const p of Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]) {
    let port: KomposePort;
    if (p && typeof p === 'object') {
      const o = p as Record<string, unknown>;
      port = { hostPort: o.published === undefined ? 0 : Number(o.published), containerPort: Number(o.target), hostIP: scalar(o.host_ip), protocol: (scalar(o.protocol) || 'tcp').toUpperCase() };
      if (!Number.isInteger(port.hostPort) || !Number.isInteger(port.containerPort)) unsupported(`the port ${JSON.stringify(p)} (service "${service}")`);
    } else {
      port = parseShortPort(scalar(p), service);
    }
    ports.push(port);
    seen.add(`${port.containerPort}${port.protocol.toLowerCase()}`);
  }
  for (const e of Array.isArray(expose) ? expose : []) {
    const s = scalar(e);
    const [value, protocol = 'TCP'] = s.split('/');
    if (seen.has(`${value}${protocol}`)) continue;
    if (!/^\d+$/.test(value!)) unsupported(`the expose entry "${s}" (service "${service}")`);
    ports.push({ hostPort: 0, containerPort: Number(value), hostIP: '', protocol: protocol.toUpperCase() });
  }
  return ports;
}

function serviceType(value: string): string {
  switch (value.toLowerCase()) {
    case '':
    case 'clusterip':
      return 'ClusterIP';
    case 'nodeport':
      return 'NodePort';
    case 'loadbalancer':
      return 'LoadBalancer';
    case 'headless':
      return 'Headless';
    default:
      throw new KomposeFatal(`handleServiceType failed: Unknown value ${value} , supported values are 'nodeport, clusterip, headless or loadbalancer'`);
  }
}

function trafficPolicy(value: string): string {
  switch (value.toLowerCase()) {
    case '':
    case 'cluster':
      return 'Cluster';
    case 'local':
      return 'Local';
    default:
      throw new KomposeFatal(`handleServiceExternalTrafficPolicy failed: Unknown value ${value} , supported values are 'local, cluster'`);
  }
}

/** normalizeServiceNames: lower case, `.` and `_` become `-`. */
export const normalizeServiceName = (s: string): string => s.replace(/[._]/g, '-').toLowerCase();

function loadService(key: string, raw: Record<string, unknown>, env: Record<string, string | undefined>): KomposeService {
  for (const k of Object.keys(raw)) {
    if (IGNORED_KEYS.has(k) || MODELLED_KEYS.has(k) || k.startsWith('x-')) continue;
    unsupported(`the compose key "${k}" (service "${key}")`);
  }
  if (raw.image === undefined || raw.image === null || raw.image === '') {
    throw new KomposeFatal(`Unable to load files: service "${key}" has neither an image nor a build context specified: invalid compose project`);
  }
  const name = key.toLowerCase();
  const labels: Record<string, string> = {};
  for (const [k, v] of keyValues(raw.labels)) labels[k] = v ?? '';
  const environment: { name: string; value: string }[] = [];
  for (const [k, v] of keyValues(raw.environment)) {
    const value = v ?? env[k];
    if (value !== undefined) environment.push({ name: k, value });
  }
  const svc: KomposeService = {
    name,
    image: scalar(raw.image),
    containerName: scalar(raw.container_name).toLowerCase(),
    command: stringList(raw.entrypoint, 'entrypoint'),
    args: stringList(raw.command, 'command'),
    environment,
    annotations: labels,
    ports: loadPorts(raw.ports, raw.expose, key),
    serviceType: '',
    externalTrafficPolicy: '',
    nodePortPort: 0,
    imagePullPolicy: '',
    restart: scalar(raw.restart),
    workingDir: scalar(raw.working_dir),
    hostname: scalar(raw.hostname),
    stdin: raw.stdin_open === true,
    tty: raw.tty === true,
    replicas: 0,
    deployLabels: {},
  };
  if (raw.deploy !== undefined && raw.deploy !== null) {
    const deploy = raw.deploy as Record<string, unknown>;
    for (const k of Object.keys(deploy)) if (k !== 'replicas' && k !== 'labels') unsupported(`the compose key "deploy.${k}" (service "${key}")`);
    if (deploy.replicas !== undefined) svc.replicas = Number(deploy.replicas);
    for (const [k, v] of keyValues(deploy.labels)) svc.deployLabels[k] = v ?? '';
  }
  for (const [k, v] of Object.entries(labels)) {
    if (k === LABEL_SERVICE_TYPE) svc.serviceType = serviceType(v);
    else if (k === LABEL_TRAFFIC_POLICY) svc.externalTrafficPolicy = trafficPolicy(v);
    else if (k === LABEL_NODEPORT) svc.nodePortPort = Number(v) || 0;
    else if (k === LABEL_PULL_POLICY) svc.imagePullPolicy = v;
    else if (k.startsWith('kompose.') && !MODELLED_LABELS.has(k)) unsupported(`the kompose label "${k}" (service "${key}")`);
  }
  if (svc.serviceType !== 'NodePort' && svc.nodePortPort !== 0) throw new KomposeFatal('kompose.service.type must be nodeport when assign node port value');
  if (svc.ports.length > 1 && svc.nodePortPort !== 0) throw new KomposeFatal('cannot set kompose.service.nodeport.port when service has multiple ports');
  if (svc.restart === 'unless-stopped') svc.restart = 'always';
  if (svc.restart === 'no' || svc.restart === 'on-failure') unsupported(`restart: ${svc.restart} (kompose would create a bare Pod for service "${key}")`);
  return svc;
}

/**
 * Loads one compose file's text into kompose's services, keyed by normalized name.
 * `path` is the file as resolved (compose-go names it in its warnings).
 */
export function loadCompose(text: string, path: string, env: Record<string, string | undefined>, log: KomposeLog): Map<string, KomposeService> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new KomposeFatal(`Unable to load files: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new KomposeFatal(`Unable to load files: Top-level object must be a mapping`);
  const top = interpolateTree(doc, env, log) as Record<string, unknown>;
  for (const k of Object.keys(top)) {
    if (k === 'services' || k === 'version' || k === 'name' || k === 'networks' || k.startsWith('x-')) continue;
    unsupported(`the top-level compose key "${k}"`);
  }
  if ('version' in top) log.warn(`${path}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`);
  const services = new Map<string, KomposeService>();
  const raw = (top.services ?? {}) as Record<string, unknown>;
  if (Object.keys(raw).length === 0) log.warn('No service selected. The profile specified in services of your compose yaml may not exist.');
  for (const [key, value] of Object.entries(raw)) {
    const svc = loadService(key, (value ?? {}) as Record<string, unknown>, env);
    if (normalizeServiceName(svc.name) !== svc.name) log.info(`Service name in docker-compose has been changed from ${JSON.stringify(svc.name)} to ${JSON.stringify(normalizeServiceName(svc.name))}`);
    services.set(normalizeServiceName(svc.name), svc);
  }
  return services;
}
