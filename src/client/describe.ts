// Gathers what each describer needs (events, related objects) through the API.
import type { Event, KObject, Pod } from '../types/k8s.js';
import type { ApiServer } from '../apiserver/api.js';
import { resolveResource } from '../apiserver/resources.js';
import { StatusError } from '../apiserver/errors.js';
import type { DescribeContext } from '../printers/describe/index.js';

const res = (n: string) => resolveResource(n)!;

/** A read kubectl makes for extra detail: refused (403), the detail is left out, not the describe. */
function unlessForbidden<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof StatusError && e.code === 403) return fallback;
    throw e;
  }
}

export function describeContext(api: ApiServer, obj: KObject, showEvents: boolean): DescribeContext {
  const ns = obj.metadata.namespace;
  const events = showEvents ? unlessForbidden(() => api.list(res('events'), ns ?? undefined) as Event[], []) : [];
  const related: Record<string, unknown> = {};
  switch (obj.kind) {
    case 'Node': {
      related.pods = (api.list(res('pods'), undefined) as Pod[]).filter(
        (p) => p.spec.nodeName === obj.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
      );
      related.lease = unlessForbidden(() => api.find(res('leases'), 'kube-node-lease', obj.metadata.name!), undefined);
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
