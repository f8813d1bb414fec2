import { describe, expect, it } from 'vitest';
import { indent, renderExplain, wrap, type OpenApiDocument } from '../../src/printers/explain.js';
import { parseExplainTarget } from '../../src/client/explain.js';

// A small hand-made document in the shape of the API server's /openapi/v3/apis/demo.io/v1.
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const gvk = { group: 'demo.io', kind: 'Widget', version: 'v1' };
const doc: OpenApiDocument = {
  paths: {
    '/apis/demo.io/v1/namespaces/{namespace}/widgets': { get: { 'x-kubernetes-group-version-kind': gvk } },
  },
  components: {
    schemas: {
      'io.demo.v1.Widget': {
        description: 'Widget is a thing.',
        type: 'object',
        required: ['spec'],
        properties: {
          kind: { description: 'Kind of the object.', type: 'string' },
          spec: { allOf: [ref('io.demo.v1.WidgetSpec')], description: 'What the widget should be.' },
        },
        'x-kubernetes-group-version-kind': [gvk],
      },
      'io.demo.v1.WidgetSpec': {
        description: 'WidgetSpec describes a widget.',
        type: 'object',
        properties: {
          parts: { description: 'The parts.', type: 'array', items: { allOf: [ref('io.demo.v1.Part')] } },
          labels: { description: 'Labels.', type: 'object', additionalProperties: { type: 'string' } },
          limits: { description: 'Limits.', type: 'object', additionalProperties: ref('io.demo.Quantity') },
          mode: { description: 'The mode.', type: 'string', enum: ['', 'A', 'B', 'C', 'D', 'E'] },
          size: { allOf: [ref('io.demo.Size')], description: 'Size, as a string.' },
          free: { type: 'object', additionalProperties: true },
        },
      },
      'io.demo.v1.Part': {
        description: 'A part, which may hold parts.',
        type: 'object',
        properties: { name: { type: 'string' }, children: { type: 'array', items: ref('io.demo.v1.Part') } },
      },
      'io.demo.Quantity': { description: 'Quantity is a number.', oneOf: [{ type: 'string' }, { type: 'number' }] },
      'io.demo.Size': { description: 'A size.', type: 'string' },
    },
  },
};
const gvr = { group: 'demo.io', version: 'v1', resource: 'widgets' };

