/**
 * An image in a registry as a source: the manifest fetched with every manifest type accepted (so the
 * registry serves what it stores, never a schema 1 downgrade), blobs by digest, layers streamed. Every
 * exchange goes to the caller's request log and the authentication of the manifest fetch is kept for
 * the triage view.
 */
import type { AuthTrace } from '../../../shared/auth';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { parseManifest } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { AuthSession } from '../registry/authTrace';
import { expectOk, type RegistryClient } from '../registry/client';
import { describeRegistryError, parseErrorBody } from '../registry/errorBody';
import { header, type HttpResponse } from '../registry/transport';
import type { Reference } from '../registry/reference';
import { manifestDigest, verifyDigest, type BlobStream, type ImageSource, type SourceContext, type SourceManifest } from './source';

export interface RegistrySource extends ImageSource {
  readonly kind: 'registry';
  readonly reference: Reference;
  /** How the first manifest fetch authenticated; null before it ran. */
  authTrace(): AuthTrace | null;
}

function registryError(response: HttpResponse, what: string): LensError {
  const errors = parseErrorBody(response.body);
  const code = response.status === 401 || response.status === 403 ? 'AUTH_FAILED' : 'REGISTRY_ERROR';
  return new LensError(code, `${what}: the registry answered ${describeRegistryError(response.status, response.statusText, errors)}.`);
}

export function openRegistrySource(client: RegistryClient, reference: Reference, input: string): RegistrySource {
  const repository = reference.repository;
  let trace: AuthTrace | null = null;

  const fetchManifest = async (tagOrDigest: string, ctx: SourceContext = {}): Promise<SourceManifest> => {
    const auth = new AuthSession(client.host);
    const response = await client.manifest(repository, tagOrDigest, { method: 'GET', accept: MANIFEST_MEDIA_TYPES }, { ...ctx, auth });
    trace ??= auth.finish(response);
    if (response.status < 200 || response.status >= 300) throw registryError(response, `Manifest ${repository}:${tagOrDigest}`);
    const contentType = header(response.headers, 'content-type')?.split(';')[0]?.trim();
    const { mediaType } = parseManifest(response.body, contentType);
    const digest = manifestDigest(response.body, mediaType);
    const served = header(response.headers, 'docker-content-digest');
    const asked = tagOrDigest.includes(':') ? tagOrDigest : null;
    for (const [label, claimed] of [
      ['the requested digest', asked],
      ['Docker-Content-Digest', served],
    ] as const) {
      if (claimed && claimed !== digest)
        throw new LensError('DIGEST_MISMATCH', `Manifest ${repository}:${tagOrDigest} hashes to ${digest}, not ${label} ${claimed}.`);
    }
    return { bytes: response.body, mediaType, digest };
  };

  return {
    kind: 'registry',
    input,
    reference,
    name: { registry: reference.registry, repository, tag: reference.tag },
    authTrace: () => trace,
    manifest: (ctx) => fetchManifest(reference.digest ?? reference.tag ?? 'latest', ctx),
    manifestByDigest: (digest, ctx) => fetchManifest(digest, ctx),
    async blob(digest, maxBytes, ctx = {}) {
      const response = expectOk(await client.blob(repository, digest, maxBytes, ctx), `Blob ${digest}`);
      verifyDigest(response.body, digest, `Blob ${digest}`);
      return response.body;
    },
    async blobStream(digest, ctx = {}): Promise<BlobStream> {
      const response = await client.blobStream(repository, digest, ctx);
      if (!response.bodyStream) throw registryError(response, `Blob ${digest}`);
      const length = Number(header(response.headers, 'content-length') ?? Number.NaN);
      return { stream: response.bodyStream, size: Number.isSafeInteger(length) ? length : null };
    },
    close: async () => undefined,
  };
}
