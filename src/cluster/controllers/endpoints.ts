// The endpoints and endpointslice controllers: for each Service with a
// selector, an Endpoints object of the same name (ready pods in `addresses`,
// the rest in `notReadyAddresses`) and an EndpointSlice SERVICE-xxxxx with
// ready/serving/terminating conditions.
import type { KObject, Pod, Service, ServicePort } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import type { Change } from '../../store/store.js';
import { isReady, keyOf, ownerRefTo, PODS, res, selectorMatches, splitKey, systemApi } from './common.js';
import { StatusError } from '../../apiserver/errors.js';

const SERVICES = 'services';
const ENDPOINTS = 'endpoints';
const SLICES = 'endpointslices.discovery.k8s.io';
const NS_PREFIX = 'ns:';

interface Address {
  ip: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; name: string; namespace: string; uid: string };
}

/** The container port a service port reaches on `pod` (named ports resolved per pod). */
function targetPort(sp: ServicePort, pod: Pod): number | undefined {
  const t = sp.targetPort ?? sp.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  for (const c of pod.spec.containers) {
    const p = c.ports?.find((x) => x.name === t && (x.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
    if (p) return p.containerPort;
  }
  return undefined;
}

function podIP(p: Pod): string | undefined {
  return (p.status as { podIP?: string } | undefined)?.podIP;
}

class EndpointsController implements Controller {
  readonly name = 'endpoints';
  readonly watches = {
    [SERVICES]: (change: Change) => [keyOf(change.object)],
    [PODS]: (change: Change) => {
      const p = change.object as Pod;
      const o = change.old as Pod | undefined;
      // Only what endpoints show: IP, readiness, labels, deletion.
      if (o && !change.deleted && podIP(o) === podIP(p) && isReady(o) === isReady(p) && JSON.stringify(o.metadata.labels) === JSON.stringify(p.metadata.labels) && !!o.metadata.deletionTimestamp === !!p.metadata.deletionTimestamp) return [];
      return [`${NS_PREFIX}${p.metadata.namespace}`];
    },
  };

  reconcile(key: string, engine: Engine): void {
    if (key.startsWith(NS_PREFIX)) {
      const ns = key.slice(NS_PREFIX.length);
      for (const s of engine.store.list(SERVICES, ns) as Service[]) if (s.spec?.selector) engine.schedule(this.name, keyOf(s), engine.now);
      return;
    }
    const [ns, name] = splitKey(key);
    const svc = engine.store.get(SERVICES, ns, name) as Service | undefined;
    const api = systemApi(engine);
    if (!svc || !svc.spec?.selector || svc.metadata.deletionTimestamp) {
      if (engine.store.get(ENDPOINTS, ns, name) && (!svc || svc.spec?.selector)) {
        try {
          api.delete(res('endpoints'), ns, name);
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
        }
      }
      return;
    }
    const pods = (engine.store.list(PODS, ns) as Pod[]).filter((p) => podIP(p) && selectorMatches({ matchLabels: svc.spec!.selector }, p.metadata.labels) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const ports = svc.spec.ports ?? [];
    const publishNotReady = !!svc.spec.publishNotReadyAddresses;
    // Endpoints: one subset per distinct port set.
    const subsets = new Map<string, { addresses: Address[]; notReadyAddresses: Address[]; ports: Record<string, unknown>[] }>();
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      const resolved = ports.map((sp) => ({ ...(sp.name ? { name: sp.name } : {}), port: targetPort(sp, p), protocol: sp.protocol ?? 'TCP' })).filter((x) => x.port !== undefined);
      const sig = JSON.stringify(resolved);
      const subset = subsets.get(sig) ?? { addresses: [], notReadyAddresses: [], ports: resolved };
      subsets.set(sig, subset);
      const addr: Address = { ip: podIP(p)!, ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}), targetRef: { kind: 'Pod', name: p.metadata.name!, namespace: ns, uid: p.metadata.uid! } };
      (isReady(p) || publishNotReady ? subset.addresses : subset.notReadyAddresses).push(addr);
    }
    const byIp = (a: Address, b: Address) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
    const out = [...subsets.values()].map((s) => {
      const sub: Record<string, unknown> = {};
      if (s.addresses.length) sub.addresses = s.addresses.sort(byIp);
      if (s.notReadyAddresses.length) sub.notReadyAddresses = s.notReadyAddresses.sort(byIp);
      if (s.ports.length) sub.ports = s.ports;
      return sub;
    });
    const labels = { ...(svc.metadata.labels ?? {}) };
    const endpoints: KObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: ns, ...(Object.keys(labels).length ? { labels } : {}) },
      ...(out.length ? { subsets: out } : {}),
    };
    const existing = engine.store.get(ENDPOINTS, ns, name);
    if (!existing) {
      api.create(res('endpoints'), ns, endpoints);
    } else {
      const next = { ...structuredClone(existing), subsets: endpoints.subsets, metadata: { ...structuredClone(existing.metadata), labels: endpoints.metadata.labels } };
      if (!endpoints.subsets) delete next.subsets;
      if (!endpoints.metadata.labels) delete next.metadata.labels;
      engine.store.put(ENDPOINTS, next);
    }
    this.syncSlice(engine, svc, pods, ports);
  }

  private syncSlice(engine: Engine, svc: Service, pods: Pod[], ports: ServicePort[]): void {
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const endpoints = pods
      .map((p) => ({
        addresses: [podIP(p)!],
        conditions: { ready: isReady(p) && !p.metadata.deletionTimestamp, serving: isReady(p), terminating: !!p.metadata.deletionTimestamp },
        ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
        targetRef: { kind: 'Pod', name: p.metadata.name!, namespace: ns, uid: p.metadata.uid! },
      }));
    const slicePorts = ports.map((sp) => ({ name: sp.name ?? '', port: pods.length ? targetPort(sp, pods[0]!) : typeof sp.targetPort === 'number' ? sp.targetPort : sp.port, protocol: sp.protocol ?? 'TCP' }));
    const labels = { ...(svc.metadata.labels ?? {}), 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name };
    const existing = engine.store.list(SLICES, ns).find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name && s.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid));
    const body: KObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { generateName: `${name}-`, namespace: ns, labels, ownerReferences: [ownerRefTo(svc)] },
      addressType: 'IPv4',
      endpoints: endpoints.length ? endpoints : null,
      ports: slicePorts.length ? slicePorts : null,
    };
    if (!existing) {
      systemApi(engine).create(res('endpointslices.discovery.k8s.io'), ns, body);
      return;
    }
    const next = { ...structuredClone(existing), endpoints: body.endpoints, ports: body.ports, metadata: { ...structuredClone(existing.metadata), labels } };
    engine.store.put(SLICES, next);
  }
}

export const endpointsController = new EndpointsController();
