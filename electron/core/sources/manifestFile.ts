/**
 * A manifest saved to a file, optionally with its image config beside it. Only those two documents are
 * at hand: conversions that need layers (schema 1 → schema 2 needs every layer's diffID) say so instead
 * of guessing.
 */
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { parseManifest } from '../convert/manifestTypes';
import { sha256Digest } from '../digest';
import { LensError } from '../errors';
import { readRegularFile } from '../regularFile';
import { MANIFEST_SIZE_LIMIT } from '../registry/transport';
import { CONFIG_SIZE_LIMIT, manifestDigest, type ImageName, type ImageSource, type SourceManifest } from './source';

function nameFor(fileName: string, parsed: ReturnType<typeof parseManifest>): ImageName {
  if (parsed.kind === 'schema1') return { registry: null, repository: parsed.manifest.name, tag: parsed.manifest.tag };
  const stem = basename(fileName)
    .replace(/\.json$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return { registry: null, repository: stem || 'image', tag: null };
}

export async function openManifestFile(path: string, configPath: string | null, input: string): Promise<ImageSource> {
  const bytes = await readRegularFile(path, MANIFEST_SIZE_LIMIT, 'manifest file');
  const config =
    configPath === null ? null : { bytes: await readRegularFile(configPath, CONFIG_SIZE_LIMIT, 'config file'), path: configPath };
  return manifestBytesSource(bytes, { input, fileName: path, config });
}

export interface ManifestBytesOptions {
  /** The source's name, as calls that reopen it give it. */
  input: string;
  /** The file's name (or path), which names an image that names none itself. */
  fileName: string;
  /** The image config and where it came from, for conversions that read it. */
  config?: { bytes: Uint8Array; path: string } | null;
}

/** A manifest's bytes as a source: from a file, or from a file dropped onto the page (bytes, no path). */
export function manifestBytesSource(bytes: Uint8Array, { input, fileName, config = null }: ManifestBytesOptions): ImageSource {
  const parsed = parseManifest(bytes);
  const manifest: SourceManifest = { bytes, mediaType: parsed.mediaType, digest: manifestDigest(bytes, parsed.mediaType) };
  const configDigest = config && sha256Digest(config.bytes);
  const namedConfig = parsed.kind === 'schema2' || parsed.kind === 'ociManifest' ? parsed.manifest.config.digest : null;
  if (config && configDigest !== namedConfig) {
    throw new LensError(
      'INPUT_INVALID',
      `The config file ${config.path} has digest ${configDigest}, but the manifest names ${namedConfig ?? 'no config'}.`,
    );
  }
  const unavailable = (digest: string) =>
    new LensError(
      'INPUT_INVALID',
      digest === namedConfig
        ? `The image config ${digest} is not at hand; give the config file too (--config FILE).`
        : `Blob ${digest} is not available: a manifest file carries no layers; open the image from a registry, an oci: layout or a docker-archive: instead.`,
    );
  return {
    kind: 'manifest-file',
    input,
    name: nameFor(fileName, parsed),
    manifest: async () => manifest,
    async manifestByDigest(digest) {
      if (digest !== manifest.digest)
        throw new LensError('INPUT_INVALID', `The manifest file holds ${manifest.digest}, not ${digest}; child manifests are not in it.`);
      return manifest;
    },
    async blob(digest) {
      if (config && digest === configDigest) return config.bytes;
      throw unavailable(digest);
    },
    async blobStream(digest) {
      if (config && digest === configDigest) return { stream: Readable.from([config.bytes]), size: config.bytes.length };
      throw unavailable(digest);
    },
    close: async () => undefined,
  };
}
