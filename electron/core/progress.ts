/** Progress of long operations (a schema 1 rescue streaming its layers), as the `progress` call reports it. */
import type { OperationProgress } from '../../shared/api';
import type { LayerProgressEvent } from './operations/convertImage';

/** Folds per-layer progress events into one running total over all layers, kept under `requestId`. */
export function progressRecorder(table: Map<string, OperationProgress>, requestId: string): (event: LayerProgressEvent) => void {
  let finishedBytes = 0;
  let current = { layer: -1, bytesDone: 0 };
  return (event) => {
    if (event.layer !== current.layer) {
      finishedBytes += current.bytesDone;
      current = { layer: event.layer, bytesDone: 0 };
    }
    current.bytesDone = event.bytesDone;
    table.set(requestId, { bytesDone: finishedBytes + event.bytesDone, layer: event.layer, layers: event.layers });
  };
}
