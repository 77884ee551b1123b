/**
 * Docker Hub answers to several names, and each tool files its credentials under a different one:
 * docker under its v1 index URL, podman under docker.io, hand-written files under any of them.
 */
export const DOCKER_HUB = 'docker.io';
/** The key `docker login` writes for Hub, in config.json and as a helper's server URL. */
export const DOCKER_HUB_INDEX_KEY = 'https://index.docker.io/v1/';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry name credentials are filed under for an API host: Hub's endpoints are docker.io. */
export function credentialRegistry(host: string): string {
  const lower = host.toLowerCase();
  return HUB_ALIASES.has(lower) ? DOCKER_HUB : host;
}

/** docker's key for a registry in config.json (auths, credHelpers) and on a helper's stdin. */
export function dockerConfigKey(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_INDEX_KEY : registry;
}

/**
 * A key as it compares after normalization: scheme and path dropped, Hub's names made one. docker and
 * containers/image both fall back to this when no key matches exactly (old files used URLs as keys).
 */
export function normalizeAuthKey(key: string): string {
  const host = key.replace(/^https?:\/\//, '').split('/')[0]!;
  return HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB : host;
}
