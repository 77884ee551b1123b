/**
 * Names of exported files: the image's name, the format and a short digest, so a folder of exports sorts
 * by image, then format, and a file can be matched to its digest at a glance
 * (`127.0.0.1_5000_lens_sample_schema2.v2s1.3f0c6d2a1b9e.json`). Only characters every file system
 * accepts are kept.
 */
import type { ImageName } from '../sources/source';

const SHORT_DIGEST = 12;
const MAX_STEM = 100;

/** `registry/repository:tag` as a file-name stem. */
export function imageStem(name: ImageName): string {
  const text = `${name.registry ? `${name.registry}/` : ''}${name.repository}${name.tag ? `:${name.tag}` : ''}`;
  const stem = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '');
  return (stem || 'image').slice(0, MAX_STEM);
}

export function shortDigest(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 1 + SHORT_DIGEST);
}

/** A manifest's file name; `part` names a blob that travels with it (`config`). */
export function exportFileName(name: ImageName, format: string, digest: string, part?: string): string {
  return `${imageStem(name)}.${format}${part ? `.${part}` : ''}.${shortDigest(digest)}.json`;
}

/** A blob's file name: the image's stem and the full hex, since a blob is named by nothing else. */
export function blobFileName(name: ImageName, digest: string): string {
  return `${imageStem(name)}.blob.${digest.slice(digest.indexOf(':') + 1)}`;
}
