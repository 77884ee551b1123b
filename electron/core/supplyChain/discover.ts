/**
 * Where referrers of a manifest are found, by every path in use: the OCI 1.1 referrers API, the
 * referrers tag schema (an index tagged `sha256-<hex>`, the distribution spec's fallback), and cosign's
 * tags (`sha256-<hex>.sig`, `.att`, `.sbom`), which are probed by HEAD and never found by listing tags.
 * A registry answers through its API; an OCI layout through its index.json, where tools that copy an
 * image with its referrers (oras, cosign save) list them beside the image.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { DiscoveryPath } from '../../../shared/supplyChain';
import type { ReferrerView } from '../../../shared/image';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { Descriptor, OciIndex, parseJsonValue, validate } from '../convert/manifestTypes';
import { fallbackTag, referrersFromApi } from '../operations/referrers';
import { sha256Digest } from '../digest';
import { isLensError } from '../errors';
import { readRegularFile } from '../regularFile';
import { expectOk, type CallContext, type RegistryClient } from '../registry/client';
import { header, MANIFEST_SIZE_LIMIT } from '../registry/transport';
import { REF_NAME_ANNOTATION } from '../sources/ociLayout';
import type { ImageSource } from '../sources/source';

/** A referrer found, and the path that found it. */
export interface FoundReferrer {
  descriptor: ReferrerView;
  via: DiscoveryPath;
}

export interface ReferrerFinder {
  /** What the referrers API (or a layout's index.json by subject) lists; null where there is no such API. */
  listed(digest: string): Promise<ReferrerView[] | null>;
  /** The descriptor a tag names, found without reading the manifest (HEAD); null when the tag does not exist. */
  tagged(tag: string): Promise<ReferrerView | null>;
  /** One sentence on how referrers were looked for, given whether `listed` answered. */
  explain(listed: boolean): string;
  /**
   * Whether the referrers tag is read even when `listed` answered. A registry with the API need not keep
   * the tag (the distribution spec's clients stop at the API); a layout may hold both, and reading it is free.
   */
  tagSchemaToo: boolean;
}

export const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const;

const descriptorView = (d: Descriptor): ReferrerView => ({
  digest: d.digest,
  mediaType: d.mediaType,
  size: d.size,
  artifactType: d.artifactType ?? null,
  annotations: d.annotations ?? {},
});

export function registryFinder(client: RegistryClient, repository: string, ctx: CallContext): ReferrerFinder {
  // The statuses the referrers endpoint answered instead of serving the API, for the explanation.
  const refusals = new Set<number>();
  return {
    async listed(digest) {
      const api = await referrersFromApi(client, repository, digest, undefined, ctx);
      if (api.served) return api.referrers;
      refusals.add(api.status);
      return null;
    },
    async tagged(tag) {
      const head = await client.manifest(repository, tag, { method: 'HEAD', accept: MANIFEST_MEDIA_TYPES }, ctx);
      if (head.status === 404) return null;
      expectOk(head, `Manifest ${tag}`);
      const mediaType = header(head.headers, 'content-type')?.split(';')[0]?.trim() ?? '';
      const size = Number(header(head.headers, 'content-length'));
      // A registry that names no digest on HEAD is asked for the bytes, which name it.
      const digest =
        header(head.headers, 'docker-content-digest') ??
        sha256Digest(
          expectOk(await client.manifest(repository, tag, { method: 'GET', accept: MANIFEST_MEDIA_TYPES }, ctx), `Manifest ${tag}`).body,
        );
      return descriptorView(
        validate(Descriptor, { digest, mediaType, size: Number.isSafeInteger(size) ? size : 0 }, `descriptor of ${tag}`),
      );
    },
    explain: (listed) =>
      listed
        ? 'The registry serves the OCI 1.1 referrers API; cosign tags were probed by HEAD.'
        : `The registry has no referrers API (${[...refusals].join(', ')}): the sha256-<hex> referrers tag and the cosign tags were probed by HEAD.`,
    tagSchemaToo: false,
  };
}

