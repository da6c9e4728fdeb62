/** Input guards run before parsing: size, binary content, nesting depth. */
import type { Diagnostic } from './diagnostics.js';
import { maxDepth } from './source/tree.js';

/** Largest jobspec accepted, in bytes. */
export const MAX_INPUT_BYTES = 1 << 20;
/** Deepest bracket nesting accepted. */
export const MAX_NESTING = 64;

/** Returns an error diagnostic when the source must not be parsed, else undefined. */
export function guardInput(source: unknown, file: string): Diagnostic | undefined {
  const at = (line: number, column: number, message: string): Diagnostic => ({ severity: 'error', file, line, column, message });
  if (typeof source !== 'string') return at(1, 1, 'Jobspec must be a string');
  if (Buffer.byteLength(source, 'utf8') > MAX_INPUT_BYTES) return at(1, 1, `Jobspec is larger than ${MAX_INPUT_BYTES} bytes (1 MiB)`);
  const nul = source.indexOf('\u0000');
  if (nul >= 0) {
    const before = source.slice(0, nul);
    const line = before.split('\n').length;
    return at(line, nul - before.lastIndexOf('\n'), 'Jobspec contains a NUL byte; it looks like binary data, not HCL');
  }
  const d = maxDepth(source);
  if (d.depth > MAX_NESTING) return at(d.pos.line, d.pos.column, `Blocks and expressions are nested more than ${MAX_NESTING} levels deep`);
  return undefined;
}
