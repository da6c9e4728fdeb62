/** Nomad's JSON durations (integer nanoseconds) ↔ the jobspec's Go duration strings. */
import { parseDuration } from '../../controllers/nomadjob/duration.js';

/** Nanoseconds in a Go duration string; undefined when it does not parse. */
export function durationToNs(text: string): number | undefined {
  const ms = parseDuration(text);
  return ms === undefined ? undefined : Math.round(ms * 1e6);
}

/** A Go duration string for nanoseconds, as Go's Duration.String writes it ("1m30s", "500ms", "0s"). */
export function nsToDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${abs / 1e3}us`;
  if (abs < 1e9) return `${sign}${abs / 1e6}ms`;
  const totalSeconds = abs / 1e9;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds - h * 3600) / 60);
  const s = Number((totalSeconds - h * 3600 - m * 60).toFixed(9));
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}
