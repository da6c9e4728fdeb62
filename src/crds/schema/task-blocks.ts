/** Schemas of the smaller task and group blocks: template, artifact, lifecycle, volumes, vault, kubernetes. */
import type {
  Artifact,
  DispatchPayload,
  KubernetesExtension,
  Lifecycle,
  Template,
  VaultConfig,
  Volume,
  VolumeMount,
} from '../nomadjob-types.js';
import { bool, keyedList, list, obj, oneOf, opaque, rule, str, stringMap, stringSet, type JSONSchemaProps } from './builders.js';

/** Largest inline template (`data`): 256 KiB. */
export const TEMPLATE_MAX_LENGTH = 256 * 1024;

/** A `template` block. */
export const templateSchema: JSONSchemaProps = obj<Template>(
  'A consul-template rendered into the task filesystem (or into env vars with env true). HCL: template.',
  {
    data: str('Inline template text. HCL: data.', { maxLength: TEMPLATE_MAX_LENGTH }),
    source: str('Path of a template file (e.g. downloaded by an artifact). HCL: source.', { maxLength: 4096 }),
    destination: str('Path the template is rendered to, relative to the task directory. HCL: destination.', { minLength: 1, maxLength: 4096 }),
    changeMode: oneOf('What to do when the rendered output changes. Defaults to "restart". HCL: change_mode.', ['noop', 'restart', 'signal', 'script'], 'restart'),
    changeSignal: str('Signal sent with changeMode "signal", e.g. "SIGHUP". HCL: change_signal.', { maxLength: 32 }),
    env: bool('Read the rendered file as KEY=value environment variables. HCL: env.'),
    perms: str('File permissions in octal. Defaults to "644". HCL: perms.', { maxLength: 4, pattern: '^[0-7]{3,4}$', default: '644' }),
    leftDelimiter: str('Left template delimiter. Defaults to "{{". HCL: left_delimiter.', { maxLength: 16, default: '{{' }),
    rightDelimiter: str('Right template delimiter. Defaults to "}}". HCL: right_delimiter.', { maxLength: 16, default: '}}' }),
  },
  {
    required: ['destination'],
    rules: [rule('has(self.data) || has(self.source)', 'template: set data (inline) or source (a file path)')],
  },
);

/** An `artifact` block. */
export const artifactSchema: JSONSchemaProps = obj<Artifact>(
  'A file or archive downloaded (go-getter style) into the task directory before the task starts. HCL: artifact.',
  {
    source: str('URL to download, e.g. "https://example.com/app.tar.gz". HCL: source.', { minLength: 1, maxLength: 4096 }),
    destination: str('Directory (or file with mode "file") relative to the task directory. Defaults to "local/". HCL: destination.', { maxLength: 4096 }),
    mode: oneOf('How the download is treated. Defaults to "any". HCL: mode.', ['any', 'file', 'dir'], 'any'),
    options: stringMap('go-getter options, e.g. checksum. HCL: options.', { maxProperties: 32 }),
    headers: stringMap('HTTP headers sent with the download. HCL: headers.', { maxProperties: 32 }),
  },
  { required: ['source'] },
);

/** A task `lifecycle` block. */
export const lifecycleSchema: JSONSchemaProps = obj<Lifecycle>(
  'Makes the task a hook run around the main tasks (init or sidecar containers). HCL: lifecycle.',
  {
    hook: oneOf('When the task runs: "prestart", "poststart" or "poststop". HCL: hook.', ['prestart', 'poststart', 'poststop']),
    sidecar: bool('Keep the hook running beside the main tasks instead of running it to completion. Defaults to false. HCL: sidecar.', false),
  },
  { required: ['hook'] },
);

