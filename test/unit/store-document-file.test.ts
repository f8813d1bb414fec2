import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentFile } from '../../src/store/store.js';

const json = { parse: (t: string) => JSON.parse(t) as unknown, stringify: (d: unknown) => JSON.stringify(d) };

describe('DocumentFile (the store files lowdb reads and writes)', () => {
  it('reads ASCII and UTF-8 documents as the same text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-docfile-'));
    for (const value of [{ a: 'plain', n: 1 }, { a: 'café ünïcode', e: '🚀 \u2028', k: '日本' }, {}]) {
      const file = join(dir, 'doc.json');
      writeFileSync(file, JSON.stringify(value));
      expect(new DocumentFile(file, json).read()).toEqual(value);
    }
  });

  it('answers null for a missing file and writes through a temp file renamed into place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-docfile-'));
    const file = join(dir, 'doc.json');
    const doc = new DocumentFile(file, json);
    expect(doc.read()).toBeNull();
    doc.write({ x: 'é' });
    expect(readFileSync(file, 'utf8')).toBe('{"x":"é"}');
    expect(readdirSync(dir)).toEqual(['doc.json']);
    expect(existsSync(join(dir, '.doc.json.tmp'))).toBe(false);
  });
});
