/**
 * Descriptors and platforms as each family writes them: OCI in the image-spec's field order, Docker in
 * distribution's (mediaType, size, digest). What a Docker descriptor cannot hold is reported, not dropped
 * silently; layers retyped from one family to the other are reported per change of type.
 */
import type { Descriptor, Platform } from './manifestTypes';
import type { JsonDoc } from './manifestJson';
import { LensError } from '../errors';
import { dockerLayerTypeFor, ociLayerTypeFor } from './layerTypes';
import { changedEach, changedNote, lostFields } from './notes';
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

/** The config blob keeps its bytes (and so its digest) across Docker and OCI; only the type it is referenced by changes. */
export function configTypeNote(from: string, to: string): ConversionNote[] {
  return changedNote('config.mediaType', "The config's media type changed (its bytes did not)", from, to);
}

const LAYER_TARGET = {
  oci: { mapType: ociLayerTypeFor, write: ociDescriptor, losses: ociDescriptorLosses, format: 'OCI', family: 'OCI' },
  docker: {
    mapType: dockerLayerTypeFor,
    write: dockerDescriptor,
    losses: dockerDescriptorLosses,
    format: 'Docker schema 2',
    family: 'Docker',
  },
} as const;

/**
 * The layers retyped for the other family, with what their descriptors lose and each type change pushed
 * onto `notes`; CONVERSION_REFUSED naming every layer whose type has no equivalent there.
 */
export function convertLayers(layers: readonly Descriptor[], target: keyof typeof LAYER_TARGET, notes: ConversionNote[]): JsonDoc[] {
  const { mapType, write, losses, format, family } = LAYER_TARGET[target];
  const refusals: string[] = [];
  const types = layers.map((layer, i) => {
    const mapped = mapType(layer.mediaType);
    notes.push(...losses(layer, `layers[${i}]`));
    if (mapped.ok) return mapped.mediaType;
    refusals.push(`layers[${i}]: ${mapped.reason}`);
    return layer.mediaType;
  });
  if (refusals.length > 0) {
    throw new LensError('CONVERSION_REFUSED', `Cannot convert to ${format}: ${refusals[0]}.`, refusals.join('\n'));
  }
  const pairs = layers.map((layer, i) => [layer.mediaType, types[i]!] as const);
  notes.push(...changedEach('layers', 'mediaType', `Layer media types were mapped to their ${family} equivalents`, pairs));
  return layers.map((layer, i) => write(layer, types[i]!));
}
