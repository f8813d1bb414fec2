// kubectl v1.32's commands, as its cobra tree has them: what dispatch tells apart from a word
// kubectl does not know (a command kubesim lacks is "not supported", not "unknown"), and what the
// plugin verifier warns a plugin overwrites.

/** kubectl v1.32's command tree: each top-level command and its subcommands. */
export const KUBECTL_TREE: Record<string, string[]> = {
  create: ['clusterrole', 'clusterrolebinding', 'configmap', 'cronjob', 'deployment', 'ingress', 'job', 'namespace', 'poddisruptionbudget', 'priorityclass', 'quota', 'role', 'rolebinding', 'secret', 'service', 'serviceaccount', 'token'],
  expose: [], run: [], set: ['env', 'image', 'resources', 'selector', 'serviceaccount', 'subject'], explain: [], get: [], edit: [], delete: [],
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'], scale: [], autoscale: [], certificate: ['approve', 'deny'], 'cluster-info': ['dump'],
  top: ['node', 'pod'], cordon: [], uncordon: [], drain: [], taint: [], describe: [], logs: [], attach: [], exec: [], 'port-forward': [], proxy: [], cp: [],
  auth: ['can-i', 'reconcile', 'whoami'], debug: [], events: [], diff: [], apply: ['edit-last-applied', 'set-last-applied', 'view-last-applied'], patch: [],
  replace: [], wait: [], kustomize: [], label: [], annotate: [], completion: [], alpha: [], 'api-resources': [], 'api-versions': [],
  config: ['current-context', 'delete-cluster', 'delete-context', 'delete-user', 'get-clusters', 'get-contexts', 'get-users', 'rename-context', 'set', 'set-cluster', 'set-context', 'set-credentials', 'unset', 'use-context', 'view'],
  plugin: ['list'], version: [], options: [], help: [],
};

/**
 * kubectl v1.32's aliases of the commands kubesim has, by command id (`create:cm`), each to the
 * command it names: cobra's messages and help speak of the command by its own name.
 */
export const KUBECTL_ALIASES: Record<string, string> = {
  'create:cm': 'create:configmap',
  'create:cj': 'create:cronjob',
  'create:ns': 'create:namespace',
  'create:pdb': 'create:poddisruptionbudget',
  'create:resourcequota': 'create:quota',
  'create:sa': 'create:serviceaccount',
  'top:no': 'top:node',
  'top:nodes': 'top:node',
  'top:po': 'top:pod',
  'top:pods': 'top:pod',
};
