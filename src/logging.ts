/** The operator's structured logger: pino JSON lines, level from KUBENOMAD_LOG_LEVEL (default info). */
import { pino, type Logger } from 'pino';

/** Creates the root logger. */
export function createLogger(level = process.env.KUBENOMAD_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { svc: 'kubenomad' } });
}

export type { Logger };
