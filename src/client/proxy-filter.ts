// kubectl proxy's request filter (pkg/proxy FilterServer): a request passes when its path matches
// no reject pattern, its method no reject-method pattern, and its path and host match an accept
// pattern each. Each option is a comma-separated list of regular expressions.

export interface ProxyFilterOptions {
  acceptHosts: string;
  acceptPaths: string;
  rejectPaths: string;
  rejectMethods: string;
}

/** MakeRegexpArray: the comma-separated expressions (an empty option is none). */
function patterns(list: string): RegExp[] {
  return list === '' ? [] : list.split(',').map((p) => new RegExp(p));
}

const matchesAny = (value: string, res: RegExp[]) => res.some((re) => re.test(value));

export function proxyFilter(o: ProxyFilterOptions): (method: string, path: string, host: string) => boolean {
  const acceptHosts = patterns(o.acceptHosts);
  const acceptPaths = patterns(o.acceptPaths);
  const rejectPaths = patterns(o.rejectPaths);
  const rejectMethods = patterns(o.rejectMethods);
  return (method, path, host) => !matchesAny(path, rejectPaths) && !matchesAny(method, rejectMethods) && matchesAny(path, acceptPaths) && matchesAny(host, acceptHosts);
}
