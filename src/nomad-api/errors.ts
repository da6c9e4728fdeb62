/** Errors the Nomad HTTP API answers with: an HTTP status and a plain-text body, as Nomad's agent writes them. */

/** A Nomad-style error (Nomad's CodedError): `status` and the text body. */
export class NomadApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'NomadApiError';
  }
}

/** The catalogue of messages (Nomad's wording where Nomad has one). */
export const errors = {
  invalidMethod: (): NomadApiError => new NomadApiError(405, 'Invalid method'),
  invalidUrl: (): NomadApiError => new NomadApiError(404, 'Invalid URL'),
  permissionDenied: (detail?: string): NomadApiError => new NomadApiError(403, detail ? `Permission denied: ${detail}` : 'Permission denied'),
  tokenNotFound: (): NomadApiError => new NomadApiError(403, 'ACL token not found'),
  notFound: (what: string): NomadApiError => new NomadApiError(404, `${what} not found`),
  badRequest: (message: string): NomadApiError => new NomadApiError(400, message),
  bodyTooLarge: (limit: number): NomadApiError => new NomadApiError(413, `Request body too large: limit is ${limit} bytes`),
  notSupported: (feature: string): NomadApiError => new NomadApiError(501, `${feature} is not yet supported by kubenomad`),
  conflict: (message: string): NomadApiError => new NomadApiError(409, message),
  timeout: (message: string): NomadApiError => new NomadApiError(504, message),
} as const;

/** The Kubernetes answer to a request made as the caller, turned into what Nomad would answer. */
export function fromKubernetes(status: number, body: string, what = 'object'): NomadApiError {
  let message = body;
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    // not a Kubernetes Status: keep the raw text
  }
  if (status === 401) return errors.tokenNotFound();
  if (status === 403) return errors.permissionDenied(message);
  if (status === 404) return errors.notFound(what);
  if (status === 409) return errors.conflict(message);
  if (status === 400 || status === 422) return errors.badRequest(message);
  if (status === 429) return new NomadApiError(429, 'Too many requests');
  return new NomadApiError(status >= 400 ? 500 : 502, `Kubernetes API error (HTTP ${status}): ${message}`.slice(0, 2000));
}
