// Gathers what each describer needs (events, related objects) through the API.
import type { Event, KObject, Pod } from '../types/k8s.js';
import type { ApiServer } from '../apiserver/api.js';
import { resolveResource } from '../apiserver/resources.js';
import type { DescribeContext } from '../printers/describe/index.js';

const res = (n: string) => resolveResource(n)!;

export function describeContext(api: ApiServer, obj: KObject, showEvents: boolean): DescribeContext {
  const ns = obj.metadata.namespace;
  const events = showEvents ? (api.list(res('events'), ns ?? undefined) as Event[]) : [];
  const related: Record<string, unknown> = {};
  switch (obj.kind) {
    case 'Node': {
      related.pods = (api.list(res('pods'), undefined) as Pod[]).filter(
        (p) => p.spec.nodeName === obj.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
      );
      related.lease = api.tryGet(res('leases'), 'kube-node-lease', obj.metadata.name!);
      break;
    }
    case 'Namespace':
      related.resourceQuotas = api.list(res('resourcequotas'), obj.metadata.name);
      related.limitRanges = api.list(res('limitranges'), obj.metadata.name);
      break;
    case 'ServiceAccount':
      related.secrets = api.list(res('secrets'), ns);
      break;
    case 'PersistentVolumeClaim':
    case 'ReplicaSet':
      related.pods = api.list(res('pods'), ns);
      break;
    case 'Deployment':
      related.replicaSets = api.list(res('replicasets'), ns);
      break;
    case 'Service':
      related.endpointSlices = api.list(res('endpointslices.discovery.k8s.io'), ns).filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === obj.metadata.name);
      break;
  }
  return { now: api.now, events, showEvents, related };
}
