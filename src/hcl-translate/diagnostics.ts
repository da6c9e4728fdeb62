/** Diagnostics: the only way translation reports problems (it never throws). */

/** One problem found in a jobspec, with its position in the source. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  message: string;
  /** Dotted HCL path of the offending block or attribute, e.g. `job.ping.group.cache.count`. */
  path?: string;
}

/** A 1-based source position. */
export interface Pos {
  line: number;
  column: number;
}

/** Formats a diagnostic as `file:line:col: message` (warnings get a `warning: ` prefix). */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.column}: ${prefix}${d.message}`;
}

/** Collects diagnostics for one translation. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}

  /** Records an error at `pos`. */
  error(pos: Pos, message: string, path?: string): void {
    this.add('error', pos, message, path);
  }

  /** Records a warning at `pos`. */
  warn(pos: Pos, message: string, path?: string): void {
    this.add('warning', pos, message, path);
  }

  /** True once any error was recorded. */
  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  private add(severity: Diagnostic['severity'], pos: Pos, message: string, path?: string): void {
    if (this.diagnostics.length >= 200) return;
    const d: Diagnostic = { severity, file: this.file, line: pos.line, column: pos.column, message };
    if (path !== undefined) d.path = path;
    this.diagnostics.push(d);
  }
}

const HCL_DIAG = /([^\s[]+):(\d+),(\d+)-(?:(\d+),)?(\d+): ([^;]+);([^\]]*?)(?=\s[^\s[]+:\d+,\d+-|\]?$)/g;

/** Turns hcl2json's single error string (`parse config: [f:2,13-14: Summary; Detail. …]`) into diagnostics. */
export function parseHclError(message: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of message.matchAll(HCL_DIAG)) {
    const summary = (m[6] ?? '').trim();
    const detail = (m[7] ?? '').trim();
    const text = detail ? `${summary}; ${detail}` : summary;
    out.push({ severity: 'error', file, line: Number(m[2]), column: Number(m[3]), message: text });
  }
  if (out.length === 0) {
    const text = message.replace(/^parse config: \[?/, '').replace(/\]$/, '').slice(0, 500);
    out.push({ severity: 'error', file, line: 1, column: 1, message: `Cannot parse HCL: ${text}` });
  }
  return out;
}
