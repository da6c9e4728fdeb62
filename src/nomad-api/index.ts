/** The Nomad HTTP API on Kubernetes: start it with `startNomadApiServer`, configure it from the environment with `nomadApiConfigFromEnv`. */
export { startNomadApiServer, tokenOf, type NomadApiOptions, type NomadApiServer } from './server.js';
export type { ApiSettings } from './context.js';
export { NomadApiError, errors } from './errors.js';
export { compileFilter } from './filter.js';
export { nomadApiConfigFromEnv, type NomadApiConfig } from './config.js';
export { startOperatorNomadApi, type OperatorApiInput } from './start.js';
