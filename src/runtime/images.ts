// The image catalog: what well-known images weigh and how long they take to
// pull. Pull durations and sizes are kubesim's choice but fixed per image, so a
// scenario may rely on them (FORMAT.md: a pull finishes within 10 seconds).
import { createHash } from 'node:crypto';
import { windowsImageInfo } from './windows.js';

export interface ImageInfo {
  /** Uncompressed size in bytes, as the kubelet reports it. */
  sizeBytes: number;
  /** How long a pull takes, in milliseconds. */
  pullMs: number;
}

const CATALOG: Record<string, ImageInfo> = {
  'docker.io/library/nginx': { sizeBytes: 72_188_133, pullMs: 5_241 },
  'docker.io/library/busybox': { sizeBytes: 2_156_519, pullMs: 1_370 },
  'docker.io/library/redis': { sizeBytes: 45_006_222, pullMs: 4_318 },
  'docker.io/library/ubuntu': { sizeBytes: 29_754_422, pullMs: 3_102 },
  'docker.io/library/debian': { sizeBytes: 48_494_272, pullMs: 3_907 },
  'docker.io/library/alpine': { sizeBytes: 3_652_536, pullMs: 1_102 },
  'docker.io/polinux/stress': { sizeBytes: 4_041_495, pullMs: 1_912 },
  'docker.io/vish/stress': { sizeBytes: 1_998_236, pullMs: 1_450 },
  'registry.k8s.io/pause': { sizeBytes: 320_368, pullMs: 620 },
};

const EXACT_SIZES: Record<string, number> = {
  'docker.io/library/busybox:1.28': 727_869,
};

/** Normalized references by what the spec said: the kubelet asks for the same few on every sync. */
const normalized = new Map<string, string>();

/** `nginx` → `docker.io/library/nginx:latest`; `busybox:1.28` → `docker.io/library/busybox:1.28`. */
export function normalizeImage(image: string): string {
  let ref = normalized.get(image);
  if (ref === undefined) normalized.set(image, (ref = normalizeReference(image)));
  return ref;
}

function normalizeReference(image: string): string {
  let ref = image;
  const firstSlash = ref.indexOf('/');
  const first = firstSlash < 0 ? '' : ref.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) ref = firstSlash < 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
  if (ref.includes('@')) return ref;
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.slice(lastSlash + 1).includes(':')) ref += ':latest';
  return ref;
}

/** The repository part of a normalized reference (no tag, no digest). */
export function repositoryOf(normalized: string): string {
  const at = normalized.indexOf('@');
  const noDigest = at < 0 ? normalized : normalized.slice(0, at);
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? noDigest : noDigest.slice(0, colon);
}

function stableNumber(seed: string, min: number, max: number): number {
  const h = createHash('sha256').update(seed).digest();
  return min + (h.readUInt32BE(0) % (max - min));
}

export function imageInfo(image: string): ImageInfo {
  const windows = windowsImageInfo(image);
  if (windows) return windows;
  const normalized = normalizeImage(image);
  const known = CATALOG[repositoryOf(normalized)];
  const sizeBytes = EXACT_SIZES[normalized] ?? known?.sizeBytes ?? stableNumber(normalized, 5_000_000, 90_000_000);
  const pullMs = known?.pullMs ?? stableNumber(normalized + '#pull', 1_000, 6_000);
  return { sizeBytes, pullMs };
}

/**
 * How long a pull of an image whose layers the node already has takes (an
 * `Always` policy pulls again): a few hundred ms, different for every pull
 * (`seed` names the container, `pull` counts its pulls), so the kubelet's Pulled events do not aggregate.
 */
export function cachedPullMs(image: string, seed: string, pull = 0): number {
  // The n-th pull of one seed steps through the range by a stride prime to its width, so no two of
  // the first 600 pulls of a container take the same time (their Pulled messages never merge).
  return 300 + ((stableNumber(`${normalizeImage(image)}#cached#${seed}`, 0, 600) + pull * 257) % 600);
}

/** `docker.io/library/nginx@sha256:<64 hex>`, fixed per image. */
export function imageId(image: string): string {
  let id = imageIds.get(image);
  if (id === undefined) {
    // Every container status names its image's ID: a digest computed once per image, not per status.
    const normalized = normalizeImage(image);
    const digest = createHash('sha256').update(`kubesim:${normalized}`).digest('hex');
    imageIds.set(image, (id = `${repositoryOf(normalized)}@sha256:${digest}`));
  }
  return id;
}
const imageIds = new Map<string, string>();
