import { KubeCommand, EMBEDDED_SERVER } from '../../src/client/command.js';
import { CLUSTER_SERVICE_SELECTOR, renderClusterInfo } from '../../src/client/cluster-info.js';
import { resolveResource } from '../../src/apiserver/resources.js';

export default class ClusterInfo extends KubeCommand {
  static override summary = 'Display cluster information';
  static override description =
    "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.";
  static override examples = ['# Print the address of the control plane and cluster services\nkubectl cluster-info'];

  async run(): Promise<void> {
    // kubectl looks in kube-system unless -n names a namespace (the context's namespace plays no part).
    const namespace = this.flag<string | undefined>('namespace') || 'kube-system';
    const text = await this.cluster(
      (s, k) => {
        const services = s.api.list(resolveResource('services')!, namespace, { labelSelector: CLUSTER_SERVICE_SELECTOR });
        return renderClusterInfo(k.resolved.cluster?.cluster.server ?? EMBEDDED_SERVER, services);
      },
      { readOnly: true },
    );
    this.print(text);
  }
}
