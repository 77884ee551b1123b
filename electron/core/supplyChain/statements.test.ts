import { describe, expect, it } from 'vitest';
import { InTotoStatement, readCycloneDx, readStatement, subjectCheck } from './statements';

const HEX = 'a'.repeat(64);
const statement = (predicateType: string, predicate: unknown, hex = HEX) =>
  InTotoStatement.parse({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app', digest: { sha256: hex } }],
    predicateType,
    predicate,
  });

describe('in-toto statements', () => {
  it('a subject is checked against the digest it names, algorithm and hex', () => {
    expect(subjectCheck(statement('x', {}), `sha256:${HEX}`)).toEqual({ ok: true, reason: `its subjects name sha256:${HEX}` });
    expect(subjectCheck(statement('x', {}, 'b'.repeat(64)), `sha256:${HEX}`)).toEqual({
      ok: false,
      reason: `its subjects name sha256:${'b'.repeat(64)}, not sha256:${HEX}`,
    });
  });

  it('SLSA provenance v1: builder, the first resolved dependency as source, build type', () => {
    const reading = readStatement(
      statement('https://slsa.dev/provenance/v1', {
        buildDefinition: { buildType: 'https://example.com/build/v1', resolvedDependencies: [{ uri: 'git+https://example.com/app@main' }] },
        runDetails: { builder: { id: 'https://example.com/builder' } },
      }),
    );
    expect(reading).toMatchObject({ kind: 'attestation', title: 'SLSA provenance v1' });
    expect(reading.summary.slice(2)).toEqual([
      { label: 'builder', value: 'https://example.com/builder' },
      { label: 'source', value: 'git+https://example.com/app@main' },
      { label: 'build type', value: 'https://example.com/build/v1' },
    ]);
  });

  it('a predicate that does not match its SLSA version says so instead of failing', () => {
    const reading = readStatement(statement('https://slsa.dev/provenance/v0.2', { builder: 'not an object' }));
    expect(reading.summary).toContainEqual({ label: 'predicate', value: 'does not match SLSA provenance v0.2' });
  });

  it('another predicate type is named, not read', () => {
    expect(readStatement(statement('https://example.com/vuln/v1', {}))).toMatchObject({
      kind: 'attestation',
      title: 'in-toto attestation',
    });
  });
});

describe('CycloneDX', () => {
  it('reads tools as 1.4 writes them (an array) and as 1.5 does ({components})', () => {
    const tools14 = readCycloneDx({
      bomFormat: 'CycloneDX',
      specVersion: '1.4',
      metadata: { tools: [{ vendor: 'anchore', name: 'syft', version: '1.0' }] },
    });
    const tools15 = readCycloneDx({ bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { tools: { components: [{ name: 'trivy' }] } } });
    expect(tools14?.summary).toContainEqual({ label: 'creator tool', value: 'anchore syft 1.0' });
    expect(tools15?.summary).toContainEqual({ label: 'creator tool', value: 'trivy' });
    expect(readCycloneDx({ bomFormat: 'SPDX' })).toBeNull();
  });
});
