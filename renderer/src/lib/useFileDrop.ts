/**
 * Files dragged onto the window anywhere: the browser's own handling (leaving the app to show the file)
 * is stopped, and the first file dropped goes to `onDrop`. Listened to in the capture phase, so an editor
 * under the pointer cannot take the drop first.
 */
import { useEffect, useEffectEvent, useState } from 'react';
import { droppedItem, type DroppedItem } from './droppedFile';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/** Returns whether files are being dragged over the window now. */
export function useFileDrop(onDrop: (item: DroppedItem) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const dropped = useEffectEvent((item: DroppedItem) => onDrop(item));
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    // relatedTarget is null only when the pointer leaves the window, not when it moves between elements.
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const item = droppedItem(e.dataTransfer);
      if (item) dropped(item);
    };
    window.addEventListener('dragover', over, true);
    window.addEventListener('dragleave', leave, true);
    window.addEventListener('drop', drop, true);
    return () => {
      window.removeEventListener('dragover', over, true);
      window.removeEventListener('dragleave', leave, true);
      window.removeEventListener('drop', drop, true);
    };
  }, []);
  return dragging;
}
