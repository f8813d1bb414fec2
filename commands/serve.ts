import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { kubesimHome } from '../src/cluster/session.js';

export default class Serve extends KubeCommand {
  static override summary = 'Serve the Kubernetes REST API of the simulated cluster on 127.0.0.1';
  static override description =
    'Starts an HTTPS (or, with --http, HTTP) endpoint speaking the Kubernetes API (discovery, get/list/watch, create, update, patch, delete, tables, dry runs, the status, scale and resize subresources, logs, exec and attach over WebSocket, port-forward over SPDY tunneled in WebSocket, protobuf request bodies, metrics) over the same API layer as the CLI, and writes a kubeconfig context `kubesim-api` that points real clients (a real kubectl, client libraries) at it. The current context is not changed. With --kubeconfig-out the client kubeconfig is a file of its own instead (cluster, context and user named by --context-name, that context current). Times are served in the machine\'s time frame: every timestamp sent is moved by (machine now - simulated now), and times a client sends (objects, a log\'s --since-time) are moved back, so a client that computes ages from its own clock prints the simulated ones. Runs until interrupted.';
  static override examples = [
    'kubesim serve',
    'kubesim serve --http',
    'kubesim serve --http --port 0',
    'kubectl --context kubesim-api get pods',
    'kubesim serve --port 6443 --kubeconfig-out /tmp/kubesim.conf --context-name kubesim',
  ];
  static override kubesimOnly = true;
  static override flags = {
    http: Flags.boolean({ description: 'Serve plain HTTP instead of HTTPS (every request then acts as the admin: clients send no credentials over HTTP)' }),
    port: Flags.string({ description: 'The port to listen on (0: any free port)', default: '0' }),
    address: Flags.string({ description: 'The IP address to listen on', default: '127.0.0.1' }),
    'kubeconfig-out': Flags.string({ description: 'Write the client kubeconfig to this file (its own cluster, context and user, that context current) instead of adding a context to the cluster\'s kubeconfig' }),
    'context-name': Flags.string({ description: 'The name of the kubeconfig context (and of its cluster, and with --kubeconfig-out of its user)', default: 'kubesim-api' }),
  };

  async run(): Promise<void> {
    const portText = this.flag<string>('port') ?? '0';
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new ClientError(`invalid port "${portText}"`);
    const address = this.flag<string>('address') ?? '127.0.0.1';
    const verbose = Number(this.flag<string | undefined>('v') ?? '0') >= 2;
    const home = kubesimHome();
    // The server is loaded only here, never on a kubectl verb's start-up path.
    const { KubesimApiServer } = await import('../src/server/server.js');
    const { writeServeContext, writeClientKubeconfig } = await import('../src/server/kubeconfig.js');
    const contextName = this.flag<string>('context-name') ?? 'kubesim-api';
    if (!contextName) throw new ClientError('--context-name must not be empty');
    const kubeconfigOut = this.flag<string | undefined>('kubeconfig-out');
    const http = this.flag<boolean>('http');
    const tls = http ? undefined : await (await import('../src/server/tls.js')).servingCerts(home);
    const server = new KubesimApiServer({ home, port: Number(portText), host: address, tls, log: verbose ? (l) => process.stderr.write(`${l}\n`) : undefined });
    let port: number;
    try {
      port = await server.listen();
    } catch (e) {
      throw new ClientError(`cannot listen on ${address}:${portText}: ${(e as Error).message}`);
    }
    const url = `${http ? 'http' : 'https'}://${address}:${port}`;
    let where: string;
    if (kubeconfigOut) {
      await writeClientKubeconfig(kubeconfigOut, url, tls?.caCert, contextName);
      where = `kubeconfig ${kubeconfigOut} (context "${contextName}") points at ${url} (kubectl --kubeconfig ${kubeconfigOut} ...)`;
    } else {
      await writeServeContext(home, url, tls?.caCert, contextName);
      where = `kubeconfig context "${contextName}" points at ${url} (kubectl --context ${contextName} ...)`;
    }
    this.print(`Starting to serve on ${address}:${port}\n${where}\n`);
    this.flushOutput();
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
  }
}
