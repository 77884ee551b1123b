/**
 * The OCI 1.1 referrers API path of `supply-chain`, against a loopback server written here that
 * implements the distribution spec's endpoint (docker-registry 2.8 has none): `GET /v2/<name>/referrers/
 * <digest>` answers an image index of every manifest whose subject is that digest, one per page with a
 * Link rel="next" header, and applies an artifactType filter saying so in OCI-Filters-Applied.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferrersResult } from '../../shared/image';
import { MediaType } from '../../shared/mediaTypes';
import type { SupplyChainNode } from '../../shared/supplyChain';
import { createCore, type Core } from '../../electron/core/handlers';
import { blobOf, type Blob } from '../support/blobs';
import { cli } from '../support/cli';
import { sampleImage } from '../support/images';
import {
  cosignAttestationImage,
  cosignSign,
  digestTag,
  dsseEnvelope,
  inTotoStatement,
  p256KeyPair,
  referrerArtifact,
  simpleSigningPayload,
  withAnnotations,
  type Artifact,
} from '../support/supplyChain';

const COSIGN_ARTIFACT = 'application/vnd.dev.cosign.artifact.sig.v1+json';
const SPDX_ARTIFACT = 'application/spdx+json';

/** A registry holding manifests and blobs in memory, with the referrers endpoint; it logs every request. */
function referrersServer(repo: string, manifests: readonly Blob[], blobs: readonly Blob[], tags: Record<string, Blob>) {
  const requests: string[] = [];
  const byDigest = new Map([...manifests, ...blobs].map((b) => [b.digest, b]));
  const subjectOf = (m: Blob) => (JSON.parse(Buffer.from(m.bytes).toString('utf8')) as { subject?: { digest: string } }).subject?.digest;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const prefix = `/v2/${repo}/`;
    if (!url.pathname.startsWith(prefix)) return res.writeHead(url.pathname === '/v2/' ? 200 : 404).end();
    const [kind, ref = ''] = url.pathname.slice(prefix.length).split('/');
    if (kind === 'referrers') {
      const artifactType = url.searchParams.get('artifactType');
      const all = manifests.filter((m) => subjectOf(m) === ref);
      const matching = artifactType
        ? all.filter((m) => JSON.parse(Buffer.from(m.bytes).toString('utf8')).artifactType === artifactType)
        : all;
      const start = Number(url.searchParams.get('last') ?? 0);
      const page = matching.slice(start, start + 1).map((m) => ({
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.size,
        artifactType: (JSON.parse(Buffer.from(m.bytes).toString('utf8')) as { artifactType: string }).artifactType,
      }));
      const headers: Record<string, string> = { 'Content-Type': MediaType.ociIndex };
      if (artifactType) headers['OCI-Filters-Applied'] = 'artifactType';
      if (start + 1 < matching.length) {
        const next = new URLSearchParams({ ...(artifactType ? { artifactType } : {}), last: String(start + 1) });
        headers.Link = `<${url.pathname}?${next.toString()}>; rel="next"`;
      }
      return res.writeHead(200, headers).end(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: page }));
    }
    const found = kind === 'manifests' ? (tags[ref] ?? byDigest.get(ref)) : byDigest.get(ref);
    if (!found) return res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    // A HEAD of a cosign tag names no Docker-Content-Digest here, as some registry front ends strip it.
    const cosignTag = kind === 'manifests' && ref.startsWith('sha256-');
    const digestHeader: Record<string, string> = req.method === 'HEAD' && cosignTag ? {} : { 'Docker-Content-Digest': found.digest };
    res.writeHead(200, { 'Content-Type': found.mediaType, 'Content-Length': String(found.size), ...digestHeader });
    return res.end(req.method === 'HEAD' ? undefined : Buffer.from(found.bytes));
  });
  return { server, requests };
}

