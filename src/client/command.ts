// The base of every kubectl verb: kubectl's global flags, pflag-style parsing,
// the kubeconfig context (namespace, identity), a cluster session, and
// kubectl-style error printing with exit status 1.
import { readFileSync } from 'node:fs';
import { Command, Flags } from './oclif.js';
import { parseFlags, FlagError, type FlagDef, type ParsedArgs } from './flags.js';
import { parseGoInt } from '../util/go-int.js';
import { defaultKubeconfigPath, kubeconfigFiles, loadKubeconfig, writeDefaultKubeconfig, resolveContext, type Kubeconfig, type ResolvedContext } from './kubeconfig.js';
import { kubesimHome, withCluster, ClusterSession } from '../cluster/session.js';
import { authenticate } from '../apiserver/auth/identity.js';
import type { ApiServer } from '../apiserver/api.js';
import { ADMIN_USER, type UserInfo } from '../apiserver/api.js';
import { StatusError, formatStatusError } from '../apiserver/errors.js';
import { KUBECTL_ALIASES } from './kubectl-tree.js';

/**
 * `--help` (or -h) on a kubectl verb, once its flags parsed (a flag error is reported before help,
 * as cobra does): thrown from init so the command does not run, and answered by catch with
 * kubectl's help text.
 */
export class HelpRequested extends Error {
  constructor() {
    super('help requested');
  }
}

/** An error kubectl reports itself (not the server): printed as `error: <message>`. */
export class ClientError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Printed verbatim, without the `error: ` prefix. */
    readonly raw = false,
  ) {
    super(message);
  }
}

/** An error the server returned for an object read from a file (`error when creating "f.yaml": `). */
export class SourcedStatusError extends Error {
  constructor(
    readonly status: StatusError,
    readonly verb: string,
    readonly file: string,
  ) {
    super(status.message);
  }
}

export const globalFlags = {
  namespace: Flags.string({ char: 'n', description: 'If present, the namespace scope for this CLI request', helpGroup: 'GLOBAL' }),
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use for CLI requests.', helpGroup: 'GLOBAL' }),
  context: Flags.string({ description: 'The name of the kubeconfig context to use', helpGroup: 'GLOBAL' }),
  cluster: Flags.string({ description: 'The name of the kubeconfig cluster to use', helpGroup: 'GLOBAL' }),
  user: Flags.string({ description: 'The name of the kubeconfig user to use', helpGroup: 'GLOBAL' }),
  as: Flags.string({ description: 'Username to impersonate for the operation.', helpGroup: 'GLOBAL' }),
  'as-group': Flags.string({ multiple: true, description: 'Group to impersonate for the operation.', helpGroup: 'GLOBAL' }),
  'as-uid': Flags.string({ description: 'UID to impersonate for the operation.', helpGroup: 'GLOBAL' }),
  'request-timeout': Flags.string({ description: 'The length of time to wait before giving up on a single server request.', helpGroup: 'GLOBAL' }),
  v: Flags.string({ char: 'v', description: 'number for the log level verbosity', helpGroup: 'GLOBAL' }),
  server: Flags.string({ char: 's', description: 'The address and port of the Kubernetes API server', helpGroup: 'GLOBAL' }),
  token: Flags.string({ description: 'Bearer token for authentication to the API server', helpGroup: 'GLOBAL' }),
  help: Flags.boolean({ char: 'h', description: 'Show help', helpGroup: 'GLOBAL' }),
  // kubectl's other global options (`kubectl options`). The transport ones change nothing on the
  // way to the embedded cluster, beyond the checks client-go makes of them (transportChecks).
  'insecure-skip-tls-verify': Flags.boolean({ description: "If true, the server's certificate will not be checked for validity.", helpGroup: 'GLOBAL' }),
  'certificate-authority': Flags.string({ description: 'Path to a cert file for the certificate authority', helpGroup: 'GLOBAL' }),
  'client-certificate': Flags.string({ description: 'Path to a client certificate file for TLS', helpGroup: 'GLOBAL' }),
  'client-key': Flags.string({ description: 'Path to a client key file for TLS', helpGroup: 'GLOBAL' }),
  'tls-server-name': Flags.string({ description: 'Server name to use for server certificate validation.', helpGroup: 'GLOBAL' }),
  'disable-compression': Flags.boolean({ description: 'If true, opt-out of response compression for all requests to the server', helpGroup: 'GLOBAL' }),
  'cache-dir': Flags.string({ description: 'Default cache directory', helpGroup: 'GLOBAL' }),
  'match-server-version': Flags.boolean({ description: 'Require server version to match client version', helpGroup: 'GLOBAL' }),
  'warnings-as-errors': Flags.boolean({ description: 'Treat warnings received from the server as errors and exit with a non-zero exit code', helpGroup: 'GLOBAL' }),
  username: Flags.string({ description: 'Username for basic authentication to the API server', helpGroup: 'GLOBAL' }),
  password: Flags.string({ description: 'Password for basic authentication to the API server', helpGroup: 'GLOBAL' }),
  profile: Flags.string({ description: 'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)', helpGroup: 'GLOBAL' }),
  'profile-output': Flags.string({ description: 'Name of the file to write the profile to', helpGroup: 'GLOBAL' }),
  'log-flush-frequency': Flags.string({ description: 'Maximum number of seconds between log flushes', helpGroup: 'GLOBAL' }),
  vmodule: Flags.string({ description: 'comma-separated list of pattern=N settings for file-filtered logging', helpGroup: 'GLOBAL' }),
};

