import { describe, expect, it } from 'vitest';
import type { OperationProgress } from '../../shared/api';
import { progressRecorder } from './progress';

describe('progressRecorder', () => {
  it('adds each finished layer to the running total', () => {
    const table = new Map<string, OperationProgress>();
    const record = progressRecorder(table, 'r1');
    const event = (layer: number, bytesDone: number) => ({ digest: `sha256:${layer}`, layer, layers: 3, bytesDone, bytesTotal: 100 });
    record(event(0, 40));
    record(event(0, 100));
    expect(table.get('r1')).toEqual({ bytesDone: 100, layer: 0, layers: 3 });
    record(event(1, 10));
    expect(table.get('r1')).toEqual({ bytesDone: 110, layer: 1, layers: 3 });
    record(event(2, 5));
    expect(table.get('r1')).toEqual({ bytesDone: 115, layer: 2, layers: 3 });
  });

  it('keeps the total right when layers streamed at once interleave their events', () => {
    const table = new Map<string, OperationProgress>();
    const record = progressRecorder(table, 'r2');
    const event = (layer: number, bytesDone: number) => ({ digest: `sha256:${layer}`, layer, layers: 2, bytesDone, bytesTotal: 100 });
    record(event(0, 30));
    record(event(1, 20));
    record(event(0, 60));
    record(event(1, 100));
    expect(table.get('r2')).toEqual({ bytesDone: 160, layer: 1, layers: 2 });
    record(event(0, 100));
    expect(table.get('r2')).toEqual({ bytesDone: 200, layer: 0, layers: 2 });
  });
});
