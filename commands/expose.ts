import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { resolveResource } from '../src/apiserver/resources.js';
import { parseDryRun, renderMutated, validatePrintOutput } from '../src/client/generated.js';
import type { Container, KObject, LabelSelector, PodSpec } from '../src/types/k8s.js';

const EXPOSABLE = ['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'];
const isSet = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== false);

function podSpecOf(obj: KObject): PodSpec | undefined {
  if (obj.kind === 'Pod') return obj.spec as PodSpec;
  return (obj.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
}

/** The selector kubectl's MapBasedSelectorForObject finds. */
function selectorOf(obj: KObject): Record<string, string> {
  if (obj.kind === 'Pod') {
    const labels = obj.metadata.labels ?? {};
    if (Object.keys(labels).length === 0) throw new ClientError(`the pod has no labels and cannot be exposed`);
    return labels;
  }
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController') {
    const sel = (obj.spec as { selector?: Record<string, string> }).selector;
    if (!sel) throw new ClientError(`the ${obj.kind === 'Service' ? 'service' : 'replication controller'} has no pod selector set`);
    return sel;
  }
  const sel = (obj.spec as { selector?: LabelSelector }).selector;
  if (sel?.matchExpressions?.length) throw new ClientError(`couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`);
  return sel?.matchLabels ?? {};
}

export default class Expose extends KubeCommand {
  static override summary = 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service';
  static override examples = ['kubectl expose deployment nginx --port=80 --target-port=8000', 'kubectl expose pod valid-pod --port=444 --name=frontend'];
  static override flags = {
    port: Flags.string({ description: 'The port that the service should serve on.' }),
    'target-port': Flags.string({ description: 'Name or number for the port on the container that the service should direct traffic to.' }),
    protocol: Flags.string({ description: 'The network protocol for the service to be created. Default is \'TCP\'.' }),
    type: Flags.string({ description: 'Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName.' }),
    name: Flags.string({ description: 'The name for the newly created object.' }),
    selector: Flags.string({ description: 'A label selector to use for this service.' }),
    labels: Flags.string({ char: 'l', description: 'Labels to apply to the service created by this call.' }),
    'cluster-ip': Flags.string({ description: 'ClusterIP to be assigned to the service.' }),
    'external-ip': Flags.string({ description: 'Additional external IP address (not managed by Kubernetes) to accept for the service.' }),
    'session-affinity': Flags.string({ description: 'If non-empty, set the session affinity for the service to this; legal values: \'None\', \'ClientIP\'' }),
    'load-balancer-ip': Flags.string({ description: 'IP to assign to the LoadBalancer.' }),
    output: Flags.string({ char: 'o', description: 'Output format.' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files identifying the resource to expose a service' }),
    overrides: Flags.string({ description: 'An inline JSON override for the generated object.' }),
  };

  async run(): Promise<void> {
    for (const f of ['filename', 'overrides', 'load-balancer-ip']) if (isSet(this.flag(f))) throw new ClientError(`expose --${f} is not supported by kubesim yet`);
    const sel = parseResourceArgs(this.args);
    const req = sel.requests[0];
    if (!req || req.names.length === 0) throw new ClientError('You must provide one or more resources by argument or filename.');
    if (!EXPOSABLE.includes(req.resource.kind)) throw new ClientError(`cannot expose a ${req.resource.kind}`);
    const dryRun = parseDryRun(this.flag('dry-run'));
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const svcRes = resolveResource('services')!;
    const rendered = await this.cluster(async (s, k) => {
      const out: string[] = [];
      for (const name of req.names) {
        const obj = s.api.get(req.resource, k.namespace, name);
        const selector: Record<string, string> = this.flag('selector') ? parseMap(this.flag('selector')) : selectorOf(obj);
        const protocol = this.flag<string | undefined>('protocol') ?? 'TCP';
        const target = this.flag<string | undefined>('target-port');
        const toTarget = (t: string) => (/^\d+$/.test(t) ? Number(t) : t);
        let ports: Record<string, unknown>[];
        if (this.flag('port')) {
          ports = this.flag<string>('port').split(',').map((p, i, all) => ({
            ...(all.length > 1 ? { name: `port-${i + 1}` } : {}),
            port: Number(p),
            protocol,
            targetPort: target !== undefined ? toTarget(target) : Number(p),
          }));
        } else {
          let found: { port: number; protocol: string }[] = [];
          if (obj.kind === 'Service') found = ((obj.spec as { ports?: { port: number; protocol?: string }[] }).ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' }));
          else for (const c of (podSpecOf(obj)?.containers ?? []) as Container[]) for (const p of c.ports ?? []) found.push({ port: p.containerPort, protocol: p.protocol ?? 'TCP' });
          if (found.length === 0) throw new ClientError(`couldn't find port via --port flag or introspection\nSee '${this.commandPath()} -h' for help and examples`);
          ports = found.map((p, i) => ({
            ...(found.length > 1 ? { name: `port-${i + 1}` } : {}),
            port: p.port,
            protocol: this.flag('protocol') ?? p.protocol,
            targetPort: target !== undefined ? toTarget(target) : p.port,
          }));
        }
        const labels = this.flag('labels') ? parseMap(this.flag('labels')) : obj.metadata.labels;
        const svc: KObject = {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { ...(labels && Object.keys(labels).length ? { labels } : {}), name: this.flag('name') ?? name, namespace: k.namespace },
          spec: {
            ...(this.flag('cluster-ip') ? { clusterIP: this.flag('cluster-ip') } : {}),
            ...(this.flag('external-ip') ? { externalIPs: [this.flag('external-ip')] } : {}),
            ports,
            selector,
            ...(this.flag('session-affinity') ? { sessionAffinity: this.flag('session-affinity') } : {}),
            ...(this.flag('type') ? { type: this.flag('type') } : {}),
          },
        };
        const result = dryRun === 'client' ? svc : s.api.create(svcRes, k.namespace, svc, { dryRun: dryRun === 'server' });
        out.push(await renderMutated(result, svcRes, 'exposed', { output, dryRun, typed: true }));
      }
      return out.join('');
    });
    this.print(rendered);
  }
}

function parseMap(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) throw new ClientError(`invalid label spec: ${part}`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}
