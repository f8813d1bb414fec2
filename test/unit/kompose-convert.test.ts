import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/kompose/convert.js';
import { interpolate, loadCompose, shellSplit } from '../../src/kompose/compose.js';
import { KomposeFatal, KomposeLog, KomposeUnsupported, logLine } from '../../src/kompose/log.js';

const GUESTBOOK = `services:

  redis-leader:
    container_name: redis-leader
    image: redis
    ports:
      - "6379"

  redis-replica:
    container_name: redis-replica
    image: redis
    ports:
      - "6379"
    command: redis-server --replicaof redis-leader 6379 --dir /tmp

  web:
    container_name: web
    image: quay.io/kompose/web
    ports:
      - "8080:8080"
    environment:
      - GET_HOSTS_FROM=dns
    labels:
      kompose.service.type: LoadBalancer
`;

function run(compose: string, extra: Partial<Parameters<typeof convert>[0]> = {}, file = 'docker-compose.yaml') {
  const cwd = mkdtempSync(join(tmpdir(), 'kompose-'));
  writeFileSync(join(cwd, file), compose);
  const log = new KomposeLog();
  const result = convert(
    { files: [], out: '', stdout: false, replicas: 1, replicasGiven: false, withKomposeAnnotation: true, cmd: 'kompose convert', cwd, env: {}, ...extra },
    log,
  );
  return { cwd, log: log.lines, result };
}

describe('kompose log lines', () => {
  it('formats like logrus with ForceColors and no timestamp', () => {
    expect(logLine('info', 'Kubernetes file "a.yaml" created')).toBe(`\x1b[36mINFO\x1b[0m Kubernetes file "a.yaml" created${' '.repeat(12)} \n`);
    expect(logLine('warning', 'x')).toBe(`\x1b[33mWARN\x1b[0m x${' '.repeat(43)} \n`);
    expect(logLine('fatal', 'boom')).toMatch(/^\x1b\[31mFATA\x1b\[0m boom +\n$/);
  });
});

describe('kompose convert (the Docker Compose tutorial)', () => {
  it('writes Services first, then Deployments, each in service-name order', () => {
    const { cwd, log } = run(GUESTBOOK);
    const names = ['redis-leader-service.yaml', 'redis-replica-service.yaml', 'web-tcp-service.yaml', 'redis-leader-deployment.yaml', 'redis-replica-deployment.yaml', 'web-deployment.yaml'];
    expect(log).toEqual(names.map((n) => logLine('info', `Kubernetes file "${n}" created`)));
    expect(readdirSync(cwd).sort()).toEqual(['docker-compose.yaml', ...names].sort());
  });

  it('makes a LoadBalancer service NAME-tcp selecting NAME, and quotes numeric strings', () => {
    const { cwd } = run(GUESTBOOK);
    expect(readFileSync(join(cwd, 'web-tcp-service.yaml'), 'utf8')).toBe(`apiVersion: v1
kind: Service
metadata:
  annotations:
    kompose.cmd: kompose convert
    kompose.service.type: LoadBalancer
    kompose.version: 1.34.0 (cbf2835db)
  labels:
    io.kompose.service: web-tcp
  name: web-tcp
spec:
  ports:
    - name: "8080"
      port: 8080
      targetPort: 8080
  selector:
    io.kompose.service: web
  type: LoadBalancer
`);
  });

  it('turns the compose command into shell-split container args', () => {
    const { cwd } = run(GUESTBOOK);
    const text = readFileSync(join(cwd, 'redis-replica-deployment.yaml'), 'utf8');
    expect(text).toContain(`      containers:
        - args:
            - redis-server
            - --replicaof
            - redis-leader
            - "6379"
            - --dir
            - /tmp
          image: redis
          name: redis-replica
          ports:
            - containerPort: 6379
              protocol: TCP
      restartPolicy: Always
`);
    expect(text).not.toContain('status');
    expect(text).not.toContain('creationTimestamp');
  });

  it('prints one stream with --stdout and writes nothing', () => {
    const { cwd, log, result } = run(GUESTBOOK, { stdout: true });
    expect(log).toEqual([]);
    expect(result.stdout.startsWith('---\napiVersion: v1\nkind: Service\n')).toBe(true);
    expect(result.stdout.split('---\n').length).toBe(7);
    expect(readdirSync(cwd)).toEqual(['docker-compose.yaml']);
  });

  it('finds compose.yaml before docker-compose.yaml, and fails without either', () => {
    expect(() => run(GUESTBOOK, {}, 'other.yaml')).toThrow(KomposeFatal);
    const { log } = run(GUESTBOOK, {}, 'compose.yaml');
    expect(log.length).toBe(6);
  });

  it('warns about a service without ports, and drops kompose annotations on request', () => {
    const { cwd, log } = run('services:\n  worker:\n    image: busybox\n', { withKomposeAnnotation: false });
    expect(log[0]).toBe(logLine('warning', `Service "worker" won't be created because 'ports' is not specified`));
    expect(readFileSync(join(cwd, 'worker-deployment.yaml'), 'utf8')).not.toContain('annotations');
  });

  it('says plainly what it does not model', () => {
    expect(() => run('services:\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/postgresql\n')).toThrow(KomposeUnsupported);
    expect(() => run('services:\n  db:\n    image: postgres\n    labels:\n      kompose.volume.size: 1Gi\n')).toThrow(/not supported by kubesim yet/);
  });
});

describe('compose parsing', () => {
  it('splits command strings like go-shellwords', () => {
    expect(shellSplit(`sh -c 'echo "a b"' "x y" z\\ w`)).toEqual(['sh', '-c', 'echo "a b"', 'x y', 'z w']);
  });

  it('interpolates like compose-go', () => {
    const log = new KomposeLog();
    expect(interpolate('${A}-${B:-b}-$$C-$D', { A: 'a' }, log)).toBe('a-b-$C-');
    expect(log.lines).toEqual([logLine('warning', 'The "D" variable is not set. Defaulting to a blank string.')]);
  });

  it('reads ports, environment lists and maps, and kompose labels', () => {
    const services = loadCompose(
      'services:\n  Web_1:\n    image: nginx\n    ports: ["127.0.0.1:8000:80/udp", 443]\n    environment: {B: 1, A: x}\n    labels: ["kompose.service.type=nodeport"]\n',
      '/x/compose.yaml', {}, new KomposeLog(),
    );
    const web = services.get('web-1')!;
    expect(web.ports).toEqual([
      { hostPort: 8000, containerPort: 80, hostIP: '127.0.0.1', protocol: 'UDP' },
      { hostPort: 0, containerPort: 443, hostIP: '', protocol: 'TCP' },
    ]);
    expect(web.environment).toEqual([{ name: 'B', value: '1' }, { name: 'A', value: 'x' }]);
    expect(web.serviceType).toBe('NodePort');
  });
});
