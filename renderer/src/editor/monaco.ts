/**
 * Monaco, trimmed to what a read-only manifest viewer needs, with its workers bundled by Vite (no CDN,
 * nothing fetched at run time). Imported only from the lazily loaded editor chunk.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/diffEditor/register';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = {
  // The editor worker computes diffs; the JSON language needs no worker as configured below.
  getWorker: () => new EditorWorker(),
};

// A manifest may name a $schema URL; the renderer must never fetch anything from the network.
jsonDefaults.setDiagnosticsOptions({ validate: false, allowComments: false, enableSchemaRequest: false, schemas: [] });
// Read-only viewers need colours only. Colours are computed on this thread; everything else would be
// answered by the JSON worker, which costs a second thread's worth of CPU per large document (a
// 500-entry index) for nothing shown here. Folding is by indentation (editor option), also local.
jsonDefaults.setModeConfiguration({
  tokens: true,
  documentFormattingEdits: false,
  documentRangeFormattingEdits: false,
  completionItems: false,
  hovers: false,
  documentSymbols: false,
  colors: false,
  foldingRanges: false,
  diagnostics: false,
  selectionRanges: false,
});

export { monaco };