describe('supply chain by the OCI 1.1 referrers API (a loopback server implementing the endpoint, paged one per page)', () => {
  const repo = 'lens/api';
  const key = p256KeyPair();
  const image = sampleImage('referrers-api', { architecture: 'amd64', os: 'linux' }, 'oci');
  const payload = simpleSigningPayload(image.manifest.digest, `127.0.0.1/${repo}`);
  const signatureLayer = withAnnotations(blobOf(payload, 'application/vnd.dev.cosign.simplesigning.v1+json'), {
    'dev.cosignproject.cosign/signature': cosignSign(key, payload),
  });
  // cosign's OCI 1.1 form: an artifact of type sig.v1 naming the image as subject.
  const signature: Artifact = referrerArtifact(COSIGN_ARTIFACT, [signatureLayer], image.manifest);
  const sbomLayer = blobOf(
    JSON.stringify({ spdxVersion: 'SPDX-2.3', name: 'lens/api', packages: [{}, {}], creationInfo: { creators: ['Tool: trivy-0.50'] } }),
    SPDX_ARTIFACT,
  );
  const sbom = referrerArtifact(SPDX_ARTIFACT, [sbomLayer], image.manifest);
  // A cosign attestation under the .att tag, the tag schema cosign uses alongside the API.
  const attestation = cosignAttestationImage([
    {
      envelope: dsseEnvelope(inTotoStatement(image.manifest.digest, 'https://example.com/vuln/v1', {}), key),
      predicateType: 'https://example.com/vuln/v1',
    },
  ]);
  const { server, requests } = referrersServer(
    repo,
    [image.manifest, signature.manifest, sbom.manifest, attestation.manifest],
    [...image.blobs, ...signature.blobs, ...sbom.blobs, ...attestation.blobs],
    { v1: image.manifest, [digestTag(image.manifest.digest, 'att')]: attestation.manifest },
  );
  let host = '';
  let core: Core;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    core = createCore({ mode: 'browser' });
  });

  afterAll(async () => {
    await core?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('follows the Link pages, lists both referrers via the API, never reads the fallback tag, probes cosign tags by HEAD (GET when HEAD names no digest)', async () => {
    requests.length = 0;
    const dir = await mkdtemp(join(tmpdir(), 'lens-referrers-api-'));
    try {
      await writeFile(join(dir, 'key.pub'), key.publicPem);
      const run = await cli('supply-chain', `${host}/${repo}:v1`, '--key', join(dir, 'key.pub'), '--json');
      expect(run.code, run.stderr).toBe(0);
      const nodes = (JSON.parse(run.stdout) as { nodes: SupplyChainNode[] }).nodes;
      expect(nodes.map((n) => [n.digest, n.kind, n.format, n.via, n.artifactType, n.verified])).toEqual([
        [signature.manifest.digest, 'signature', 'cosign', 'referrers-api', COSIGN_ARTIFACT, true],
        [sbom.manifest.digest, 'sbom', 'spdx', 'referrers-api', SPDX_ARTIFACT, null],
        [attestation.manifest.digest, 'attestation', 'in-toto', 'cosign-tag', null, true],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const tag = digestTag(image.manifest.digest);
    const path = `/v2/${repo}`;
    expect(requests.filter((r) => r.includes('/referrers/'))).toEqual([
      `GET ${path}/referrers/${image.manifest.digest}`,
      `GET ${path}/referrers/${image.manifest.digest}?last=1`,
    ]);
    expect(requests).not.toContain(`HEAD ${path}/manifests/${tag}`);
    expect(requests).not.toContain(`GET ${path}/manifests/${tag}`);
    expect(requests.filter((r) => r.startsWith('HEAD '))).toEqual(['sig', 'att', 'sbom'].map((s) => `HEAD ${path}/manifests/${tag}.${s}`));
    // The .att HEAD named no digest, so its bytes were asked for by tag.
    expect(requests).toContain(`GET ${path}/manifests/${tag}.att`);
  });

  it('the referrers call passes an artifactType filter, which the server applies and says so', async () => {
    requests.length = 0;
    const envelope = await core.dispatch('referrers', { reference: `${host}/${repo}:v1`, artifactType: SPDX_ARTIFACT });
    expect(envelope.ok).toBe(true);
    const result = (envelope as { value: ReferrersResult }).value;
    expect(result.source).toBe('referrers-api');
    expect(result.referrers.map((r) => r.digest)).toEqual([sbom.manifest.digest]);
    expect(requests.filter((r) => r.includes('/referrers/'))).toEqual([
      `GET /v2/${repo}/referrers/${image.manifest.digest}?artifactType=${encodeURIComponent(SPDX_ARTIFACT)}`,
    ]);
  });
});
