/** Schemas of task-level blocks: task, service, check, template, artifact, lifecycle, volume_mount, vault, ... */
import { attr, droppedBlock, ignored, many, one, oneOf, type BodySchema } from './types.js';

const NOT_K8S = 'is not honoured on Kubernetes';

/** Task-level schemas by name. */
export const taskSchemas: Record<string, BodySchema> = {
  task: {
    attrs: {
      driver: attr('string'), user: attr('string'), env: attr('stringMap'), meta: attr('stringMap'),
      kill_timeout: attr('duration'), kill_signal: attr('string'), shutdown_delay: attr('duration'), leader: attr('bool'),
      kind: ignored('task kind (Consul Connect) is not modelled'),
    },
    blocks: {
      config: one('free'),
      resources: one('resources'),
      constraint: many('constraint', 'constraints'),
      affinity: many('affinity', 'affinities'),
      service: many('service', 'services'),
      template: many('template', 'templates'),
      artifact: many('artifact', 'artifacts'),
      lifecycle: one('lifecycle'),
      volume_mount: many('volume_mount', 'volumeMounts'),
      dispatch_payload: one('dispatch_payload'),
      vault: one('vault', { warn: `vault ${NOT_K8S}: no Vault token is issued; the block is recorded only` }),
      restart: one('restart'),
      env: one('free', { field: 'env' }),
      meta: one('free', { field: 'meta' }),
      logs: droppedBlock('task logs are handled by Kubernetes; the logs block is ignored', false),
      scaling: droppedBlock('scaling policies are not modelled'),
      identity: droppedBlock(`workload identity ${NOT_K8S}`),
      consul: droppedBlock(`consul ${NOT_K8S}`, false),
      csi_plugin: droppedBlock(`csi_plugin ${NOT_K8S}`, false),
      secret: droppedBlock(`secret ${NOT_K8S}`),
      action: droppedBlock('task actions are not modelled'),
      schedule: droppedBlock('task schedules (Enterprise) are not modelled', false),
    },
  },
  service: {
    attrs: {
      name: attr('string'), port: attr('string'), tags: attr('strings'), canary_tags: attr('strings'),
      provider: oneOf('consul', 'nomad'), address_mode: attr('string'), meta: attr('stringMap'),
      task: ignored('the service "task" attribute is not modelled'), address: ignored('service address is not modelled'),
      enable_tag_override: ignored('enable_tag_override is Consul-only'), canary_meta: ignored('canary_meta is not modelled'),
      tagged_addresses: ignored('tagged_addresses is not modelled'), on_update: ignored('on_update is not modelled'), cluster: ignored('cluster is Consul-only'),
    },
    blocks: {
      check: many('check', 'checks'),
      meta: one('free', { field: 'meta' }),
      connect: droppedBlock(`Consul Connect sidecars are not honoured on Kubernetes`, false),
      identity: droppedBlock(`service identity ${NOT_K8S}`, false),
      check_restart: one('check_restart', { field: 'checkRestart' }),
    },
  },
  check: {
    attrs: {
      name: attr('string'), type: attr('string'), port: attr('string'), path: attr('string'), protocol: attr('string'),
      method: attr('string'), command: attr('string'), args: attr('strings'), interval: attr('duration'), timeout: attr('duration'),
      initial_status: attr('string'), header: attr('stringListMap'),
      address_mode: ignored('check address_mode is not modelled'), task: ignored('check "task" is not modelled'),
      expose: ignored('expose is Consul Connect-only'), on_update: ignored('on_update is not modelled'),
      success_before_passing: ignored('success_before_passing is not modelled'), failures_before_critical: ignored('failures_before_critical is not modelled'),
      failures_before_warning: ignored('failures_before_warning is not modelled'), tls_skip_verify: ignored('tls_skip_verify is not modelled'),
      tls_server_name: ignored('tls_server_name is not modelled'), body: ignored('check body is not modelled'),
      grpc_service: attr('string'), grpc_use_tls: ignored('grpc_use_tls is not modelled'), notes: ignored('notes are not modelled'),
    },
    blocks: { header: one('free', { field: 'header' }), check_restart: one('check_restart', { field: 'checkRestart' }) },
  },
  check_restart: { attrs: { limit: attr('int'), grace: attr('duration'), ignore_warnings: attr('bool') }, blocks: {} },
  template: {
    attrs: {
      data: attr('string'), source: attr('string'), destination: attr('string'), change_mode: oneOf('noop', 'restart', 'signal', 'script'),
      change_signal: attr('string'), env: attr('bool'), perms: attr('string'), left_delimiter: attr('string'), right_delimiter: attr('string'),
      splay: ignored('template splay is not modelled'), uid: ignored('template uid is not modelled'), gid: ignored('template gid is not modelled'),
      error_on_missing_key: ignored('error_on_missing_key is not modelled'), vault_grace: ignored('vault_grace is deprecated'), once: ignored('once is not modelled'),
    },
    blocks: { wait: droppedBlock('template wait is not modelled', false), change_script: droppedBlock('change_script is not modelled', false) },
  },
  artifact: {
    attrs: { source: attr('string'), destination: attr('string'), mode: oneOf('any', 'file', 'dir'), options: attr('stringMap'), headers: attr('stringMap'), chown: ignored('artifact chown is not modelled') },
    blocks: { options: one('free', { field: 'options' }), headers: one('free', { field: 'headers' }) },
  },
  lifecycle: { attrs: { hook: oneOf('prestart', 'poststart', 'poststop'), sidecar: attr('bool') }, blocks: {} },
  volume_mount: {
    attrs: { volume: attr('string'), destination: attr('string'), read_only: attr('bool'), propagation_mode: ignored('propagation_mode is not modelled'), selinux_label: ignored('selinux_label is not modelled') },
    blocks: {},
  },
  dispatch_payload: { attrs: { file: attr('string') }, blocks: {} },
  vault: {
    attrs: {
      policies: attr('strings'), role: attr('string'), change_mode: oneOf('noop', 'restart', 'signal'), change_signal: attr('string'), env: attr('bool'),
      namespace: ignored('vault namespace is not modelled'), cluster: ignored('vault cluster is not modelled'), file: ignored('vault file is not modelled'),
      disable_file: ignored('vault disable_file is not modelled'), allow_token_expiration: ignored('allow_token_expiration is not modelled'),
    },
    blocks: {},
  },
};
