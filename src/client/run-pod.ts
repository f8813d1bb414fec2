// The Pod `kubectl run` builds (v1.32's generator), in struct field order.
import type { KObject } from '../types/k8s.js';
import { ClientError } from './command.js';
import { goMap } from './ordered-json.js';

// distribution/reference's ReferenceRegexp (anchored).
const ALNUM = '[a-z0-9]+';
const SEP = '(?:[._]|__|[-]+)';
const COMPONENT = `${ALNUM}(?:${SEP}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export function validImageReference(image: string): boolean {
  const m = REFERENCE.exec(image);
  return !!m && m[1]!.length <= 255;
}

export interface RunOptions {
  name: string;
  image: string;
  namespace?: string;
  labels?: string;
  annotations: string[];
  env: string[];
  port?: string;
  restart: string;
  command: boolean;
  args: string[];
  imagePullPolicy?: string;
  privileged: boolean;
  serviceAccount?: string;
  commandPath: string;
  /** -i, --leave-stdin-open, -t: the container's stdin, stdinOnce and tty. */
  stdin?: boolean;
  leaveStdinOpen?: boolean;
  tty?: boolean;
}

function parseKv(spec: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ClientError(`unexpected ${what} spec: ${part}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

export function runPod(o: RunOptions): KObject {
  if (!['Always', 'OnFailure', 'Never'].includes(o.restart)) throw new ClientError(`invalid restart policy: ${o.restart}\nSee '${o.commandPath} -h' for help and examples`);
  const labels = o.labels ? parseKv(o.labels, 'label') : { run: o.name };
  const annotations: Record<string, string> = {};
  for (const a of o.annotations) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new ClientError(`invalid annotation spec: ${a}`);
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const env = o.env.map((e) => {
    const eq = e.indexOf('=');
    if (eq <= 0) throw new ClientError(`invalid env: ${e}`);
    return { name: e.slice(0, eq), value: e.slice(eq + 1) };
  });
  const container: Record<string, unknown> = { name: o.name, image: o.image };
  if (o.args.length) container[o.command ? 'command' : 'args'] = o.args;
  if (o.port !== undefined && o.port !== '' && o.port !== '-1') {
    const n = Number(o.port);
    if (!/^-?[0-9]+$/.test(o.port)) throw new ClientError(`strconv.Atoi: parsing "${o.port}": invalid syntax`);
    container.ports = [{ containerPort: n }];
  }
  if (env.length) container.env = env;
  container.resources = {};
  if (o.imagePullPolicy) container.imagePullPolicy = o.imagePullPolicy;
  if (o.privileged) container.securityContext = { privileged: true };
  if (o.stdin) container.stdin = true;
  if (o.stdin && !o.leaveStdinOpen) container.stdinOnce = true;
  if (o.tty) container.tty = true;
  const metadata: Record<string, unknown> = { name: o.name };
  if (o.namespace) metadata.namespace = o.namespace;
  metadata.creationTimestamp = null;
  metadata.labels = goMap(labels);
  if (Object.keys(annotations).length) metadata.annotations = goMap(annotations);
  const spec: Record<string, unknown> = { containers: [container], restartPolicy: o.restart, dnsPolicy: 'ClusterFirst' };
  if (o.serviceAccount) spec.serviceAccountName = o.serviceAccount;
  return { kind: 'Pod', apiVersion: 'v1', metadata, spec, status: {} } as unknown as KObject;
}
