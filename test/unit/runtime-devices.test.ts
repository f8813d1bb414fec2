// yes without end, /dev/zero, /dev/null, /dev/urandom, dd and truncate in the container runtime,
// all bounded by the run's limits (8 MiB of output, 4 MiB a file: ENOSPC).
import { describe, expect, it } from 'vitest';
import { newPod, startContainer, execInContainer } from '../../src/runtime/index.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');

/** Runs a script with `sh` in a busybox container: stdout, stderr and the exit status. */
function sh(script: string, stdin?: string) {
  const p = newPod({ hostname: 'web', ip: '10.244.1.5', volumes: [], now: T0 });
  startContainer(p, { name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], env: [], mounts: [] }, T0);
  const r = execInContainer(p, 'c', ['sh', '-c', script], stdin, T0 + 1000);
  const text = (s: number) => r.output.filter((o) => o.s === s).map((o) => o.x).join('');
  return { out: text(1), err: text(2), code: r.exitCode };
}

describe('yes', () => {
  it('writes without end: a pipe reader takes what it reads, and the pipeline ends', () => {
    expect(sh('yes | head -3; echo rc=$?')).toEqual({ out: 'y\ny\ny\nrc=0\n', err: '', code: 0 });
    expect(sh('yes hello world | head -n 2').out).toBe('hello world\nhello world\n');
    expect(sh('yes | head -c 5').out).toBe('y\ny\ny');
    expect(sh('yes abc | dd bs=4 count=2 2>/dev/null').out).toBe('abc\nabc\n');
  });
  it('is stopped by the output limit when nothing stops reading', () => {
    for (const script of ['yes > /dev/null', 'yes | wc -l']) {
      const r = sh(script);
      expect(r.code).toBe(137);
      expect(r.err).toMatch(/wrote more than 8 MiB \(output without end\?\)/);
    }
    expect(sh('x=$(yes); echo never').code).toBe(137);
  });
  it('fills a file to its limit: ENOSPC is its write error', () => {
    const r = sh('yes > /tmp/y; echo rc=$?; wc -c < /tmp/y');
    expect(r.err).toBe('yes: write error: No space left on device\n');
    expect(r.out).toBe(`rc=1\n${4 * 1024 * 1024}\n`);
  });
});

describe('devices', () => {
  it('/dev lists null, zero, random and urandom; /dev/null reads empty and takes writes', () => {
    expect(sh('ls /dev').out).toBe('null\nrandom\nurandom\nzero\n');
    expect(sh('cat /dev/null | wc -c; echo x > /dev/null; echo x > /dev/zero; echo rc=$?').out).toBe('0\nrc=0\n');
  });
  it('/dev/zero and /dev/urandom give bytes as far as they are read', () => {
    expect(sh("head -c 4 /dev/zero | tr '\\0' z; dd if=/dev/zero bs=3 count=1 status=none | wc -c").out).toBe('zzzz3\n');
    expect(sh('head -c 100 /dev/urandom | wc -c').out).toBe('100\n');
    expect(sh('dd if=/dev/urandom bs=16 count=2 2>/dev/null | wc -c').out).toBe('32\n');
  });
  it('reading /dev/zero to its end meets the output limit', () => {
    const r = sh('cat /dev/zero > /dev/null');
    expect(r.code).toBe(137);
    expect(r.err).toMatch(/wrote more than 8 MiB/);
  });
});

describe('dd', () => {
  it('copies count blocks and prints busybox\'s three status lines', () => {
    const r = sh('dd if=/dev/zero of=/tmp/z bs=1M count=2; echo rc=$?; wc -c < /tmp/z');
    expect(r.err).toBe('2+0 records in\n2+0 records out\n2097152 bytes (2.0MB) copied, 0.004194 seconds, 476.8MB/s\n');
    expect(r.out).toBe('rc=0\n2097152\n');
  });
  it('counts partial records, skips and seeks, and honours status=none/noxfer', () => {
    expect(sh('printf 0123456789 | dd bs=4').err).toBe('2+1 records in\n2+1 records out\n10 bytes (10B) copied, 0.000100 seconds, 97.7KB/s\n');
    expect(sh('printf 0123456789 | dd bs=4 2>/dev/null').out).toBe('0123456789');
    expect(sh('printf 0123456789 | dd bs=2 skip=1 count=2 status=none')).toEqual({ out: '2345', err: '', code: 0 });
    expect(sh('printf 0123456789 | dd bs=1 count=3 status=noxfer 2>&1 >/dev/null').out).toBe('3+0 records in\n3+0 records out\n');
    expect(sh('echo abcdef > /tmp/f; printf XY | dd of=/tmp/f bs=2 seek=1 status=none; cat /tmp/f').out).toBe('abXY');
  });
  it('stops at the file limit with ENOSPC, having written the blocks that fitted', () => {
    const r = sh('dd if=/dev/zero of=/tmp/z bs=1M count=5; echo rc=$?; wc -c < /tmp/z');
    expect(r.err).toBe("dd: writing '/tmp/z': No space left on device\n5+0 records in\n4+0 records out\n4194304 bytes (4.0MB) copied, 0.008389 seconds, 476.8MB/s\n");
    expect(r.out).toBe('rc=1\n4194304\n');
  });
  it('reports a missing input and bad operands as busybox does', () => {
    expect(sh('dd if=/nope of=/tmp/x')).toEqual({ out: '', err: "dd: can't open '/nope': No such file or directory\n", code: 1 });
    expect(sh('dd bs=abc').err).toBe("dd: invalid number 'abc'\n");
    expect(sh('dd foo').err).toMatch(/^BusyBox v1\.36\.1 .*\n\nUsage: dd \[if=FILE\]/);
  });
});

describe('truncate', () => {
  it('cuts a file or extends it with zeros, -c creates nothing', () => {
    expect(sh('echo hello > /tmp/f; truncate -s 2 /tmp/f; cat /tmp/f; truncate -s 1k /tmp/g; wc -c < /tmp/g; truncate -c -s 5 /tmp/none; ls /tmp').out).toBe('he1024\nf\ng\n');
  });
  it('respects the file limit and reports bad sizes', () => {
    expect(sh('truncate -s 5M /tmp/big')).toEqual({ out: '', err: "truncate: /tmp/big: No space left on device\n", code: 1 });
    expect(sh('truncate -s 4M /tmp/big; wc -c < /tmp/big').out).toBe(`${4 * 1024 * 1024}\n`);
    expect(sh('truncate -s x /tmp/f').err).toBe("truncate: invalid number 'x'\n");
  });
});
