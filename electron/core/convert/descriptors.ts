/**
 * Descriptors and platforms as each family writes them: OCI in the image-spec's field order, Docker in
 * distribution's (mediaType, size, digest). What a Docker descriptor cannot hold is reported, not dropped
 * silently.
 */
import type { Descriptor, Platform } from './manifestTypes';
import type { JsonDoc } from './manifestJson';
import { lostFields } from './notes';
import type { ConversionNote } from './types';

/** Annotations as a Go map: keys sorted, left out when absent. */
export const annotationsDoc = (a: Record<string, string> | undefined) => (a === undefined ? undefined : new Map(Object.entries(a)));

function platformDoc(p: Platform, family: 'oci' | 'docker'): JsonDoc {
  return {
    architecture: p.architecture,
    os: p.os,
    'os.version': p['os.version'],
    'os.features': p['os.features'],
    variant: p.variant,
    features: family === 'docker' ? p.features : undefined,
  };
}

const PLATFORM_FIELDS = ['architecture', 'os', 'os.version', 'os.features', 'variant'];
const OCI_FIELDS = ['mediaType', 'digest', 'size', 'urls', 'annotations', 'data', 'platform', 'artifactType'];
const DOCKER_FIELDS = ['mediaType', 'digest', 'size', 'urls', 'platform'];

export function ociDescriptor(d: Descriptor, mediaType: string): JsonDoc {
  return {
    mediaType,
    digest: d.digest,
    size: d.size,
    urls: d.urls,
    annotations: annotationsDoc(d.annotations),
    data: d.data,
    platform: d.platform && platformDoc(d.platform, 'oci'),
    artifactType: d.artifactType,
  };
}

export function dockerDescriptor(d: Descriptor, mediaType: string): JsonDoc {
  return {
    mediaType,
    size: d.size,
    digest: d.digest,
    urls: d.urls,
    platform: d.platform && platformDoc(d.platform, 'docker'),
  };
}

/** What of `d` an OCI descriptor cannot hold: unknown fields, and Docker's platform.features. */
export function ociDescriptorLosses(d: Descriptor, path: string): ConversionNote[] {
  return [
    ...lostFields(d, OCI_FIELDS, path, 'is not an OCI descriptor field'),
    ...(d.platform ? lostFields(d.platform, PLATFORM_FIELDS, `${path}.platform`, 'is not part of an OCI platform') : []),
  ];
}

/** What of `d` a Docker descriptor cannot hold: annotations, artifactType, embedded data, unknown fields. */
export function dockerDescriptorLosses(d: Descriptor, path: string): ConversionNote[] {
  return [
    ...lostFields(d, DOCKER_FIELDS, path, 'cannot be expressed in a Docker descriptor'),
    ...(d.platform ? lostFields(d.platform, [...PLATFORM_FIELDS, 'features'], `${path}.platform`, 'is not part of a Docker platform') : []),
  ];
}
