// A pod with hostNetwork: true shares the node's network and UTS namespaces: its IP is the node's,
// and its hostname (`hostname`, $HOSTNAME) is the node's name, not the pod's.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';

describe('hostNetwork pods', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'kubesim-hostnet-')), 'home');
  const kubectl = (args: string[], input?: string) => runCli(home, args, { input });

  it("take the node's address and hostname", () => {
    const manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hostnet' }, spec: { hostNetwork: true, nodeName: 'kubesim-worker', containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'] }] } };
    expect(kubectl(['apply', '-f', '-'], JSON.stringify(manifest)).code).toBe(0);
    runCli(home, ['advance', '20s'], { argv0: 'kubesim' });
    const ips = kubectl(['get', 'pod', 'hostnet', '-o', 'jsonpath={.status.podIP} {.status.hostIP}']).out.split(' ');
    expect(ips[0]).toBe(ips[1]);
    expect(kubectl(['exec', 'hostnet', '--', 'hostname']).out).toBe('kubesim-worker\n');
    expect(kubectl(['exec', 'hostnet', '--', 'sh', '-c', 'echo $HOSTNAME']).out).toBe('kubesim-worker\n');
  });
});
