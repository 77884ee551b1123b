/**
 * Every note says something: what was lost, or what changed from what to what. Judged over the
 * conversions of the vendored vectors (other projects' manifests) and of their variants that real tools
 * write: a schema 2 referencing its config with the OCI type, layers already typed for the target family,
 * a list child whose conversion is itself.
 */
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { readVector } from '../../../test/support/vectors';
import type { LayerDigests } from './diffIds';
import { schema1Payload } from './downgradeToSchema1';
import { listToIndex } from './listToIndex';
import { ociToSchema2 } from './ociToSchema2';
import { schema2ToOci } from './schema2ToOci';
import type { ConversionNote } from './types';
import { layersNeedingDiffIds, upgradeFromSchema1 } from './upgradeFromSchema1';

const json = (b: Uint8Array) =>
  JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown> & { layers: Array<{ mediaType: string }> };
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const schema2 = readVector('containers-image/schema2.json');
const oci1 = readVector('containers-image/oci1.json');

/** The vector with its config and layer media types replaced. */
function retyped(bytes: Uint8Array, config: string | null, layer: string | null): Uint8Array {
  const doc = json(bytes);
  const c = doc.config as { mediaType: string };
  return enc({
    ...doc,
    config: { ...c, mediaType: config ?? c.mediaType },
    layers: doc.layers.map((l) => ({ ...l, mediaType: layer ?? l.mediaType })),
  });
}

function upgraded(bytes: Uint8Array, target: 'v2s2' | 'oci'): ConversionNote[] {
  const layers = new Map<string, LayerDigests>(
    layersNeedingDiffIds(bytes).map((d, i) => [d, { digest: d, size: i, diffId: d, compression: 'gzip' }]),
  );
  return upgradeFromSchema1(bytes, layers, target).notes;
}

/** A manifest list of the two vectors, each child converted to OCI (the OCI one is its own conversion). */
function listOfVectors(): ConversionNote[] {
  const children = [schema2, oci1];
  const descriptors = [
    { mediaType: MediaType.dockerSchema2, digest: `sha256:${'0'.repeat(64)}`, size: schema2.length },
    { mediaType: MediaType.ociManifest, digest: `sha256:${'1'.repeat(64)}`, size: oci1.length },
  ].map((d) => ({ ...d, platform: { architecture: 'amd64', os: 'linux' } }));
  const list = enc({ schemaVersion: 2, mediaType: MediaType.dockerList, manifests: descriptors });
  return listToIndex(list, (d, i) => {
    if (i === 0) return schema2ToOci(children[0]!);
    const bytes = children[1]!;
    return { bytes, mediaType: MediaType.ociManifest, digest: d.digest, notes: [] };
  }).notes;
}

const CASES: Array<[name: string, notes: () => ConversionNote[]]> = [
  ['containers/image schema2 → OCI', () => schema2ToOci(schema2).notes],
  ['regclient schema2 with annotations → OCI', () => schema2ToOci(readVector('regclient/schema2-annotations.json')).notes],
  ['schema2 with an OCI-typed config → OCI', () => schema2ToOci(retyped(schema2, MediaType.ociConfig, null)).notes],
  ['schema2 with OCI-typed layers → OCI', () => schema2ToOci(retyped(schema2, null, MediaType.ociLayerGzip)).notes],
  ['containers/image oci1 → schema2', () => ociToSchema2(oci1).notes],
  ['oci1 with Docker-typed layers → schema2', () => ociToSchema2(retyped(oci1, null, MediaType.dockerLayerGzip)).notes],
  ['oci1 → schema2 → OCI', () => schema2ToOci(ociToSchema2(oci1).bytes).notes],
  ['containers/image schema1 → schema2', () => upgraded(readVector('containers-image/schema1.json'), 'v2s2')],
  ['regclient signed schema1 → OCI', () => upgraded(readVector('regclient/hub-debian-6-schema1-signed.json'), 'oci')],
  ['list of the vectors → OCI index, children converted', listOfVectors],
  [
    'containers/image schema2 → schema 1',
    () =>
      schema1Payload({
        manifest: schema2,
        config: readVector('containers-image/schema2-config.json'),
        repository: 'library/app',
        tag: 'latest',
      }).notes,
  ],
];

/** Media types and digests a message names; a note naming one twice says "X became X". */
const NAMED = /sha256:[a-f0-9]{64}|\b(?:application|text)\/[\w.+-]*[\w+-]/g;

describe('no note says nothing', () => {
  it.each(CASES)('%s', (_name, notesOf) => {
    const notes = notesOf();
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      const changed = /from (.+) to (.+)\.$/.exec(n.message);
      if (changed) expect(changed[1], `${n.field}: ${n.message}`).not.toBe(changed[2]);
      const named = n.message.match(NAMED) ?? [];
      expect(new Set(named).size, `${n.field}: ${n.message}`).toBe(named.length);
    }
  });

  it('names the old and the new media type of the config and of the layers it retypes', () => {
    const notes = schema2ToOci(retyped(schema2, MediaType.dockerConfig, MediaType.dockerLayerGzip)).notes;
    expect(notes).toContainEqual({
      kind: 'changed',
      field: 'config.mediaType',
      message: `The config's media type changed (its bytes did not): from ${MediaType.dockerConfig} to ${MediaType.ociConfig}.`,
    });
    expect(notes).toContainEqual({
      kind: 'changed',
      field: 'layers[*].mediaType',
      message: `Layer media types were mapped to their OCI equivalents: from ${MediaType.dockerLayerGzip} to ${MediaType.ociLayerGzip}.`,
    });
  });

  it('reports no layer mapping when every layer already has the target type', () => {
    const notes = schema2ToOci(retyped(schema2, MediaType.ociConfig, MediaType.ociLayerGzip)).notes;
    expect(notes.filter((n) => n.field.includes('mediaType'))).toEqual([]);
  });

  it('names only the layers a mapping covers when layers differ', () => {
    const doc = json(schema2);
    const layers = doc.layers.map((l, i) => ({ ...l, mediaType: i === 1 ? MediaType.ociLayerGzip : MediaType.dockerLayerGzip }));
    const fields = schema2ToOci(enc({ ...doc, layers })).notes.map((n) => n.field);
    const others = doc.layers.map((_l, i) => i).filter((i) => i !== 1);
    expect(fields).toContain(`layers[${others.join(',')}].mediaType`);
  });
});
