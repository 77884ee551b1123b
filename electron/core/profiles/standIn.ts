/**
 * Stand-in manifests of a stored kind, for the distribution 2.8 simulator when only the kind is known (a
 * HEAD tells the Content-Type, not the body). The simulator decides on the type, the list's platforms and
 * its entry's type, never on configs or layers, so an image without layers stands in for any image.
 */
import { MediaType } from '../../../shared/mediaTypes';
import { sha256Digest } from '../digest';
import type { StoredManifest } from '../convert/negotiationSimulator';
import type { StoredKind } from './types';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const stored = (value: unknown): StoredManifest => {
  const bytes = encode(value);
  return { bytes, digest: sha256Digest(bytes) };
};
const EMPTY_CONFIG = { size: 2, digest: sha256Digest(encode({})) };

function image(kind: 'schema1' | 'schema2' | 'ociManifest'): StoredManifest {
  switch (kind) {
    case 'schema1':
      return stored({ schemaVersion: 1, name: 'stand-in', tag: 'stand-in', architecture: 'amd64', fsLayers: [], history: [] });
    case 'schema2':
      return stored({
        schemaVersion: 2,
        mediaType: MediaType.dockerSchema2,
        config: { mediaType: MediaType.dockerConfig, ...EMPTY_CONFIG },
        layers: [],
      });
    case 'ociManifest':
      return stored({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, ...EMPTY_CONFIG },
        layers: [],
      });
  }
}

export interface StandIn {
  stored: StoredManifest;
  /** The list's entry, when it has a linux/amd64 one. */
  child?: StoredManifest;
}

/** A manifest of `kind`; a list or index holds one entry, linux/amd64 of `child`'s kind unless 'none'. */
export function standIn(kind: StoredKind, child: StoredKind | 'none'): StandIn {
  if (kind !== 'dockerList' && kind !== 'ociIndex') return { stored: image(kind) };
  const entryKind = child === 'none' || child === 'dockerList' || child === 'ociIndex' ? 'schema2' : child;
  const entry = image(entryKind);
  const platform = child === 'none' ? { architecture: 'arm64', os: 'linux' } : { architecture: 'amd64', os: 'linux' };
  const entryType =
    entryKind === 'schema1' ? MediaType.dockerSchema1Signed : entryKind === 'schema2' ? MediaType.dockerSchema2 : MediaType.ociManifest;
  const mediaType = kind === 'dockerList' ? MediaType.dockerList : MediaType.ociIndex;
  const list = stored({
    schemaVersion: 2,
    mediaType,
    manifests: [{ mediaType: entryType, size: entry.bytes.length, digest: entry.digest, platform }],
  });
  return child === 'none' ? { stored: list } : { stored: list, child: entry };
}
