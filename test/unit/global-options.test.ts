// kubectl's global options (`kubectl options`), through the built CLI: accepted by every command,
// checked as client-go checks them, refused plainly where kubesim cannot honour them. The texts are
// real kubectl v1.32's, against `kubesim serve` (its kubeconfig's cluster and user named kubesim-api there).
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderOptions } from '../../src/client/global-options.js';

const home = mkdtempSync(join(tmpdir(), 'kubesim-options-'));

const cli = (args: string[], env: Record<string, string> = {}) => runCli(home, args, { env });

describe("kubectl's global options", () => {
  it('kubectl options lists them with their defaults, the cache under $HOME', () => {
    const out = cli(['options'], { HOME: '/home/learner' }).out;
    expect(out).toBe(renderOptions('/home/learner'));
    expect(out).toMatch(/^The following options can be passed to any command:\n\n {4}--as='':\n\tUsername to impersonate/);
    expect(out).toContain("    --cache-dir='/home/learner/.kube/cache':\n\tDefault cache directory\n\n");
    expect(out.endsWith("    --warnings-as-errors=false:\n\tTreat warnings received from the server as errors and exit with a non-zero exit code\n\n")).toBe(true);
  });

  it('accepts the transport options and checks them as client-go does', () => {
    for (const flag of ['--insecure-skip-tls-verify', '--cache-dir=/tmp/x', '--match-server-version', '--disable-compression', '--vmodule=x=2', '--log-flush-frequency=1s', '--profile=none']) {
      expect(cli(['get', 'ns', 'kube-public', '--no-headers', flag]), flag).toMatchObject({ out: expect.stringMatching(/^kube-public +Active/), code: 0 });
    }
    expect(cli(['get', 'ns', '--certificate-authority=/nonexistent'])).toMatchObject({
      err: 'error: unable to read certificate-authority /nonexistent for kubesim due to open /nonexistent: no such file or directory\n',
      code: 1,
    });
    expect(cli(['get', 'ns', '--insecure-skip-tls-verify', '--certificate-authority=/etc/hostname'])).toMatchObject({
      err: 'error: specifying a root certificates file with the insecure flag is not allowed\n',
      code: 1,
    });
    expect(cli(['get', 'ns', '--client-certificate=/nonexistent'])).toMatchObject({
      err: 'Error in configuration: \n* client-cert-data and client-cert are both specified for kubesim. client-cert-data will override.\n* unable to read client-cert /nonexistent for kubesim due to open /nonexistent: no such file or directory\n',
      code: 1,
    });
    for (const flag of ['--tls-server-name=foo', '--username=u', '--password=p', '--profile=cpu']) {
      expect(cli(['get', 'ns', flag]), flag).toMatchObject({ err: `error: ${flag.split('=')[0]} is not supported by kubesim yet\n`, code: 1 });
    }
  });

  it('--warnings-as-errors turns the server warnings of a command that succeeded into exit status 1', () => {
    expect(cli(['create', 'ns', 'psa']).code).toBe(0);
    expect(cli(['label', 'ns', 'psa', 'pod-security.kubernetes.io/warn=restricted']).code).toBe(0);
    const r = cli(['run', 'w', '--image=nginx', '-n', 'psa', '--warnings-as-errors']);
    expect(r.out).toBe('pod/w created\n');
    expect(r.err).toMatch(/^Warning: would violate PodSecurity "restricted:latest": .*\nerror: 1 warning received\n$/);
    expect(r.code).toBe(1);
  });
});