const LayoutIndex = z.looseObject({ manifests: z.array(Descriptor) });

/** The subject an entry of a layout names; null for none, and for an entry that is not a manifest this tool reads. */
async function layoutSubject(source: ImageSource, digest: string): Promise<string | null> {
  try {
    const manifest = await source.manifestByDigest(digest);
    const parsed = z.looseObject({ subject: Descriptor.optional() }).safeParse(parseJsonValue(manifest.bytes, 'manifest'));
    return parsed.success ? (parsed.data.subject?.digest ?? null) : null;
  } catch (e) {
    if (isLensError(e) && e.code === 'INPUT_INVALID') return null;
    throw e;
  }
}

/** An OCI layout: referrers are the index.json entries whose manifest names the digest as its subject. */
export async function layoutFinder(dir: string, source: ImageSource): Promise<ReferrerFinder> {
  const bytes = await readRegularFile(join(dir, 'index.json'), MANIFEST_SIZE_LIMIT, 'index.json of the OCI layout');
  const entries = validate(LayoutIndex, parseJsonValue(bytes, 'index.json'), 'index.json').manifests;
  const subjects = new Map<string, string | null>();
  const subjectOf = async (entry: Descriptor) => {
    if (!subjects.has(entry.digest)) subjects.set(entry.digest, await layoutSubject(source, entry.digest));
    return subjects.get(entry.digest) ?? null;
  };
  return {
    async listed(digest) {
      const found: ReferrerView[] = [];
      for (const entry of entries) if ((await subjectOf(entry)) === digest) found.push(descriptorView(entry));
      return found;
    },
    tagged: async (tag) => {
      const entry = entries.find((e) => e.annotations?.[REF_NAME_ANNOTATION] === tag);
      return entry ? descriptorView(entry) : null;
    },
    explain: () => "Referrers are the layout's index.json entries whose subject is the image, and its sha256-<hex> and cosign tags.",
    tagSchemaToo: true,
  };
}

/** Sources that hold no referrers (a docker archive, a manifest file): only index entries can refer. */
export const noReferrers: ReferrerFinder = {
  listed: async () => null,
  tagged: async () => null,
  explain: () => 'This source holds one image and no referrers; only attestations its index lists are shown.',
  tagSchemaToo: false,
};

export interface Discovery {
  referrers: FoundReferrer[];
  /** True when the API answered (else the tag schema was read). */
  apiServed: boolean;
}

/**
 * Every referrer of `digest`: the API, or where there is none the referrers tag's index; then cosign's three
 * tags by HEAD. A referrer found by two paths is listed once, under the first.
 */
export async function discoverReferrers(
  finder: ReferrerFinder,
  digest: string,
  readIndex: (descriptor: ReferrerView) => Promise<Uint8Array>,
): Promise<Discovery> {
  const found: FoundReferrer[] = [];
  const add = (descriptor: ReferrerView, via: DiscoveryPath) => {
    if (!found.some((f) => f.descriptor.digest === descriptor.digest)) found.push({ descriptor, via });
  };
  const listed = await finder.listed(digest);
  if (listed) for (const d of listed) add(d, 'referrers-api');
  if (!listed || finder.tagSchemaToo) {
    const indexed = await finder.tagged(fallbackTag(digest));
    if (indexed) {
      const index = validate(OciIndex, parseJsonValue(await readIndex(indexed), 'referrers tag index'), 'referrers tag index');
      for (const d of index.manifests) add(descriptorView(d), 'referrers-tag');
    }
  }
  for (const suffix of COSIGN_SUFFIXES) {
    const tagged = await finder.tagged(`${fallbackTag(digest)}.${suffix}`);
    if (tagged) add(tagged, 'cosign-tag');
  }
  return { referrers: found, apiServed: listed !== null };
}
