/**
 * The Accept headers real clients send when they ask a registry for a manifest, for the negotiation
 * matrix and `manifest-lens negotiate`. Each set is written the way its client's source writes it:
 * one element of `lines` per Accept header line. A registry reads several lines as one comma-joined
 * list (RFC 9110 §5.3; distribution splits every line on commas), so `acceptHeaderValue` is the same
 * request on one line, which is how this app sends it.
 */
import { MediaType } from './mediaTypes';

export interface AcceptSet {
  id: string;
  /** For people, in tables and reports. */
  label: string;
  /** The Accept header lines as the client sends them; empty: no Accept header. */
  lines: readonly string[];
  /** Where the client builds the header, so the set can be checked again when the client changes. */
  origin: string;
}

const S1 = MediaType.dockerSchema1Signed;
const S1U = MediaType.dockerSchema1;
const S2 = MediaType.dockerSchema2;
const LIST = MediaType.dockerList;
const OCI = MediaType.ociManifest;
const IDX = MediaType.ociIndex;

/** One header line per type, the way Go's Header.Add writes repeated values. */
const perLine = (...types: string[]) => types;

export const CLIENT_ACCEPT_SETS: readonly AcceptSet[] = [
  { id: 'none', label: 'no Accept header', lines: [], origin: 'curl, and anything that does not negotiate' },
  {
    id: 'docker-27',
    label: 'docker 27 (classic image store)',
    // docker/distribution's ManifestMediaTypes(): every registered type but "", one Header.Add each.
    // They come from a Go map, so their order changes from run to run; this is one of those orders.
    lines: perLine(S1, 'application/json', S2, LIST, OCI, IDX),
    origin: 'docker/distribution registry/client/repository.go (manifests.Get) as vendored by moby v27',
  },
  {
    id: 'containerd-2',
    label: 'containerd 2 (and docker with the containerd image store)',
    lines: [`${S2}, ${LIST}, ${OCI}, ${IDX}, */*`],
    origin: 'containerd core/remotes/docker/resolver.go (NewResolver resolveHeader)',
  },
  {
    id: 'containers-image',
    label: 'podman / skopeo / buildah (containers/image)',
    lines: perLine(OCI, S2, S1, S1U, LIST, IDX),
    origin: 'containers/image manifest.DefaultRequestedManifestMIMETypes, sent by docker_image_src fetchManifest',
  },
  {
    id: 'crane',
    label: 'crane / go-containerregistry (remote.Get)',
    lines: [[S1U, S1, S2, OCI, LIST, IDX].join(',')],
    origin: 'go-containerregistry pkg/v1/remote: allManifestMediaTypes joined by "," in fetcher.fetchManifest',
  },
  ...[S1, S1U, S2, LIST, OCI, IDX].map((type) => ({ id: `only:${type}`, label: `only ${type}`, lines: [type], origin: 'a single type' })),
  { id: 'oci-only', label: 'OCI only (manifest and index)', lines: [`${OCI}, ${IDX}`], origin: 'a client that reads OCI formats only' },
];

/** The set as one header value, exactly as this app sends it; '' means no Accept header. */
export function acceptHeaderValue(set: Pick<AcceptSet, 'lines'>): string {
  return set.lines.join(', ');
}
