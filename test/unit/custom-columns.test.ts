import { describe, expect, it } from 'vitest';
import { customColumnCell, parseCustomColumns, parseCustomColumnsFile, printCustomColumns } from '../../src/printers/custom-columns.js';

const pod = (name: string, images: string[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: name, tier: 'fe' }, creationTimestamp: null },
  spec: { containers: images.map((image, i) => ({ name: `c${i}`, image, ports: [{ containerPort: 80 + i }] })) },
  status: { phase: 'Running', ...extra },
});

describe('custom-columns', () => {
  // get.md's example shows wider padding; the tab writer rule (widest cell + 3, min 6) gives this.
  it('prints the get.md example with tab writer widths', () => {
    const cols = parseCustomColumns('NAME:.metadata.name,IMAGE:.spec.containers[*].image');
    expect(printCustomColumns([pod('nginx', ['nginx:1.25']), pod('multi', ['nginx', 'busybox'])], cols)).toBe(
      'NAME    IMAGE\nnginx   nginx:1.25\nmulti   nginx,busybox\n',
    );
  });

  it('prints Go fmt.Sprint values and <none> for missing', () => {
    const obj = pod('p', ['a'], { f: 1.5, big: 1000000.5 });
    const cell = (spec: string) => customColumnCell(obj, parseCustomColumns(`X:${spec}`)[0]);
    expect(cell('.metadata.labels')).toBe('map[app:p tier:fe]');
    expect(cell('{.spec.containers[0].ports}')).toBe('[map[containerPort:80]]');
    expect(cell('.nothing')).toBe('<none>');
    expect(cell('metadata.creationTimestamp')).toBe('<nil>');
    expect(cell('.status.f')).toBe('1.5');
    expect(cell('.status.big')).toBe('1.0000005e+06');
  });

  it('omits the header with noHeaders', () => {
    expect(printCustomColumns([pod('a', ['x'])], parseCustomColumns('N:.metadata.name,P:.status.phase'), { noHeaders: true })).toBe(
      'a     Running\n',
    );
  });

  it('rejects bad specs with kubectl texts', () => {
    expect(() => parseCustomColumns('')).toThrow('custom-columns format specified but no custom columns given');
    expect(() => parseCustomColumns('A:.a,B')).toThrow('unexpected custom-columns spec: B, expected <header>:<json-path-expr>');
  });

  it('parses custom-columns files', () => {
    const cols = parseCustomColumnsFile('NAME   PHASE\n.metadata.name  {.status.phase}\n');
    expect(cols).toEqual([
      { header: 'NAME', fieldSpec: '{.metadata.name}' },
      { header: 'PHASE', fieldSpec: '{.status.phase}' },
    ]);
    expect(() => parseCustomColumnsFile('A B\n.a\n')).toThrow("number of headers (2) and field specifications (1) don't match");
    expect(() => parseCustomColumnsFile('A\n')).toThrow('invalid template, missing spec line.');
  });
});
