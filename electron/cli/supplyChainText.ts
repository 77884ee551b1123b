/** `manifest-lens supply-chain`: the tree as indented text, and the JSON object scripts rely on. */
import type { SupplyChainResult, SupplyChainTreeNode, Verdict } from '../../shared/supplyChain';

function verdictText(verdict: Verdict | null): string {
  if (!verdict) return '';
  const mark = verdict.verified === true ? '✓' : verdict.verified === false ? '✗' : '·';
  return `  [${mark} ${verdict.reason}]`;
}

/** A referrer of one layer prints as one entry: its manifest's line, then what the layer says. */
function lines(node: SupplyChainTreeNode, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const via = node.via ? ` via ${node.via}` : '';
  const head = `${pad}${node.title} ${node.digest}${via}${verdictText(node.verdict)}`;
  const only = node.children.length === 1 && node.children[0]!.children.length === 0 ? node.children[0]! : null;
  const facts = only ? only.summary : node.children.length === 0 ? node.summary : [];
  const children = only ? [] : node.children;
  return [head, ...facts.map((f) => `${pad}    ${f.label}: ${f.value}`), ...children.flatMap((c) => lines(c, depth + 1))];
}

export function formatSupplyChain(result: SupplyChainResult): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const coverage = result.coverage.map(
    (c) =>
      `  ${(c.platform ?? 'subject').padEnd(16)} signed ${yes(c.signed).padEnd(3)}  verified ${yes(c.verified).padEnd(3)}  attested ${yes(c.attested)}`,
  );
  return [
    `${result.subject.reference} ${result.subject.digest} (${result.subject.mediaType})`,
    ...result.notes,
    '',
    ...lines(result.tree, 0),
    '',
    'Coverage:',
    ...coverage,
  ].join('\n');
}
