import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { convert } from '../../src/kompose/convert.js';
import { KomposeFatal, KomposeLog, KomposeUnsupported, logLine } from '../../src/kompose/log.js';

/** kompose's global flags (root command) and `convert`'s, as kompose 1.34 defines them. */
export const komposeFlags = {
  file: Flags.string({ char: 'f', multiple: true, description: 'Specify an alternative compose file' }),
  provider: Flags.string({ description: 'Specify a provider. Kubernetes or OpenShift.', default: 'kubernetes' }),
  verbose: Flags.boolean({ char: 'v', description: 'verbose output' }),
  'suppress-warnings': Flags.boolean({ description: 'Suppress all warnings' }),
  'error-on-warning': Flags.boolean({ description: 'Treat any warning as an error' }),
  out: Flags.string({ char: 'o', description: 'Specify a file name or directory to save objects to (if path does not exist, a file will be created)' }),
  stdout: Flags.boolean({ description: 'Print converted objects to stdout' }),
  replicas: Flags.string({ description: 'Specify the number of replicas in the generated resource spec', default: '1' }),
  'with-kompose-annotation': Flags.boolean({ description: 'Add kompose annotations to generated resource', default: true }),
  indent: Flags.string({ description: 'Spaces length to indent generated yaml files', default: '2' }),
  controller: Flags.string({ description: 'Set the output controller ("deployment"|"daemonSet"|"replicationController")' }),
  yaml: Flags.boolean({ char: 'y', description: 'Generate resource files into YAML format' }),
  json: Flags.boolean({ char: 'j', description: 'Generate resource files into JSON format' }),
  chart: Flags.boolean({ char: 'c', description: 'Create a Helm chart for converted objects' }),
  namespace: Flags.string({ char: 'n', description: 'Specify the namespace of the generated resources' }),
  volumes: Flags.string({ description: 'Volumes to be generated ("persistentVolumeClaim"|"emptyDir"|"hostPath" | "configMap")', default: 'persistentVolumeClaim' }),
  'pvc-request-size': Flags.string({ description: 'Specify the size of pvc storage requests in the generated resource spec' }),
  build: Flags.string({ description: 'Set the type of build ("local"|"build-config"(OpenShift only)|"none")', default: 'none' }),
  'push-image': Flags.boolean({ description: 'If we should push the docker image we built' }),
  profile: Flags.string({ multiple: true, description: 'Specify the profile to use, can use multiple profiles' }),
  'generate-network-policies': Flags.boolean({ description: 'Specify whether to generate network policies or not' }),
  'service-group-mode': Flags.string({ description: 'Group multiple service to create single workload by label or volume' }),
  'service-group-name': Flags.string({ description: 'Using with --service-group-mode=volume to specific a final service name for the group' }),
  'secrets-as-files': Flags.boolean({ description: 'Always convert docker-compose secrets into files instead of symlinked directories' }),
  deployment: Flags.boolean({ char: 'd', description: 'Generate a Kubernetes deployment object (deprecated, use --controller instead)' }),
  'daemon-set': Flags.boolean({ description: 'Generate a Kubernetes daemonset object (deprecated, use --controller instead)' }),
  'replication-controller': Flags.boolean({ description: 'Generate a Kubernetes replication controller object (deprecated, use --controller instead)' }),
};

/** Flags that change what kompose generates in ways kubesim does not model. */
const UNMODELLED = ['verbose', 'json', 'chart', 'namespace', 'pvc-request-size', 'push-image', 'profile', 'generate-network-policies', 'service-group-mode', 'service-group-name', 'secrets-as-files', 'daemon-set', 'replication-controller'];

export default class KomposeConvert extends KubeCommand {
  static override summary = 'Convert a Compose file (kompose 1.34.0)';
  static override description =
    'The kompose tool, for the Docker Compose tutorial: reads compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml ' +
    '(or -f FILE) and writes one Kubernetes manifest per object (NAME-KIND.yaml), exactly as kompose 1.34.0 does. ' +
    'A `kompose` shim beside `kubectl` runs `kubesim kompose`.';
  static override examples = ['kompose convert', 'kubesim kompose convert -f docker-compose.yaml', 'kompose convert --stdout'];
  static override flags = komposeFlags;
  /** kubectl's global flags mean nothing to kompose: kept out of its help. */
  static override baseFlags = {} as typeof KubeCommand.baseFlags;
  static override kubesimOnly = true;

