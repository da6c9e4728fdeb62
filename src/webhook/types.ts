/** The slice of admission.k8s.io/v1 AdmissionReview the webhook reads and writes. */

/** The request half of an AdmissionReview. */
export interface AdmissionRequest {
  uid: string;
  kind?: { group?: string; version?: string; kind?: string };
  resource?: { group?: string; version?: string; resource?: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
}

/** A Kubernetes StatusCause. */
export interface StatusCause {
  reason?: string;
  field?: string;
  message: string;
}

/** The response half of an AdmissionReview. */
export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string; details?: { causes: StatusCause[] } };
  patchType?: 'JSONPatch';
  /** Base64 of a JSON Patch (RFC 6902) document. */
  patch?: string;
  warnings?: string[];
}

/** An AdmissionReview as the apiserver sends it. */
export interface AdmissionReviewRequest {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request: AdmissionRequest;
}

/** An AdmissionReview as the webhook answers. */
export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

/** One JSON Patch operation. */
export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** The admission paths the server answers. */
export const PATHS = {
  mutateNomadJob: '/mutate-nomadjob',
  validateNomadJob: '/validate-nomadjob',
  validateDispatch: '/validate-dispatch',
} as const;

/** Annotation holding the HCL source a NomadJob was translated from. */
export const HCL_SOURCE_ANNOTATION = 'kubenomad.io/hcl-source';
