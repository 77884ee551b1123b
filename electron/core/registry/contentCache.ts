/**
 * Manifests and configs of one session, by digest. A digest names its bytes forever, so an answer by
 * digest is reused for the rest of the session; what a tag points at is never kept (tags move), only
 * the bytes it served, under their digest. Every entry is verified against its digest before it is
 * stored, and the whole cache is bounded by bytes, least recently used first out. Layers never come
 * here: they are streamed.
 */
import type { HeaderList } from '../../../shared/exchange';
import { sha256Digest } from '../digest';
import { manifestDigest } from '../sources/source';

export interface CachedContent {
  bytes: Buffer;
  /** The Content-Type it was served with, parameters dropped; null when none was sent. */
  mediaType: string | null;
  /** The response headers of the answer that brought it, shown again with every answer from here. */
  headers: HeaderList;
}

/** Manifests (up to 4 MiB each) and configs of many images fit; layers never come here. */
export const CONTENT_CACHE_BYTES = 64 * 1024 * 1024;

/** Where a registry serves bytes: a digest is the same bytes everywhere, but served only where it is stored. */
export interface ContentAddress {
  kind: 'manifest' | 'blob';
  host: string;
  repository: string;
  digest: string;
}

export function keyOf({ kind, host, repository, digest }: ContentAddress): string {
  return `${kind} ${host}/${repository}@${digest}`;
}

/** The digest a registry stores content under: a signed schema 1 manifest by its payload, anything else by its bytes. */
export function storedDigestOf(kind: ContentAddress['kind'], { bytes, mediaType }: CachedContent): string {
  return kind === 'manifest' ? manifestDigest(bytes, mediaType ?? '') : sha256Digest(bytes);
}

export class ContentCache {
  /** Map order is recency: the first entry is the least recently used. */
  private readonly entries = new Map<string, CachedContent>();
  private bytes = 0;
  private readonly fetching = new Map<string, Promise<unknown>>();

  constructor(private readonly maxBytes: number = CONTENT_CACHE_BYTES) {}

  get(address: ContentAddress): CachedContent | undefined {
    const key = keyOf(address);
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /**
   * Stores bytes that hash to `digest` (a manifest as a registry names it: a signed schema 1 by its
   * payload); anything else, or anything too large to keep, is not stored.
   */
  put(address: ContentAddress, content: CachedContent): boolean {
    if (content.bytes.length > this.maxBytes || storedDigestOf(address.kind, content) !== address.digest) return false;
    const key = keyOf(address);
    this.delete(key);
    this.entries.set(key, content);
    this.bytes += content.bytes.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes.length;
    }
    return true;
  }

  /** A fetch of this address under way: a concurrent caller waits for it, then reads the cache. */
  inFlight(address: ContentAddress): Promise<unknown> | undefined {
    return this.fetching.get(keyOf(address));
  }

  track(address: ContentAddress, fetch: Promise<unknown>): void {
    const key = keyOf(address);
    const settled = fetch.then(
      () => undefined,
      () => undefined,
    );
    this.fetching.set(key, settled);
    void settled.then(() => {
      if (this.fetching.get(key) === settled) this.fetching.delete(key);
    });
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes.length;
  }
}
