import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { intFlag } from '../src/client/flags.js';
import { kubesimHome } from '../src/cluster/session.js';
import { proxyFilter } from '../src/client/proxy-filter.js';

export default class KubectlProxy extends KubeCommand {
  static override summary = 'Run a proxy to the Kubernetes API server';
  static override description =
    "Creates a proxy server between localhost and the Kubernetes API server (here the simulated cluster's), serving it over plain HTTP as the kubeconfig's user. Requests are filtered as kubectl filters them: only from localhost, and not to pods' exec and attach.";
  static override examples = [
    '# Run a proxy to the Kubernetes API server on port 8011\nkubectl proxy --port=8011',
    '# Run a proxy to the Kubernetes API server on an arbitrary local port\nkubectl proxy --port=0',
    '# Run a proxy to the Kubernetes API server, changing the API prefix to k8s-api\nkubectl proxy --api-prefix=/k8s-api',
  ];
  static override flags = {
    port: Flags.string({ char: 'p', description: 'The port on which to run the proxy. Set to 0 to pick a random port.', default: '8001' }),
    address: Flags.string({ description: 'The IP address on which to serve on.', default: '127.0.0.1' }),
    'accept-hosts': Flags.string({ description: 'Regular expression for hosts that the proxy should accept.', default: '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$' }),
    'accept-paths': Flags.string({ description: 'Regular expression for paths that the proxy should accept.', default: '^.*' }),
    'reject-paths': Flags.string({ description: 'Regular expression for paths that the proxy should reject.', default: '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach' }),
    'reject-methods': Flags.string({ description: 'Regular expression for HTTP methods that the proxy should reject.', default: '^$' }),
    'api-prefix': Flags.string({ description: 'Prefix to serve the proxied API under.', default: '/' }),
    'disable-filter': Flags.boolean({ description: 'If true, disable request filtering in the proxy. This is dangerous, and can leave you vulnerable to XSRF attacks, when used with an accessible port.' }),
    www: Flags.string({ char: 'w', description: 'Also serve static files from the given directory under the specified prefix.' }),
    'www-prefix': Flags.string({ char: 'P', description: 'Prefix to serve static files under, if static file directory is specified.' }),
    'unix-socket': Flags.string({ char: 'u', description: 'Unix socket on which to run the proxy.' }),
    keepalive: Flags.string({ description: 'keepalive specifies the keep-alive period for an active network connection. Set to 0 to disable keepalive.' }),
    'append-server-path': Flags.boolean({ description: "If true, enables automatic path appending of the kube context server path to each request." }),
  };

  async run(): Promise<void> {
    for (const flag of ['www', 'unix-socket']) {
      if (this.flag<string | undefined>(flag) !== undefined) throw new ClientError(`proxy --${flag} is not supported by kubesim yet`);
    }
    const portText = this.flag<string>('port');
    const portNumber = intFlag('-p, --port', portText);
    // An int flag kubectl takes as given; Go's net.Listen refuses a port outside 0-65535.
    if (portNumber < 0 || portNumber > 65535) throw new ClientError(`listen tcp: address ${portText}: invalid port`);
    const address = this.flag<string>('address');
    // The kubeconfig's user (and --as), as kubectl's proxy sends its credentials.
    const k = await this.kube();
    const accept = this.flag<boolean>('disable-filter')
      ? undefined
      : proxyFilter({
          acceptHosts: this.flag('accept-hosts'),
          acceptPaths: this.flag('accept-paths'),
          rejectPaths: this.flag('reject-paths'),
          rejectMethods: this.flag('reject-methods'),
        });
    const { KubesimApiServer } = await import('../src/server/server.js');
    const server = new KubesimApiServer({ home: kubesimHome(), port: portNumber, host: address, actAs: { user: k.user, token: k.token }, accept, apiPrefix: this.flag('api-prefix') });
    let port: number;
    try {
      port = await server.listen();
    } catch (e) {
      throw new ClientError(`listen tcp ${address}:${portText}: bind: ${(e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'address already in use' : (e as Error).message}`);
    }
    this.print(`Starting to serve on ${address}:${port}\n`);
    this.flushOutput();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
  }
}