  /** The words typed before the flags and arguments (`kompose convert`), for the kompose.cmd annotation. */
  protected override commandWords(): string[] {
    return ['kompose', 'convert'];
  }

  async run(): Promise<void> {
    await this.convert(this.argv);
  }

  protected async convert(argv: string[]): Promise<void> {
    const log = new KomposeLog();
    try {
      const provider = this.flag<string>('provider');
      if (provider.toLowerCase() === 'openshift') throw new KomposeUnsupported('kompose: --provider openshift is not supported by kubesim yet');
      if (provider.toLowerCase() !== 'kubernetes') throw new KomposeFatal(`${provider} is an unsupported provider. Supported providers are: 'kubernetes', 'openshift'.`);
      for (const f of UNMODELLED) {
        if (this.kubeArgs.given.has(f)) throw new KomposeUnsupported(`kompose: convert --${f} is not supported by kubesim yet`);
      }
      if (this.flag<string>('indent') !== '2') throw new KomposeUnsupported('kompose: convert --indent other than 2 is not supported by kubesim yet');
      const controller = (this.flag<string | undefined>('controller') ?? '').toLowerCase();
      if (controller !== '' && controller !== 'deployment') throw new KomposeUnsupported(`kompose: convert --controller ${controller} is not supported by kubesim yet`);
      if (this.flag<string>('build') !== 'none') throw new KomposeUnsupported('kompose: convert --build (building images) is not supported by kubesim yet');
      if (!['persistentVolumeClaim', 'emptyDir', 'hostPath', 'configMap'].includes(this.flag<string>('volumes'))) {
        throw new KomposeFatal(`Unknown Volume type: ${this.flag<string>('volumes')}, possible values are: 'persistentVolumeClaim' 'emptyDir' 'hostPath' 'configMap'`);
      }
      if (this.kubeArgs.given.has('yaml')) {
        const short = argv.some((a) => /^-[^-]*y/.test(a));
        process.stderr.write(short ? 'Flag shorthand -y has been deprecated, YAML is the default format now\n' : 'Flag --yaml has been deprecated, YAML is the default format now\n');
      }
      if (this.kubeArgs.given.has('deployment')) process.stderr.write('Flag --deployment has been deprecated, use --controller\n');
      if (this.args.length) throw new KomposeFatal(`Unknown Argument(s): ${this.args.join(',')}`);
      const replicasText = this.flag<string>('replicas');
      if (!/^-?\d+$/.test(replicasText)) throw new ClientError(`invalid argument "${replicasText}" for "--replicas" flag: strconv.ParseInt: parsing "${replicasText}": invalid syntax`);
      let files = (this.flag<string[]>('file') ?? []).flatMap((f) => f.split(','));
      if (!this.kubeArgs.given.has('file') && process.env.COMPOSE_FILE) files = process.env.COMPOSE_FILE.split(/\s+/).filter(Boolean);
      const result = convert(
        {
          files,
          out: this.flag<string | undefined>('out') ?? '',
          stdout: this.flag<boolean>('stdout'),
          replicas: Number(replicasText),
          replicasGiven: this.kubeArgs.given.has('replicas'),
          withKomposeAnnotation: this.flag<boolean>('with-kompose-annotation'),
          cmd: [...this.commandWords(), ...argv].join(' '),
          cwd: process.cwd(),
          env: process.env,
        },
        log,
      );
      if (this.writeLog(log) && result.stdout) this.print(result.stdout);
    } catch (e) {
      if (!this.writeLog(log)) return;
      if (e instanceof KomposeFatal) {
        process.stderr.write(logLine('fatal', e.message));
        process.exitCode = 1;
        return;
      }
      if (e instanceof KomposeUnsupported) throw new ClientError(e.message);
      throw e;
    }
  }

  /** Writes the collected log lines; with --error-on-warning a warning ends the run as a fatal error (false). */
  private writeLog(log: KomposeLog): boolean {
    const suppress = this.flag<boolean>('suppress-warnings');
    const errorOnWarning = this.flag<boolean>('error-on-warning');
    for (const line of log.lines.splice(0)) {
      const warning = line.includes('WARN\x1b[0m');
      if (warning && !suppress && errorOnWarning) {
        process.stderr.write(logLine('fatal', line.slice(line.indexOf(' ') + 1).trimEnd()));
        process.exitCode = 1;
        return false;
      }
      if (!suppress) process.stderr.write(line);
    }
    return true;
  }
}
