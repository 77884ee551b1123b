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
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = {
  // The editor worker computes diffs; nothing else here needs a worker.
  getWorker: () => new EditorWorker(),
};

// JSON colours come from a Monarch grammar, not Monaco's JSON language: that language's worker manager
// imports every editor contribution, late, after the editors exist, and each later editor then fails on
// services it never registered (ICodeLensCache, ISuggestMemories…). A read-only viewer needs only colours;
// the grammar runs on this thread and can never fetch a $schema URL. Token names are the ones Monaco's
// themes colour for JSON.
monaco.languages.register({ id: 'json', extensions: ['.json'], mimetypes: ['application/json'] });
monaco.languages.setLanguageConfiguration('json', {
  brackets: [
    ['{', '}'],
    ['[', ']'],
  ],
});
monaco.languages.setMonarchTokensProvider('json', {
  tokenizer: {
    root: [
      [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'string.key.json'],
      [/"(?:[^"\\]|\\.)*"/, 'string.value.json'],
      [/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, 'number'],
      [/\b(?:true|false|null)\b/, 'keyword'],
      [/[{}[\]]/, 'delimiter.bracket'],
      [/[,:]/, 'delimiter'],
      [/\s+/, 'white'],
    ],
  },
});

export { monaco };
