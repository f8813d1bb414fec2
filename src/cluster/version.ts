// The versions of the simulated cluster and of the kubectl it stands in for
// (kind v1.32.0; kubectl v1.32.0): one place for `kubectl version` and the
// `/version` endpoint of `kubesim serve`.

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const CLIENT_VERSION = { ...SERVER_VERSION, buildDate: '2024-12-11T18:04:20Z' };

export const KUSTOMIZE_VERSION = 'v5.5.0';
