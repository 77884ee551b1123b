/** The coverage table's gaps in words: what is not signed, not verified, not attested, by name. */
import type { CoverageRow, TreeNodeKind } from '../../../shared/supplyChain';

/** A row's subject as the table names it: its platform, or the index (or single image) itself. */
export function coverageSubject(row: CoverageRow, subjectKind: TreeNodeKind): string {
  return row.platform ?? (subjectKind === 'index' ? 'index' : 'image');
}

/** "the index …" starts a sentence capitalised; a platform keeps its spelling ("linux/arm64 …"). */
const sentence = (text: string) => `${text.replace(/^the /, 'The ')}.`;

/** One sentence per gap, in the table's order: "linux/arm64 is not signed." */
export function coverageGaps(rows: readonly CoverageRow[], subjectKind: TreeNodeKind): string[] {
  const gaps: string[] = [];
  for (const row of rows) {
    const name = row.platform ?? `the ${coverageSubject(row, subjectKind)}`;
    if (!row.signed) gaps.push(sentence(`${name} is not signed`));
    else if (!row.verified) gaps.push(sentence(`${name} is signed, but no signature of it is verified`));
    if (!row.attested) gaps.push(sentence(`${name} is not attested`));
  }
  return gaps;
}
