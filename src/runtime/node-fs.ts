// A node's own filesystem (what `kubesim ssh NODE` sees and what hostPath
// volumes mount): a kind node's layout, as plain JSON (the runtime's FsDir).
// The control plane's /etc/kubernetes/manifests holds kubeadm's four static
// pod manifests as kind writes them; every node has the kubelet's
// configuration with `staticPodPath`. Never touches the host.
import { toYaml } from '../printers/yaml.js';
import { rememberYaml } from '../util/lazy-yaml.js';
import { buildTree, dir, file, normalize, type FsDir, type FsNode } from './fs.js';

export interface NodeLayout {
  name: string;
  ip: string;
  controlPlane: boolean;
  /** Kubernetes version of the control-plane images (v1.32.0). */
  version: string;
  /** When the node came up (the files' mtime). */
  now: number;
}

/** Where the kubelet reads its configuration (kubeadm's --config). */
export const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
export const DEFAULT_STATIC_POD_PATH = '/etc/kubernetes/manifests';

/** kubeadm's KubeletConfiguration as a kind node has it. */
const KUBELET_CONFIG_YAML = `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
cgroupRoot: /kubelet
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
evictionHard:
  imagefs.available: 0%
  nodefs.available: 0%
  nodefs.inodesFree: 0%
evictionPressureTransitionPeriod: 0s
failSwapOn: false
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageGCHighThresholdPercent: 100
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: ${DEFAULT_STATIC_POD_PATH}
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;
const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
staff:x:50:
users:x:100:
nogroup:x:65534:
`;
const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

type HostPathVolume = [name: string, path: string, type: string];

/**
 * kubeadm's static pod manifests on a kind control plane. kind's probes
 * (httpGet /livez, /readyz, /healthz every few seconds) are left out: kubesim
 * would have to run them every period for the cluster's whole life.
 *
 * Built as objects and printed as kubeadm prints them (sigs.k8s.io/yaml: the
 * keys sorted, so each object below lists its keys in that order). The static
 * pod source parses them back on the cluster's first command: the text is
 * remembered with its object, which spares that command the YAML parser.
 */
