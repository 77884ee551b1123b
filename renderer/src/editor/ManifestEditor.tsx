import { useEffect, useRef } from 'react';
import { useDigestNavigation } from '../lib/digestNavigation';
import { useColorScheme } from '../lib/useColorScheme';
import { attachDigestLinks, type DigestLinks } from './digestLinks';
import { monaco } from './monaco';
import { VIEWER_OPTIONS } from './viewerOptions';

export interface ManifestEditorProps {
  value: string;
  language: 'json' | 'plaintext';
  /** Accessible name of the editor's text area. */
  label: string;
  /** Long lines wrap (default); off where the lines as served are the point (a body's exact bytes). */
  wrap?: boolean;
}

/** A read-only Monaco editor showing exactly the text given (never reformatted: bytes matter here). */
export default function ManifestEditor({ value, language, label, wrap = true }: ManifestEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const links = useRef<DigestLinks | null>(null);
  const scheme = useColorScheme();
  // Read when a link is followed, so a new handler (another image inspected) needs no new editor.
  const openDigest = useDigestNavigation();
  const openDigestRef = useRef(openDigest);
  useEffect(() => {
    openDigestRef.current = openDigest;
  }, [openDigest]);

  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.createModel('', 'plaintext');
    const created = monaco.editor.create(host.current, { ...VIEWER_OPTIONS, model });
    editor.current = created;
    links.current = attachDigestLinks(created, () => openDigestRef.current);
    return () => {
      links.current?.dispose();
      links.current = null;
      editor.current = null;
      created.dispose();
      model.dispose();
    };
  }, []);

  // Created once: new content or a new name updates the editor instead of rebuilding it.
  useEffect(() => {
    editor.current?.updateOptions({ ariaLabel: label, wordWrap: wrap ? 'on' : 'off' });
  }, [label, wrap]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    if (model.getValue() !== value) model.setValue(value);
    monaco.editor.setModelLanguage(model, language);
    links.current?.refresh();
  }, [value, language]);

  useEffect(() => {
    monaco.editor.setTheme(scheme === 'dark' ? 'vs-dark' : 'vs');
  }, [scheme]);

  return <div ref={host} className="editor-host" />;
}
