import { describe, expect, it } from 'vitest';
import { parseEnvFile, parseFileSource } from '../../src/client/create-sources.js';
import { configMapObject, dockerConfigJson, secretObject } from '../../src/client/generated.js';
import { toOrderedJson, toOrderedCompactJson, goMap } from '../../src/client/ordered-json.js';
import { runPod, validImageReference } from '../../src/client/run-pod.js';
import { applyMetaChanges, checkOverwrite, labelMessage, parseLabelPairs, splitResourcesAndPairs } from '../../src/client/metadata-edit.js';
import { apiVersions, renderApiResources, selectResources } from '../../src/client/api-resources.js';
import { normalizeForWrite, shorten } from '../../src/client/kubeconfig-edit.js';
import { RESOURCES } from '../../src/apiserver/resources.js';
import type { KObject } from '../../src/types/k8s.js';

describe('create sources', () => {
  it('reads env files like kubectl (BOM, CR, comments, env lookup)', () => {
    const text = '\ufeffa=1\r\n# c\n\n  b=2  x \nD\nE\n';
    expect(parseEnvFile(text, 'f', { D: 'hello' })).toEqual([['a', '1'], ['b', '2  x '], ['D', 'hello'], ['E', '']]);
    expect(() => parseEnvFile('1x=2\n', 'f', {})).toThrow('"1x" is not a valid key name');
  });
  it('splits key=path file sources', () => {
    expect(parseFileSource('dir/game.properties')).toEqual({ key: 'game.properties', path: 'dir/game.properties' });
    expect(parseFileSource('k=dir/a')).toEqual({ key: 'k', path: 'dir/a' });
    expect(() => parseFileSource('=x')).toThrow('key name for file path x missing');
  });
});

describe('generated objects', () => {
  it('prints a client-built ConfigMap in struct order', () => {
    const cm = configMapObject('c3', undefined, new Map([['a', Buffer.from('1')]]), new Map());
    expect(toOrderedJson(cm)).toBe('{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "c3",\n        "creationTimestamp": null\n    },\n    "data": {\n        "a": "1"\n    }\n}\n');
  });
  it('builds the .dockerconfigjson kubectl builds', () => {
    const json = dockerConfigJson('r.io', 'u', 'p', 'e@x');
    expect(Buffer.from(json).toString('base64')).toBe('eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImVtYWlsIjoiZUB4IiwiYXV0aCI6ImRUcHcifX19');
    const s = secretObject('s', undefined, new Map([['k', Buffer.from('v')]]), 'Opaque') as unknown as { data: Record<string, string> };
    expect(s.data.k).toBe('dg==');
  });
  it('sorts Go maps but keeps struct order', () => {
    expect(toOrderedCompactJson({ b: 1, a: goMap({ z: 1, y: 2 }) })).toBe('{"b":1,"a":{"y":2,"z":1}}');
  });
});

describe('run', () => {
  it('validates image references', () => {
    expect(validImageReference('nginx')).toBe(true);
    expect(validImageReference('registry.example.com:5000/a/b:1.0')).toBe(true);
    expect(validImageReference('NGINX:Latest')).toBe(false);
  });
  it('builds the pod', () => {
    const pod = runPod({ name: 'web', image: 'busybox', annotations: [], env: [], restart: 'Never', command: true, args: ['sleep', '10'], privileged: false, commandPath: 'kubectl run' });
    expect(toOrderedCompactJson(pod)).toBe(
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"run":"web"}},"spec":{"containers":[{"name":"web","image":"busybox","command":["sleep","10"],"resources":{}}],"restartPolicy":"Never","dnsPolicy":"ClusterFirst"},"status":{}}',
    );
  });
});

describe('label / annotate', () => {
  const pod = (labels: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels } });
  it('splits resources from pairs', () => {
    expect(splitResourcesAndPairs(['pods', 'nginx', 'a=b', 'c-'], 'label')).toEqual({ resources: ['pods', 'nginx'], pairs: ['a=b', 'c-'] });
    expect(splitResourcesAndPairs(['=c'], 'label').resources).toEqual(['=c']);
  });
  it('refuses a changed value without --overwrite, allows the same one', () => {
    const changes = parseLabelPairs(['app=x']);
    expect(() => checkOverwrite('labels', { app: 'web' }, changes)).toThrow("'app' already has a value (web), and --overwrite is false");
    expect(() => checkOverwrite('labels', { app: 'x' }, changes)).not.toThrow();
  });
  it('says labeled / unlabeled / not labeled like kubectl', () => {
    const before = pod({ app: 'web' });
    const same = structuredClone(before);
    applyMetaChanges(same, 'labels', parseLabelPairs(['app=web']));
    expect(labelMessage(before, same, false)).toBe('not labeled');
    const removed = structuredClone(before);
    expect(applyMetaChanges(removed, 'labels', parseLabelPairs(['app-', 'a=b']))).toEqual({ metadata: { labels: { a: 'b', app: null } } });
    expect(labelMessage(before, removed, false)).toBe('unlabeled');
    expect(labelMessage(before, removed, true)).toBe('labeled');
  });
});

describe('api-resources', () => {
  it('filters by group and sorts by group then name', () => {
    const opts = { apiGroup: 'apps', verbs: [], noHeaders: false };
    const out = renderApiResources(selectResources(RESOURCES, opts), opts);
    expect(out.split('\n')[0]).toBe('NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND');
    expect(out.split('\n')[1]).toBe('controllerrevisions                apps/v1      true         ControllerRevision');
    expect(apiVersions(RESOURCES).at(-1)).toBe('v1');
  });
});

describe('kubeconfig', () => {
  it('serializes like clientcmd and shortens secrets', () => {
    const cfg = {
      clusters: [{ name: 'b', cluster: { server: 'https://b' } }, { name: 'a', cluster: { 'certificate-authority-data': 'xx' } }],
      contexts: [{ name: 'c', context: { cluster: 'a' } }],
      users: [{ name: 'u', user: { token: 't' } }],
    };
    shorten(cfg);
    const n = normalizeForWrite(cfg) as { clusters: { name: string; cluster: Record<string, unknown> }[]; contexts: { context: unknown }[]; users: { user: unknown }[] };
    expect(n.clusters.map((c) => c.name)).toEqual(['a', 'b']);
    expect(n.clusters[0]!.cluster).toEqual({ 'certificate-authority-data': 'DATA+OMITTED', server: '' });
    expect(n.contexts[0]!.context).toEqual({ cluster: 'a', user: '' });
    expect(n.users[0]!.user).toEqual({ token: 'REDACTED' });
  });
});
