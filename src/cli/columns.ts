/** Nomad's column and key/value layouts (columnize, formatKV). */

/** Columns separated by two spaces, each padded to its widest cell (Nomad's columnize). */
export function columnize(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** `Key = value` lines with aligned `=` (Nomad's formatKV). */
export function formatKV(pairs: Array<[string, string]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)} = ${v}`).join('\n');
}
