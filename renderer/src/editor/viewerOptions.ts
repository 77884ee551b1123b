import type { monaco } from './monaco';

/**
 * What every read-only viewer here shares. Features that decorate or scan the text (links, occurrence
 * and bracket highlights, unicode checks, indent guides) are off: nobody edits, and each costs layout
 * reads on every render, which several editors side by side multiply.
 */
export const VIEWER_OPTIONS: monaco.editor.IEditorOptions = {
  readOnly: true,
  domReadOnly: true,
  automaticLayout: true,
  minimap: { enabled: false },
  folding: true,
  foldingStrategy: 'indentation',
  showFoldingControls: 'always',
  scrollBeyondLastLine: false,
  renderLineHighlight: 'none',
  fontSize: 12,
  lineHeight: 18,
  lineNumbersMinChars: 3,
  // Long lines (digests, v1Compatibility strings) wrap, so a pane never needs a horizontal scroll.
  wordWrap: 'on',
  // Tab must leave the editor, or a keyboard user is trapped inside it.
  tabFocusMode: true,
  stickyScroll: { enabled: false },
  occurrencesHighlight: 'off',
  selectionHighlight: false,
  matchBrackets: 'never',
  links: false,
  colorDecorators: false,
  guides: { indentation: false, bracketPairs: false },
  unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false, nonBasicASCII: false },
  renderValidationDecorations: 'off',
  smoothScrolling: false,
};
