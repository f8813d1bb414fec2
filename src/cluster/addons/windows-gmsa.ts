// The windows-gmsa add-on: what kubernetes-sigs/windows-gmsa's deploy-gmsa-webhook.sh
// leaves in a cluster (the GMSACredentialSpec CRD if missing, namespace, TLS
// Secret, RBAC, the webhook Deployment and Service, and the two webhook
// configurations), with the webhook server itself answered in-process: the
// mutating endpoint inlines the named credential spec, the validating one checks
// that the pod's service account may `use` it (webhook.go's texts).
import type { Container, KObject, Pod } from '../../types/k8s.js';
import type { ApiServer } from '../../apiserver/api.js';
import type { AdmissionRequest } from '../../apiserver/admission.js';
import { resolveResource, type ResourceInfo } from '../../apiserver/resources.js';
import { registerWebhookService, type WebhookDenial } from '../../apiserver/admission/webhooks.js';
import { isAllowed } from '../../apiserver/auth/rbac.js';
import { serviceAccountUser } from '../../apiserver/auth/tokens.js';
import { CLUSTER_CA_CERT } from '../ca.js';

export const GMSA_NAMESPACE = 'gmsa-webhook';
export const GMSA_NAME = 'gmsa-webhook';
const WEBHOOK_NAME = 'admission-webhook.windows-gmsa.sigs.k8s.io';
const IMAGE = 'sigwindowstools/k8s-gmsa-webhook:latest';
const RBAC_ROLE = `${GMSA_NAMESPACE}-${GMSA_NAME}-rbac-role`;
const CRD_NAME = 'gmsacredentialspecs.windows.k8s.io';

type WindowsOptions = { gmsaCredentialSpecName?: string; gmsaCredentialSpec?: string; runAsUserName?: string; hostProcess?: boolean };

const credSpecSchema = {
  type: 'object',
  properties: {
    credspec: {
      description: 'GMSA Credential Spec',
      type: 'object',
      properties: {
        ActiveDirectoryConfig: {
          type: 'object',
          properties: {
            GroupManagedServiceAccounts: { type: 'array', items: { type: 'object', properties: { Name: { type: 'string' }, Scope: { type: 'string' } } } },
            HostAccountConfig: { type: 'object', properties: { PluginGUID: { type: 'string' }, PluginInput: { type: 'string' }, PortableCcgVersion: { type: 'string' } } },
          },
        },
        CmsPlugins: { type: 'array', items: { type: 'string' } },
        DomainJoinConfig: {
          type: 'object',
          properties: Object.fromEntries(['DnsName', 'DnsTreeName', 'Guid', 'MachineAccountName', 'NetBiosName', 'Sid'].map((k) => [k, { type: 'string' }])),
        },
      },
    },
  },
};

/** gmsa-crd.yml as published in kubernetes-sigs/windows-gmsa. */
export function gmsaCrd(): KObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: CRD_NAME, annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/tree/master/keps/sig-windows/689-windows-gmsa' } },
    spec: {
      group: 'windows.k8s.io',
      versions: [
        { name: 'v1alpha1', served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: credSpecSchema } },
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: credSpecSchema } },
      ],
      conversion: { strategy: 'None' },
      names: { kind: 'GMSACredentialSpec', plural: 'gmsacredentialspecs' },
      scope: 'Cluster',
    },
  };
}

function webhookConfig(kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration'): KObject {
  const mutating = kind === 'MutatingWebhookConfiguration';
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name: GMSA_NAME },
    webhooks: [
      {
        name: WEBHOOK_NAME,
        clientConfig: {
          service: { name: GMSA_NAME, namespace: GMSA_NAMESPACE, path: mutating ? '/mutate' : '/validate', port: 443 },
          caBundle: Buffer.from(CLUSTER_CA_CERT).toString('base64'),
        },
        rules: [{ operations: mutating ? ['CREATE'] : ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['*'], resources: ['pods'], scope: '*' }],
        failurePolicy: 'Fail',
        matchPolicy: 'Equivalent',
        admissionReviewVersions: ['v1', 'v1beta1'],
        sideEffects: 'None',
        timeoutSeconds: 10,
        namespaceSelector: { matchExpressions: [{ key: 'gmsa-webhook', operator: 'NotIn', values: ['disabled'] }] },
        objectSelector: {},
        ...(mutating ? { reinvocationPolicy: 'Never' } : {}),
      },
    ],
  };
}

