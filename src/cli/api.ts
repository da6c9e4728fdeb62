/** `kubenomad api`: where Nomad's HTTP API is and how to point Nomad's tools (CLI, Go client, Terraform) at it. */
import type { Command } from 'commander';
import { nomadApiConfigFromEnv } from '../nomad-api/config.js';

/** The text `kubenomad api` prints for a release in `namespace` named `service`. */
export function apiInstructions(opts: { namespace: string; service: string; port: number }): string {
  const addr = `http://${opts.service}.${opts.namespace}.svc:${opts.port}`;
  return [
    `Nomad's HTTP API is served by every operator replica on port ${opts.port} (Service ${opts.namespace}/${opts.service}).`,
    '',
    'In the cluster:',
    `  export NOMAD_ADDR=${addr}`,
    'From this machine:',
    `  kubectl -n ${opts.namespace} port-forward svc/${opts.service} ${opts.port}:${opts.port} &`,
    `  export NOMAD_ADDR=http://127.0.0.1:${opts.port}`,
    '',
    'The token is a Kubernetes token; Kubernetes RBAC decides what it may do (NomadJobs, Dispatches, pods, nodes, secrets):',
    `  export NOMAD_TOKEN=$(kubectl -n <namespace> create token <service-account>)`,
    "Nomad's namespace `default` is the operator's configured default namespace (KUBENOMAD_NOMAD_API_DEFAULT_NAMESPACE).",
    '',
    'Then: nomad job status, nomad job run job.nomad, nomad job dispatch ping -meta ADDRESS=…, curl -H "X-Nomad-Token: $NOMAD_TOKEN" $NOMAD_ADDR/v1/jobs',
  ].join('\n');
}

/** Registers `kubenomad api`. */
export function registerApiCommand(program: Command): void {
  program.command('api')
    .description("print the address of Nomad's HTTP API and how to set NOMAD_ADDR and NOMAD_TOKEN")
    .option('--release-namespace <ns>', 'namespace of the kubenomad release', 'kubenomad-system')
    .option('--service <name>', 'the release\'s Service', 'kubenomad')
    .action((opts: { releaseNamespace: string; service: string }) => {
      const port = nomadApiConfigFromEnv().port;
      process.stdout.write(`${apiInstructions({ namespace: opts.releaseNamespace, service: opts.service, port: port > 0 ? port : 4646 })}\n`);
    });
}
