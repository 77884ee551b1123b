/**
 * Every format of one image, for exports, bundles and offline sources: convertImage once per format,
 * over a source that remembers the documents it has read, so the manifest and config are fetched once
 * however many formats need them. A format that cannot be made (refused, or needing what the source
 * lacks) is reported in its place; failures of the source itself (network, auth, cancel) end the run.
 */
import type { FormatOutcome } from '../../../shared/export';
import { FORMATS, type FormatId } from '../../../shared/mediaTypes';
import { convertImage, type ConvertedImage, type ConvertOptions } from '../operations/convertImage';
import { schema1Signature, type SignatureVerdict } from '../convert/signatureVerdict';
import { LensError } from '../errors';
import type { ImageSource, SourceManifest } from '../sources/source';

export type AllFormatsOptions = Omit<ConvertOptions, 'to'>;

export type FormatConversion = { format: FormatId; ok: true; result: ConvertedImage } | { format: FormatId; ok: false; error: LensError };

/** Codes that mean "this format cannot be made from this source", not "the source failed". */
const PER_FORMAT_CODES = new Set(['CONVERSION_REFUSED', 'INPUT_INVALID']);

/** The source with its manifests and small blobs read once (layers are streamed each time, never kept). */
export function rememberingDocuments(source: ImageSource): ImageSource {
  const manifests = new Map<string, Promise<SourceManifest>>();
  const blobs = new Map<string, Promise<Uint8Array>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let pending = cache.get(key);
    if (!pending) {
      pending = load();
      cache.set(key, pending);
      // A failure is not remembered: the next caller tries again.
      pending.catch(() => cache.delete(key));
    }
    return pending;
  };
  return {
    kind: source.kind,
    input: source.input,
    name: source.name,
    manifest: (ctx) => once(manifests, '', () => source.manifest(ctx)),
    manifestByDigest: (digest, ctx) => once(manifests, digest, () => source.manifestByDigest(digest, ctx)),
    blob: (digest, maxBytes, ctx) => once(blobs, digest, () => source.blob(digest, maxBytes, ctx)),
    blobStream: (digest, ctx) => source.blobStream(digest, ctx),
    close: () => source.close(),
  };
}

/** The document a source holds, with the verdict on its signature when it is schema 1. */
export type ServedManifest = SourceManifest & { signature: SignatureVerdict | null };

export interface AllFormats {
  /** The document the source holds, as it is. */
  served: ServedManifest;
  conversions: FormatConversion[];
}

export async function convertAllFormats(source: ImageSource, options: AllFormatsOptions = {}): Promise<AllFormats> {
  const remembering = rememberingDocuments(source);
  const stored = await remembering.manifest(options);
  const served = { ...stored, signature: await schema1Signature(stored.bytes, stored.mediaType) };
  const outcomes: FormatConversion[] = [];
  for (const { id } of FORMATS) {
    try {
      outcomes.push({ format: id, ok: true, result: await convertImage(remembering, { ...options, to: id }) });
    } catch (e) {
      if (!(e instanceof LensError) || !PER_FORMAT_CODES.has(e.code)) throw e;
      outcomes.push({ format: id, ok: false, error: e });
    }
  }
  return { served, conversions: outcomes };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The outcome as it crosses to the UI: bytes in base64, errors as code and message. */
export function formatOutcome(conversion: FormatConversion): FormatOutcome {
  if (!conversion.ok)
    return { format: conversion.format, ok: false, error: { code: conversion.error.code, message: conversion.error.message } };
  const { result } = conversion;
  return {
    format: conversion.format,
    ok: true,
    manifest: { mediaType: result.mediaType, digest: result.digest, size: result.bytes.length, bytesBase64: base64(result.bytes) },
    config: result.config && {
      mediaType: result.config.mediaType,
      digest: result.config.digest,
      size: result.config.bytes.length,
      bytesBase64: base64(result.config.bytes),
    },
    child: result.from.child,
    notes: result.notes,
  };
}
