// kubesim's add-ons (`kubesim addon enable NAME`): what a task's install script
// would leave in the cluster. Importing this module also registers the add-ons'
// in-process webhook servers, so every session can answer their webhooks.
import type { ApiServer } from '../../apiserver/api.js';
import { enableWindowsGmsa } from './windows-gmsa.js';

export const ADDONS: Record<string, { summary: string; enable(api: ApiServer): void }> = {
  'windows-gmsa': {
    summary: 'the GMSACredentialSpec CRD and the kubernetes-sigs/windows-gmsa admission webhooks',
    enable: enableWindowsGmsa,
  },
};
