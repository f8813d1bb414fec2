import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { ClientError } from '../../src/client/command.js';
import { intFlag } from '../../src/client/flags.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { Container, KObject } from '../../src/types/k8s.js';

/** The container name kubectl derives from an image (create_deployment.go buildPodSpec). */
function containerNames(images: string[]): string[] {
  const seen = new Map<string, number>();
  return images.map((image) => {
    let name = image.split('/').pop()!;
    name = name.split(':')[0]!.split('@')[0]!.replace(/_/g, '-');
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}-${n}`;
  });
}

export default class CreateDeployment extends CreateGeneratorCommand {
  static override summary = 'Create a deployment with the specified name';
  static override examples = ['kubectl create deployment my-dep --image=busybox', 'kubectl create deployment my-dep --image=nginx --replicas=3 --port=80'];
  static override flags = {
    ...createGeneratorFlags,
    image: Flags.string({ multiple: true, description: 'Image names to run. A deployment can have multiple images set for multi-container pod.' }),
    port: Flags.string({ description: 'The containerPort that this deployment exposes.' }),
    replicas: Flags.string({ char: 'r', description: 'Number of replicas to create. Default is 1.' }),
  };

  async run(): Promise<void> {
    const name = this.requireName();
    const images = this.flag<string[] | undefined>('image') ?? [];
    if (images.length === 0) throw new ClientError('required flag(s) "image" not set');
    const command = this.kubeArgs.afterDash ?? [];
    if (images.length > 1 && command.length > 0) throw new ClientError('cannot specify multiple --image options and command');
    const replicas = this.flag('replicas') !== undefined ? intFlag('-r, --replicas', this.flag<string>('replicas'), 32) : 1;
    const port = this.flag('port') !== undefined ? intFlag('--port', this.flag<string>('port'), 32) : -1;
    const names = containerNames(images);
    const containers: Container[] = images.map((image, i) => ({
      ...(command.length ? { command } : {}),
      image,
      name: names[i]!,
      ...(i === 0 && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
      resources: {},
    }));
    const labels = { app: name };
    const ns = this.explicitNamespace();
    const obj: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null as unknown as string, labels, name, ...(ns ? { namespace: ns } : {}) },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
      },
      status: {},
    };
    await this.createBuilt(resolveResource('deployments.apps')!, () => obj);
  }
}
