/**
 * One comma-separated entry of a cron field (`*`, `5`, `1-5`, `*\/2`, `5/10`, `1-30/5`), classified
 * the way cronexpr's genericFieldParse does, plus a readable explanation when an entry is invalid.
 */
import { type FieldDescriptor, layout, numberToken } from './cron-fields.js';

/** A parsed entry; `none` is left to the day fields (L, W, #) or rejected. */
export type Directive =
  | { kind: 'all' }
  | { kind: 'one'; value: number }
  | { kind: 'span'; first: number; last: number; step: number }
  | { kind: 'none'; text: string };

const WILDCARD = /^\*$|^\?$/;
const WILDCARD_STEP = /^\*\/(\d+)$/;

/** Classifies one entry; returns an error detail when the step is out of range. */
export function parseEntry(entry: string, desc: FieldDescriptor): Directive | string {
  const s = entry.toLowerCase();
  if (WILDCARD.test(s)) return { kind: 'all' };
  if (layout('^(%value%)$', desc).test(s)) return { kind: 'one', value: desc.atoi(s) };
  let m = layout('^(%value%)-(%value%)$', desc).exec(s);
  if (m) return { kind: 'span', first: desc.atoi(m[1] ?? ''), last: desc.atoi(m[2] ?? ''), step: 1 };
  m = WILDCARD_STEP.exec(s);
  if (m) return withStep(entry, desc, desc.min, desc.max, m[1] ?? '');
  m = layout('^(%value%)/(\\d+)$', desc).exec(s);
  if (m) return withStep(entry, desc, desc.atoi(m[1] ?? ''), desc.max, m[2] ?? '');
  m = layout('^(%value%)-(%value%)/(\\d+)$', desc).exec(s);
  if (m) return withStep(entry, desc, desc.atoi(m[1] ?? ''), desc.atoi(m[2] ?? ''), m[3] ?? '');
  return { kind: 'none', text: entry };
}

function withStep(entry: string, desc: FieldDescriptor, first: number, last: number, stepText: string): Directive | string {
  const step = numberToken(stepText);
  if (step < 1 || step > desc.max) return `step ${stepText} in "${entry}" out of range 1-${desc.max}`;
  return { kind: 'span', first, last, step };
}

/** Splits a field into entries like cronexpr (`[^,]+`: empty entries are ignored). */
export function splitEntries(field: string): string[] {
  return field.split(',').filter((e) => e !== '');
}

const HINTS: Partial<Record<FieldDescriptor['name'], string>> = {
  'day-of-month': ' (day-of-month accepts 1-31, ranges, steps, L, LW and <day>W)',
  'day-of-week': ' (day-of-week accepts 0-7, SUN-SAT, ranges, steps, <day>L and <day>#<1-5>)',
  month: ' (month accepts 1-12 and JAN-DEC)',
};

/** Explains why an entry matched no layout, naming the offending value. */
export function explainEntry(entry: string, desc: FieldDescriptor): string {
  const s = entry.toLowerCase();
  const hint = HINTS[desc.name] ?? '';
  const [body = '', step, ...extra] = s.split('/');
  if (extra.length > 0) return `cannot parse "${entry}"${hint}`;
  if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" in "${entry}" is not a number`;
  const parts = body === '*' && step !== undefined ? [] : body.split('-');
  if (parts.length > 2) return `cannot parse "${entry}"${hint}`;
  const maxShown = desc.name === 'day-of-week' ? 7 : desc.max;
  for (const part of parts) {
    if (layout('^(%value%)$', desc).test(part)) continue;
    if (/^\d+$/.test(part)) return `value ${part} out of range ${desc.min}-${maxShown}`;
    return `cannot parse "${part}"${hint}`;
  }
  return `cannot parse "${entry}"${hint}`;
}
