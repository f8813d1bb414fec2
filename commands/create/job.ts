import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { ClientError } from '../../src/client/command.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { parseDryRun, renderMutated, validatePrintOutput } from '../../src/client/generated.js';
import type { KObject } from '../../src/types/k8s.js';

export default class CreateJob extends CreateGeneratorCommand {
  static override summary = 'Create a job with the specified name';
  static override examples = ['kubectl create job my-job --image=busybox', 'kubectl create job my-job --image=busybox -- date', 'kubectl create job test-job --from=cronjob/a-cronjob'];
  static override flags = {
    ...createGeneratorFlags,
    image: Flags.string({ description: 'Image name to run.' }),
    from: Flags.string({ description: "The name of the resource to create a Job from (only cronjob is supported)." }),
  };

  async run(): Promise<void> {
    const name = this.requireName();
    const image = this.flag<string | undefined>('image');
    const from = this.flag<string | undefined>('from');
    const command = this.kubeArgs.afterDash ?? [];
    if (!image && !from) throw new ClientError('either --image or --from must be specified');
    if (image && from) throw new ClientError('--image and --from are mutually exclusive');
    if (from && command.length) throw new ClientError('cannot specify --from and command');
    const r = resolveResource('jobs.batch')!;
    const ns = this.explicitNamespace();
    if (image) {
      const obj: KObject = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { creationTimestamp: null as unknown as string, name, ...(ns ? { namespace: ns } : {}) },
        spec: {
          template: {
            metadata: { creationTimestamp: null },
            spec: { containers: [{ ...(command.length ? { command } : {}), image, name, resources: {} }], restartPolicy: 'Never' },
          },
        },
        status: {},
      };
      await this.createBuilt(r, () => obj);
      return;
    }
    const slash = from!.indexOf('/');
    const kind = slash < 0 ? '' : from!.slice(0, slash);
    const source = resolveResource(kind);
    if (!source || source.kind !== 'CronJob') throw new ClientError(`from must be an existing cronjob: ${kind ? `unknown object type ${kind}` : from}`);
    const dryRun = parseDryRun(this.flag('dry-run'));
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const created = await this.cluster((s, k) => {
      const cj = s.api.get(source, k.namespace, from!.slice(slash + 1));
      const jt = ((cj.spec as { jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } }).jobTemplate ?? {});
      const job: KObject = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(jt.metadata?.annotations ?? {}) },
          ...(jt.metadata?.labels ? { labels: jt.metadata.labels } : {}),
          name,
          namespace: k.namespace,
          ownerReferences: [{ apiVersion: 'batch/v1', blockOwnerDeletion: true, controller: true, kind: 'CronJob', name: cj.metadata.name!, uid: cj.metadata.uid! }],
        },
        spec: structuredClone(jt.spec ?? {}),
      };
      if (dryRun === 'client') return job;
      return s.api.create(r, k.namespace, job, { dryRun: dryRun === 'server' });
    });
    this.print(await renderMutated(created, r, 'created', { output, dryRun, typed: true }));
  }
}
