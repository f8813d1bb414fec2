// What well-known images contain and run: their entrypoint and command, user,
// environment and base filesystem. Adding an image touches this table only.
import { buildTree, dir, file, link, type FsDir, type FsNode } from './fs.js';
import { normalizeImage, repositoryOf } from './images.js';
import type { PodEtcFiles } from './types.js';

export type Flavor = 'busybox' | 'debian' | 'alpine' | 'distroless';

export interface ImageProgram {
  entrypoint?: string[];
  cmd?: string[];
  env?: [string, string][];
  workingDir?: string;
  uid?: number;
  gid?: number;
  flavor: Flavor;
  /** Extra files (path → content; paths ending in `/` are directories). */
  files?: Record<string, string | FsNode>;
  /** Programs this image has beside its flavour's applets. */
  programs?: string[];
  /** Whether the image exists in the registry (unknown images are assumed to). */
  /** An OCI artifact (no runnable program): its filesystem is exactly `files` (image volumes). */
  artifact?: boolean;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const BUSYBOX_PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;
const BUSYBOX_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nobody:x:65534:
`;
const ALPINE_GROUP = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin,adm
adm:x:4:root,adm,daemon
tty:x:5:
disk:x:6:root,adm
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
console:x:17:
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
`;
const ALPINE_PASSWD = `root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;
const DEBIAN_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;
const DEBIAN_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;

const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_ENTRY_LINES = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

const IMAGES: Record<string, ImageProgram> = {
  'docker.io/library/busybox': { cmd: ['sh'], flavor: 'busybox' },
  'registry.k8s.io/busybox': { cmd: ['sh'], flavor: 'busybox' },
  'gcr.io/google-containers/busybox': { cmd: ['sh'], flavor: 'busybox' },
  'docker.io/library/alpine': { cmd: ['/bin/sh'], flavor: 'alpine' },
  'docker.io/library/nginx': {
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: [['NGINX_VERSION', '1.27.3'], ['NJS_VERSION', '0.8.7'], ['PKG_RELEASE', '1~bookworm']],
    flavor: 'debian',
    files: {
      '/etc/nginx/nginx.conf': NGINX_CONF,
      '/etc/nginx/conf.d/default.conf': 'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n',
      '/usr/share/nginx/html/index.html': NGINX_INDEX,
      '/usr/share/nginx/html/50x.html': '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
      '/docker-entrypoint.sh': '#!/bin/sh\n',
      '/docker-entrypoint.d/': '',
      '/var/log/nginx/': '',
    },
    programs: ['nginx', 'docker-entrypoint.sh'],
  },
  'docker.io/library/redis': {
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    flavor: 'debian',
    workingDir: '/data',
    files: {
      '/data/': { t: 'd', mode: 0o755, uid: 999, gid: 999, mtime: 0, c: {} },
      '/usr/local/bin/docker-entrypoint.sh': '#!/bin/sh\n',
      '/etc/passwd': DEBIAN_PASSWD + 'redis:x:999:999::/home/redis:/bin/sh\n',
      '/etc/group': DEBIAN_GROUP + 'redis:x:999:\n',
    },
    programs: ['redis-server', 'redis-cli', 'docker-entrypoint.sh'],
  },
  'docker.io/library/ubuntu': { cmd: ['/bin/bash'], flavor: 'debian' },
  'docker.io/library/debian': { cmd: ['bash'], flavor: 'debian' },
  'docker.io/polinux/stress': { cmd: ['stress', '--help'], flavor: 'alpine', programs: ['stress'] },
  'docker.io/vish/stress': { entrypoint: ['/stress'], cmd: ['-logtostderr'], flavor: 'distroless', programs: ['/stress'] },
  'registry.k8s.io/goproxy': { entrypoint: ['/goproxy'], flavor: 'distroless', programs: ['goproxy'] },
  'registry.k8s.io/pause': { entrypoint: ['/pause'], flavor: 'distroless', programs: ['pause'] },
  'registry.k8s.io/e2e-test-images/agnhost': {
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
    flavor: 'alpine',
    programs: ['agnhost'],
    files: {
      '/etc/passwd': ALPINE_PASSWD + 'user-defined-in-image:x:1000:1000::/home/user-defined-in-image:/bin/sh\n',
      '/etc/group': ALPINE_GROUP + 'user-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\n',
    },
  },
  // The OCI artifact of image-volumes.md: two files, mounted through an image volume.
  'quay.io/crio/artifact': { flavor: 'distroless', artifact: true, files: { '/dir/file': '1\n', '/file': '2\n' } },
  'gcr.io/google-samples/hello-app': { cmd: ['./hello-app'], workingDir: '/', flavor: 'alpine', programs: ['hello-app'] },
};

export function imageProgram(image: string): ImageProgram | undefined {
  return IMAGES[repositoryOf(normalizeImage(image))];
}

/** Applets every image of a flavour has. */
const BUSYBOX_ONLY = new Set(['pgrep', 'killall', 'nslookup', 'wget', 'ps', 'free', 'nproc']);
const DEBIAN_EXTRA_NEEDS_INSTALL = new Set(['ps', 'curl', 'wget', 'nslookup', 'pgrep', 'free', 'killall', 'ping']);

export function hasProgram(image: string, name: string, installed: (bin: string) => boolean): boolean {
  const info = imageProgram(image);
  const flavor = info?.flavor ?? 'busybox';
  if (info?.programs?.includes(name)) return true;
  if (['goproxy', 'stress', 'nginx', 'redis-server', 'redis-cli', '/stress', 'pause', 'agnhost', 'hello-app', 'docker-entrypoint.sh'].includes(name)) return false;
  if (flavor === 'distroless') return false;
  if (flavor === 'debian') {
    if (DEBIAN_EXTRA_NEEDS_INSTALL.has(name)) return installed(name);
    return true;
  }
  void BUSYBOX_ONLY;
  return true;
}

/** The image's root filesystem, at container creation. */
export function baseFs(image: string, hostname: string, mtime: number, etc: PodEtcFiles = {}): FsDir {
  const info = imageProgram(image);
  const flavor = info?.flavor ?? 'busybox';
  const passwd = flavor === 'debian' ? DEBIAN_PASSWD : flavor === 'alpine' ? ALPINE_PASSWD : BUSYBOX_PASSWD;
  const group = flavor === 'debian' ? DEBIAN_GROUP : flavor === 'alpine' ? ALPINE_GROUP : BUSYBOX_GROUP;
  const entries: Record<string, string | FsNode> = {
    '/bin/': '',
    '/dev/': '',
    '/etc/passwd': passwd,
    '/etc/group': group,
    '/etc/hostname': hostname + '\n',
    '/etc/hosts': etc.hosts ?? `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
    '/etc/resolv.conf': etc.resolv ?? 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    '/home/': '',
    '/root/': dir(0o700),
    '/tmp/': dir(0o1777),
    '/usr/bin/': '',
    '/usr/sbin/': '',
    '/var/': '',
    '/var/run/': '',
  };
  if (flavor === 'busybox') entries['/bin/busybox'] = file('', 0o755);
  if (flavor === 'debian') {
    entries['/bin/bash'] = file('', 0o755);
    entries['/usr/share/'] = '';
    entries['/etc/debian_version'] = '12.8\n';
  }
  if (flavor !== 'distroless') entries['/bin/sh'] = file('', 0o755);
  const tree = buildTree({ ...entries, ...(info?.files ?? {}) }, mtime);
  if (repositoryOf(normalizeImage(image)).endsWith('/nginx')) {
    (tree.c['var'] as FsDir).c['run'] = link('/run', mtime);
    tree.c['run'] = dir(0o755, 0, 0, mtime);
  }
  return tree;
}

