// The registries images are pulled from. Every image in kubesim is public but
// the repositories listed here, which grant a pull only to their account (the
// private registry of pull-image-private-registry.md). The kubelet hands over
// the credentials of the Pod's dockerconfigjson pull secrets that match the
// image's registry host; the answer is containerd's error text, or undefined
// when the pull may go ahead.
import { normalizeImage, repositoryOf } from './images.js';

export interface RegistryCredential {
  username: string;
  password: string;
}

const PRIVATE_REPOSITORIES: Record<string, RegistryCredential> = {
  'your.private.registry.example.com/janedoe/jdoe-private': { username: 'janedoe', password: 'xxxxxxxxxxx' },
};

/** `your.private.registry.example.com/x/y:v1` → `your.private.registry.example.com`; Docker Hub → `docker.io`. */
export function registryHost(image: string): string {
  const normalized = normalizeImage(image);
  return normalized.slice(0, normalized.indexOf('/'));
}

/**
 * Whether a key of a docker config's "auths" names `host` (the kubelet's
 * credential keyring: a bare host, `https://host`, `https://host/v1/`, ...;
 * Docker Hub's keys are `index.docker.io` / `https://index.docker.io/v1/`).
 */
export function authKeyMatches(key: string, host: string): boolean {
  let k = key.trim().replace(/^[a-z]+:\/\//i, '');
  k = k.split('/')[0]!.toLowerCase();
  const h = host.toLowerCase();
  if (h === 'docker.io') return k === 'docker.io' || k === 'index.docker.io' || k === 'registry-1.docker.io';
  return k === h;
}

/** containerd's error for a pull of `image` with these credentials, or undefined when it succeeds. */
export function pullError(image: string, credentials: RegistryCredential[]): string | undefined {
  const normalized = normalizeImage(image);
  const account = PRIVATE_REPOSITORIES[repositoryOf(normalized)];
  if (!account) return undefined;
  if (credentials.some((c) => c.username === account.username && c.password === account.password)) return undefined;
  const ref = normalized;
  if (credentials.length === 0) {
    return `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  const host = registryHost(image);
  const repo = repositoryOf(normalized).slice(host.length + 1);
  const scope = encodeURIComponent(`repository:${repo}:pull`);
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://${host}/token?scope=${scope}&service=${host}: 401 Unauthorized`;
}
