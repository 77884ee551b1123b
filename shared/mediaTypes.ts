/** Media types of the six manifest formats and the blobs they reference. */
export const MediaType = {
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema2: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

export type MediaTypeValue = (typeof MediaType)[keyof typeof MediaType];

/** The manifest formats, in the order the UI and the CLI present them. */
export const FORMATS = [
  { id: 'v2s1', mediaType: MediaType.dockerSchema1Signed, title: 'Docker v2 schema 1 (signed)' },
  { id: 'v2s1-unsigned', mediaType: MediaType.dockerSchema1, title: 'Docker v2 schema 1 (unsigned)' },
  { id: 'v2s2', mediaType: MediaType.dockerSchema2, title: 'Docker v2 schema 2' },
  { id: 'oci', mediaType: MediaType.ociManifest, title: 'OCI image manifest' },
  { id: 'docker-list', mediaType: MediaType.dockerList, title: 'Docker manifest list' },
  { id: 'oci-index', mediaType: MediaType.ociIndex, title: 'OCI image index' },
] as const;

export type FormatId = (typeof FORMATS)[number]['id'];

export const MANIFEST_MEDIA_TYPES: readonly string[] = FORMATS.map((f) => f.mediaType);

/** Docker v2 schema 1, signed and unsigned. */
export const SCHEMA1_MEDIA_TYPES: readonly string[] = [MediaType.dockerSchema1Signed, MediaType.dockerSchema1];

export function formatByMediaType(mediaType: string): (typeof FORMATS)[number] | undefined {
  return FORMATS.find((f) => f.mediaType === mediaType);
}