/** What the deploy script applies, in its order. */
function manifests(): KObject[] {
  const placeholder = (what: string) => Buffer.from(`kubesim: no real ${what} (the webhook is answered in-process)\n`).toString('base64');
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: GMSA_NAMESPACE, labels: { 'gmsa-webhook': 'disabled' } } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: GMSA_NAME, namespace: GMSA_NAMESPACE },
      data: { tls_private_key: placeholder('private key'), tls_certificate: placeholder('certificate') },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: GMSA_NAME, namespace: GMSA_NAMESPACE } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: RBAC_ROLE },
      rules: [
        { apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['get'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${GMSA_NAMESPACE}-${GMSA_NAME}-binding-to-${RBAC_ROLE}` },
      subjects: [{ kind: 'ServiceAccount', name: GMSA_NAME, namespace: GMSA_NAMESPACE }],
      roleRef: { kind: 'ClusterRole', name: RBAC_ROLE, apiGroup: 'rbac.authorization.k8s.io' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: GMSA_NAME, namespace: GMSA_NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: GMSA_NAME } },
        template: {
          metadata: { labels: { app: GMSA_NAME } },
          spec: {
            serviceAccountName: GMSA_NAME,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: GMSA_NAME,
                image: IMAGE,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ containerPort: 443 }],
                volumeMounts: [{ name: 'tls', mountPath: '/tls', readOnly: true }],
                env: [
                  { name: 'TLS_KEY', value: '/tls/key' },
                  { name: 'TLS_CRT', value: '/tls/crt' },
                ],
              },
            ],
            volumes: [{ name: 'tls', secret: { secretName: GMSA_NAME, items: [{ key: 'tls_private_key', path: 'key' }, { key: 'tls_certificate', path: 'crt' }] } }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: GMSA_NAME, namespace: GMSA_NAMESPACE }, spec: { ports: [{ port: 443, targetPort: 443 }], selector: { app: GMSA_NAME } } },
    webhookConfig('ValidatingWebhookConfiguration'),
    webhookConfig('MutatingWebhookConfiguration'),
  ];
}

function resourceOf(obj: KObject): ResourceInfo {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const plural = `${obj.kind.toLowerCase()}s`;
  return resolveResource(group ? `${plural}.${group}` : plural)!;
}

/** Installs the add-on (what is already there is left as it is, as `kubectl apply` of unchanged manifests). */
export function enableWindowsGmsa(api: ApiServer): void {
  const crds = resolveResource('customresourcedefinitions.apiextensions.k8s.io')!;
  if (!api.tryGet(crds, undefined, CRD_NAME)) api.create(crds, undefined, gmsaCrd());
  for (const obj of manifests()) {
    const r = resourceOf(obj);
    if (!api.tryGet(r, obj.metadata.namespace, obj.metadata.name!)) api.create(r, obj.metadata.namespace, obj);
  }
}

// ---------------------------------------------------------------- the webhook server

type Target = { options: WindowsOptions; kind: 'pod' | 'container' | 'initContainer'; name: string };

function targets(pod: Pod): Target[] {
  const out: Target[] = [];
  const podOptions = pod.spec?.securityContext?.windowsOptions as WindowsOptions | undefined;
  if (podOptions) out.push({ options: podOptions, kind: 'pod', name: pod.metadata.name ?? '' });
  const each = (list: Container[] | undefined, kind: 'container' | 'initContainer') => {
    for (const c of list ?? []) {
      const o = c.securityContext?.windowsOptions as WindowsOptions | undefined;
      if (o) out.push({ options: o, kind, name: c.name });
    }
  };
  each(pod.spec?.containers, 'container');
  each(pod.spec?.initContainers, 'initContainer');
  return out;
}

/** Go's json.Marshal of a decoded map: keys sorted, compact. */
function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${goJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** kube_client.go's retrieveCredSpecContents. */
function credSpecContents(api: ApiServer, name: string): string | WebhookDenial {
  const r = resolveResource('gmsacredentialspecs.windows.k8s.io');
  if (!r) return { code: 500, message: `unable to retrieve the contents of cred spec ${name}: the server could not find the requested resource` };
  const spec = api.tryGet(r, undefined, name) as (KObject & { credspec?: unknown }) | undefined;
  if (!spec) return { code: 404, message: `cred spec ${name} does not exist` };
  if (spec.credspec === undefined || spec.credspec === '') return { code: 417, message: `cred spec ${name} does not have a credspec key` };
  return goJson(spec.credspec);
}

function sameContents(a: string, b: string): boolean | string {
  if (a === b) return true;
  try {
    const x = JSON.parse(a) as unknown;
    try {
      return goJson(x) === goJson(JSON.parse(b));
    } catch (e) {
      return `unable to parse CRD ${JSON.stringify(b)} as a JSON object: ${(e as Error).message}`;
    }
  } catch (e) {
    return `unable to parse ${JSON.stringify(a)} as a JSON object: ${(e as Error).message}`;
  }
}

function mutate(req: AdmissionRequest): WebhookDenial | undefined {
  if (req.operation !== 'CREATE') return undefined;
  for (const t of targets(req.object as Pod)) {
    const name = t.options.gmsaCredentialSpecName;
    if (name === undefined || t.options.gmsaCredentialSpec !== undefined) continue;
    const contents = credSpecContents(req.api, name);
    if (typeof contents !== 'string') return contents;
    t.options.gmsaCredentialSpec = contents;
  }
  return undefined;
}

function validate(req: AdmissionRequest): WebhookDenial | undefined {
  const pod = req.object as Pod;
  if (req.operation === 'UPDATE') {
    const old = targets(req.oldObject as Pod);
    for (const t of targets(pod)) {
      const before = old.find((o) => o.kind === t.kind && (t.kind === 'pod' || o.name === t.name))?.options ?? {};
      const changed = [
        ...(t.options.gmsaCredentialSpecName !== before.gmsaCredentialSpecName ? ['name'] : []),
        ...(t.options.gmsaCredentialSpec !== before.gmsaCredentialSpec ? ['contents'] : []),
      ];
      if (changed.length) return { code: 403, message: `cannot update an existing pod's GMSA settings (GMSA ${changed.join(' and ')} modified on ${t.kind} ${JSON.stringify(t.name)})` };
    }
    return undefined;
  }
  if (req.operation !== 'CREATE') return undefined;
  const namespace = pod.metadata.namespace!;
  const sa = pod.spec.serviceAccountName ?? '';
  for (const t of targets(pod)) {
    const name = t.options.gmsaCredentialSpecName;
    if (name !== undefined) {
      const allowed = isAllowed(req.api.store, serviceAccountUser(namespace, sa), { verb: 'use', resource: 'gmsacredentialspecs', apiGroup: 'windows.k8s.io', namespace, name });
      if (!allowed) return { code: 403, message: `service account ${JSON.stringify(sa)} is not authorized to \`use\` GMSA cred spec ${JSON.stringify(name)}` };
      const contents = t.options.gmsaCredentialSpec;
      if (contents !== undefined) {
        const expected = credSpecContents(req.api, name);
        if (typeof expected !== 'string') return expected;
        const same = sameContents(contents, expected);
        if (same !== true) {
          const why = typeof same === 'string' ? `: ${same}` : '';
          return { code: 422, message: `the GMSA cred spec contents for ${t.kind} ${JSON.stringify(t.name)} does not match the contents of GMSA resource ${JSON.stringify(name)}${why}` };
        }
      }
    } else if (t.options.gmsaCredentialSpec !== undefined) {
      return { code: 422, message: `${t.kind} ${JSON.stringify(t.name)} has a GMSA cred spec set, but does not define the name of the corresponding resource` };
    }
  }
  return undefined;
}

registerWebhookService(GMSA_NAMESPACE, GMSA_NAME, '/mutate', mutate);
registerWebhookService(GMSA_NAMESPACE, GMSA_NAME, '/validate', validate);
