/** One-line messages for errors that reach the CLI's top level (no stack, no HTTP dump). */

const WEBHOOK_PREFIX = /^admission webhook "[^"]+" denied the request: /;

/** The Kubernetes Status message of an API error (the client's ApiException), else the error's message; one line. */
export function cliErrorMessage(err: unknown): string {
  const e = err as { code?: unknown; body?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'number' && e.body !== undefined) {
    let message: unknown;
    try {
      message = (typeof e.body === 'string' ? (JSON.parse(e.body) as { message?: unknown }) : (e.body as { message?: unknown })).message;
    } catch {
      message = undefined;
    }
    const text = typeof message === 'string' ? message : String(e.body);
    return `${text.replace(WEBHOOK_PREFIX, '')} (HTTP ${e.code})`.replace(/\s*\n\s*/g, '; ');
  }
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
