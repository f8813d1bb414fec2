import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/runtime/sh/parse.js';
import { newPod, startContainer, advancePod, execInContainer, nextWake, signalContainer, containerMemory } from '../../src/runtime/index.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');

function pod(volumes: { name: string; files?: Record<string, string> }[] = []) {
  return newPod({ hostname: 'web', ip: '10.244.1.5', volumes, now: T0 });
}

/** Runs a script with `sh` in a busybox container and returns its output and status. */
function sh(script: string, stdin?: string) {
  const p = pod();
  startContainer(p, { name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'], env: [['GREETING', 'hi']], mounts: [] }, T0);
  const r = execInContainer(p, 'c', ['sh', '-c', script], stdin, T0 + 1000);
  return { out: r.output.map((o) => o.x).join(''), code: r.exitCode };
}

describe('shell parser', () => {
  it('parses lists, pipelines, compounds and heredocs into plain data', () => {
    const ast = parseScript('a && b || c; d | e & if x; then y; elif z; then w; else v; fi\ncat <<EOF\nhi $X\nEOF\n');
    expect(JSON.parse(JSON.stringify(ast))).toEqual(ast);
    expect(ast.t).toBe('list');
    if (ast.t === 'list') expect(ast.items.map((i) => [i.node.t, i.bg])).toEqual([['andor', false], ['pipe', true], ['if', false], ['cmd', false]]);
  });
  it('reports syntax errors', () => {
    expect(() => parseScript('if true; then echo')).toThrow(/syntax error/);
    expect(() => parseScript("echo 'open")).toThrow(/unterminated/);
  });
});

describe('shell interpreter', () => {
  it('expands variables, parameters, arithmetic and command substitution', () => {
    expect(sh('X=world; echo "hello $X" ${UNSET:-dflt} ${#X} $((2*3+1)) "$(echo sub)" $GREETING').out).toBe('hello world dflt 5 7 sub hi\n');
    expect(sh('f=/a/b/c.txt; echo ${f##*/} ${f%.txt} ${f#/a}').out).toBe('c.txt /a/b/c /b/c.txt\n');
  });
  it('splits fields and keeps quoted ones', () => {
    expect(sh('set -- "a b" c; for x in "$@"; do echo "[$x]"; done; V="1 2"; for y in $V; do echo $y; done').out).toBe('[a b]\n[c]\n1\n2\n');
  });
  it('runs pipes, redirections and heredocs', () => {
    expect(sh('printf "b\\na\\nb\\n" | sort | uniq -c | wc -l').out).toBe('2\n');
    expect(sh('echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; cat /nope 2>&1; cat <<EOF\n$GREETING there\nEOF\n').out).toBe(
      "one\ntwo\ncat: can't open '/nope': No such file or directory\nhi there\n",
    );
  });
  it('has exit codes, && ||, functions, case, while and until', () => {
    expect(sh('false || echo a && true && echo b; f() { return 3; }; f; echo $?').out).toBe('a\nb\n3\n');
    expect(sh('case foo.txt in *.md) echo md;; *.txt) echo txt;; esac').out).toBe('txt\n');
    expect(sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i').out).toBe('0\n');
    expect(sh('exit 7').code).toBe(7);
    expect(sh('nosuch').out).toBe('sh: nosuch: not found\n');
    expect(sh('nosuch').code).toBe(127);
    expect(sh('(exit 3); echo $?; (cd /tmp); pwd').out).toBe('3\n/\n');
  });
  it('reads a script from stdin (kubectl exec -i POD -- sh <<EOF)', () => {
    const p = pod();
    startContainer(p, { name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'], env: [], mounts: [] }, T0);
    const r = execInContainer(p, 'c', ['sh'], 'cd /tmp\necho hello > f\nls -l\nid\nexit 2\necho never\n', T0 + 60_000);
    const out = r.output.map((o) => o.x).join('');
    expect(out).toBe('total 4\n-rw-r--r--    1 root     root             6 Jan 15 10:01 f\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
    expect(r.exitCode).toBe(2);
  });
});

describe('processes in simulated time', () => {
  it('resumes a sleep across invocations and exits when it ends', () => {
    const p = pod();
    startContainer(p, { name: 'c', image: 'busybox:1.28', command: ['sh', '-c', 'echo "Hello, Kubernetes!" && sleep 3600'], env: [], mounts: [] }, T0);
    expect(advancePod(p, T0 + 30_000)).toEqual({});
    expect(p.containers['c']!.logs.map((l) => l.x)).toEqual(['Hello, Kubernetes!']);
    expect(nextWake(p)).toBe(T0 + 3600_000);
    // the state survives a JSON round trip (it is stored between commands)
    const stored = JSON.parse(JSON.stringify(p));
    expect(advancePod(stored, T0 + 3599_000)).toEqual({});
    expect(advancePod(stored, T0 + 3700_000)).toEqual({ c: { at: T0 + 3600_000, code: 0, reason: 'Completed' } });
  });
  it('advances a steady loop without replaying every iteration', () => {
    const p = pod();
    startContainer(p, { name: 'c', image: 'busybox', command: ['sh', '-c', 'while true; do date; sleep 5; done'], env: [], mounts: [] }, T0);
    advancePod(p, T0 + 20_000);
    expect(p.containers['c']!.logs.map((l) => l.x)).toEqual([
      'Wed Jan 15 10:00:00 UTC 2025',
      'Wed Jan 15 10:00:05 UTC 2025',
      'Wed Jan 15 10:00:10 UTC 2025',
      'Wed Jan 15 10:00:15 UTC 2025',
      'Wed Jan 15 10:00:20 UTC 2025',
    ]);
    const started = performance.now();
    advancePod(p, T0 + 365 * 86400_000);
    expect(performance.now() - started).toBeLessThan(2000);
    const c = p.containers['c']!;
    expect(c.logs.at(-1)!.x).toBe('Thu Jan 15 10:00:00 UTC 2026');
    expect(c.logs.length + c.dropped).toBe(365 * 86400 / 5 + 1);
    // an endless loop that only sleeps never needs a wake-up of its own
    expect(nextWake(p)).toBeUndefined();
  });
  it('PID 1 ignores SIGTERM without a handler; a trap handles it', () => {
    const p = pod();
    startContainer(p, { name: 'c', image: 'busybox', command: ['sleep', '3600'], env: [], mounts: [] }, T0);
    signalContainer(p, 'c', 'TERM', T0 + 1000);
    expect(advancePod(p, T0 + 40_000)).toEqual({});
    signalContainer(p, 'c', 'KILL', T0 + 40_000);
    expect(p.containers['c']!.exited).toEqual({ at: T0 + 40_000, code: 137, reason: 'Error' });
    const q = pod();
    startContainer(q, { name: 'c', image: 'busybox', command: ['sh', '-c', "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"], env: [], mounts: [] }, T0);
    advancePod(q, T0 + 5000);
    signalContainer(q, 'c', 'TERM', T0 + 5000);
    expect(advancePod(q, T0 + 6000)).toEqual({ c: { at: T0 + 5000, code: 0, reason: 'Completed' } });
    expect(q.containers['c']!.logs.map((l) => l.x)).toEqual(['bye']);
  });
  it('stress holds memory; over the limit the container is OOM-killed', () => {
    const p = pod();
    startContainer(p, { name: 'c', image: 'polinux/stress', command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'], env: [], mounts: [], memLimitBytes: 200 * 1024 * 1024 }, T0);
    expect(advancePod(p, T0 + 10_000)).toEqual({});
    expect(containerMemory(p, 'c').bytes).toBeGreaterThan(150 * 1024 * 1024);
    const q = pod();
    startContainer(q, { name: 'c', image: 'polinux/stress', command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'], env: [], mounts: [], memLimitBytes: 100 * 1024 * 1024 }, T0);
    expect(advancePod(q, T0 + 10_000)).toEqual({ c: { at: T0, code: 137, reason: 'OOMKilled' } });
  });
  it('shares emptyDir volumes between containers and lays out configMap volumes with ..data', () => {
    const p = pod([{ name: 'shared' }, { name: 'cfg', files: { SPECIAL_LEVEL: 'very' } }]);
    startContainer(p, { name: 'a', image: 'busybox', command: ['sh', '-c', 'echo hi > /data/x; sleep 3600'], env: [], mounts: [{ path: '/data', volume: 'shared' }, { path: '/etc/config', volume: 'cfg' }] }, T0);
    startContainer(p, { name: 'b', image: 'nginx', env: [], mounts: [{ path: '/usr/share/nginx/html', volume: 'shared' }] }, T0);
    advancePod(p, T0 + 1000);
    const r = execInContainer(p, 'a', ['sh', '-c', 'ls /etc/config; cat /etc/config/SPECIAL_LEVEL; echo; ls -a /etc/config | grep -c data'], undefined, T0 + 2000);
    expect(r.output.map((o) => o.x).join('')).toBe('SPECIAL_LEVEL\nvery\n1\n');
    const c = execInContainer(p, 'b', ['curl', '-s', 'localhost'], undefined, T0 + 2000);
    expect(c.exitCode).toBe(127 - 1); // curl is not in the Debian image until apt-get installs it
    const d = execInContainer(p, 'b', ['bash', '-c', 'apt-get install -y curl >/dev/null; curl -s localhost/x'], undefined, T0 + 2000);
    expect(d.output.map((o) => o.x).join('')).toBe('hi\n');
  });
  it('answers network requests outside the pod with a plain not-supported error', () => {
    expect(sh('wget -O- http://example.com').out).toBe('wget: network access to example.com is not supported by kubesim yet\n');
  });
});
