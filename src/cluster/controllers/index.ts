// The workload controllers of the embedded kube-controller-manager (and its node lifecycle
// controller's unschedulable taint), in registration order, and their API strategies
// (imported for the side effect).
import type { Controller } from '../engine.js';
import './strategies.js';
import { deploymentController } from './deployment.js';
import { replicaSetController } from './replicaset.js';
import { jobController } from './job.js';
import { cronJobController } from './cronjob.js';
import { daemonSetController } from './daemonset.js';
import { statefulSetController } from './statefulset.js';
import { endpointsController } from './endpoints.js';
import { disruptionController } from './disruption.js';
import { garbageCollector } from './gc.js';
import { STORAGE_CONTROLLERS } from './persistentvolume.js';
import { nodeLifecycleController } from './node-lifecycle.js';

export const WORKLOAD_CONTROLLERS: Controller[] = [
  deploymentController,
  replicaSetController,
  statefulSetController,
  daemonSetController,
  jobController,
  cronJobController,
  endpointsController,
  disruptionController,
  garbageCollector,
  ...STORAGE_CONTROLLERS,
  nodeLifecycleController,
];
