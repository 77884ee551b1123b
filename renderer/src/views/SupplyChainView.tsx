import { useMemo, useState } from 'react';
import type { ResultOf } from '../../../shared/api';
import type { DiscoveryPath, ShownDocument, SupplyChainTreeNode, TreeNodeKind, Verdict } from '../../../shared/supplyChain';
import { useSupplyChain } from '../api/queries';
import { BusyNotice } from '../components/BusyNotice';
import { CopyButton } from '../components/CopyButton';
import { DataTable } from '../components/DataTable';
import { DigestCell } from '../components/DescriptorCells';
import { ErrorNotice } from '../components/ErrorNotice';
import { ShortDigest } from '../components/ShortDigest';
import { CodeView } from '../components/CodeView';
import { Tree } from '../components/Tree';
import { editorHeight } from '../editor/editorHeight';
import { coverageGaps, coverageSubject } from '../lib/coverageGaps';
import { useDigestNavigation } from '../lib/digestNavigation';
import { beginAction } from '../lib/userAction';
import { hashInputs, NO_INPUTS, type HashedInputs, type VerificationInputs } from '../lib/verificationInputs';
import { SupplyChainInputs } from './SupplyChainInputs';
import './SupplyChainView.css';

type SupplyChainResult = ResultOf<'supplyChain'>;

const VIA_TEXT: Record<DiscoveryPath, string> = {
  'referrers-api': 'the referrers API',
  'referrers-tag': 'the referrers tag',
  'cosign-tag': 'a cosign tag',
  'index-entry': 'an index entry',
};

const KIND_TEXT: Record<TreeNodeKind, string> = {
  index: 'index',
  manifest: 'image',
  signature: 'signature',
  attestation: 'attestation',
  sbom: 'SBOM',
  other: 'other',
};

/** A tree node with its place: ids are paths ("0.2.1"), stable while the same answer is on screen. */
interface ShownNode {
  id: string;
  node: SupplyChainTreeNode;
  /** A manifest of the repository (the subject, a platform, a referrer), not a layer of one. */
  manifest: boolean;
  /** A platform child of the index on screen. */
  platformChild: boolean;
  /** The one layer of a referrer shown as one node with it (a cosign signature, a bundle). */
  layer: string | null;
  children: ShownNode[];
}

const isSubject = (kind: TreeNodeKind | null) => kind === 'index' || kind === 'manifest';

/**
 * The tree as shown. A referrer of one layer (a cosign signature, a bundle, an SBOM) is one node with
 * its layer: the same title, verdict and facts twice, one under the other, would say nothing more; its
 * documents are the manifest's and the layer's.
 */
function shownTree(node: SupplyChainTreeNode, id = '0', parent: TreeNodeKind | null = null): ShownNode {
  const only = node.children.length === 1 ? node.children[0]! : null;
  if (parent !== null && isSubject(parent) && !isSubject(node.kind) && only && only.children.length === 0) {
    const merged = { ...node, documents: [...node.documents, ...only.documents], children: [] };
    return { id, node: merged, manifest: true, platformChild: false, layer: only.digest, children: [] };
  }
  return {
    id,
    node,
    manifest: parent === null || isSubject(parent),
    platformChild: parent === 'index' && node.kind === 'manifest',
    layer: null,
    children: node.children.map((c, i) => shownTree(c, `${id}.${i}`, node.kind)),
  };
}