/** A group `volume` block. */
export const volumeSchema: JSONSchemaProps = obj<Volume>(
  'A volume the allocation needs, mounted into tasks by volumeMounts. HCL: volume.',
  {
    name: str('Volume name, referenced by volumeMounts. HCL: the volume label.', { minLength: 1, maxLength: 63 }),
    type: oneOf('"host" (a host volume of the node) or "csi" (a CSI volume, mapped to a PersistentVolumeClaim). HCL: type.', ['host', 'csi']),
    source: str('Name of the host volume or CSI volume. HCL: source.', { minLength: 1, maxLength: 253 }),
    readOnly: bool('Mount read-only. Defaults to false. HCL: read_only.', false),
    accessMode: str('CSI access mode, e.g. "single-node-writer". HCL: access_mode.', { maxLength: 64 }),
    attachmentMode: str('CSI attachment mode: "file-system" or "block-device". HCL: attachment_mode.', { maxLength: 64 }),
    perAlloc: bool('Append the allocation index to source ("data[0]"), one volume per allocation. Defaults to false. HCL: per_alloc.', false),
  },
  { required: ['name', 'type', 'source'] },
);

/** A task `volume_mount` block. */
export const volumeMountSchema: JSONSchemaProps = obj<VolumeMount>(
  'Mounts a group volume into the task. HCL: volume_mount.',
  {
    volume: str('Name of a volume of the group. HCL: volume.', { minLength: 1, maxLength: 63 }),
    destination: str('Mount path inside the task. HCL: destination.', { minLength: 1, maxLength: 4096 }),
    readOnly: bool('Mount read-only. HCL: read_only.'),
  },
  { required: ['volume', 'destination'] },
);

/** A task `dispatch_payload` block. */
export const dispatchPayloadSchema: JSONSchemaProps = obj<DispatchPayload>(
  'Where the payload of a Dispatch is written for the task (parameterized jobs). HCL: dispatch_payload.',
  { file: str('File name relative to the task\'s local/ directory. HCL: file.', { minLength: 1, maxLength: 4096 }) },
  { required: ['file'] },
);

/** A `vault` block. */
export const vaultSchema: JSONSchemaProps = obj<VaultConfig>(
  'Vault integration; recorded but not honoured on Kubernetes (translation warns). HCL: vault.',
  {
    policies: stringSet('Vault policies. HCL: policies.', 256, { maxItems: 32 }),
    role: str('Vault role. HCL: role.', { maxLength: 256 }),
    changeMode: str('What to do when the token changes. HCL: change_mode.', { maxLength: 16 }),
    changeSignal: str('Signal for changeMode "signal". HCL: change_signal.', { maxLength: 32 }),
    env: bool('Expose the token as VAULT_TOKEN. HCL: env.'),
  },
);

const podField = (description: string): JSONSchemaProps => opaque(`${description} Kept as written (Kubernetes pod API shape).`);

/** The `kubernetes` extension block (task or group level). */
export const kubernetesSchema: JSONSchemaProps = obj<KubernetesExtension>(
  'Kubernetes pod settings Nomad has no word for, merged into the allocation\'s pod (group level) or container (task level). Not part of HCL.',
  {
    serviceAccountName: str('ServiceAccount the pod runs as.', { maxLength: 253 }),
    tolerations: list('Pod tolerations (core/v1 Toleration).', podField('A toleration.'), { maxItems: 64 }),
    imagePullSecrets: keyedList(
      'Secrets used to pull images.',
      obj<{ name: string }>('A reference to a Secret.', { name: str('Secret name.', { minLength: 1, maxLength: 253 }) }, { required: ['name'] }),
      'name',
      { maxItems: 16 },
    ),
    securityContext: podField('Container securityContext (core/v1 SecurityContext).'),
    podSecurityContext: podField('Pod securityContext (core/v1 PodSecurityContext).'),
    volumes: list('Extra pod volumes (core/v1 Volume).', podField('A volume.'), { maxItems: 64 }),
    volumeMounts: list('Extra container volume mounts (core/v1 VolumeMount).', podField('A volume mount.'), { maxItems: 64 }),
    labels: stringMap('Extra pod labels.', {}, 63),
    annotations: stringMap('Extra pod annotations.', {}, 65536),
    nodeSelector: stringMap('Extra node selector (ANDed with the Nomad constraints).', { maxProperties: 64 }, 63),
    priorityClassName: str('PriorityClass of the pod (otherwise derived from the job priority).', { maxLength: 253 }),
  },
);
