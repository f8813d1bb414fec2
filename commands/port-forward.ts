import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { forwardRequest, forwardTarget, joinHostPort, klogError, parseAddresses, parsePorts, type ForwardAnswer, type ForwardedPort, type ListenAddress } from '../src/client/port-forward.js';

export default class PortForward extends KubeCommand {
  static override summary = 'Forward one or more local ports to a pod';
  static override examples = ['kubectl port-forward pod/mypod 8888:5000', 'kubectl port-forward svc/my-service 8080:80', 'kubectl port-forward pod/mypod :5000'];
  static override args = { target: Args.string({ description: 'TYPE/NAME [LOCAL_PORT:]REMOTE_PORT ...' }) };
  static override flags = {
    address: Flags.string({ multiple: true, description: 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time to wait until at least one pod is running' }),
  };

  /** One session at a time from this process: connections queue for the store lock in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private servers: Server[] = [];
  private finish: (code: number) => void = () => {};

  async run(): Promise<void> {
    if (this.args.length < 2) throw new ClientError(`TYPE/NAME and list of ports are required for port-forward\nSee '${this.commandPath()} -h' for help and examples`);
    const [target, ...portArgs] = this.args as [string, ...string[]];
    const { namespace, podName, ports } = await this.cluster((s, k) => {
      const t = forwardTarget(s, k.namespace, target, portArgs);
      const phase = t.pod.status?.phase ?? '';
      if (phase !== 'Running') throw new ClientError(`unable to forward port because pod is not running. Current status=${phase}`);
      return { namespace: k.namespace, podName: t.pod.metadata.name!, ports: t.ports };
    });
    const forwards = parsePorts(ports);
    const given = this.flag<string[] | undefined>('address') ?? [];
    const addresses = parseAddresses((given.length ? given : ['localhost']).flatMap((a) => a.split(',')));
    this.flushOutput();
    let listening = 0;
    for (const port of forwards) {
      const errors: string[] = [];
      const fails = { all: 0, any: 0 };
      let okAll = 0;
      for (const addr of addresses) {
        const err = await this.listen(port, addr, namespace, podName);
        if (err) {
          errors.push(err);
          fails[addr.failureMode]++;
        } else if (addr.failureMode === 'all') okAll++;
      }
      if ((okAll === 0 && fails.all > 0) || fails.any > 0) {
        process.stderr.write(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
      } else listening++;
    }
    if (listening === 0) {
      this.closeAll();
      throw new ClientError(`unable to listen on any of the requested ports: [${forwards.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);
    }
    const code = await new Promise<number>((resolve) => {
      this.finish = resolve;
      // Ctrl-C (or a kill) ends the forwarding quietly, as kubectl's stop channel does.
      process.once('SIGINT', () => resolve(0));
      process.once('SIGTERM', () => resolve(0));
    });
    this.closeAll();
    if (code !== 0) throw new ClientError('lost connection to pod');
  }

  private closeAll(): void {
    for (const s of this.servers) {
      s.close();
      s.closeAllConnections();
    }
  }

  /** Opens one listener; returns client-go's error text when the address cannot be bound. */
  private listen(port: ForwardedPort, addr: ListenAddress, namespace: string, podName: string): Promise<string | undefined> {
    const server = createServer({ keepAlive: false }, (req, res) => this.handle(req, res, port, namespace, podName));
    server.on('connection', () => process.stdout.write(`Handling connection for ${port.local}\n`));
    // Bytes that are not an HTTP request: the simulated servers speak only HTTP.
    server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'HPE_INVALID_EOF_STATE') {
        process.stderr.write(`error: non-HTTP traffic through port-forward (local port ${port.local}) is not supported by kubesim\n`);
      }
      socket.destroy();
    });
    return new Promise((resolve) => {
      server.once('error', (e: Error & { code?: string }) => {
        const reason = e.code === 'EADDRINUSE' ? 'bind: address already in use' : e.code === 'EADDRNOTAVAIL' ? 'bind: cannot assign requested address' : e.code === 'EACCES' ? 'bind: permission denied' : e.message;
        resolve(`unable to create listener: Error listen ${addr.family} ${joinHostPort(addr.address, port.local)}: ${reason}`);
      });
      server.listen(port.local, addr.address, () => {
        // `:REMOTE`: the first listener picks the port, the others use the same one.
        port.local = (server.address() as AddressInfo).port;
        this.servers.push(server);
        process.stdout.write(`Forwarding from ${joinHostPort(addr.address, port.local)} -> ${port.remote}\n`);
        resolve(undefined);
      });
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, port: ForwardedPort, namespace: string, podName: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      process.stderr.write(`error: ${req.method} requests through port-forward are not supported by kubesim (its pods' servers answer GET and HEAD)\n`);
      req.socket.destroy();
      return;
    }
    const path = req.url ?? '/';
    const userAgent = req.headers['user-agent'] ?? '-';
    const job = this.queue.then(() => this.cluster((s) => forwardRequest(s, namespace, podName, port.remote, path, userAgent)));
    this.queue = job.catch(() => undefined);
    job.then(
      (a: ForwardAnswer) => this.answer(a, req, res, port),
      (e: Error) => {
        process.stderr.write(`error: ${e.message}\n`);
        req.socket.destroy();
      },
    );
  }

  private answer(a: ForwardAnswer, req: IncomingMessage, res: ServerResponse, port: ForwardedPort): void {
    if ('status' in a) {
      // The status line, length and body are the simulated server's; other headers are not simulated.
      res.writeHead(a.status, { 'Content-Length': Buffer.byteLength(a.body), Connection: 'close' });
      res.end(a.body);
      return;
    }
    req.socket.destroy();
    if ('refused' in a) process.stderr.write(klogError('portforward.go:424', `an error occurred forwarding ${port.local} -> ${port.remote}: ${a.refused}`));
    this.finish(1);
  }
}
