import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { readVector as vector } from '../../../test/support/vectors';
import { canonicalPayload } from './prettyJws';
import { schema1Signature } from './signatureVerdict';

const bytesOf = (s: string) => new TextEncoder().encode(s);

// Key IDs are the `kid` the signers (containers/image's fixture, Docker Hub) wrote into their jwk headers.
describe('schema1Signature', () => {
  it('verifies a Docker Hub-signed schema 1 with the key ID Docker Hub wrote', async () => {
    expect(await schema1Signature(vector('regclient/hub-debian-6-schema1-signed.json'), MediaType.dockerSchema1Signed)).toEqual({
      status: 'verified',
      keyIds: ['FD6K:7VOX:ZVOM:34T7:2ZT5:753N:ZM4C:RJIF:WPOO:NPC2:7VPJ:3TVM'],
    });
  });

  it("verifies containers/image's signed fixture, whatever parameters the content type carries", async () => {
    expect(
      await schema1Signature(vector('containers-image/v2s1-signed-verifies.json'), `${MediaType.dockerSchema1Signed}; charset=utf-8`),
    ).toEqual({
      status: 'verified',
      keyIds: ['OZ45:U3IG:TDOI:PMBD:NGP2:LDIW:II2U:PSBI:MMCZ:YZUP:TUUO:XPZT'],
    });
  });

  it('says a signature made before the document was edited does not verify, naming its key', async () => {
    const verdict = await schema1Signature(vector('containers-image/v2s1-signed-stale-signature.json'), MediaType.dockerSchema1Signed);
    expect(verdict).toMatchObject({ status: 'does-not-verify', keyIds: ['OZ45:U3IG:TDOI:PMBD:NGP2:LDIW:II2U:PSBI:MMCZ:YZUP:TUUO:XPZT'] });
    expect(verdict).toHaveProperty('reason', expect.stringMatching(/^the signature by key OZ45:.*: signature verification failed$/));
  });

  it('calls schema 1 without signatures unsigned', async () => {
    const payload = canonicalPayload(vector('regclient/hub-debian-6-schema1-signed.json'));
    expect(await schema1Signature(payload, MediaType.dockerSchema1)).toEqual({ status: 'unsigned' });
  });

  it('verifies signatures a document carries even when it is served as unsigned schema 1', async () => {
    const signed = vector('regclient/hub-debian-6-schema1-signed.json');
    expect(await schema1Signature(signed, MediaType.dockerSchema1)).toMatchObject({ status: 'verified' });
  });

  it('says a document served as signed without signatures, or not JSON at all, does not verify', async () => {
    const payload = canonicalPayload(vector('regclient/hub-debian-6-schema1-signed.json'));
    expect(await schema1Signature(payload, MediaType.dockerSchema1Signed)).toMatchObject({
      status: 'does-not-verify',
      keyIds: [],
      reason: expect.stringContaining('no "signatures"') as unknown,
    });
    expect(await schema1Signature(bytesOf('{"signatures": [{}'), MediaType.dockerSchema1)).toMatchObject({ status: 'does-not-verify' });
  });

  it('gives no verdict for other formats', async () => {
    expect(await schema1Signature(vector('containers-image/schema2.json'), MediaType.dockerSchema2)).toBeNull();
    expect(await schema1Signature(vector('regclient/hub-debian-6-schema1-signed.json'), null)).toBeNull();
  });
});
