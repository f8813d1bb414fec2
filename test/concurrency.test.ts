// Concurrent invocations lose nothing: sixteen `kubectl apply` of different
// pods, started at once against one fresh home, leave sixteen pods, and every
// resourceVersion the API handed out is distinct.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'bin', 'run.js');
const home = mkdtempSync(join(tmpdir(), 'kubesim-concurrency-'));
const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_CLOCK: 'manual', KUBESIM_ARGV0: 'kubectl' };

afterAll(() => rmSync(home, { recursive: true, force: true }));

function podManifest(i: number): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.14.2\n`;
}

describe('concurrent kubectl', () => {
  it('sixteen concurrent applies leave sixteen pods', async () => {
    const files = Array.from({ length: 16 }, (_, i) => {
      const f = join(home, `pod-${i}.yaml`);
      writeFileSync(f, podManifest(i));
      return f;
    });
    const results = await Promise.all(files.map((f) => run('node', [CLI, 'apply', '-f', f], { env })));
    expect(results.map((r) => r.stdout.trim()).sort()).toEqual(
      Array.from({ length: 16 }, (_, i) => `pod/pod-${i} created`).sort(),
    );
    const { stdout } = await run('node', [CLI, 'get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.metadata.resourceVersion}{"\\n"}{end}'], { env });
    const rows = stdout.trim().split('\n').map((l) => l.split(' '));
    expect(rows.map((r) => r[0]).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `pod-${i}`).sort());
    expect(new Set(rows.map((r) => r[1])).size).toBe(16);
  }, 60_000);
});
