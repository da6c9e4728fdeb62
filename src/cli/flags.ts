/** Flag parsing shared by the commands; light on purpose (imported at start-up by every command). */
import { InvalidArgumentError } from 'commander';

/** Rewrites Nomad's single-dash flags (`-var K=V`, `-var-file=F`, `-verbose`, …) to the long forms commander parses. */
export function normalizeNomadFlags(argv: string[]): string[] {
  return argv.map((a) => a.replace(/^-(var|var-file|namespace|kubeconfig|output|verbose|algorithm|scheduler-best-fit|scheduler-scan-limit|check-index|json|purge)(?=$|=)/, '--$1'));
}

/** Collects repeated option values (`-var a=1 -var b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A number ≥ 0 (commander argument parser). */
export function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got "${value}"`);
  return n;
}

/** An integer ≥ 0 (commander argument parser). */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got "${value}"`);
  return n;
}

/** An integer ≥ 1 (commander argument parser). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}
