// Feature gates of a v1.32 cluster: the defaults of the release, overridden by
// what `kubesim reset --feature-gates=Name=true,...` stored in the cluster's
// meta (the same setting for the API server and every kubelet, as a kind
// cluster's `featureGates` gives). Only the gates kubesim acts on are listed.

/** v1.32 defaults (k8s.io/kubernetes pkg/features/versioned_kube_features.go). */
const V132_DEFAULTS: Record<string, boolean> = {
  /** Alpha: in-place resize, the pods/resize subresource, resizePolicy defaulting. */
  InPlacePodVerticalScaling: false,
  /** Alpha: containerStatuses[].allocatedResources. */
  InPlacePodVerticalScalingAllocatedStatus: false,
  /** Alpha: spec.securityContext.supplementalGroupsPolicy, containerStatuses[].user. */
  SupplementalGroupsPolicy: false,
  /** Alpha: volumes[].image. */
  ImageVolume: false,
  /** Beta, off by default: spec.hostUsers. */
  UserNamespacesSupport: false,
};

/** Whether gate `name` is on, given the gates a cluster was created with. */
export function featureEnabled(gates: Record<string, boolean> | undefined, name: string): boolean {
  return gates?.[name] ?? V132_DEFAULTS[name] ?? false;
}
