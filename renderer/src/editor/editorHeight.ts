/**
 * The height a read-only editor needs for its text (18 px lines, as the viewers are set up), bounded so a
 * large document scrolls inside the editor. An editor must never take its height from its content through
 * CSS: Monaco's automatic layout then reads the grown box, grows again, and the page never settles.
 */
export function editorHeight(text: string): string {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return `clamp(160px, ${lines * 18 + 16}px, 70vh)`;
}
