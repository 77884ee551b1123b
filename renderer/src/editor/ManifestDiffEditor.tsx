import { useEffect, useRef } from 'react';
import { useColorScheme } from '../lib/useColorScheme';
import { monaco } from './monaco';
import { VIEWER_OPTIONS } from './viewerOptions';

export interface LineChange {
  /** 1-based line ranges; an end of 0 means no lines on that side (a pure insertion or deletion). */
  originalStart: number;
  originalEnd: number;
  modifiedStart: number;
  modifiedEnd: number;
}

export interface ManifestDiffEditorProps {
  original: string;
  modified: string;
  /** Accessible names of the two sides. */
  originalLabel: string;
  modifiedLabel: string;
  sideBySide: boolean;
  /** Called whenever Monaco has computed the differences, with the two texts they are between. */
  onChanges?: (changes: LineChange[], original: string, modified: string) => void;
}

/** Monaco's diff editor, read-only on both sides, side by side or inline. */
export default function ManifestDiffEditor({
  original,
  modified,
  originalLabel,
  modifiedLabel,
  sideBySide,
  onChanges,
}: ManifestDiffEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const reportChanges = useRef(onChanges);
  const scheme = useColorScheme();

  useEffect(() => {
    reportChanges.current = onChanges;
  }, [onChanges]);

  useEffect(() => {
    if (!host.current) return;
    const created = monaco.editor.createDiffEditor(host.current, {
      ...VIEWER_OPTIONS,
      originalEditable: false,
      // Whitespace is part of what a digest covers: show it as a difference.
      ignoreTrimWhitespace: false,
      // Manifests in different formats differ almost everywhere; the legacy algorithm settles such a
      // diff in a fraction of the time the advanced one needs (which gives up after its time limit).
      diffAlgorithm: 'legacy',
      maxComputationTime: 2000,
      useInlineViewWhenSpaceIsLimited: false,
      // Read-only: no revert arrows or gutter menu; the summary below lists the changes instead of a ruler.
      renderMarginRevertIcon: false,
      renderGutterMenu: false,
      renderOverviewRuler: false,
    });
    created.setModel({ original: monaco.editor.createModel('', 'json'), modified: monaco.editor.createModel('', 'json') });
    const subscription = created.onDidUpdateDiff(() => {
      const models = created.getModel();
      if (!models) return;
      const changes = created.getLineChanges() ?? [];
      reportChanges.current?.(
        changes.map((c) => ({
          originalStart: c.originalStartLineNumber,
          originalEnd: c.originalEndLineNumber,
          modifiedStart: c.modifiedStartLineNumber,
          modifiedEnd: c.modifiedEndLineNumber,
        })),
        models.original.getValue(),
        models.modified.getValue(),
      );
    });
    editor.current = created;
    return () => {
      subscription.dispose();
      editor.current = null;
      const models = created.getModel();
      created.dispose();
      models?.original.dispose();
      models?.modified.dispose();
    };
  }, []);

  // Created once: a new reference only renames the sides and replaces their text.
  useEffect(() => {
    editor.current?.getOriginalEditor().updateOptions({ ariaLabel: originalLabel });
    editor.current?.getModifiedEditor().updateOptions({ ariaLabel: modifiedLabel });
  }, [originalLabel, modifiedLabel]);

  // One pair of models for the editor's life, updated in place: both sides change in the same tick, and
  // the diff model's debouncer computes them once. Swapping in new models instead let a computation
  // still pending in the worker outlive its models ("no diff result available", uncaught).
  useEffect(() => {
    const models = editor.current?.getModel();
    if (!models) return;
    if (models.original.getValue() !== original) models.original.setValue(original);
    if (models.modified.getValue() !== modified) models.modified.setValue(modified);
  }, [original, modified]);

  useEffect(() => {
    editor.current?.updateOptions({ renderSideBySide: sideBySide });
  }, [sideBySide]);

  useEffect(() => {
    monaco.editor.setTheme(scheme === 'dark' ? 'vs-dark' : 'vs');
  }, [scheme]);

  return <div ref={host} className="editor-host" />;
}