/** Where the kubeconfig points, and who the requests act as. */
export interface KubeContext {
  home: string;
  files: string[];
  config: Kubeconfig;
  resolved: ResolvedContext;
  namespace: string;
  user: UserInfo;
  /** Bearer token (--token or the kubeconfig user's); the session resolves it to a user. */
  token?: string;
  impersonating?: boolean;
}

export const EMBEDDED_SERVER = 'https://127.0.0.1:6443';

export function impersonated(name: string, groups: string[]): UserInfo {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  const base = sa ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`, 'system:authenticated'] : ['system:authenticated'];
  return { name, groups: groups.length ? [...groups, 'system:authenticated'] : base };
}

export abstract class KubeCommand extends Command {
  static override strict = false;
  static override baseFlags = globalFlags;
  /** kubesim's own verbs are not kubectl verbs: `kubectl advance` is an unknown command. */
  static kubesimOnly = false;

  protected kubeArgs!: ParsedArgs;
  private output: string[] = [];

  /** The flag table of this command, global flags included, for the pflag parser. */
  private flagDefs(): Record<string, FlagDef> {
    const ctor = this.ctor as unknown as { flags?: Record<string, FlagDef>; baseFlags?: Record<string, FlagDef> };
    return { ...globalFlags, ...(ctor.baseFlags ?? {}), ...(ctor.flags ?? {}) } as unknown as Record<string, FlagDef>;
  }

  protected flag<T = string>(name: string): T {
    return this.kubeArgs.flags[name] as T;
  }

  protected get args(): string[] {
    return this.kubeArgs.args;
  }

  /** The command's words as kubectl names it: an alias (`create cm`) by its command's (KUBECTL_ALIASES). */
  protected commandWords(): string[] {
    const id = this.id ?? '';
    return (KUBECTL_ALIASES[id] ?? id).split(':').filter(Boolean);
  }

  /** `kubectl get` as kubectl's messages name the command. */
  protected commandPath(): string {
    return [process.env.KUBESIM_AS === 'kubectl' ? 'kubectl' : 'kubesim', ...this.commandWords()].join(' ');
  }

  override async init(): Promise<void> {
    await super.init();
    this.kubeArgs = parseFlags(this.argv, this.flagDefs());
    this.verbosity = parseVerbosity(this.flag<string | undefined>('v'));
    // kubesim's own verbs (and `kubesim get --help`) keep oclif's help, which dispatch gives them.
    if (this.flag<boolean>('help') && process.env.KUBESIM_AS === 'kubectl') throw new HelpRequested();
  }

  /** -v / --v: klog's level (kubectl -v=6..9 logs the requests: src/client/request-log.ts). */
  protected verbosity = 0;
  private startupLogged = false;

  /** The klog lines kubectl writes before its first request (once per command). */
  private async logStartup(configFile: string | undefined): Promise<void> {
    if (this.startupLogged) return;
    this.startupLogged = true;
    const { startupLines } = await import('./request-log.js');
    for (const line of startupLines(this.verbosity, configFile)) this.printErr(line);
  }

  /** Text for stdout, written in one go at the end (and before any error). */
  protected print(text: string): void {
    this.output.push(text);
  }

  protected flushOutput(): void {
    if (this.output.length) {
      process.stdout.write(this.output.join(''));
      this.output = [];
    }
  }

  /** How many server warnings this command printed (--warnings-as-errors). */
  private warningCount = 0;

  /** Prints the API server's warnings for the last request(s) as kubectl does (`Warning: TEXT` on stderr). */
  protected printWarnings(api: ApiServer): void {
    for (const w of api.warnings.splice(0)) {
      this.warningCount++;
      this.printErr(`Warning: ${w}`);
    }
  }

  /** Runs one request and prints its warnings (before the caller prints the object's line). */
  protected withWarnings<T>(api: ApiServer, request: () => T): T {
    const result = request();
    this.printWarnings(api);
    return result;
  }

  protected printErr(text: string): void {
    this.flushOutput();
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }

  async kube(): Promise<KubeContext> {
    const home = kubesimHome();
    const files = kubeconfigFiles(this.flag('kubeconfig'), process.env, home);
    // The first command on an empty home creates the default cluster's kubeconfig.
    if (files.length === 1 && files[0] === defaultKubeconfigPath(home)) writeDefaultKubeconfig(home);
    const config = await loadKubeconfig(files);
    if (this.verbosity >= 1) await this.logStartup(files[0]);
    const wanted = this.flag<string | undefined>('context');
    if (wanted && !config.contexts?.some((c) => c.name === wanted)) {
      throw new ClientError(`Error in configuration: context was not found for specified context: ${wanted}`, 1, true);
    }
    const resolved = resolveContext(config, {
      context: this.flag('context'),
      namespace: this.flag('namespace'),
      cluster: this.flag('cluster'),
      user: this.flag('user'),
    });
    if (this.flag('request-timeout') !== undefined) (await import('./watch.js')).parseRequestTimeout(this.flag('request-timeout'));
    const as = this.flag<string | undefined>('as');
    // client-go's transport refuses impersonation details without a user to impersonate.
    if (!as && (this.flag<string[]>('as-group').length || this.flag('as-uid') !== undefined)) {
      throw new ClientError('requesting uid, groups or user-extra for  without impersonating a user');
    }
    // A flag of the command's own hides the global flag of that name, as in cobra (debug's --profile).
    const ownFlags = (this.ctor as unknown as { flags?: Record<string, unknown> }).flags ?? {};
    const globalFlag = <T = string>(n: string): T => (n in ownFlags ? undefined : this.flag(n)) as T;
    transportChecks(globalFlag, resolved);
    const user = as ? impersonated(as, this.flag<string[]>('as-group')) : ADMIN_USER;
    const token = this.flag<string | undefined>('token') || (resolved.user?.user.token as string | undefined) || undefined;
    return { home, files, config, resolved, namespace: resolved.namespace, user, token, impersonating: !!as };
  }

  /**
   * Runs `fn` against the embedded cluster the kubeconfig points at. `readOnly`: `fn` only reads
   * and never moves time, so the session loads the controllers' code only if a wake-up is due.
   */
  async cluster<T>(fn: (s: ClusterSession, k: KubeContext) => T | Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
    const k = await this.kube();
    const server = k.resolved.cluster?.cluster.server;
    if (this.flag('server') && this.flag('server') !== EMBEDDED_SERVER) throw unreachable(this.flag('server'));
    if (!k.resolved.cluster && k.resolved.contextName === '') {
      throw new ClientError('The connection to the server localhost:8080 was refused - did you specify the right host or port?', 1, true);
    }
    if (server && server !== EMBEDDED_SERVER) throw unreachable(server);
    const requestLog = this.verbosity >= 6 ? await import('./request-log.js') : undefined;
    const logged = (s: ClusterSession) => {
      if (!requestLog) return s;
      const log = { level: this.verbosity, server: server ?? EMBEDDED_SERVER, verb: this.id ?? '', write: (l: string) => this.printErr(l) };
      (s as { api: ApiServer }).api = requestLog.loggedApi(s.api, log);
      return s;
    };
    return withCluster({ home: k.home, user: k.user, readOnly: opts.readOnly }, (s) => {
      if (!k.token) return fn(logged(s), k);
      k.user = authenticate(s.store, s.now, k);
      return fn(logged(new ClusterSession(s.home, s.store, s.engine, k.user, s.readOnly)), k);
    });
  }

  override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    if (err instanceof HelpRequested) {
      const { kubectlHelpText } = await import('./kubectl-help.js');
      process.stdout.write(kubectlHelpText(this.commandWords()));
      return;
    }
    if (err.oclif?.exit !== undefined && !(err instanceof ClientError)) return super.catch(err);
    if (this.verbosity >= 6 && err instanceof StatusError) this.printErr((await import('./request-log.js')).serverErrorLine(err));
    process.exitCode = reportError(err, this.commandPath());
    this.flushOutput();
  }

  override async finally(err: Error | undefined): Promise<void> {
    this.flushOutput();
    // kubectl's PersistentPostRunE, after a command that succeeded.
    if (!err && this.warningCount > 0 && this.kubeArgs && this.flag<boolean>('warnings-as-errors')) {
      process.stderr.write(`error: ${this.warningCount} ${this.warningCount === 1 ? 'warning' : 'warnings'} received\n`);
      process.exitCode = 1;
    }
    return super.finally(err);
  }
}

/**
 * What client-go checks of the transport options before the first request. They change nothing
 * else on the way to the embedded cluster; the ones kubesim cannot honour say so.
 */
function transportChecks(flag: <T = string>(name: string) => T, resolved: ResolvedContext): void {
  for (const name of ['username', 'password', 'tls-server-name']) {
    if (flag<string | undefined>(name) !== undefined) throw new ClientError(`--${name} is not supported by kubesim yet`);
  }
  const profile = flag<string | undefined>('profile');
  if (profile !== undefined && profile !== 'none') throw new ClientError('--profile is not supported by kubesim yet');
  const ca = flag<string | undefined>('certificate-authority') ?? (resolved.cluster?.cluster['certificate-authority'] as string | undefined);
  if (flag<boolean>('insecure-skip-tls-verify') && ca) throw new ClientError('specifying a root certificates file with the insecure flag is not allowed');
  const unreadable = (path: string) => {
    try {
      readFileSync(path);
      return undefined;
    } catch (e) {
      return `open ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`;
    }
  };
  const caError = flag<string | undefined>('certificate-authority') && unreadable(ca!);
  if (caError) throw new ClientError(`unable to read certificate-authority ${ca} for ${resolved.cluster?.name ?? ''} due to ${caError}`);
  // A client certificate or key file beside the kubeconfig user's inline data is a configuration error.
  const problems: string[] = [];
  const user = resolved.user?.user ?? {};
  const userName = resolved.user?.name ?? '';
  for (const [flagName, field, dataField, both] of [
    ['client-certificate', 'client-cert', 'client-certificate-data', `client-cert-data and client-cert are both specified for ${userName}. client-cert-data will override.`],
    ['client-key', 'client-key', 'client-key-data', `client-key-data and client-key are both specified for ${userName}; client-key-data will override`],
  ] as const) {
    const path = flag<string | undefined>(flagName);
    if (path === undefined) continue;
    if (user[dataField]) problems.push(both);
    const why = unreadable(path);
    if (why) problems.push(`unable to read ${field} ${path} for ${userName} due to ${why}`);
  }
  if (problems.length) throw new ClientError(`Error in configuration: \n${problems.map((p) => `* ${p}`).join('\n')}`, 1, true);
}

/** `-v` is klog's int32 Level (strconv.ParseInt base 10): an integer, or pflag's error with ParseInt's reason. */
function parseVerbosity(v: string | undefined): number {
  if (v === undefined) return 0;
  const level = parseGoInt(v, 10, 32);
  if (typeof level === 'string') throw new FlagError(`invalid argument "${v}" for "-v, --v" flag: strconv.ParseInt: parsing "${v}": ${level}`);
  return level;
}

function unreachable(server: string): ClientError {
  const hostPort = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return new ClientError(`The connection to the server ${hostPort} was refused - did you specify the right host or port?`, 1, true);
}

/** Prints an error the way kubectl's checkErr does; returns the exit status. */
export function reportError(err: Error, commandPath: string): number {
  const write = (t: string) => process.stderr.write(t.endsWith('\n') ? t : t + '\n');
  if (err instanceof StatusError) {
    write(formatStatusError(err));
    return 1;
  }
  if (err instanceof SourcedStatusError) {
    write(formatStatusError(err.status, { verb: err.verb, file: err.file }));
    return 1;
  }
  if (err instanceof FlagError) {
    write(`error: ${err.message}\nSee '${commandPath} --help' for usage.`);
    return 1;
  }
  if (err instanceof ClientError) {
    write(err.raw || err.message.startsWith('error: ') ? err.message : `error: ${err.message}`);
    return err.exitCode;
  }
  // Anything else is a kubesim bug: say so plainly, without a stack trace.
  write(`error: ${err.message}`);
  if (process.env.KUBESIM_DEBUG) process.stderr.write(`${err.stack}\n`);
  return 1;
}
