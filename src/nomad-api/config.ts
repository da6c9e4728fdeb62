/**
 * The Nomad API's settings from KUBENOMAD_NOMAD_API_* variables: PORT (default 4646; -1 disables),
 * DEFAULT_NAMESPACE (Nomad's `default`; default "default"), ANONYMOUS ("true": requests without a token go to
 * Kubernetes as system:anonymous), MAX_BODY_BYTES, REGION (default "global"), ADVERTISE (host:port for
 * /v1/status/leader), TLS_CERT_DIR (tls.crt and tls.key: serve HTTPS).
 */
import { DEFAULT_MAX_BODY_BYTES } from './body.js';

/** The API's configuration. */
export interface NomadApiConfig {
  port: number;
  defaultNamespace: string;
  anonymous: boolean;
  maxBodyBytes: number;
  region: string;
  advertise?: string;
  tlsCertDir?: string;
}

function portFrom(value: string | undefined): number {
  const port = value?.trim() ? Number(value) : 4646;
  return Number.isInteger(port) && port >= -1 && port < 65536 ? port : 4646;
}

function positiveOr(value: string | undefined, fallback: number): number {
  const n = Number(value ?? NaN);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** Reads the configuration; invalid numbers fall back to the defaults. */
export function nomadApiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): NomadApiConfig {
  return {
    port: portFrom(env.KUBENOMAD_NOMAD_API_PORT),
    defaultNamespace: env.KUBENOMAD_NOMAD_API_DEFAULT_NAMESPACE || 'default',
    anonymous: env.KUBENOMAD_NOMAD_API_ANONYMOUS === 'true',
    maxBodyBytes: positiveOr(env.KUBENOMAD_NOMAD_API_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
    region: env.KUBENOMAD_NOMAD_API_REGION || 'global',
    advertise: env.KUBENOMAD_NOMAD_API_ADVERTISE || undefined,
    tlsCertDir: env.KUBENOMAD_NOMAD_API_TLS_CERT_DIR || undefined,
  };
}
