/**
 * The field tables of Nomad's api.Job and the structs under it (github.com/hashicorp/nomad/api, jobs.go,
 * tasks.go, resources.go, services.go), against the NomadJob spec (src/crds/nomadjob-types.ts).
 */
import type { Conversion, Shape } from './table.js';
import { isSet } from './table.js';

type Obj = Record<string, unknown>;

const constraint: Shape = { name: 'Constraint', fields: [['attribute', 'LTarget', 'string'], ['value', 'RTarget', 'string'], ['operator', 'Operand', 'string']] };
const affinity: Shape = { name: 'Affinity', fields: [...constraint.fields, ['weight', 'Weight', 'int']] };
const spreadTarget: Shape = { name: 'SpreadTarget', fields: [['value', 'Value', 'string'], ['percent', 'Percent', 'int']] };
const spread: Shape = { name: 'Spread', fields: [['attribute', 'Attribute', 'string'], ['weight', 'Weight', 'int'], ['targets', 'SpreadTarget', { list: spreadTarget }]] };
const dns: Shape = { name: 'DNSConfig', fields: [['servers', 'Servers', 'strings'], ['searches', 'Searches', 'strings'], ['options', 'Options', 'strings']] };

function portsToSpec(api: Obj, spec: Obj, path: string, ctx: Conversion): void {
  const ports: Obj[] = [];
  for (const [key, isStatic] of [['ReservedPorts', true], ['DynamicPorts', false]] as const) {
    const list = api[key];
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) {
      ctx.errors.push(`${path}.${key}: expected a list`);
      continue;
    }
    list.forEach((p: unknown, i) => {
      const port = p as Obj;
      if (typeof p !== 'object' || p === null || typeof port.Label !== 'string') return void ctx.errors.push(`${path}.${key}[${i}]: expected a port with a Label`);
      const out: Obj = { label: port.Label };
      if (isStatic && Number.isSafeInteger(port.Value) && port.Value !== 0) out.static = port.Value;
      if (Number.isSafeInteger(port.To) && port.To !== 0) out.to = port.To;
      if (typeof port.HostNetwork === 'string' && port.HostNetwork) out.hostNetwork = port.HostNetwork;
      ports.push(out);
    });
  }
  if (ports.length > 0) spec.ports = ports;
}

function portsToApi(spec: Obj, api: Obj): void {
  const ports = Array.isArray(spec.ports) ? (spec.ports as Obj[]) : [];
  const port = (p: Obj): Obj => ({ Label: p.label, Value: p.static ?? 0, To: p.to ?? 0, HostNetwork: p.hostNetwork ?? 'default' });
  api.ReservedPorts = ports.filter((p) => p.static !== undefined).map(port);
  api.DynamicPorts = ports.filter((p) => p.static === undefined).map(port);
}

