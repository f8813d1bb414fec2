// Commands get oclif through src/client/oclif.ts, so the hot path can run them
// without loading oclif (see that file). A direct import would undo that.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const ALLOWED = new Set(['src/client/oclif.ts', 'src/client/dispatch.ts']);

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const rel = join(dir, entry);
    return statSync(join(root, rel)).isDirectory() ? tsFiles(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

describe('oclif facade', () => {
  it('no command or client module imports @oclif/core directly', () => {
    const offenders = [...tsFiles('commands'), ...tsFiles('src')].filter(
      (f) => !ALLOWED.has(f) && /from '@oclif\/core'/.test(readFileSync(join(root, f), 'utf8').replace(/import type[^;]*;/g, '')),
    );
    expect(offenders).toEqual([]);
  });
});
