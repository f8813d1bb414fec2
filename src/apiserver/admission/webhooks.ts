// MutatingAdmissionWebhook and ValidatingAdmissionWebhook: the webhook
// configurations stored in the cluster, called in-process. A webhook whose
// service kubesim knows (an add-on registers it with registerWebhookService) is
// answered by that handler; calling it needs the service to have ready
// endpoints, as a real API server needs a pod behind the Service.
import type { KObject, LabelSelector } from '../../types/k8s.js';
import type { AdmissionPlugin, AdmissionRequest } from '../admission.js';
import { StatusError } from '../errors.js';
import { resolveResource, storageKey } from '../resources.js';
import { labelSelectorFromObject, matchesLabelSelector } from '../selectors.js';

/** What a webhook answers: nothing (allowed), or a denial with its HTTP code and message. */
export interface WebhookDenial {
  code: number;
  message: string;
}

/** An in-process webhook server: `mutate` changes the object in place; either may deny. */
export type WebhookHandler = (req: AdmissionRequest) => WebhookDenial | undefined;

interface Rule {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  scope?: string;
}

interface Webhook {
  name: string;
  clientConfig?: { service?: { namespace: string; name: string; path?: string; port?: number }; url?: string };
  rules?: Rule[];
  failurePolicy?: 'Fail' | 'Ignore';
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
}

const HANDLERS = new Map<string, WebhookHandler>();

/** Registers the server behind `namespace/name` + `path` (e.g. `gmsa-webhook/gmsa-webhook/mutate`). */
export function registerWebhookService(namespace: string, name: string, path: string, handler: WebhookHandler): void {
  HANDLERS.set(`${namespace}/${name}${path}`, handler);
}

const MUTATING = () => resolveResource('mutatingwebhookconfigurations.admissionregistration.k8s.io')!;
const VALIDATING = () => resolveResource('validatingwebhookconfigurations.admissionregistration.k8s.io')!;
const NAMESPACES = () => resolveResource('namespaces')!;
const ENDPOINTS = () => resolveResource('endpoints')!;

const matchesList = (list: string[] | undefined, value: string) => !list || list.includes('*') || list.includes(value);

/**
 * A rule's resources: `*` is every resource but no subresource, `pods/*` every subresource of pods,
 * `*\/scale` every scale subresource, `*\/*` everything (admission's rule predicates).
 */
export function resourceMatches(list: string[] | undefined, resource: string, subresource: string | undefined): boolean {
  if (!list) return true;
  if (subresource === undefined) return list.includes('*') || list.includes('*/*') || list.includes(resource);
  return [`${resource}/${subresource}`, `${resource}/*`, `*/${subresource}`, '*/*'].some((r) => list.includes(r));
}

function ruleMatches(rule: Rule, req: AdmissionRequest): boolean {
  const r = req.resource;
  return (
    matchesList(rule.operations, req.operation) &&
    matchesList(rule.apiGroups, r.group) &&
    matchesList(rule.apiVersions, r.version) &&
    resourceMatches(rule.resources, r.name, req.subresource)
  );
}

function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return matchesLabelSelector(labelSelectorFromObject(selector), labels ?? {});
}

function applies(hook: Webhook, req: AdmissionRequest): boolean {
  if (!(hook.rules ?? []).some((rule) => ruleMatches(rule, req))) return false;
  if (req.resource.namespaced) {
    const ns = req.api.tryGet(NAMESPACES(), undefined, req.object.metadata.namespace!);
    if (!selectorMatches(hook.namespaceSelector, ns?.metadata.labels)) return false;
  }
  return selectorMatches(hook.objectSelector, req.object.metadata.labels);
}

function hasReadyEndpoints(req: AdmissionRequest, namespace: string, name: string): boolean {
  const ep = req.api.tryGet(ENDPOINTS(), namespace, name) as (KObject & { subsets?: { addresses?: unknown[] }[] }) | undefined;
  return !!ep?.subsets?.some((s) => (s.addresses?.length ?? 0) > 0);
}

function call(hook: Webhook, req: AdmissionRequest): void {
  const svc = hook.clientConfig?.service;
  const path = svc?.path ?? '';
  const handler = svc ? HANDLERS.get(`${svc.namespace}/${svc.name}${path}`) : undefined;
  const url = svc ? `https://${svc.name}.${svc.namespace}.svc:${svc.port ?? 443}${path}?timeout=10s` : (hook.clientConfig?.url ?? '');
  let failure: string | undefined;
  if (!handler) failure = svc ? `failed to call webhook: Post "${url}": calling webhook services is not supported by kubesim yet` : `failed to call webhook: Post "${url}": webhook URLs are not supported by kubesim yet`;
  else if (!hasReadyEndpoints(req, svc!.namespace, svc!.name)) failure = `failed to call webhook: Post "${url}": no endpoints available for service "${svc!.name}"`;
  if (failure) {
    if (hook.failurePolicy === 'Ignore') return;
    throw new StatusError(500, 'InternalError', `Internal error occurred: failed calling webhook "${hook.name}": ${failure}`);
  }
  const denial = handler!(req);
  if (denial) throw new StatusError(denial.code || 400, '', `admission webhook "${hook.name}" denied the request: ${denial.message}`);
}

function run(kind: 'mutating' | 'validating', req: AdmissionRequest): void {
  const configs = req.api.store.list(storageKey(kind === 'mutating' ? MUTATING() : VALIDATING()), '');
  for (const config of configs) {
    for (const hook of ((config as KObject & { webhooks?: Webhook[] }).webhooks ?? [])) {
      if (applies(hook, req)) call(hook, req);
    }
  }
}

/** Both webhook admission plugins (mutating runs last among mutating plugins, validating before ResourceQuota). */
export const admissionWebhooks: AdmissionPlugin = {
  name: 'AdmissionWebhook',
  // Webhooks whose rules name the subresource (`pods/ephemeralcontainers`, `pods/*`, `*/*`).
  subresources: ['ephemeralcontainers'],
  mutate(req) {
    run('mutating', req);
  },
  validate(req) {
    run('validating', req);
  },
};
