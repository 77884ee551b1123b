/**
 * Bare registry requests for the conversion integration tests. The manifest GET goes through node:http
 * because fetch folds repeated headers into one line, and several Accept lines are part of what we test.
 */
import http from 'node:http';
import { Readable } from 'node:stream';

export interface ManifestAnswer {
  status: number;
  contentType: string | null;
  digest: string | null;
  errorCode: string | null;
  body: Uint8Array;
}

/** GET (or HEAD) /v2/<repo>/manifests/<reference>, one Accept header line per element of `accept`. */
export function requestManifest(
  baseUrl: string,
  repo: string,
  reference: string,
  accept: readonly string[],
  method: 'GET' | 'HEAD' = 'GET',
): Promise<ManifestAnswer> {
  const url = new URL(`/v2/${repo}/manifests/${reference}`, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = new Uint8Array(Buffer.concat(chunks));
        let errorCode: string | null = null;
        if ((res.statusCode ?? 0) >= 400 && body.length > 0) {
          const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { errors?: Array<{ code?: string }> };
          errorCode = parsed.errors?.[0]?.code ?? null;
        }
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? null,
          digest: (res.headers['docker-content-digest'] as string | undefined) ?? null,
          errorCode,
          body,
        });
      });
    });
    req.on('error', reject);
    if (accept.length > 0) req.setHeader('Accept', [...accept]);
    req.end();
  });
}

export async function fetchBlob(baseUrl: string, repo: string, digest: string): Promise<Uint8Array> {
  const res = await fetch(new URL(`/v2/${repo}/blobs/${digest}`, baseUrl));
  if (!res.ok) throw new Error(`GET blob ${digest}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The blob as a stream, the way the app reads layers it must not hold in memory. */
export async function streamBlob(
  baseUrl: string,
  repo: string,
  digest: string,
): Promise<{ stream: AsyncIterable<Uint8Array>; size: number }> {
  const res = await fetch(new URL(`/v2/${repo}/blobs/${digest}`, baseUrl));
  if (!res.ok || !res.body) throw new Error(`GET blob ${digest}: ${res.status}`);
  return { stream: Readable.fromWeb(res.body), size: Number(res.headers.get('content-length')) };
}
