import { describe, expect, it } from 'vitest';
import { joinHostPort, klogError, parseAddresses, parsePorts } from '../../src/client/port-forward.js';

describe('port-forward ports and addresses (client-go parsePorts, parseAddresses)', () => {
  it('reads PORT, LOCAL:REMOTE and :REMOTE', () => {
    expect(parsePorts(['8080', '9000:80', ':5000'])).toEqual([
      { local: 8080, remote: 8080 },
      { local: 9000, remote: 80 },
      { local: 0, remote: 5000 },
    ]);
  });

  it("answers Go's errors for bad ports", () => {
    expect(() => parsePorts(['a:80'])).toThrow(`error parsing local port 'a': strconv.ParseUint: parsing "a": invalid syntax`);
    expect(() => parsePorts(['80:70000'])).toThrow(`error parsing remote port '70000': strconv.ParseUint: parsing "70000": value out of range`);
    expect(() => parsePorts(['1:2:3'])).toThrow(`invalid port format '1:2:3'`);
    expect(() => parsePorts(['8080:0'])).toThrow('remote port must be > 0');
  });

  it('turns localhost into 127.0.0.1 and ::1, and takes only IPs otherwise', () => {
    expect(parseAddresses(['localhost', '0.0.0.0'])).toEqual([
      { address: '127.0.0.1', family: 'tcp4', failureMode: 'all' },
      { address: '::1', family: 'tcp6', failureMode: 'all' },
      { address: '0.0.0.0', family: 'tcp4', failureMode: 'any' },
    ]);
    expect(() => parseAddresses(['example.com'])).toThrow('example.com is not a valid IP');
    expect(joinHostPort('::1', 8080)).toBe('[::1]:8080');
  });

  it("writes klog's error header and structured err", () => {
    const line = klogError('portforward.go:424', 'a "b"', new Date(2025, 0, 15, 10, 0, 5, 123));
    expect(line).toBe(`E0115 10:00:05.123000 ${String(process.pid).padStart(7)} portforward.go:424] "Unhandled Error" err="a \\"b\\""\n`);
  });
});
