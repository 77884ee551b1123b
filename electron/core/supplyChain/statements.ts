/**
 * What attestations and SBOMs say, read by their published schemas: in-toto statements v0.1/v1
 * (in-toto/attestation spec), SLSA provenance v0.2 and v1 (slsa.dev), SPDX 2.x JSON (spdx.dev) and
 * CycloneDX JSON (cyclonedx.org). Each reader returns the few facts a person looks for first.
 */
import { z } from 'zod';
import type { SummaryField, SupplyChainKind } from '../../../shared/supplyChain';

export const InTotoStatement = z.looseObject({
  _type: z.string().regex(/^https:\/\/in-toto\.io\/Statement\/v/, 'not an in-toto statement'),
  subject: z.array(z.looseObject({ name: z.string().optional(), digest: z.record(z.string(), z.string()) })),
  predicateType: z.string(),
  predicate: z.unknown().optional(),
});
export type InTotoStatement = z.infer<typeof InTotoStatement>;

const SPDX_PREDICATES = ['https://spdx.dev/Document', 'https://spdx.dev/Document/v2.3', 'https://spdx.dev/Document/v2.2'];
const CYCLONEDX_PREDICATE = 'https://cyclonedx.org/bom';
const SLSA_PREDICATE = /^https:\/\/slsa\.dev\/provenance\/v(0\.1|0\.2|1)$/;

const Spdx = z.looseObject({
  spdxVersion: z.string().regex(/^SPDX-/),
  name: z.string().optional(),
  packages: z.array(z.unknown()).optional(),
  creationInfo: z.looseObject({ creators: z.array(z.string()).optional() }).optional(),
});

const CycloneDxTool = z.looseObject({ name: z.string().optional(), version: z.string().optional(), vendor: z.string().optional() });
const CycloneDx = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string().optional(),
  components: z.array(z.unknown()).optional(),
  metadata: z
    .looseObject({
      component: z.looseObject({ name: z.string().optional() }).optional(),
      // 1.4 and before: an array of tools; 1.5 on: {components: [...], services: [...]}.
      tools: z.union([z.array(CycloneDxTool), z.looseObject({ components: z.array(CycloneDxTool).optional() })]).optional(),
    })
    .optional(),
});

const SlsaV02 = z.looseObject({
  builder: z.looseObject({ id: z.string() }),
  buildType: z.string().optional(),
  invocation: z.looseObject({ configSource: z.looseObject({ uri: z.string().optional() }).optional() }).optional(),
  materials: z.array(z.looseObject({ uri: z.string().optional() })).optional(),
});
const SlsaV1 = z.looseObject({
  buildDefinition: z.looseObject({
    buildType: z.string(),
    externalParameters: z.unknown().optional(),
    resolvedDependencies: z.array(z.looseObject({ uri: z.string().optional() })).optional(),
  }),
  runDetails: z.looseObject({ builder: z.looseObject({ id: z.string() }) }),
});

export interface DocumentReading {
  kind: SupplyChainKind;
  format: 'spdx' | 'cyclonedx' | 'in-toto' | 'unknown';
  title: string;
  summary: SummaryField[];
}

const field = (label: string, value: string | number | undefined | null): SummaryField[] =>
  value === undefined || value === null || value === '' ? [] : [{ label, value: String(value) }];

/** SPDX JSON: document name, package count, creator tools. */
export function readSpdx(value: unknown): DocumentReading | null {
  const doc = Spdx.safeParse(value);
  if (!doc.success) return null;
  const tools = (doc.data.creationInfo?.creators ?? []).filter((c) => c.startsWith('Tool:')).map((c) => c.slice(5).trim());
  return {
    kind: 'sbom',
    format: 'spdx',
    title: `SPDX SBOM (${doc.data.spdxVersion})`,
    summary: [
      ...field('document', doc.data.name),
      ...field('packages', doc.data.packages?.length ?? 0),
      ...field('creator tool', tools.join(', ')),
    ],
  };
}

/** CycloneDX JSON: the described component, component count, tools. */
export function readCycloneDx(value: unknown): DocumentReading | null {
  const doc = CycloneDx.safeParse(value);
  if (!doc.success) return null;
  const tools = doc.data.metadata?.tools;
  const list = Array.isArray(tools) ? tools : (tools?.components ?? []);
  const names = list.map((t) => [t.vendor, t.name, t.version].filter(Boolean).join(' ')).filter(Boolean);
  return {
    kind: 'sbom',
    format: 'cyclonedx',
    title: `CycloneDX SBOM${doc.data.specVersion ? ` (${doc.data.specVersion})` : ''}`,
    summary: [
      ...field('document', doc.data.metadata?.component?.name),
      ...field('packages', doc.data.components?.length ?? 0),
      ...field('creator tool', names.join(', ')),
    ],
  };
}

/** SLSA provenance: builder, source, build type. */
function readSlsa(version: string, predicate: unknown): SummaryField[] {
  if (version === '1') {
    const p = SlsaV1.safeParse(predicate);
    if (!p.success) return field('predicate', 'does not match SLSA provenance v1');
    const source = p.data.buildDefinition.resolvedDependencies?.find((d) => d.uri)?.uri;
    return [
      ...field('builder', p.data.runDetails.builder.id),
      ...field('source', source),
      ...field('build type', p.data.buildDefinition.buildType),
    ];
  }
  const p = SlsaV02.safeParse(predicate);
  if (!p.success) return field('predicate', `does not match SLSA provenance v${version}`);
  const source = p.data.invocation?.configSource?.uri ?? p.data.materials?.find((m) => m.uri)?.uri;
  return [...field('builder', p.data.builder.id), ...field('source', source), ...field('build type', p.data.buildType)];
}

/** An in-toto statement: its predicate read by type (SLSA, SPDX, CycloneDX), or named only. */
export function readStatement(statement: InTotoStatement): DocumentReading {
  const { predicateType, predicate } = statement;
  const subjects = field('subjects', statement.subject.map((s) => s.name ?? Object.values(s.digest)[0] ?? '').join(', '));
  const head = [...field('predicate type', predicateType), ...subjects];
  const slsa = SLSA_PREDICATE.exec(predicateType);
  if (slsa) {
    return {
      kind: 'attestation',
      format: 'in-toto',
      title: `SLSA provenance v${slsa[1]}`,
      summary: [...head, ...readSlsa(slsa[1]!, predicate)],
    };
  }
  const sbom = SPDX_PREDICATES.includes(predicateType)
    ? readSpdx(predicate)
    : predicateType === CYCLONEDX_PREDICATE
      ? readCycloneDx(predicate)
      : null;
  if (sbom) return { kind: 'sbom', format: 'in-toto', title: `${sbom.title} attestation`, summary: [...head, ...sbom.summary] };
  return { kind: 'attestation', format: 'in-toto', title: 'in-toto attestation', summary: head };
}

/**
 * Whether a statement names `digest` among its subjects. An image's statement names its manifest digest
 * (cosign attest, BuildKit, GitHub's attest action), with the algorithm as key and hex as value.
 */
export function subjectCheck(statement: InTotoStatement, digest: string): { ok: boolean; reason: string } {
  const [algorithm, hex] = digest.split(':') as [string, string];
  const named = statement.subject.flatMap((s) => Object.entries(s.digest).map(([a, h]) => `${a}:${h}`));
  if (statement.subject.some((s) => s.digest[algorithm] === hex)) return { ok: true, reason: `its subjects name ${digest}` };
  return { ok: false, reason: `its subjects name ${named.join(', ') || 'nothing'}, not ${digest}` };
}