const network: Shape = {
  name: 'NetworkResource',
  fields: [['mode', 'Mode', 'string'], ['mbits', 'MBits', 'int'], ['dns', 'DNS', { shape: dns }]],
  ignored: ['Device', 'CIDR', 'IP', 'Hostname', 'CNI'],
  custom: { handles: ['ReservedPorts', 'DynamicPorts'], toSpec: portsToSpec, toApi: portsToApi },
};
const device: Shape = { name: 'RequestedDevice', fields: [['name', 'Name', 'string'], ['count', 'Count', 'int'], ['constraints', 'Constraints', { list: constraint }], ['affinities', 'Affinities', { list: affinity }]] };
const resources: Shape = {
  name: 'Resources',
  fields: [['cpu', 'CPU', 'int'], ['cores', 'Cores', 'int'], ['memory', 'MemoryMB', 'int'], ['memoryMax', 'MemoryMaxMB', 'int'], ['disk', 'DiskMB', 'int'], ['networks', 'Networks', { list: network }], ['devices', 'Devices', { list: device }]],
  ignored: ['NUMA', 'SecretsMB', 'IOPS'],
};
const restart: Shape = { name: 'RestartPolicy', fields: [['attempts', 'Attempts', 'int'], ['interval', 'Interval', 'duration'], ['delay', 'Delay', 'duration'], ['mode', 'Mode', 'string'], ['renderTemplates', 'RenderTemplates', 'boolean']] };
const reschedule: Shape = {
  name: 'ReschedulePolicy',
  fields: [['attempts', 'Attempts', 'int'], ['interval', 'Interval', 'duration'], ['delay', 'Delay', 'duration'], ['delayFunction', 'DelayFunction', 'string'], ['maxDelay', 'MaxDelay', 'duration'], ['unlimited', 'Unlimited', 'boolean']],
};
const update: Shape = {
  name: 'UpdateStrategy',
  fields: [['stagger', 'Stagger', 'duration'], ['maxParallel', 'MaxParallel', 'int'], ['healthCheck', 'HealthCheck', 'string'], ['minHealthyTime', 'MinHealthyTime', 'duration'], ['healthyDeadline', 'HealthyDeadline', 'duration'], ['progressDeadline', 'ProgressDeadline', 'duration'], ['canary', 'Canary', 'int'], ['autoRevert', 'AutoRevert', 'boolean'], ['autoPromote', 'AutoPromote', 'boolean']],
};
const migrate: Shape = { name: 'MigrateStrategy', fields: [['maxParallel', 'MaxParallel', 'int'], ['healthCheck', 'HealthCheck', 'string'], ['minHealthyTime', 'MinHealthyTime', 'duration'], ['healthyDeadline', 'HealthyDeadline', 'duration']] };
const check: Shape = {
  name: 'ServiceCheck',
  fields: [['name', 'Name', 'string'], ['type', 'Type', 'string'], ['port', 'PortLabel', 'string'], ['path', 'Path', 'string'], ['protocol', 'Protocol', 'string'], ['method', 'Method', 'string'], ['command', 'Command', 'string'], ['args', 'Args', 'strings'], ['interval', 'Interval', 'duration'], ['timeout', 'Timeout', 'duration'], ['initialStatus', 'InitialStatus', 'string'], ['header', 'Header', 'stringsMap']],
  ignored: ['Expose', 'AddressMode', 'Advertise', 'Notes', 'TLSServerName', 'TLSSkipVerify', 'CheckRestart', 'GRPCService', 'GRPCUseTLS', 'TaskName', 'SuccessBeforePassing', 'FailuresBeforeCritical', 'FailuresBeforeWarning', 'Body', 'OnUpdate'],
};
const service: Shape = {
  name: 'Service',
  fields: [['name', 'Name', 'string'], ['port', 'PortLabel', 'string'], ['tags', 'Tags', 'strings'], ['canaryTags', 'CanaryTags', 'strings'], ['provider', 'Provider', 'string'], ['addressMode', 'AddressMode', 'string'], ['checks', 'Checks', { list: check }], ['meta', 'Meta', 'stringMap']],
  ignored: ['EnableTagOverride', 'Address', 'CheckRestart', 'Connect', 'CanaryMeta', 'TaggedAddresses', 'TaskName', 'OnUpdate', 'Identity', 'Weights', 'Cluster', 'Kind'],
};
const template: Shape = {
  name: 'Template',
  fields: [['data', 'EmbeddedTmpl', 'string'], ['source', 'SourcePath', 'string'], ['destination', 'DestPath', 'string'], ['changeMode', 'ChangeMode', 'string'], ['changeSignal', 'ChangeSignal', 'string'], ['env', 'Envvars', 'boolean'], ['perms', 'Perms', 'string'], ['leftDelimiter', 'LeftDelim', 'string'], ['rightDelimiter', 'RightDelim', 'string']],
  ignored: ['ChangeScript', 'Once', 'Splay', 'Uid', 'Gid', 'VaultGrace', 'Wait', 'ErrMissingKey'],
};
const artifact: Shape = {
  name: 'TaskArtifact',
  fields: [['source', 'GetterSource', 'string'], ['destination', 'RelativeDest', 'string'], ['mode', 'GetterMode', 'string'], ['options', 'GetterOptions', 'stringMap'], ['headers', 'GetterHeaders', 'stringMap']],
  ignored: ['GetterInsecure', 'Chown'],
};
const lifecycle: Shape = { name: 'TaskLifecycle', fields: [['hook', 'Hook', 'string'], ['sidecar', 'Sidecar', 'boolean']] };
const volumeMount: Shape = { name: 'VolumeMount', fields: [['volume', 'Volume', 'string'], ['destination', 'Destination', 'string'], ['readOnly', 'ReadOnly', 'boolean']], ignored: ['PropagationMode', 'SELinuxLabel'] };
const volume: Shape = {
  name: 'VolumeRequest',
  fields: [['name', 'Name', 'string'], ['type', 'Type', 'string'], ['source', 'Source', 'string'], ['readOnly', 'ReadOnly', 'boolean'], ['accessMode', 'AccessMode', 'string'], ['attachmentMode', 'AttachmentMode', 'string'], ['perAlloc', 'PerAlloc', 'boolean']],
  ignored: ['Sticky', 'MountOptions', 'ExtraKeysHCL'],
};
const vault: Shape = { name: 'Vault', fields: [['policies', 'Policies', 'strings'], ['role', 'Role', 'string'], ['changeMode', 'ChangeMode', 'string'], ['changeSignal', 'ChangeSignal', 'string'], ['env', 'Env', 'boolean']], ignored: ['Namespace', 'Cluster', 'DisableFile', 'AllowTokenExpiration'] };

