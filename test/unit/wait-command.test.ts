// `kubectl wait` end to end, through the built CLI (npm test builds first).
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


const cli = (home: string, args: string[], argv0: 'kubectl' | 'kubesim' = 'kubectl') => runCli(home, args, { argv0 });

describe('kubectl wait', () => {
  it('waits for conditions, jsonpath and deletion while simulated time passes', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-wait-'));
    expect(cli(home, ['run', 'nginx', '--image=nginx']).code).toBe(0);
    expect(cli(home, ['wait', '--for=condition=Ready', 'pod/nginx'])).toMatchObject({ out: 'pod/nginx condition met\n', code: 0 });
    expect(cli(home, ['wait', "--for=jsonpath={.status.phase}=Running", 'pod', 'nginx'])).toMatchObject({ out: 'pod/nginx condition met\n', code: 0 });
    const late = cli(home, ['wait', '--for=condition=Ready=false', 'pod/nginx', '--timeout=5s']);
    expect(late).toMatchObject({ out: '', err: 'error: timed out waiting for the condition on pods/nginx\n', code: 1 });
    expect(cli(home, ['wait', '--for=nope', 'pod/nginx'])).toMatchObject({ err: 'error: unrecognized condition: "nope"\n', code: 1 });
    expect(cli(home, ['wait', '--for=condition=Ready', 'pod/ghost'])).toMatchObject({ err: 'Error from server (NotFound): pods "ghost" not found\n', code: 1 });
    expect(cli(home, ['wait', '--for=condition=Ready', 'pods', '-l', 'run=nobody'])).toMatchObject({ err: 'error: no matching resources found\n', code: 1 });
    expect(cli(home, ['wait', '--for=condition=Ready', 'pods', '--all'])).toMatchObject({ out: 'pod/nginx condition met\n', code: 0 });
    expect(cli(home, ['delete', 'pod', 'nginx', '--wait=false']).code).toBe(0);
    expect(cli(home, ['wait', '--for=delete', 'pod/nginx', '--timeout=60s'])).toMatchObject({ out: 'pod/nginx condition met\n', code: 0 });
    // Already gone: nothing to wait for.
    expect(cli(home, ['wait', '--for=delete', 'pod/nginx'])).toMatchObject({ out: '', code: 0 });
    expect(cli(home, ['wait', '--for=create', 'pod/later', '--timeout=2s'])).toMatchObject({ err: 'error: timed out waiting for the condition\n', code: 1 });
  }, 60_000);
});