function controlPlaneManifests(l: NodeLayout): Record<string, string> {
  const ip = l.ip;
  const caVolumes = (extra: HostPathVolume[]): HostPathVolume[] => [
    ['ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'],
    ['etc-ca-certificates', '/etc/ca-certificates', 'DirectoryOrCreate'],
    ...extra,
    ['usr-local-share-ca-certificates', '/usr/local/share/ca-certificates', 'DirectoryOrCreate'],
    ['usr-share-ca-certificates', '/usr/share/ca-certificates', 'DirectoryOrCreate'],
  ];
  const pod = (name: string, annotations: Record<string, string>, command: string[], image: string, requests: Record<string, string>, vols: HostPathVolume[], readOnly: (name: string) => boolean): string => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...(Object.keys(annotations).length ? { annotations } : {}),
        creationTimestamp: null,
        labels: { component: name, tier: 'control-plane' },
        name,
        namespace: 'kube-system',
      },
      spec: {
        containers: [
          {
            command,
            image,
            imagePullPolicy: 'IfNotPresent',
            name,
            resources: { requests },
            volumeMounts: vols.map(([vol, path]) => ({ mountPath: path, name: vol, ...(readOnly(vol) ? { readOnly: true } : {}) })),
          },
        ],
        hostNetwork: true,
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        volumes: [...vols].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([vol, path, type]) => ({ hostPath: { path, type }, name: vol })),
      },
      status: {},
    };
    return rememberYaml(toYaml(manifest), manifest);
  };
  const apiserverVols = caVolumes([['k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate']]);
  const cmVols = caVolumes([
    ['flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', 'DirectoryOrCreate'],
    ['k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'],
    ['kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'],
  ]);
  return {
    'etcd.yaml': pod(
      'etcd',
      { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
      [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${l.name}=https://${ip}:2380`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key',
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${ip}:2380`,
        `--name=${l.name}`,
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
        '--peer-client-cert-auth=true',
        '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        '--snapshot-count=10000',
        '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      'registry.k8s.io/etcd:3.5.16-0',
      { cpu: '100m', memory: '100Mi' },
      [
        ['etcd-data', '/var/lib/etcd', 'DirectoryOrCreate'],
        ['etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'],
      ],
      () => false,
    ),
    'kube-apiserver.yaml': pod(
      'kube-apiserver',
      { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
      [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
        '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
        '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
        '--etcd-servers=https://127.0.0.1:2379',
        '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
        '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
        '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
        '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-username-headers=X-Remote-User',
        '--runtime-config=',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
        '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ],
      `registry.k8s.io/kube-apiserver-amd64:${l.version}`,
      { cpu: '250m' },
      apiserverVols,
      () => true,
    ),
    'kube-controller-manager.yaml': pod(
      'kube-controller-manager',
      {},
      [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kubesim',
        '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--enable-hostpath-provisioner=true',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--root-ca-file=/etc/kubernetes/pki/ca.crt',
        '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--use-service-account-credentials=true',
      ],
      `registry.k8s.io/kube-controller-manager-amd64:${l.version}`,
      { cpu: '200m' },
      cmVols,
      (n) => n !== 'flexvolume-dir',
    ),
    'kube-scheduler.yaml': pod(
      'kube-scheduler',
      {},
      [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true',
      ],
      `registry.k8s.io/kube-scheduler-amd64:${l.version}`,
      { cpu: '100m' },
      [['kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate']],
      () => true,
    ),
  };
}

/** The filesystem of a freshly started kind node. */
export function nodeBaseFs(l: NodeLayout): FsDir {
  const entries: Record<string, string | FsNode> = {
    '/etc/passwd': PASSWD,
    '/etc/group': GROUP,
    '/etc/hostname': `${l.name}\n`,
    '/etc/hosts': `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${l.ip}\t${l.name}\n`,
    '/etc/os-release': OS_RELEASE,
    '/etc/kubernetes/manifests/': dir(0o755, 0, 0, l.now),
    '/etc/kubernetes/pki/': dir(0o755, 0, 0, l.now),
    [KUBELET_CONFIG]: KUBELET_CONFIG_YAML,
    '/var/lib/kubelet/pods/': dir(0o750, 0, 0, l.now),
    '/var/log/pods/': dir(0o755, 0, 0, l.now),
    '/var/local-path-provisioner/': dir(0o755, 0, 0, l.now),
    '/mnt/': dir(0o755, 0, 0, l.now),
    '/root/': dir(0o700, 0, 0, l.now),
    '/home/': dir(0o755, 0, 0, l.now),
    '/tmp/': dir(0o1777, 0, 0, l.now),
    '/usr/bin/': dir(0o755, 0, 0, l.now),
    '/usr/local/bin/': dir(0o755, 0, 0, l.now),
  };
  if (l.controlPlane) {
    for (const [name, text] of Object.entries(controlPlaneManifests(l))) entries[`${DEFAULT_STATIC_POD_PATH}/${name}`] = file(text, 0o600, 0, 0, l.now);
  }
  return buildTree(entries, l.now);
}

/**
 * The directory at `path` in a node's tree, created (with its parents, as
 * root, 0755) when missing: what a hostPath volume of type "" or
 * DirectoryOrCreate mounts. Undefined when something that is not a directory
 * is in the way.
 */
export function hostDir(root: FsDir, path: string, now: number): FsDir | undefined {
  let cur = root;
  for (const part of normalize(path).split('/').filter(Boolean)) {
    let next = cur.c[part];
    if (!next) {
      next = dir(0o755, 0, 0, now);
      cur.c[part] = next;
      cur.mtime = now;
    }
    if (next.t !== 'd') return undefined;
    cur = next;
  }
  return cur;
}

/** The text of the file at `path` (following no links), if it is a regular file. */
export function readNodeFile(root: FsDir, path: string): string | undefined {
  let cur: FsNode | undefined = root;
  for (const part of normalize(path).split('/').filter(Boolean)) {
    if (!cur || cur.t !== 'd') return undefined;
    cur = cur.c[part];
  }
  return cur?.t === 'f' ? cur.d : undefined;
}

/** The regular files directly in the directory at `path` (name → text), links followed one level within the tree. */
export function listNodeDir(root: FsDir, path: string): Record<string, string> | undefined {
  let cur: FsNode | undefined = root;
  for (const part of normalize(path).split('/').filter(Boolean)) {
    if (!cur || cur.t !== 'd') return undefined;
    cur = cur.c[part];
  }
  if (!cur || cur.t !== 'd') return undefined;
  const out: Record<string, string> = {};
  for (const name of Object.keys(cur.c).sort()) {
    const n = cur.c[name]!;
    if (n.t === 'f') out[name] = n.d;
  }
  return out;
}
