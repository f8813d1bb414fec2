import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { ClientError } from '../../src/client/command.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { KObject } from '../../src/types/k8s.js';

export default class CreateCronJob extends CreateGeneratorCommand {
  static override summary = 'Create a cron job with the specified name';
  static override examples = ['kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *"', 'kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *" -- date'];
  static override flags = {
    ...createGeneratorFlags,
    image: Flags.string({ description: 'Image name to run.' }),
    schedule: Flags.string({ description: 'A schedule in the Cron format the job should be run with.' }),
    restart: Flags.string({ description: "job's restart policy. supported values: OnFailure, Never" }),
  };

  async run(): Promise<void> {
    const image = this.flag<string | undefined>('image');
    const schedule = this.flag<string | undefined>('schedule');
    // cobra checks the required flags (sorted) before the command runs.
    const missing = [image === undefined ? '"image"' : '', schedule === undefined ? '"schedule"' : ''].filter(Boolean);
    if (missing.length) throw new ClientError(`required flag(s) ${missing.join(', ')} not set`);
    const name = this.requireName();
    const command = this.kubeArgs.afterDash ?? [];
    const restart = this.flag<string | undefined>('restart') || 'OnFailure';
    const ns = this.explicitNamespace();
    const obj: KObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { creationTimestamp: null as unknown as string, name, ...(ns ? { namespace: ns } : {}) },
      spec: {
        jobTemplate: {
          metadata: { creationTimestamp: null, name },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: { containers: [{ ...(command.length ? { command } : {}), image, name, resources: {} }], restartPolicy: restart },
            },
          },
        },
        schedule,
      },
      status: {},
    };
    await this.createBuilt(resolveResource('cronjobs.batch')!, () => obj);
  }
}
