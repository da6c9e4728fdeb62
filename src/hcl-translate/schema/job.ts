/** Schemas of job- and group-level blocks, and the whole table. */
import { placementSchemas } from './placement.js';
import { taskSchemas } from './task.js';
import { attr, droppedBlock, ignored, labelled, many, one, oneOf, type BodySchema } from './types.js';

const dur = attr('duration');

const policySchemas: Record<string, BodySchema> = {
  restart: { attrs: { attempts: attr('int'), interval: dur, delay: dur, mode: oneOf('fail', 'delay'), render_templates: attr('bool') }, blocks: {} },
  reschedule: {
    attrs: { attempts: attr('int'), interval: dur, delay: dur, delay_function: oneOf('constant', 'exponential', 'fibonacci'), max_delay: dur, unlimited: attr('bool') },
    blocks: {},
  },
  update: {
    attrs: {
      max_parallel: attr('int'), health_check: oneOf('checks', 'task_states', 'manual'), min_healthy_time: dur, healthy_deadline: dur,
      progress_deadline: dur, auto_revert: attr('bool'), auto_promote: attr('bool'), canary: attr('int'), stagger: dur,
    },
    blocks: {},
  },
  migrate: { attrs: { max_parallel: attr('int'), health_check: oneOf('checks', 'task_states'), min_healthy_time: dur, healthy_deadline: dur }, blocks: {} },
  periodic: { attrs: { cron: attr('string'), crons: attr('strings'), time_zone: attr('string'), prohibit_overlap: attr('bool'), enabled: attr('bool') }, blocks: {} },
  parameterized: { attrs: { payload: oneOf('optional', 'required', 'forbidden'), meta_required: attr('strings'), meta_optional: attr('strings') }, blocks: {} },
  disconnect: {
    attrs: { lost_after: dur, replace: attr('bool'), reconcile: oneOf('best_score', 'keep_original', 'keep_replacement', 'longest_running'), stop_on_client_after: dur },
    blocks: {},
  },
  ephemeral_disk: { attrs: { size: attr('int'), sticky: attr('bool'), migrate: attr('bool') }, blocks: {} },
  volume: {
    attrs: {
      type: oneOf('host', 'csi'), source: attr('string'), read_only: attr('bool'), access_mode: attr('string'), attachment_mode: attr('string'),
      per_alloc: attr('bool'), sticky: ignored('volume sticky is not modelled'),
    },
    blocks: { mount_options: droppedBlock('CSI mount_options are not modelled', false) },
  },
};

const groupSchema: BodySchema = {
  attrs: {
    count: attr('int'), meta: attr('stringMap'), shutdown_delay: dur, stop_after_client_disconnect: dur, max_client_disconnect: dur,
    max_run_duration: ignored('max_run_duration is not modelled by kubenomad yet'),
    prevent_reschedule_on_lost: ignored('prevent_reschedule_on_lost is ignored by Nomad since 1.10'),
  },
  blocks: {
    task: labelled('task', 'tasks', 'name'),
    constraint: many('constraint', 'constraints'),
    affinity: many('affinity', 'affinities'),
    spread: many('spread', 'spreads'),
    network: many('network', 'networks'),
    service: many('service', 'services'),
    volume: labelled('volume', 'volumes', 'name'),
    restart: one('restart'),
    reschedule: one('reschedule'),
    update: one('update'),
    migrate: one('migrate'),
    ephemeral_disk: one('ephemeral_disk', { field: 'ephemeralDisk' }),
    meta: one('free', { field: 'meta' }),
    vault: one('vault', { warn: 'vault is not honoured on Kubernetes: no Vault token is issued; the block is copied to the group\'s tasks and recorded only' }),
    scaling: droppedBlock('scaling policies are not modelled', false),
    consul: droppedBlock('consul is not honoured on Kubernetes', false),
    disconnect: one('disconnect'),
  },
};

const jobSchema: BodySchema = {
  attrs: {
    name: attr('string'), type: oneOf('service', 'batch', 'system', 'sysbatch'), priority: attr('int'), region: attr('string'),
    namespace: attr('string'), datacenters: attr('strings'), node_pool: attr('string'), all_at_once: attr('bool'), meta: attr('stringMap'),
    vault_token: ignored('vault_token is deprecated and not honoured'), consul_token: ignored('consul_token is deprecated and not honoured'),
    consul_namespace: ignored('consul_namespace is not honoured on Kubernetes'),
  },
  blocks: {
    group: labelled('group', 'groups', 'name'),
    task: labelled('task', 'tasks', 'name'),
    constraint: many('constraint', 'constraints'),
    affinity: many('affinity', 'affinities'),
    spread: many('spread', 'spreads'),
    update: one('update'),
    migrate: one('migrate'),
    reschedule: one('reschedule'),
    periodic: one('periodic'),
    parameterized: one('parameterized'),
    meta: one('free', { field: 'meta' }),
    vault: one('vault', { warn: 'vault is not honoured on Kubernetes: no Vault token is issued; the block is copied to tasks and recorded only' }),
    multiregion: droppedBlock('multiregion (Enterprise) is not modelled', false),
    ui: droppedBlock('the ui block is not modelled', false),
  },
};

/** Every block schema by name (`free` = driver config and other free-form bodies). */
export const SCHEMAS: Record<string, BodySchema> = {
  job: jobSchema,
  group: groupSchema,
  free: { attrs: {}, blocks: {}, free: true },
  ...policySchemas,
  ...placementSchemas,
  ...taskSchemas,
};

/** Top-level blocks of a jobspec file. */
export const ROOT_KEYS = ['job', 'variable', 'variables', 'locals'] as const;
