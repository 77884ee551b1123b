import { describe, expect, it } from 'vitest';
import { findDigestLinks } from './digestLinks';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('findDigestLinks', () => {
  it('names config, layers, manifests and subject of an OCI document (image-spec descriptor fields), at their offsets', () => {
    const text = JSON.stringify(
      {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: d('a'), size: 2 },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: d('b'), size: 3 }],
        subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('c'), size: 4 },
        annotations: { 'org.example.digest': d('e') },
      },
      null,
      3,
    );
    const links = findDigestLinks(text);
    expect(links.map((l) => [l.role, l.digest])).toEqual([
      ['config', d('a')],
      ['layer', d('b')],
      ['subject', d('c')],
    ]);
    for (const link of links) expect(text.slice(link.offset, link.offset + link.length)).toBe(link.digest);
  });

  it("names an index's manifests and schema 1's fsLayers blobSums", () => {
    const index = `{"manifests":[{"digest":"${d('1')}","platform":{"os":"linux"}},{"digest" : "${d('2')}"}]}`;
    expect(findDigestLinks(index).map((l) => l.role)).toEqual(['manifest', 'manifest']);
    const schema1 = JSON.stringify({ schemaVersion: 1, fsLayers: [{ blobSum: d('3') }, { blobSum: d('4') }], history: [] });
    expect(findDigestLinks(schema1).map((l) => [l.role, l.digest])).toEqual([
      ['layer', d('3')],
      ['layer', d('4')],
    ]);
  });

  it('makes no link of a digest key elsewhere, of a value that is no digest, or in text that is not JSON', () => {
    const nested = `{"annotations":{"x":"{\\"digest\\":\\"${d('5')}\\"}"},"config":{"digest":"not a digest"},"history":[{"digest":"${d('6')}"}]}`;
    expect(findDigestLinks(nested)).toEqual([]);
    expect(findDigestLinks(`{"config":{"digest":"${d('7')}"`)).toEqual([]);
    // A duplicate key: the parsed document holds one of the two, so roles cannot be paired with text.
    expect(findDigestLinks(`{"config":{"digest":"${d('8')}","digest":"${d('9')}"}}`)).toEqual([]);
  });
});
