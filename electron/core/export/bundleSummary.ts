/**
 * The README.md of a support bundle: what a support engineer pastes into a ticket. GitHub-flavoured
 * Markdown, short enough to read in one screen, with every digest in full where it matters.
 */
import type { AuthTrace } from '../../../shared/auth';
import { NOTE_KINDS, signatureText, type NegotiateResult, type NegotiationAnswer } from '../../../shared/conversion';
import type { CapturedExchange } from '../../../shared/exchange';
import type { ExportSummary } from '../../../shared/export';
import type { EquivalentCommand } from './commands';

export interface BundleFacts {
  summary: ExportSummary;
  negotiation: NegotiateResult | null;
  /** Why there is no negotiation table (an offline source, or the registry failed). */
  negotiationSkipped: string | null;
  auth: AuthTrace | null;
  exchanges: readonly CapturedExchange[];
  commands: readonly EquivalentCommand[];
}

/** Table cells hold no pipes or line breaks. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function answer(a: NegotiationAnswer): string {
  const type = a.contentType ? a.contentType.replace(/^application\/vnd\./, '') : '-';
  return `${a.status} ${a.errorCode ?? type}${a.digest ? ` ${a.digest.slice(0, 19)}…` : ''}`;
}

export function bundleMarkdown(facts: BundleFacts): string {
  const { summary } = facts;
  const s = summary.source;
  const name = `${s.registry ? `${s.registry}/` : ''}${s.repository}${s.tag ? `:${s.tag}` : ''}`;
  const out: string[] = [
    `# Manifest Lens support bundle: ${name}`,
    '',
    `- Source: ${code(s.input)} (${s.kind}${s.registry ? `, registry ${s.registry}` : ', offline'})`,
    `- Stored as: ${code(summary.served.mediaType)}, ${code(summary.served.digest)}, ${summary.served.size} bytes`,
    ...(summary.served.signature ? [`- Signature: ${signatureText(summary.served.signature)}`] : []),
    `- Made: ${summary.exportedAt} by ${summary.tool.name} ${summary.tool.version}`,
    '',
    '## Formats',
    '',
    '| Format | Media type | Digest | Size | Notes |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const f of summary.formats) {
    if (!f.ok) {
      out.push(`| ${f.title} | - | - | - | ${cell(`${f.error.code}: ${f.error.message}`)} |`);
      continue;
    }
    const counts = NOTE_KINDS.map((k) => [k, f.notes.filter((n) => n.kind === k).length] as const).filter(([, n]) => n > 0);
    const notes = counts.map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
    out.push(`| ${f.title} | ${code(f.manifest.mediaType)} | ${code(f.manifest.digest)} | ${f.manifest.size} | ${notes} |`);
  }
  const noted = summary.formats.filter((f) => f.ok && f.notes.length > 0);
  if (noted.length > 0) {
    out.push('', '## What the conversions lost or changed', '');
    for (const f of noted) {
      if (!f.ok) continue;
      out.push(`**${f.title}**`, '', ...f.notes.map((n) => `- ${n.kind} ${code(n.field)}: ${n.message}`), '');
    }
  }

  out.push('', '## Accept negotiation', '');
  if (facts.negotiation) {
    const n = facts.negotiation;
    const disagree = n.rows.filter((r) => !r.agree).length;
    out.push(
      `${n.method} by ${n.by}; the registry stores ${code(n.stored.mediaType)} ${code(n.stored.digest)}. ` +
        `${disagree === 0 ? 'Every answer matches' : `${disagree} of ${n.rows.length} answers differ from`} what distribution 2.8 would serve.`,
      '',
      '| Client | Registry | distribution 2.8 | Same |',
      '| --- | --- | --- | --- |',
      ...n.rows.map(
        (r) => `| ${cell(r.label)} | ${cell(answer(r.registry))} | ${cell(answer(r.simulated))} | ${r.agree ? 'yes' : '**no**'} |`,
      ),
    );
  } else {
    out.push(facts.negotiationSkipped ?? 'Not measured.');
  }

  out.push('', '## Authentication', '');
  if (facts.auth) {
    const a = facts.auth;
    out.push(
      `- Verdict: **${a.verdict.outcome}**${a.verdict.cause ? ` (${a.verdict.cause})` : ''}: ${a.verdict.explanation}`,
      `- Credential: ${a.credential ? `${a.credential.label}${a.credential.username ? `, user ${code(a.credential.username)}` : ''}` : 'none used'}`,
      `- Scopes asked: ${a.scopes.asked.map(code).join(', ') || '-'}; granted: ${a.scopes.granted?.map(code).join(', ') ?? 'unknown'}`,
    );
  } else {
    out.push('No registry was contacted.');
  }

  out.push('', '## Requests', '', `${facts.exchanges.length} HTTP exchanges, in requests.har (HAR 1.2; credentials redacted).`, '');
  for (const e of facts.exchanges) out.push(`- ${e.method} ${e.status} ${code(e.url)} (${e.durationMs} ms)`);

  out.push(
    '',
    '## Reproduce',
    '',
    'commands.sh has the same questions for curl, skopeo, crane, regctl and oras; for example:',
    '',
    '```sh',
  );
  const byTool = new Map<string, EquivalentCommand>();
  for (const c of facts.commands) if (!byTool.has(c.tool)) byTool.set(c.tool, c);
  for (const c of byTool.values()) out.push(`# ${c.purpose}`, c.command);
  out.push('```', '');
  return out.join('\n');
}
