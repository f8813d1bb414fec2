// The code of the embedded control plane and the nodes: the controllers, the scheduler, the
// kubelets with their runtime, the cluster network and the default cluster's bootstrap. It is
// most of kubesim's code, so a session loads it (src/cluster/session.ts, a dynamic import: a
// chunk of its own in the bundle) only when the session may need it: a read with nothing due
// starts without compiling any of it.
import type { Controller } from './engine.js';
import { scheduler } from './scheduler.js';
import { kubelet } from './kubelet.js';
import { namespaceController } from './namespaces.js';
import { WORKLOAD_CONTROLLERS } from './controllers/index.js';
import { AUTH_CONTROLLERS } from '../apiserver/auth/controllers.js';
import { staticPods } from './static-pods.js';
import './addons/index.js'; // the add-ons' in-process webhook servers

export { attachClusterNetwork } from './network.js';
export { attachVolumeFiles } from './kubelet.js';
export { bootstrapCluster } from './bootstrap.js';

/** The controllers of the embedded control plane and the nodes, in registration order. */
export const CONTROLLERS: Controller[] = [namespaceController, scheduler, kubelet, staticPods, ...WORKLOAD_CONTROLLERS, ...AUTH_CONTROLLERS];
