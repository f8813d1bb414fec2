import { describe, expect, it } from 'vitest';
import { describeObject } from '../../src/printers/describe/index.js';
import type { DescribeContext } from '../../src/printers/describe/index.js';
import type { Event, Pod } from '../../src/types/k8s.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (s: number): string => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');
const HEX = 'ab'.repeat(32);

const defaultTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];
const apiAccessVolume = {
  name: 'kube-api-access-x7k2p',
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};
const apiMount = { name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };
const cond = (type: string, status: string) => ({ type, status, lastProbeTime: null, lastTransitionTime: iso(0) });
const readyConditions = [
  cond('PodReadyToStartContainers', 'True'), cond('Initialized', 'True'), cond('Ready', 'True'),
  cond('ContainersReady', 'True'), cond('PodScheduled', 'True'),
];

function event(reason: string, message: string, at: number, extra: Partial<Event> = {}): Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `nginx.${reason}`, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'nginx', namespace: 'default', uid: 'pod-uid', apiVersion: 'v1' },
    reason,
    message,
    type: 'Normal',
    source: { component: reason === 'Scheduled' ? 'default-scheduler' : 'kubelet' },
    firstTimestamp: iso(at),
    lastTimestamp: iso(at),
    count: 1,
    ...extra,
  };
}

/** The simple-pod example (nginx:1.14.2, port 80) after defaulting, running on kubesim-worker2. */
const nginx: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx', namespace: 'default', uid: 'pod-uid', creationTimestamp: iso(0) },
  spec: {
    containers: [{
      name: 'nginx', image: 'nginx:1.14.2', imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {}, volumeMounts: [apiMount],
    }],
    nodeName: 'kubesim-worker2', priority: 0, serviceAccountName: 'default', serviceAccount: 'default',
    tolerations: defaultTolerations, volumes: [apiAccessVolume],
  },
  status: {
    phase: 'Running', conditions: readyConditions, hostIP: '172.18.0.4', hostIPs: [{ ip: '172.18.0.4' }],
    podIP: '10.244.2.5', podIPs: [{ ip: '10.244.2.5' }], startTime: iso(0), qosClass: 'BestEffort',
    containerStatuses: [{
      name: 'nginx', ready: true, restartCount: 0, started: true, image: 'docker.io/library/nginx:1.14.2',
      imageID: `docker.io/library/nginx@sha256:${HEX}`, containerID: `containerd://${HEX}`,
      state: { running: { startedAt: iso(5) } }, lastState: {},
    }],
  },
};

const ctx = (events: Event[] = [], now = T0 + 60_000): DescribeContext => ({ now, events, showEvents: true });

const NGINX_HEAD = `Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             kubesim-worker2/172.18.0.4
Start Time:       Wed, 01 May 2024 10:00:00 +0000
Labels:           <none>
Annotations:      <none>
Status:           Running
IP:               10.244.2.5
IPs:
  IP:  10.244.2.5
Containers:
  nginx:
    Container ID:   containerd://${HEX}
    Image:          nginx:1.14.2
    Image ID:       docker.io/library/nginx@sha256:${HEX}
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 May 2024 10:00:05 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-x7k2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
`;

