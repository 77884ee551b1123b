import { useState } from 'react';
import { formatByMediaType } from '../../../shared/mediaTypes';
import type { RegistryLedger } from '../../../shared/ledger';
import { useRequestLedger } from '../api/queries';
import { clearRequestLog, useRequestLog, type LoggedExchange } from '../api/requestLog';
import { CopyButton } from '../components/CopyButton';
import { HeaderTable } from '../components/HeaderTable';
import { curlCommand } from '../lib/curl';
import { decodeBase64Utf8, formatBytes, formatDuration, statusClass } from '../lib/format';
import { DataTable } from '../components/DataTable';
import { FilterField } from '../components/FilterField';

const PREVIEW_BYTES = 4096;

/** Every HTTP exchange of this session under the action that caused it, newest first; one opened in full. */
export function RequestLogView() {
  const log = useRequestLog();
  const [selected, setSelected] = useState<number | null>(null);
  const [filter, setFilter] = useState('');
  const shown = filter ? log.filter((l) => `${l.call} ${l.exchange.method} ${l.exchange.url} ${l.exchange.status}`.includes(filter)) : log;
  // The detail follows the filter: a row it hides is not open either.
  const open = shown.find((l) => l.id === selected) ?? null;
  return (
    <section className="pane request-log" aria-labelledby="log-title">
      <header className="pane-header">
        <h2 id="log-title">Request log</h2>
        <span className="muted">
          {log.length} {log.length === 1 ? 'exchange' : 'exchanges'} this session; secrets redacted
        </span>
        <FilterField label="Filter" value={filter} onChange={setFilter} />
        <button type="button" className="small" onClick={clearRequestLog} disabled={log.length === 0}>
          Clear
        </button>
      </header>
      <LedgerLine exchanges={log.length} />
      <div className="log-layout">
        <div className="table-scroll log-scroll">
          <DataTable
            label="Request log"
            columns={[{ title: '#', numeric: true }, 'For', 'Method', 'Accept', 'URL', 'Status', { title: 'Time', numeric: true }]}
          >
            {groupByAction(shown).map((group) => [
              <tr key={`action-${group.action.id}`} className="log-group">
                <th scope="colgroup" colSpan={7}>
                  {group.action.label}{' '}
                  <span className="muted">
                    {group.entries.length} {group.entries.length === 1 ? 'request' : 'requests'}
                  </span>
                </th>
              </tr>,
              ...group.entries.map((l) => (
                <tr key={l.id} className={l.id === selected ? 'current' : undefined} aria-selected={l.id === selected}>
                  <td className="num">{l.id}</td>
                  <td>{l.call}</td>
                  <td className="mono">{l.exchange.method}</td>
                  <td className="small-text">
                    <AcceptCell exchange={l.exchange} />
                  </td>
                  <td className="mono small-text wrap">
                    <button
                      type="button"
                      className="link"
                      onClick={() => setSelected(l.id)}
                      aria-label={`Open exchange ${l.id}: ${l.exchange.method} ${l.exchange.url}`}
                    >
                      {l.exchange.url}
                    </button>
                  </td>
                  <td className={statusClass(l.exchange.status)}>
                    {l.exchange.status} {l.exchange.statusText}
                  </td>
                  <td className="num">{l.exchange.fromCache ? 'from cache' : formatDuration(l.exchange.durationMs)}</td>
                </tr>
              )),
            ])}
          </DataTable>
        </div>
        {open && <ExchangeDetail entry={open} />}
      </div>
    </section>
  );
}

/** Consecutive exchanges of one action, the newest action and the newest exchange first. */
function groupByAction(entries: readonly LoggedExchange[]): Array<{ action: LoggedExchange['action']; entries: LoggedExchange[] }> {
  const groups: Array<{ action: LoggedExchange['action']; entries: LoggedExchange[] }> = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    const last = groups.at(-1);
    if (last && last.action.id === entry.action.id) last.entries.push(entry);
    else groups.push({ action: entry.action, entries: [entry] });
  }
  return groups;
}

/** The Accept header sent, by format name where the types are known; the exact value on hover. */
function AcceptCell({ exchange }: { exchange: LoggedExchange['exchange'] }) {
  const accept = exchange.requestHeaders.find(([name]) => name.toLowerCase() === 'accept')?.[1];
  if (accept === undefined) return <span className="muted">—</span>;
  const titles = accept.split(',').map((part) => formatByMediaType(part.split(';')[0]!.trim())?.title ?? part.trim());
  return (
    <span className="one-line" title={accept}>
      {titles.join(', ')}
    </span>
  );
}

/** What the session has asked of each registry: what a pull limit counts, and what the cache spared. */
function LedgerLine({ exchanges }: { exchanges: number }) {
  const registries = useRequestLedger(exchanges).data?.registries ?? [];
  if (registries.length === 0) return null;
  return (
    <p className="muted small-text" role="status" aria-label="Requests per registry">
      {registries.map((r) => ledgerText(r)).join('; ')}
    </p>
  );
}

function ledgerText(r: RegistryLedger): string {
  const limit =
    r.rateLimit?.remaining && r.rateLimit.limit ? `, pull limit ${r.rateLimit.remaining.count} of ${r.rateLimit.limit.count} left` : '';
  return `${r.registry}: ${r.gets} GET, ${r.heads} HEAD, ${r.tokenRequests} token, ${r.fromCache} from cache, ${formatBytes(r.bytes)}${limit}`;
}

function ExchangeDetail({ entry }: { entry: LoggedExchange }) {
  const x = entry.exchange;
  const curl = curlCommand(x);
  const body = x.bodyBase64 ? decodeBase64Utf8(x.bodyBase64) : '';
  return (
    <section className="block exchange-detail" aria-label={`Exchange ${entry.id}`}>
      <h3>
        {x.method} <span className="mono wrap">{x.url}</span>
      </h3>
      <p className="muted small-text">
        {x.fromCache
          ? `${x.purpose}, answered from the session's cache by digest (nothing sent), ${formatBytes(x.bodySize)}`
          : `${x.purpose}, started ${x.startedAt}, ${formatDuration(x.durationMs)}, ${formatBytes(x.bodySize)} received`}
      </p>
      <div className="curl">
        <pre className="mono wrap" aria-label="curl command">
          {curl}
        </pre>
        <CopyButton text={curl} label="Copy as curl" className="small" />
      </div>
      <h3>Request headers</h3>
      <HeaderTable headers={x.requestHeaders} label={`Request headers of exchange ${entry.id}`} />
      <h3>
        Response headers{' '}
        <span className="muted">
          {x.status} {x.statusText}
        </span>
      </h3>
      <HeaderTable headers={x.responseHeaders} label={`Response headers of exchange ${entry.id}`} />
      <h3>Body preview</h3>
      {body === '' ? (
        <p className="muted">{x.purpose === 'token' ? 'Token answers are not kept: they are secrets.' : 'No body.'}</p>
      ) : (
        <pre className="mono wrap body-preview">
          {body.length > PREVIEW_BYTES ? `${body.slice(0, PREVIEW_BYTES)}\n… (${formatBytes(x.bodySize)} in all)` : body}
        </pre>
      )}
    </section>
  );
}
