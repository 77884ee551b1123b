/**
 * Real keyless sigstore bundles for tests, made the way GitHub's attest action makes them: an ephemeral
 * key, a Fulcio certificate for an OIDC identity, the DSSE envelope logged in Rekor. Fulcio, Rekor and a
 * timestamp authority are @sigstore/mock's handlers (an ephemeral CA, CT log, transparency log and TSA)
 * served by a loopback HTTP server written here, and @sigstore/sign talks to them over HTTP as it talks to
 * the public instances. The trusted root is written here from the mock's certificates and log keys, in the
 * JSON form of sigstore/protobuf-specs' TrustedRoot, sharing no code with the app.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, initializeTSA, rekorHandler, tsaHandler } from '@sigstore/mock';
import { bundleToJSON } from '@sigstore/bundle';
import { DSSEBundleBuilder, FulcioSigner, MessageSignatureBundleBuilder, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign';

/** What Fulcio binds into the certificate: the OIDC token's `sub` (the SAN) and `iss` (the issuer extension). */
export interface OidcIdentity {
  subject: string;
  issuer: string;
}

export interface SigstoreServices {
  /** The trusted_root.json that trusts exactly this Fulcio, CT log, Rekor and TSA. */
  trustedRoot: object;
  /**
   * A DSSE bundle over `payload`, signed as `identity`: a Fulcio certificate and one Rekor entry (intoto, as
   * sigstore-js's attest logged them); v0.3 with the certificate alone, or v0.2 with `chain` (the
   * certificate as x509CertificateChain); `timestamp` adds an RFC 3161 timestamp from the TSA.
   */
  signDsse(
    payload: Uint8Array,
    payloadType: string,
    identity: OidcIdentity,
    opts?: { timestamp?: boolean; chain?: boolean },
  ): Promise<object>;
  /** A message signature bundle (v0.3) over `bytes` (their SHA-256 as its message digest), logged as a hashedrekord. */
  signMessage(bytes: Uint8Array, identity: OidcIdentity): Promise<object>;
  close(): Promise<void>;
}

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const der = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const b64 = (bytes: ArrayBufferView | Buffer) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** An unsigned JWT (Fulcio's mock reads the claims without checking a signature). */
function identityToken({ subject, issuer }: OidcIdentity): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: subject, iss: issuer, aud: 'sigstore' })}.`;
}

export async function startSigstore(): Promise<SigstoreServices> {
  const ctlogKeys = p256();
  const ctlog = await initializeCTLog(ctlogKeys);
  const ca = await initializeCA(p256(), ctlog);
  const rekorKeys = p256();
  // The TSA stamps the time of this Date, set to the whole second of each request. The mock would stamp
  // milliseconds, which asn1js writes without trailing zeros (".12Z") as DER wants, and @sigstore/core 4.0.1
  // parses only three digits: one timestamp in ten would not verify. Sigstore's own TSA writes whole seconds.
  const tsaClock = new Date();
  const tsa = await initializeTSA(p256(), tsaClock);
  const stamp = tsaHandler(tsa);
  const stampNow = {
    path: stamp.path,
    fn: (body: string) => {
      tsaClock.setTime(Math.floor(Date.now() / 1000) * 1000);
      return stamp.fn(body);
    },
  };
  let server: Server | null = null;
  const url = await new Promise<string>((resolve) => {
    const handlers = new Map<string, ReturnType<typeof fulcioHandler>['fn']>();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const handler = req.method === 'POST' ? handlers.get(req.url ?? '') : undefined;
        if (!handler) return void res.writeHead(404).end();
        void handler(Buffer.concat(chunks).toString('utf8')).then(({ statusCode, response, contentType }) => {
          res.writeHead(statusCode, { 'Content-Type': contentType ?? 'text/plain' });
          res.end(typeof response === 'string' ? response : Buffer.from(response.buffer, response.byteOffset, response.byteLength));
        });
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      void initializeTLog(base, rekorKeys).then((tlog) => {
        for (const h of [fulcioHandler(ca), rekorHandler(tlog), stampNow]) handlers.set(h.path, h.fn);
        resolve(base);
      });
    });
  });

  const since = { start: new Date(Date.now() - 24 * 3600_000).toISOString() };
  const logKey = (keys: { publicKey: KeyObject }, keyId: Buffer) => ({
    baseUrl: url,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: der(keys.publicKey).toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: since },
    logId: { keyId: keyId.toString('base64') },
  });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [logKey(rekorKeys, createHash('sha256').update(der(rekorKeys.publicKey)).digest())],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: since,
      },
    ],
    ctlogs: [logKey(ctlogKeys, Buffer.from(ctlog.logID.buffer, ctlog.logID.byteOffset, ctlog.logID.byteLength))],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] },
        validFor: since,
      },
    ],
  };

  const signer = (identity: OidcIdentity) =>
    new FulcioSigner({ fulcioBaseURL: url, identityProvider: { getToken: async () => identityToken(identity) } });
  return {
    trustedRoot,
    async signDsse(payload, payloadType, identity, opts = {}) {
      const witnesses: Witness[] = [new RekorWitness({ rekorBaseURL: url, entryType: 'intoto' })];
      if (opts.timestamp) witnesses.push(new TSAWitness({ tsaBaseURL: url }));
      const builder = new DSSEBundleBuilder({ signer: signer(identity), witnesses, certificateChain: opts.chain ?? false });
      return bundleToJSON(await builder.create({ data: Buffer.from(payload), type: payloadType })) as object;
    },
    async signMessage(bytes, identity) {
      const builder = new MessageSignatureBundleBuilder({ signer: signer(identity), witnesses: [new RekorWitness({ rekorBaseURL: url })] });
      return bundleToJSON(await builder.create({ data: Buffer.from(bytes) })) as object;
    },
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}
