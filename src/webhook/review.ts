/** The pure admission entry point: an AdmissionReview in, an AdmissionReview out, for every path; never throws. */
import { translateJobspec } from '../hcl-translate/index.js';
import { mutateNomadJob, type Translate } from './mutate-nomadjob.js';
import { isObj, strAt } from './object.js';
import { deny } from './responses.js';
import { PATHS, type AdmissionRequest, type AdmissionResponse, type AdmissionReviewResponse } from './types.js';
import { validateDispatchRequest, type ReadNomadJob } from './validate-dispatch.js';
import { validateNomadJob } from './validate-nomadjob.js';
import type { JobLimits } from '../controllers/nomadjob/job-limits.js';

/** What the handlers need from outside: the translator and a NomadJob reader. */
export interface AdmissionDeps {
  readNomadJob: ReadNomadJob;
  translate?: Translate;
  /** Bounds of one job (default DEFAULT_JOB_LIMITS). */
  limits?: JobLimits;
}

function wrap(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** The request of a review, or undefined when the body is not an AdmissionReview v1 with a request uid. */
export function readRequest(review: unknown): AdmissionRequest | undefined {
  if (!isObj(review) || review.kind !== 'AdmissionReview' || !isObj(review.request)) return undefined;
  return typeof strAt(review.request, 'uid') === 'string' ? (review.request as unknown as AdmissionRequest) : undefined;
}

async function route(path: string, req: AdmissionRequest, deps: AdmissionDeps): Promise<AdmissionResponse> {
  switch (path) {
    case PATHS.mutateNomadJob:
      return mutateNomadJob(req, deps.translate ?? translateJobspec, deps.limits);
    case PATHS.validateNomadJob:
      return validateNomadJob(req, deps.limits);
    case PATHS.validateDispatch:
      return validateDispatchRequest(req, deps.readNomadJob);
    default:
      return deny(req.uid, `No admission handler at ${path}`, [], 404);
  }
}

/** Answers one AdmissionReview for `path`; malformed reviews and internal errors become denials, never exceptions. */
export async function handleAdmissionReview(path: string, review: unknown, deps: AdmissionDeps): Promise<AdmissionReviewResponse> {
  const req = readRequest(review);
  if (!req) return wrap(deny('', 'Request body is not an admission.k8s.io/v1 AdmissionReview with a request uid', [], 400));
  try {
    return wrap(await route(path, req, deps));
  } catch (err) {
    const message = `Internal error in the kubenomad webhook: ${err instanceof Error ? err.message : String(err)}`;
    return wrap(deny(req.uid, message.slice(0, 1000), [], 500));
  }
}
