/**
 * Digests in a read-only editor as links: underlined by a decoration, followed by a click (a plain click,
 * not one that ends a selection) or by Enter with the cursor on one. Monaco's own link detection is off
 * (it scans every line on each render and opens URLs); these links come from the document's structure.
 */
import { findDigestLinks, type DigestLink } from '../lib/digestLinks';
import { digestLinkTitle, type OpenDigest } from '../lib/digestNavigation';
import { monaco } from './monaco';

export interface DigestLinks {
  /** Finds the links of the editor's current text; called whenever the text changes. */
  refresh(): void;
  dispose(): void;
}

export function attachDigestLinks(editor: monaco.editor.IStandaloneCodeEditor, open: () => OpenDigest | null): DigestLinks {
  const decorations = editor.createDecorationsCollection();
  let links: DigestLink[] = [];

  const linkAt = (position: monaco.IPosition | null): DigestLink | undefined => {
    const model = editor.getModel();
    if (!model || !position) return undefined;
    const offset = model.getOffsetAt(position);
    return links.find((l) => offset >= l.offset && offset < l.offset + l.length);
  };
  const follow = (link: DigestLink | undefined): boolean => {
    const handler = open();
    if (!link || !handler) return false;
    handler(link);
    return true;
  };

  const subscriptions = [
    editor.onMouseUp((e) => {
      if (!e.event.leftButton || e.target.type !== monaco.editor.MouseTargetType.CONTENT_TEXT) return;
      if (editor.getSelection()?.isEmpty() === false) return;
      follow(linkAt(e.target.position));
    }),
    editor.onKeyDown((e) => {
      if (e.keyCode !== monaco.KeyCode.Enter || e.ctrlKey || e.altKey || e.shiftKey || e.metaKey) return;
      if (follow(linkAt(editor.getPosition()))) e.preventDefault();
    }),
  ];

  return {
    refresh() {
      const model = editor.getModel();
      links = model && open() ? findDigestLinks(model.getValue()) : [];
      decorations.set(
        links.map((link) => ({
          range: monaco.Range.fromPositions(model!.getPositionAt(link.offset), model!.getPositionAt(link.offset + link.length)),
          options: {
            inlineClassName: 'digest-link',
            hoverMessage: { value: `${digestLinkTitle(link)} (click, or Enter with the cursor on it)` },
            stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
          },
        })),
      );
    },
    dispose() {
      for (const s of subscriptions) s.dispose();
      decorations.clear();
    },
  };
}