/** Task fields whose zero value Nomad's Go client always sends (non-pointer fields). */
const task: Shape = {
  name: 'Task',
  fields: [
    ['name', 'Name', 'string'], ['driver', 'Driver', 'string'], ['user', 'User', 'string'], ['config', 'Config', 'any'], ['env', 'Env', 'stringMap'], ['meta', 'Meta', 'stringMap'],
    ['resources', 'Resources', { shape: resources }], ['constraints', 'Constraints', { list: constraint }], ['affinities', 'Affinities', { list: affinity }],
    ['services', 'Services', { list: service }], ['templates', 'Templates', { list: template }], ['artifacts', 'Artifacts', { list: artifact }],
    ['lifecycle', 'Lifecycle', { shape: lifecycle }], ['volumeMounts', 'VolumeMounts', { list: volumeMount }], ['dispatchPayload', 'DispatchPayload', { shape: { name: 'DispatchPayloadConfig', fields: [['file', 'File', 'string']] } }],
    ['vault', 'Vault', { shape: vault }], ['restart', 'RestartPolicy', { shape: restart }], ['killTimeout', 'KillTimeout', 'duration'], ['killSignal', 'KillSignal', 'string'],
    ['shutdownDelay', 'ShutdownDelay', 'duration'], ['leader', 'Leader', 'boolean'],
  ],
  ignored: ['LogConfig', 'Consul', 'CSIPluginConfig', 'Kind', 'ScalingPolicies', 'Secrets', 'Identity', 'Identities', 'Actions', 'Schedule'],
};

const group: Shape = {
  name: 'TaskGroup',
  fields: [
    ['name', 'Name', 'string'], ['count', 'Count', 'int'], ['tasks', 'Tasks', { list: task }], ['constraints', 'Constraints', { list: constraint }], ['affinities', 'Affinities', { list: affinity }],
    ['spreads', 'Spreads', { list: spread }], ['networks', 'Networks', { list: network }], ['services', 'Services', { list: service }], ['volumes', 'Volumes', { namedMap: volume }],
    ['restart', 'RestartPolicy', { shape: restart }], ['reschedule', 'ReschedulePolicy', { shape: reschedule }], ['update', 'Update', { shape: update }], ['migrate', 'Migrate', { shape: migrate }],
    ['ephemeralDisk', 'EphemeralDisk', { shape: { name: 'EphemeralDisk', fields: [['size', 'SizeMB', 'int'], ['sticky', 'Sticky', 'boolean'], ['migrate', 'Migrate', 'boolean']] } }],
    ['meta', 'Meta', 'stringMap'], ['shutdownDelay', 'ShutdownDelay', 'duration'], ['stopAfterClientDisconnect', 'StopAfterClientDisconnect', 'duration'], ['maxClientDisconnect', 'MaxClientDisconnect', 'duration'],
  ],
  ignored: ['Disconnect', 'MaxRunDuration', 'Scaling', 'Consul', 'PreventRescheduleOnLost'],
};

const periodic: Shape = {
  name: 'PeriodicConfig',
  fields: [['enabled', 'Enabled', 'boolean'], ['cron', 'Spec', 'string'], ['crons', 'Specs', 'strings'], ['prohibitOverlap', 'ProhibitOverlap', 'boolean'], ['timeZone', 'TimeZone', 'string']],
  serverSet: ['SpecType'],
};
const parameterized: Shape = { name: 'ParameterizedJobConfig', fields: [['payload', 'Payload', 'string'], ['metaRequired', 'MetaRequired', 'strings'], ['metaOptional', 'MetaOptional', 'strings']] };

/** api.Job: the fields a jobspec sets, plus Stop and Payload; the fields the server sets are dropped on the way in. */
export const JOB: Shape = {
  name: 'Job',
  fields: [
    ['id', 'ID', 'string'], ['name', 'Name', 'string'], ['type', 'Type', 'string'], ['priority', 'Priority', 'int'], ['region', 'Region', 'string'], ['namespace', 'Namespace', 'string'],
    ['datacenters', 'Datacenters', 'strings'], ['nodePool', 'NodePool', 'string'], ['allAtOnce', 'AllAtOnce', 'boolean'], ['meta', 'Meta', 'stringMap'],
    ['constraints', 'Constraints', { list: constraint }], ['affinities', 'Affinities', { list: affinity }], ['spreads', 'Spreads', { list: spread }], ['groups', 'TaskGroups', { list: group }],
    ['update', 'Update', { shape: update }], ['migrate', 'Migrate', { shape: migrate }], ['reschedule', 'Reschedule', { shape: reschedule }],
    ['periodic', 'Periodic', { shape: periodic }], ['parameterized', 'ParameterizedJob', { shape: parameterized }], ['payload', 'Payload', 'string'], ['stop', 'Stop', 'boolean'],
  ],
  ignored: ['Multiregion', 'UI', 'ConsulNamespace', 'VaultNamespace', 'VersionTag'],
  serverSet: ['ParentID', 'Dispatched', 'DispatchIdempotencyToken', 'NomadTokenID', 'Status', 'StatusDescription', 'Stable', 'Version', 'SubmitTime', 'CreateIndex', 'ModifyIndex', 'JobModifyIndex'],
};

/** The Periodic struct's SpecType, which Nomad always reports as "cron". */
export function periodicSpecType(spec: Obj | null): void {
  if (spec && isSet(spec.Spec ?? spec.Specs)) spec.SpecType = 'cron';
}