/** An image's filesystem as an image volume shows it (an artifact's files, or the image's root filesystem). */
export function imageVolumeFs(image: string, hostname: string, mtime: number): FsDir {
  const info = imageProgram(image);
  if (info?.artifact) return buildTree(info.files ?? {}, mtime);
  return baseFs(image, hostname, mtime);
}

/** The default PATH and image environment. */
export function imageEnv(image: string): [string, string][] {
  return [['PATH', PATH], ...(imageProgram(image)?.env ?? [])];
}

export function nginxEntryLines(): string[] {
  return NGINX_ENTRY_LINES;
}

/** Pages of the outside web that tutorials fetch (kubesim has no network). */
export const WEB_PAGES: Record<string, string> = {
  'info.cern.ch/': "<html><head></head><body><header>\n<title>http://info.cern.ch</title>\n</header>\n\n<h1>http://info.cern.ch - home of the first website</h1>\n<p>From here you can:</p>\n<ul>\n<li><a href=\"http://info.cern.ch/hypertext/WWW/TheProject.html\">Browse the first website</a></li>\n<li><a href=\"http://line-mode.cern.ch/www/hypertext/WWW/TheProject.html\">Browse the first website using the line-mode browser simulator</a></li>\n<li><a href=\"http://home.web.cern.ch/topics/birth-web\">Learn about the birth of the web</a></li>\n<li><a href=\"http://home.web.cern.ch/about\">Learn about CERN, the physics laboratory where the web was born</a></li>\n</ul>\n</body></html>\n",
};
