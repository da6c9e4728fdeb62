/** csvdecode(): RFC 4180 CSV whose first line names the columns, as a list of objects of strings. */
import type { Value } from '../expr/ast.js';
import { EvalError, type ValueMap } from '../expr/values.js';
import { capSize } from './args.js';

/** Splits CSV text into records of fields (quoted fields may hold commas, quotes as `""` and newlines). */
function records(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else if (c === '"') throw new EvalError(`csvdecode(): bare " in a non-quoted field on line ${rows.length + 1}`);
    else field += c;
  }
  if (quoted) throw new EvalError('csvdecode(): extraneous or missing " in a quoted field');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Decodes CSV with a header line into a list of objects keyed by column name. */
export function csvDecode(text: string): Value {
  const [header, ...rows] = records(text);
  if (!header) throw new EvalError('csvdecode(): missing the header line');
  capSize(rows.length * header.length, 'csvdecode');
  return rows.map((row, i) => {
    if (row.length !== header.length) throw new EvalError(`csvdecode(): line ${i + 2} has ${row.length} fields; the header has ${header.length}`);
    const obj: ValueMap = {};
    header.forEach((name, j) => (obj[name] = row[j] ?? ''));
    return obj;
  });
}
