/**
 * What a puller meets at a tag, from the registry's answer to one HEAD with every manifest type in
 * Accept (so a distribution 2.x, Quay or Nexus registry serves what it stores instead of creating
 * schema 1 on the fly), and, with --deep, from the body of a list, index or OCI manifest.
 */
import { isSchema1Kind, type TagKind } from '../../../shared/auditReport';
import { MediaType } from '../../../shared/mediaTypes';
import { parseManifest, type ParsedManifest } from '../convert/manifestTypes';
import { DEFAULT_PLATFORM, platformMatches } from '../convert/selectPlatform';

export const SCHEMA1_UNPULLABLE = 'Docker 27+ and containerd 2.1 cannot pull this';
export const NO_LINUX_AMD64 = 'no linux/amd64 image: docker pull on a linux/amd64 host fails with "no matching manifest"';

const KIND_BY_TYPE: ReadonlyMap<string, TagKind> = new Map([
  [MediaType.dockerSchema1Signed, 'schema1-signed'],
  [MediaType.dockerSchema1, 'schema1-unsigned'],
  [MediaType.dockerSchema2, 'schema2'],
  [MediaType.dockerList, 'manifest-list'],
  [MediaType.ociManifest, 'oci-manifest'],
  [MediaType.ociIndex, 'oci-index'],
]);

/** The media type of a Content-Type value, without parameters. */
export function mediaTypeOf(contentType: string | null): string | null {
  return contentType?.split(';')[0]?.trim().toLowerCase() || null;
}

export function kindOfMediaType(mediaType: string | null): TagKind {
  return (mediaType && KIND_BY_TYPE.get(mediaType)) || 'unknown';
}

/** Whether --deep has something to learn from the body: a list's platforms, an OCI manifest's artifact type. */
export function needsBody(kind: TagKind): boolean {
  return kind === 'manifest-list' || kind === 'oci-index' || kind === 'oci-manifest';
}

/** What the served type alone says a puller trips on. */
export function flagsOfKind(kind: TagKind, mediaType: string | null): string[] {
  if (isSchema1Kind(kind)) return [SCHEMA1_UNPULLABLE];
  if (kind === 'unknown') return [`served as ${mediaType ?? '(no Content-Type)'}, which no client pulls as an image`];
  return [];
}

export interface BodyVerdict {
  kind: TagKind;
  flags: string[];
}

/** What the body adds: an OCI manifest that is an artifact, a list without linux/amd64. */
export function classifyBody(bytes: Uint8Array, mediaType: string | null): BodyVerdict {
  const parsed = parseManifest(bytes, mediaType ?? undefined);
  return { kind: bodyKind(parsed), flags: bodyFlags(parsed) };
}

function bodyKind(parsed: ParsedManifest): TagKind {
  if (parsed.kind !== 'ociManifest') return kindOfMediaType(parsed.mediaType);
  const { artifactType, config } = parsed.manifest;
  return artifactType !== undefined || config.mediaType !== MediaType.ociConfig ? 'artifact' : 'oci-manifest';
}

function bodyFlags(parsed: ParsedManifest): string[] {
  if (parsed.kind !== 'dockerList' && parsed.kind !== 'ociIndex') return [];
  const amd64 = parsed.manifest.manifests.some((d) => platformMatches(DEFAULT_PLATFORM, d.platform));
  return amd64 ? [] : [NO_LINUX_AMD64];
}
