/** Test vectors from other projects, vendored in test/vectors (see its README for provenance). */
import { readFileSync } from 'node:fs';

const VECTORS = new URL('../vectors/', import.meta.url);

/** The bytes of a vector, e.g. readVector('containers-image/schema2.json'). */
export function readVector(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, VECTORS)));
}

export function readVectorText(path: string): string {
  return readFileSync(new URL(path, VECTORS), 'utf8');
}