describe('describe pod', () => {
  it('prints the running simple-pod example with its events (00a-pod-basics)', () => {
    const events = [
      event('Scheduled', 'Successfully assigned default/nginx to kubesim-worker2', 0),
      event('Pulling', 'Pulling image "nginx:1.14.2"', 0),
      event('Pulled', 'Successfully pulled image "nginx:1.14.2" in 4.2s (4.2s including waiting). Image size: 72000000 bytes.', 4),
      event('Created', 'Created container: nginx', 5),
      event('Started', 'Started container nginx', 5),
      { ...event('Started', 'Started container other', 5), involvedObject: { kind: 'Pod', name: 'other', namespace: 'default' } },
    ];
    expect(describeObject(nginx, ctx(events))).toBe(NGINX_HEAD + `Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  60s   default-scheduler  Successfully assigned default/nginx to kubesim-worker2
  Normal  Pulling    60s   kubelet            Pulling image "nginx:1.14.2"
  Normal  Pulled     56s   kubelet            Successfully pulled image "nginx:1.14.2" in 4.2s (4.2s including waiting). Image size: 72000000 bytes.
  Normal  Created    55s   kubelet            Created container: nginx
  Normal  Started    55s   kubelet            Started container nginx
`);
  });

  it('aligns an empty Events line with the block above it, and omits it with --show-events=false', () => {
    const out = describeObject(nginx, ctx());
    expect(out).toBe(NGINX_HEAD + 'Events:                      <none>\n');
    expect(describeObject(nginx, { ...ctx(), showEvents: false })).toBe(NGINX_HEAD);
  });

  it('prints a crash-looping container with Last State, Limits and Requests (01-assign-memory-resource)', () => {
    const pod: Pod = {
      ...nginx,
      metadata: { name: 'memory-demo-2', namespace: 'mem-example', uid: 'u2', creationTimestamp: iso(0) },
      spec: {
        ...nginx.spec,
        containers: [{
          name: 'memory-demo-2-ctr', image: 'polinux/stress', command: ['stress'],
          args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
          resources: { limits: { memory: '100Mi' }, requests: { memory: '50Mi' } }, volumeMounts: [apiMount],
        }],
      },
      status: {
        ...nginx.status,
        conditions: [cond('PodReadyToStartContainers', 'True'), cond('Initialized', 'True'), cond('Ready', 'False'),
          cond('ContainersReady', 'False'), cond('PodScheduled', 'True')],
        qosClass: 'Burstable',
        containerStatuses: [{
          name: 'memory-demo-2-ctr', ready: false, restartCount: 4, image: 'docker.io/polinux/stress:latest',
          imageID: `docker.io/polinux/stress@sha256:${HEX}`, containerID: `containerd://${HEX}`,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container' } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: iso(50), finishedAt: iso(51) } },
        }],
      },
    };
    const out = describeObject(pod, { ...ctx(), showEvents: false });
    expect(out).toContain(`Containers:
  memory-demo-2-ctr:
    Container ID:  containerd://${HEX}
    Image:         polinux/stress
    Image ID:      docker.io/polinux/stress@sha256:${HEX}
    Port:          <none>
    Host Port:     <none>
    Command:
      stress
    Args:
      --vm
      1
      --vm-bytes
      250M
      --vm-hang
      1
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Wed, 01 May 2024 10:00:50 +0000
      Finished:     Wed, 01 May 2024 10:00:51 +0000
    Ready:          False
    Restart Count:  4
    Limits:
      memory:  100Mi
    Requests:
      memory:     50Mi
    Environment:  <none>
    Mounts:
`);
    expect(out).toContain('QoS Class:                   Burstable\n');
  });

  it('prints an unscheduled pod and a Warning event (01-assign-memory-resource, memory-demo-3)', () => {
    const pod: Pod = {
      ...nginx,
      metadata: { name: 'memory-demo-3', namespace: 'mem-example', uid: 'u3', creationTimestamp: iso(0) },
      spec: {
        ...nginx.spec,
        nodeName: undefined,
        containers: [{
          name: 'memory-demo-3-ctr', image: 'polinux/stress', command: ['stress'], args: ['--vm', '1'],
          resources: { limits: { memory: '1000Gi' }, requests: { memory: '1000Gi' } }, volumeMounts: [apiMount],
        }],
      },
      status: { phase: 'Pending', qosClass: 'Burstable', conditions: [{ ...cond('PodScheduled', 'False'), reason: 'Unschedulable' }] },
    };
    const msg = '0/3 nodes are available: 2 Insufficient memory.';
    const ev = {
      ...event('FailedScheduling', msg, 0),
      type: 'Warning',
      source: { component: 'default-scheduler' },
      involvedObject: { kind: 'Pod', name: 'memory-demo-3', namespace: 'mem-example', uid: 'u3' },
    };
    const out = describeObject(pod, ctx([ev], T0 + 25_000));
    expect(out).toContain(`Node:             <none>
Labels:           <none>
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  memory-demo-3-ctr:
    Image:      polinux/stress
    Port:       <none>
    Host Port:  <none>
    Command:
      stress
    Args:
      --vm
      1
    Limits:
      memory:  1000Gi
    Requests:
      memory:     1000Gi
    Environment:  <none>
`);
    expect(out).toContain(`Conditions:
  Type           Status
  PodScheduled   False 
Volumes:
`);
    expect(out).toContain(`Events:
  Type     Reason            Age   From               Message
  ----     ------            ----  ----               -------
  Warning  FailedScheduling  25s   default-scheduler  ${msg}
`);
  });

  it('prints probes, env sources, init containers and volume types', () => {
    const pod: Pod = {
      ...nginx,
      metadata: { ...nginx.metadata, labels: { test: 'liveness', app: 'web' }, ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f6d', uid: 'rs', controller: true },
      ] },
      spec: {
        ...nginx.spec,
        nodeSelector: { disktype: 'ssd' },
        initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo hi'] }],
        containers: [{
          name: 'app', image: 'agnhost', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 3, timeoutSeconds: 1, periodSeconds: 3, successThreshold: 1, failureThreshold: 3 },
          startupProbe: { grpc: { port: 2379 }, initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          envFrom: [{ configMapRef: { name: 'special-config' } }, { prefix: 'S_', secretRef: { name: 'creds', optional: true } }],
          env: [
            { name: 'PLAIN', value: 'a\nb' },
            { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '0' } } },
            { name: 'KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            { name: 'CM', valueFrom: { configMapKeyRef: { name: 'c', key: 'k', optional: false } } },
          ],
          volumeMounts: [{ name: 'data', mountPath: '/z', subPath: 'sub' }, { name: 'cache', mountPath: '/a' }],
        }],
        volumes: [
          { name: 'cache', emptyDir: {} },
          { name: 'host', hostPath: { path: '/mnt/data', type: '' } },
          { name: 'cfg', configMap: { name: 'special-config' } },
          { name: 'sec', secret: { secretName: 'creds' } },
          { name: 'data', persistentVolumeClaim: { claimName: 'task-pv-claim' } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        ],
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    };
    const out = describeObject(pod, { ...ctx(), showEvents: false });
    expect(out).toContain(`Labels:           app=web
                  test=liveness
`);
    expect(out).toContain(`IPs:              <none>
Controlled By:    ReplicaSet/web-7d4b9c8f6d
Init Containers:
  init:
    Image:      busybox
    Port:       <none>
    Host Port:  <none>
    Command:
      sh
      -c
      echo hi
    Environment:  <none>
    Mounts:       <none>
Containers:
  app:
    Image:       agnhost
    Ports:       80/TCP, 443/TCP
    Host Ports:  0/TCP, 0/TCP
    Liveness:    exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3
    Readiness:   http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3
    Startup:     grpc <pod>:2379  delay=10s timeout=1s period=10s #success=1 #failure=3
    Environment Variables from:
      special-config  ConfigMap                Optional: false
      creds           Secret with prefix 'S_'  Optional: true
    Environment:
      PLAIN:  a
              b
      POD:    nginx (v1:metadata.name)
      NODE:    (v1:spec.nodeName)
      MEM:    node allocatable (limits.memory)
      KEY:    <set to the key 'k' in secret 's'>      Optional: false
      CM:     <set to the key 'k' of config map 'c'>  Optional: false
    Mounts:
      /a from cache (rw)
      /z from data (rw,path="sub")
`);
    expect(out).toContain(`Volumes:
  cache:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  <unset>
  host:
    Type:          HostPath (bare host directory volume)
    Path:          /mnt/data
    HostPathType:  
  cfg:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      special-config
    Optional:  false
  sec:
    Type:        Secret (a volume populated by a Secret)
    SecretName:  creds
    Optional:    false
  data:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  task-pv-claim
    ReadOnly:   false
  info:
    Type:  DownwardAPI (a volume populated by information about the pod)
    Items:
      metadata.labels -> labels
QoS Class:       BestEffort
Node-Selectors:  disktype=ssd
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
`);
  });

  it('shows repeated events as "x N over"', () => {
    const ev = event('Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500', 10, {
      type: 'Warning', count: 3, lastTimestamp: iso(16),
    });
    expect(describeObject(nginx, ctx([ev], T0 + 20_000))).toContain(
      '  Warning  Unhealthy  4s (x3 over 10s)  kubelet  Liveness probe failed: HTTP probe failed with statuscode: 500\n',
    );
  });
});
