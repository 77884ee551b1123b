/** Progress of long operations (a schema 1 rescue streaming its layers), as the `progress` call reports it. */
import type { OperationProgress } from '../../shared/api';
import type { LayerProgressEvent } from './operations/convertImage';

/** Folds per-layer progress events (layers streamed at once interleave) into one total over all layers, kept under `requestId`. */
export function progressRecorder(table: Map<string, OperationProgress>, requestId: string): (event: LayerProgressEvent) => void {
  const byLayer = new Map<number, number>();
  let total = 0;
  return (event) => {
    total += event.bytesDone - (byLayer.get(event.layer) ?? 0);
    byLayer.set(event.layer, event.bytesDone);
    table.set(requestId, { bytesDone: total, layer: event.layer, layers: event.layers });
  };
}