describe('explain renderer (kubectl v1.32 plaintext template)', () => {
  it('prints the kind, its description and its fields with types and -required-', () => {
    const { out, error } = renderExplain(doc, gvr, [], false);
    expect(error).toBeUndefined();
    expect(out).toBe(
      'GROUP:      demo.io\nKIND:       Widget\nVERSION:    v1\n\nDESCRIPTION:\n    Widget is a thing.\n    \nFIELDS:\n' +
        '  kind\t<string>\n    Kind of the object.\n\n' +
        '  spec\t<WidgetSpec> -required-\n    What the widget should be.\n\n\n',
    );
  });

  it('follows a field path through allOf, and guesses types: []Kind, map[string]T, a ref to a primitive, enums', () => {
    const { out } = renderExplain(doc, gvr, ['spec'], false);
    expect(out).toContain('FIELD: spec <WidgetSpec>\n\n\nDESCRIPTION:\n    What the widget should be.\n    WidgetSpec describes a widget.\n    \nFIELDS:\n');
    expect(out).toContain('  parts\t<[]Part>\n');
    expect(out).toContain('  labels\t<map[string]string>\n');
    expect(out).toContain('  limits\t<map[string]Quantity>\n');
    expect(out).toContain('  size\t<string>\n');
    expect(out).toContain('  free\t<Object>\n    <no description>\n');
    expect(out).toContain('  mode\t<string>\n  enum: "", A, B, C, ....\n    The mode.\n');
  });

  it('prints all enum values under FIELD', () => {
    expect(renderExplain(doc, gvr, ['spec', 'mode'], false).out).toContain('FIELD: mode <string>\nENUM:\n    ""\n    A\n    B\n    C\n    D\n    E\n\nDESCRIPTION:\n    The mode.\n    \n');
  });

  it('walks into array items and map values', () => {
    expect(renderExplain(doc, gvr, ['spec', 'parts', 'name'], false).out).toContain('FIELD: name <string>\n\n\nDESCRIPTION:\n    <empty>\n');
    expect(renderExplain(doc, gvr, ['spec', 'limits'], false).out).toContain('DESCRIPTION:\n    Limits.\n    Quantity is a number.\n');
  });

  it('lists fields recursively, two spaces a level, and stops at a $ref already on the way', () => {
    const { out } = renderExplain(doc, gvr, ['spec'], true);
    expect(out).toContain('  mode\t<string>\n  enum: "", A, B, C, ....\n  parts\t<[]Part>\n    children\t<[]Part>\n    name\t<string>\n  size\t<string>\n\n');
  });

  it('names the last segment of the path when the path leads nowhere, after the header', () => {
    expect(renderExplain(doc, gvr, ['nope', 'deeper'], false)).toEqual({
      out: 'GROUP:      demo.io\nKIND:       Widget\nVERSION:    v1\n\n',
      error: 'field "deeper" does not exist',
    });
  });

  it('reports a resource without paths, and a kind without a schema, as kubectl does', () => {
    expect(renderExplain(doc, { ...gvr, resource: 'gadgets' }, [], false)).toEqual({ out: '', error: 'GVR (demo.io/v1, Resource=gadgets) not found in OpenAPI schema' });
    const bare = { paths: doc.paths, components: { schemas: {} } };
    expect(renderExplain(bare, gvr, [], false).error).toBe('GVK map[group:demo.io kind:Widget version:v1] not found in OpenAPI schema');
  });
});

describe('wrap (go-wordwrap v1.0.1) and indent', () => {
  it('breaks at white space within the limit and lets a longer word overrun', () => {
    expect(wrap(10, 'aaa bbb ccc ddd')).toBe('aaa bbb\nccc ddd');
    expect(wrap(5, 'abcdefgh ij')).toBe('abcdefgh\nij');
    expect(wrap(10, 'one\ntwo  three')).toBe('one\ntwo  three');
    expect(wrap(6, 'a\u00a0b\u00a0c\u00a0d')).toBe('a\u00a0b\u00a0c\u00a0d');
  });

  it('indents every line, the one after a final newline too', () => {
    expect(indent(2, 'a\nb\n')).toBe('  a\n  b\n  ');
  });
});

describe('explain target parsing (kubectl SplitAndParseResourceRequestWithMatchingPrefix)', () => {
  it('splits the resource from the field path', () => {
    expect(parseExplainTarget('po.spec.containers', undefined)).toEqual({ gvr: { group: '', version: 'v1', resource: 'pods' }, fieldPath: ['spec', 'containers'] });
    expect(parseExplainTarget('deployments.apps.spec', undefined)).toEqual({ gvr: { group: 'apps', version: 'v1', resource: 'deployments' }, fieldPath: ['spec'] });
  });

  it('keeps the group in the path where it does not follow the plural name, as kubectl does', () => {
    expect(parseExplainTarget('deployment.apps.spec', undefined).fieldPath).toEqual(['apps', 'spec']);
    expect(parseExplainTarget('pods.metrics.k8s.io', undefined)).toEqual({ gvr: { group: '', version: 'v1', resource: 'pods' }, fieldPath: ['metrics', 'k8s', 'io'] });
  });

  it('takes the group version from --api-version', () => {
    expect(parseExplainTarget('deploy.spec', 'apps/v1beta1').gvr).toEqual({ group: 'apps', version: 'v1beta1', resource: 'deployments' });
    expect(() => parseExplainTarget('nope', undefined)).toThrow('the server doesn\'t have a resource type "nope"');
  });
});
