/**
 * The image around a manifest, as the inspector shows it: a list's platforms, the config with its
 * history, the layers, and the repository's tags and referrers. Results of the `image`, `tags` and
 * `referrers` calls of shared/api.ts.
 */
import type { RateLimitView } from './auth';
import type { CapturedExchange } from './exchange';
import type { ReferenceInfo } from './api';

/** One entry of a manifest list or OCI index. */
export interface PlatformEntry {
  digest: string;
  mediaType: string;
  size: number;
  /** Null for an index entry without a platform (an attestation or artifact, usually). */
  os: string | null;
  architecture: string | null;
  variant: string | null;
  osVersion: string | null;
  annotations: Record<string, string>;
  /** BuildKit's attestation entries (vnd.docker.reference.type = attestation-manifest) are not images. */
  attestation: boolean;
}

/** One config history entry, oldest first, with the layer it produced (null for an empty layer). */
export interface HistoryView {
  created: string | null;
  createdBy: string | null;
  author: string | null;
  comment: string | null;
  emptyLayer: boolean;
  /** Index into `layers` of the layer this step made. */
  layerIndex: number | null;
}

export interface LayerView {
  digest: string;
  mediaType: string;
  /** Unknown for schema 1, which records no sizes. */
  size: number | null;
  /** rootfs.diff_ids[i] of the config, when it has one for this layer. */
  diffId: string | null;
  urls: string[];
}

export interface ConfigView {
  /** Null for schema 1, whose config is embedded in the newest v1Compatibility entry. */
  digest: string | null;
  mediaType: string | null;
  size: number;
  /** The config document as stored (for schema 1 the newest v1Compatibility string). */
  text: string;
  os: string | null;
  architecture: string | null;
  variant: string | null;
  created: string | null;
  author: string | null;
  env: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  workingDir: string | null;
  user: string | null;
  exposedPorts: string[];
  labels: Record<string, string>;
  history: HistoryView[];
}

export interface ImageDetails {
  reference: ReferenceInfo;
  /** The manifest described, fetched with every manifest type accepted (never a downgrade). */
  manifest: { digest: string; mediaType: string; size: number };
  /** Lists and indexes: their entries; the rest of the fields are then empty. */
  platforms: PlatformEntry[] | null;
  config: ConfigView | null;
  layers: LayerView[];
  /** Sum of the layer sizes; null when any is unknown. */
  totalLayerSize: number | null;
  /** Facts worth a sentence: schema 1 has no sizes, a config that does not match its layers, ... */
  notes: string[];
  rateLimit: RateLimitView | null;
  exchanges: CapturedExchange[];
}

export interface TagPage {
  /** registry/repository as the tags belong to it. */
  repository: string;
  /** In the registry's order (distribution sorts them; 2.8 and some others do not). */
  tags: string[];
  /** The query of the Link rel="next" answer, to pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
  rateLimit: RateLimitView | null;
  exchanges: CapturedExchange[];
}

export interface ReferrerView {
  digest: string;
  mediaType: string;
  size: number;
  artifactType: string | null;
  annotations: Record<string, string>;
}

export interface ReferrersResult {
  /** The manifest whose referrers were asked for. */
  subject: string;
  /**
   * How they were found: the OCI 1.1 referrers API, or (where the registry does not serve it) the
   * tag schema's index under `sha256-<hex>`; 'none' when neither holds anything.
   */
  source: 'referrers-api' | 'tag-schema' | 'none';
  /** The tag the fallback read (sha256-<hex>), when it was used. */
  fallbackTag: string | null;
  referrers: ReferrerView[];
  /** One sentence on how the answer was obtained, for people. */
  explanation: string;
  exchanges: CapturedExchange[];
}
