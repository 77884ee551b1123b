/**
 * Layer media types of Docker schema 2 and OCI and how they map onto each other. The pairs are the ones
 * containers/image uses; what has no pair (zstd, encryption, anything unknown) is refused with a reason.
 */
import { MediaType } from '../../../shared/mediaTypes';

export const DockerLayerType = {
  gzip: MediaType.dockerLayerGzip,
  tar: 'application/vnd.docker.image.rootfs.diff.tar',
  foreignGzip: MediaType.dockerForeignLayerGzip,
  foreignTar: 'application/vnd.docker.image.rootfs.foreign.diff.tar',
} as const;

export const OciLayerType = {
  gzip: MediaType.ociLayerGzip,
  tar: MediaType.ociLayer,
  zstd: MediaType.ociLayerZstd,
  nondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  nondistributableTar: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  nondistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
} as const;

const PAIRS: ReadonlyArray<readonly [docker: string, oci: string]> = [
  [DockerLayerType.gzip, OciLayerType.gzip],
  [DockerLayerType.tar, OciLayerType.tar],
  [DockerLayerType.foreignGzip, OciLayerType.nondistributableGzip],
  [DockerLayerType.foreignTar, OciLayerType.nondistributableTar],
];

export type LayerMapping = { ok: true; mediaType: string } | { ok: false; reason: string };

const DOCKER_TYPES: readonly string[] = Object.values(DockerLayerType);
/** Every OCI layer type, encrypted and zstd ones included, shares this prefix. */
const OCI_LAYER_PREFIX = 'application/vnd.oci.image.layer.';

/** A layer typed for OCI already (some tools mix families) stays as it is. */
export function ociLayerTypeFor(dockerType: string): LayerMapping {
  if (dockerType.startsWith(OCI_LAYER_PREFIX)) return { ok: true, mediaType: dockerType };
  const pair = PAIRS.find(([docker]) => docker === dockerType);
  return pair ? { ok: true, mediaType: pair[1] } : { ok: false, reason: `${dockerType} is not a Docker schema 2 layer media type` };
}

/** A layer typed for Docker already stays as it is. */
export function dockerLayerTypeFor(ociType: string): LayerMapping {
  if (DOCKER_TYPES.includes(ociType)) return { ok: true, mediaType: ociType };
  const pair = PAIRS.find(([, oci]) => oci === ociType);
  if (pair) return { ok: true, mediaType: pair[0] };
  if (ociType.endsWith('+encrypted')) {
    return { ok: false, reason: `${ociType} is encrypted (ocicrypt); Docker schema 2 cannot describe encrypted layers` };
  }
  if (ociType.endsWith('+zstd')) {
    return {
      ok: false,
      reason: `${ociType} is zstd-compressed; Docker schema 2 has no zstd layer type, so Docker clients could not read it`,
    };
  }
  return { ok: false, reason: `${ociType} has no Docker schema 2 equivalent` };
}
