// `kubectl options`: kubectl v1.32's global options, each with its default as pflag prints it.
// kubesim accepts them all (src/client/command.ts globalFlags); the ones that would change how a
// real client reaches a real server are checked as client-go checks them, or refused plainly.

/** [flag with its default, description], in kubectl's order; `home` is $HOME (the cache directory's default). */
function options(home: string): [string, string][] {
  return [
    ["--as=''", "Username to impersonate for the operation. User could be a regular user or a service account in a namespace."],
    ["--as-group=[]", "Group to impersonate for the operation, this flag can be repeated to specify multiple groups."],
    ["--as-uid=''", "UID to impersonate for the operation."],
    [`--cache-dir='${home}/.kube/cache'`, "Default cache directory"],
    ["--certificate-authority=''", "Path to a cert file for the certificate authority"],
    ["--client-certificate=''", "Path to a client certificate file for TLS"],
    ["--client-key=''", "Path to a client key file for TLS"],
    ["--cluster=''", "The name of the kubeconfig cluster to use"],
    ["--context=''", "The name of the kubeconfig context to use"],
    ["--disable-compression=false", "If true, opt-out of response compression for all requests to the server"],
    ["--insecure-skip-tls-verify=false", "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure"],
    ["--kubeconfig=''", "Path to the kubeconfig file to use for CLI requests."],
    ["--log-flush-frequency=5s", "Maximum number of seconds between log flushes"],
    ["--match-server-version=false", "Require server version to match client version"],
    ["-n, --namespace=''", "If present, the namespace scope for this CLI request"],
    ["--password=''", "Password for basic authentication to the API server"],
    ["--profile='none'", "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)"],
    ["--profile-output='profile.pprof'", "Name of the file to write the profile to"],
    ["--request-timeout='0'", "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests."],
    ["-s, --server=''", "The address and port of the Kubernetes API server"],
    ["--tls-server-name=''", "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used"],
    ["--token=''", "Bearer token for authentication to the API server"],
    ["--user=''", "The name of the kubeconfig user to use"],
    ["--username=''", "Username for basic authentication to the API server"],
    ["-v, --v=0", "number for the log level verbosity"],
    ["--vmodule=", "comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)"],
    ["--warnings-as-errors=false", "Treat warnings received from the server as errors and exit with a non-zero exit code"],
  ];
}

export function renderOptions(home: string): string {
  return `The following options can be passed to any command:\n\n${options(home).map(([flag, text]) => `    ${flag}:\n\t${text}\n\n`).join('')}`;
}