function find(root: ShownNode, id: string): ShownNode | undefined {
  if (root.id === id) return root;
  for (const child of root.children) {
    const found = find(child, id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The supply chain of the inspected image: one tree of the subject, its platforms and every signature,
 * attestation and SBOM that refers to them, each with its verdict; the selected node's facts and
 * documents; and which platforms are signed, verified and attested. Asked only while the tab is shown,
 * once per reference and set of verification inputs.
 */
export function SupplyChainView({ reference, source, active }: { reference: string; source: string; active: boolean }) {
  const [inputs, setInputs] = useState<HashedInputs>(NO_INPUTS);
  const query = useSupplyChain(reference, source, inputs, active);
  const change = (next: VerificationInputs) => {
    beginAction('Change the verification inputs');
    void hashInputs(next).then(setInputs);
  };
  return (
    <div className="supply-view">
      <section className="pane" aria-labelledby="supply-title">
        <header className="pane-header">
          <h2 id="supply-title">Supply chain</h2>
          <span className="mono muted wrap">{reference}</span>
          <button type="button" className="small" onClick={() => void query.refetch()} disabled={query.isFetching}>
            Look again
          </button>
        </header>
        <SupplyChainInputs value={inputs.inputs} onChange={change} />
      </section>
      {query.error ? (
        <ErrorNotice error={query.error} />
      ) : !query.data ? (
        <BusyNotice>Looking for signatures, attestations and SBOMs…</BusyNotice>
      ) : (
        <>
          {query.isFetching && <BusyNotice>Looking again, with the inputs given…</BusyNotice>}
          <div className={query.isFetching ? 'supply-results stale' : 'supply-results'}>
            <Found result={query.data} />
            <Coverage result={query.data} />
          </div>
        </>
      )}
    </div>
  );
}

/**
 * What the tree holds, as the heading counts it: each innermost referrer once, so a BuildKit attestation
 * manifest counts as the provenance and the SBOM it carries, not as a third thing.
 */
function foundByKind(root: ShownNode, counts = new Map<TreeNodeKind, number>()): Map<TreeNodeKind, number> {
  for (const child of root.children) {
    const inner = child.children.some((c) => !isSubject(c.node.kind));
    if (!isSubject(child.node.kind) && !inner) counts.set(child.node.kind, (counts.get(child.node.kind) ?? 0) + 1);
    foundByKind(child, counts);
  }
  return counts;
}

function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Found({ result }: { result: SupplyChainResult }) {
  const root = useMemo(() => shownTree(result.tree), [result.tree]);
  const [selectedId, setSelected] = useState('0');
  // A new answer may lack the node selected before: the subject is selected then.
  const selected = find(root, selectedId) ?? root;
  const found = useMemo(() => foundByKind(root), [root]);
  const of = (kind: TreeNodeKind) => found.get(kind) ?? 0;
  return (
    <section className="pane" aria-labelledby="supply-found-title">
      <header className="pane-header">
        <h2 id="supply-found-title">Signatures, attestations and SBOMs</h2>
        <span className="muted">
          {counted(of('signature'), 'signature')}, {counted(of('attestation'), 'attestation')}, {counted(of('sbom'), 'SBOM')}
          {of('other') > 0 && `, ${counted(of('other'), 'other artifact')}`}
        </span>
      </header>
      <div className="supply-found">
        <div className="supply-tree">
          <Tree
            label="Supply chain"
            roots={[root]}
            selected={selected.id}
            onSelect={setSelected}
            renderLabel={(item) => item.node.title || item.node.digest}
            renderDetail={(item) => <NodeLine node={item.node} />}
          />
          <ul className="notes small-text">
            {result.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
        <NodeDetails key={selected.id} item={selected} />
      </div>
    </section>
  );
}

/**
 * What follows a node's title on its row (and is read as its description): kind, format, path, verdict,
 * facts. A parent's facts are its children's verdicts, which the rows below it show.
 */
function NodeLine({ node }: { node: SupplyChainTreeNode }) {
  const subject = node.kind === 'index' || node.kind === 'manifest';
  return (
    <>
      {subject ? <ShortDigest digest={node.digest} /> : <span className="badge">{KIND_TEXT[node.kind]}</span>}{' '}
      {node.format && node.format !== 'unknown' && <span className="badge">{node.format}</span>}{' '}
      {node.via && <span className="muted">via {VIA_TEXT[node.via]}</span>} {node.verdict && <VerdictText verdict={node.verdict} />}{' '}
      {node.summary.length > 0 && node.children.length === 0 && (
        <span className="tree-summary">{node.summary.map((f) => `${f.label}: ${f.value}`).join(' · ')}</span>
      )}
    </>
  );
}

function verdictClass(verdict: Verdict): string {
  return verdict.verified === true ? 'verdict-ok' : verdict.verified === false ? 'verdict-bad' : 'verdict-none';
}

/** The verdict in words ("verified: …", "does not verify: …", "not checked (…)"), coloured by outcome. */
function VerdictText({ verdict }: { verdict: Verdict }) {
  return (
    <span className={`verdict-text ${verdictClass(verdict)}`}>
      <span aria-hidden="true">{verdict.verified === true ? '✓ ' : verdict.verified === false ? '✗ ' : '○ '}</span>
      {verdict.reason}
    </span>
  );
}

function NodeDetails({ item }: { item: ShownNode }) {
  const { node } = item;
  const openDigest = useDigestNavigation();
  // The subject is what is on screen already; its platforms and referrers open by digest in the same repository.
  const canOpen = openDigest && item.manifest && item.id !== '0';
  return (
    <section className="supply-details" aria-label="Selected item">
      <h3>{node.title || node.digest}</h3>
      <dl className="facts compact">
        <div>
          <dt>Kind</dt>
          <dd>{KIND_TEXT[node.kind]}</dd>
        </div>
        {node.format && (
          <div>
            <dt>Format</dt>
            <dd>{node.format}</dd>
          </div>
        )}
        {node.via && (
          <div>
            <dt>Found by</dt>
            <dd>{VIA_TEXT[node.via]}</dd>
          </div>
        )}
        {node.platform && (
          <div>
            <dt>Platform</dt>
            <dd className="mono">{node.platform}</dd>
          </div>
        )}
        <div className="wide">
          <dt>Digest</dt>
          <dd className="digest-line">
            <ShortDigest digest={node.digest} />
            <CopyButton text={node.digest} label="Copy digest" />
            {canOpen && (
              <button
                type="button"
                className="small"
                aria-label={`Open manifest ${node.digest}`}
                onClick={() => openDigest({ digest: node.digest, role: item.platformChild ? 'manifest' : 'subject' })}
              >
                Open
              </button>
            )}
          </dd>
        </div>
        {item.layer && (
          <div className="wide">
            <dt>Layer</dt>
            <dd>
              <ShortDigest digest={item.layer} />
            </dd>
          </div>
        )}
        <div className="wide">
          <dt>Media type</dt>
          <dd className="mono">{node.mediaType}</dd>
        </div>
        {node.artifactType && (
          <div className="wide">
            <dt>Artifact type</dt>
            <dd className="mono">{node.artifactType}</dd>
          </div>
        )}
        {node.verdict && (
          <div className="wide">
            <dt>Verdict</dt>
            <dd>
              <VerdictText verdict={node.verdict} />
            </dd>
          </div>
        )}
        {node.summary.map((f) => (
          <div key={f.label} className="wide">
            <dt>{f.label}</dt>
            <dd className="mono">{f.value}</dd>
          </div>
        ))}
      </dl>
      <Documents title={node.title || node.digest} documents={node.documents} />
    </section>
  );
}

const isJson = (d: ShownDocument) => d.mediaType.includes('json') || /^\s*[[{]/.test(d.text);

/** The node's manifest and payloads, one at a time, read-only in the editor. */
function Documents({ title, documents }: { title: string; documents: readonly ShownDocument[] }) {
  const [shown, setShown] = useState(0);
  const document = documents[shown];
  if (!document) return <p className="muted small-text">No document to show: the tree lists what this node holds.</p>;
  return (
    <div className="supply-documents">
      <div className="segmented-buttons" role="group" aria-label="Documents">
        {documents.map((d, i) => (
          <button key={`${i}-${d.label}`} type="button" className="small" aria-pressed={i === shown} onClick={() => setShown(i)}>
            {d.label}
          </button>
        ))}
      </div>
      <div className="editor-frame" style={{ height: editorHeight(document.text) }}>
        <CodeView text={document.text} language={isJson(document) ? 'json' : 'plaintext'} label={`${title} ${document.label}`} />
      </div>
    </div>
  );
}

function YesNo({ value }: { value: boolean }) {
  return <td className={value ? 'coverage-yes' : 'coverage-no'}>{value ? 'yes' : 'no'}</td>;
}

function Coverage({ result }: { result: SupplyChainResult }) {
  const gaps = coverageGaps(result.coverage, result.tree.kind);
  return (
    <section className="pane" aria-labelledby="supply-coverage-title">
      <header className="pane-header">
        <h2 id="supply-coverage-title">Coverage</h2>
        <span className="muted">{gaps.length === 0 ? 'no gaps' : counted(gaps.length, 'gap')}</span>
      </header>
      <div className="table-scroll">
        <DataTable label="Supply chain coverage" columns={['Subject', 'Digest', 'Signed', 'Verified', 'Attested']}>
          {result.coverage.map((row) => (
            <tr key={row.digest}>
              <th scope="row" className="mono">
                {coverageSubject(row, result.tree.kind)}
              </th>
              <DigestCell digest={row.digest} />
              <YesNo value={row.signed} />
              <YesNo value={row.verified} />
              <YesNo value={row.attested} />
            </tr>
          ))}
        </DataTable>
      </div>
      {gaps.length === 0 ? (
        <p>Every subject is signed, verified and attested.</p>
      ) : (
        <ul className="coverage-gaps" aria-label="Gaps">
          {gaps.map((gap) => (
            <li key={gap}>{gap}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
