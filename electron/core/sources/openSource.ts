/** Opens whatever a source name points at: a registry, an OCI layout, a docker archive or a manifest file. */
import { statSync } from 'node:fs';
import type { RegistryClient } from '../registry/client';
import { parseReference, type Reference } from '../registry/reference';
import { openDockerArchive } from './dockerArchive';
import type { DroppedManifests } from './droppedManifests';
import { openManifestFile } from './manifestFile';
import { openOciLayout } from './ociLayout';
import { openRegistrySource } from './registrySource';
import type { ImageSource } from './source';
import { parseSourceSpec, type SourceSpec } from './sourceSpec';

export interface OpenSourceOptions {
  /** The client for the registry a reference names (one per registry, shared with the other calls). */
  clientFor: (reference: Reference) => RegistryClient;
  /** A manifest file's config, for conversions that need it. */
  configFile?: string | null;
  /** Manifest files dropped onto the page this session, which open by the names it gave them. */
  dropped?: DroppedManifests;
}

/**
 * Whether a bare word names a file: anything but a folder exists by that name. A FIFO or a device counts,
 * so that it is refused as the file it is rather than looked up as an image on Docker Hub; statSync
 * does not open the path, so a FIFO cannot block here.
 */
function isFile(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The source name read as openSource reads it (a bare word is a file when one of that name exists). */
export function sourceSpecOf(text: string): SourceSpec {
  return parseSourceSpec(text, isFile);
}

export async function openSource(text: string, options: OpenSourceOptions): Promise<ImageSource> {
  const dropped = options.dropped?.open(text);
  if (dropped) return dropped;
  const spec = sourceSpecOf(text);
  switch (spec.transport) {
    case 'registry': {
      const reference = parseReference(spec.reference);
      return openRegistrySource(options.clientFor(reference), reference, text);
    }
    case 'oci':
      return openOciLayout(spec.dir, spec.tag, text);
    case 'docker-archive':
      return openDockerArchive(spec.file, spec.image, text);
    case 'file':
      return openManifestFile(spec.path, options.configFile ?? null, text);
  }
}

/** Opens a source for the duration of `work`, and closes it however work ends. */
export async function withSource<T>(text: string, options: OpenSourceOptions, work: (source: ImageSource) => Promise<T>): Promise<T> {
  const source = await openSource(text, options);
  try {
    return await work(source);
  } finally {
    await source.close();
  }
}
