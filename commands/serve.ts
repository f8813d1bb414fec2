import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { kubesimHome } from '../src/cluster/session.js';

export default class Serve extends KubeCommand {
  static override summary = 'Serve the Kubernetes REST API of the simulated cluster on 127.0.0.1';
  static override description =
    'Starts an HTTPS (or, with --http, HTTP) endpoint speaking the Kubernetes API (discovery, get/list/watch, create, update, patch, delete, tables, dry runs, the status, scale and resize subresources, logs, exec and attach over WebSocket, port-forward over SPDY tunneled in WebSocket, protobuf request bodies, metrics) over the same API layer as the CLI, and writes a kubeconfig context `kubesim-api` that points real clients (a real kubectl, client libraries) at it. The current context is not changed. Runs until interrupted.';
  static override examples = ['kubesim serve', 'kubesim serve --http', 'kubesim serve --http --port 0', 'kubectl --context kubesim-api get pods'];
  static override kubesimOnly = true;
  static override flags = {
    http: Flags.boolean({ description: 'Serve plain HTTP instead of HTTPS (every request then acts as the admin: clients send no credentials over HTTP)' }),
    port: Flags.string({ description: 'The port to listen on (0: any free port)', default: '0' }),
    address: Flags.string({ description: 'The IP address to listen on', default: '127.0.0.1' }),
  };

  async run(): Promise<void> {
    const portText = this.flag<string>('port') ?? '0';
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new ClientError(`invalid port "${portText}"`);
    const address = this.flag<string>('address') ?? '127.0.0.1';
    const verbose = Number(this.flag<string | undefined>('v') ?? '0') >= 2;
    const home = kubesimHome();
    // The server is loaded only here, never on a kubectl verb's start-up path.
    const { KubesimApiServer } = await import('../src/server/server.js');
    const { writeServeContext, SERVE_CONTEXT } = await import('../src/server/kubeconfig.js');
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
    await writeServeContext(home, url, tls?.caCert);
    this.print(`Starting to serve on ${address}:${port}\nkubeconfig context "${SERVE_CONTEXT}" points at ${url} (kubectl --context ${SERVE_CONTEXT} ...)\n`);
    this.flushOutput();
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
  }
}
