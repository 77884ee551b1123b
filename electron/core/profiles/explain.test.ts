/** The matrix row's sentence: the reason, then each profile's answer beside the registry's. */
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { explainAnswer } from './explain';
import { profileById } from './index';

const dist2 = profileById('distribution-2');
const dist3 = profileById('distribution-3');
const hub = profileById('docker-hub');

describe('explainAnswer', () => {
  it('explains a 404 for an OCI manifest asked by digest with a schema 1 Accept, and says who would answer the same', async () => {
    const sentence = await explainAnswer(
      { stored: 'ociManifest', by: 'digest', method: 'GET', accept: [MediaType.dockerSchema1] },
      { status: 404, contentType: 'application/json; charset=utf-8', digestChanged: null, contentLength: null },
      [dist2, hub, profileById('artifactory')],
    );
    expect(sentence).toBe(
      `asked by digest: Accept lacks ${MediaType.ociManifest}, and distribution never converts OCI manifests; ` +
        'CNCF distribution 2.8 would also answer 404 MANIFEST_UNKNOWN; Docker Hub would also answer 404 MANIFEST_UNKNOWN; ' +
        'JFrog Artifactory does not say',
    );
  });

  it('names the profile that would have answered otherwise, with its answer', async () => {
    const sentence = await explainAnswer(
      { stored: 'schema2', by: 'tag', method: 'HEAD', accept: [MediaType.dockerSchema1Signed] },
      { status: 200, contentType: MediaType.dockerSchema2, digestChanged: false, contentLength: null },
      [dist2, dist3],
    );
    expect(sentence).toBe(
      'asked by tag: Served as stored: 3.x removed the rewrite into schema 1; ' +
        `CNCF distribution 2.8 would answer 200 ${MediaType.dockerSchema1Signed} (converted) instead; ` +
        `CNCF distribution 3 would also answer 200 ${MediaType.dockerSchema2} (as stored)`,
    );
  });

  it('says so when no profile compared predicts the answer', async () => {
    const sentence = await explainAnswer(
      { stored: 'schema2', by: 'digest', method: 'HEAD', accept: [] },
      { status: 500, contentType: null, digestChanged: null, contentLength: null },
      [dist2],
    );
    expect(sentence).toBe(
      'asked by digest: none of the profiles compared predicts this answer; CNCF distribution 2.8 would answer 200 application/vnd.docker.distribution.manifest.v2+json (as stored) instead',
    );
  });
});
