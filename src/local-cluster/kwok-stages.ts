/**
 * kwok stages for the local control plane: nodes become Ready and keep their lease; bound pods run;
 * deleted pods go away; and a pod finishes when it asks to, by annotation:
 *   kwok.kubenomad.io/complete-after: "2s"   → phase Succeeded, exit code 0, after the delay
 *   kwok.kubenomad.io/fail-after: "2s"       → restartPolicy Never: phase Failed, exit code from
 *                                              kwok.kubenomad.io/exit-code (default 1); Always/OnFailure: the
 *                                              containers crash and restart in place (restartCount + 1) every 2s,
 *                                              as a kubelet does (without its back-off)
 *   kwok.kubenomad.io/crash-times: "2"       → with fail-after on a restartable pod: crash only twice; then
 *                                              complete-after (if any) applies
 *   kwok.kubenomad.io/unready: "true"        → Running with its containers running but not Ready (a test makes it
 *                                              Ready by patching its status: deployment health per pod)
 *   kwok.kubenomad.io/readiness-failing: "true" → a running pod turns Ready=False (as a failing readiness probe would)
 *   spec.activeDeadlineSeconds set           → phase Failed, reason DeadlineExceeded at once (the kubelet's answer
 *                                              to a deadline already past, which is how kubenomad fails a pod)
 * and a node fails when it is told to, by annotation:
 *   kwok.kubenomad.io/not-ready: "true"      → Ready=False at once, then no more heartbeats (the initialize and
 *                                              heartbeat stages skip the node); removing it makes the node Ready
 *                                              again. kwok keeps renewing the node's Lease (leases are not
 *                                              stages), so kube-controller-manager keeps the reported False
 *                                              instead of turning it Unknown; it taints the node not-ready.
 * (kwok loads no built-in stages once a config names any, so the whole set is here.)
 */

/** Annotation that makes a fake pod succeed after a Go duration. */
export const COMPLETE_AFTER_ANNOTATION = 'kwok.kubenomad.io/complete-after';
/** Annotation that makes a fake pod fail after a Go duration. */
export const FAIL_AFTER_ANNOTATION = 'kwok.kubenomad.io/fail-after';
/** Annotation with the exit code of a failing fake pod. */
export const EXIT_CODE_ANNOTATION = 'kwok.kubenomad.io/exit-code';
/** Annotation: a restartable fake pod with fail-after crashes this many times only. */
export const CRASH_TIMES_ANNOTATION = 'kwok.kubenomad.io/crash-times';
/** Annotation (value "true") that makes a running fake pod not Ready, as a failing readiness probe does. */
export const READINESS_FAILING_ANNOTATION = 'kwok.kubenomad.io/readiness-failing';
/** Annotation (value "true") that makes a fake pod run without becoming Ready. */
export const UNREADY_ANNOTATION = 'kwok.kubenomad.io/unready';
/** Node annotation (value "true") that makes a fake node NotReady until it is removed. */
export const NOT_READY_ANNOTATION = 'kwok.kubenomad.io/not-ready';

const nodeConditions = `
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $lastTransitionTime | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}`;

/** Selector term: the node is not asked to be NotReady. */
const notAskedNotReady = `
    - key: '.metadata.annotations["${NOT_READY_ANNOTATION}"]'
      operator: 'NotIn'
      values: ['true']`;

/** The node conditions with Ready=False (the others as a healthy kubelet reports them). */
const notReadyConditions = `
      conditions:
      {{ range NodeConditions }}
      {{ if eq .type "Ready" }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $now | Quote }}
        message: "kwok: the node has annotation ${NOT_READY_ANNOTATION}"
        reason: "KubeletNotReady"
        status: "False"
        type: "Ready"
      {{ else }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $lastTransitionTime | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      {{ end }}`;

const terminated = (phase: string, exitCode: string, reason: string): string => `
    statusTemplate: |
      {{ $now := Now }}
      {{ $pod := . }}
      containerStatuses:
      {{ range $c := .spec.containers }}
      {{ $rc := 0 }}
      {{ range $pod.status.containerStatuses }}{{ if eq .name $c.name }}{{ $rc = .restartCount }}{{ end }}{{ end }}
      - image: {{ $c.image | Quote }}
        name: {{ $c.name | Quote }}
        ready: false
        restartCount: {{ $rc }}
        started: false
        state:
          terminated:
            exitCode: ${exitCode}
            finishedAt: {{ $now | Quote }}
            reason: ${reason}
            startedAt: {{ $now | Quote }}
      {{ end }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: ContainersReady
      phase: ${phase}`;

const runningPodSelector = (annotation: string, extra = ''): string => `
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.metadata.annotations["${annotation}"]'
      operator: 'Exists'
    - key: '.spec.activeDeadlineSeconds'
      operator: 'DoesNotExist'${extra}`;

const CRASH_TIMES = `.metadata.annotations["${CRASH_TIMES_ANNOTATION}"]`;
const RESTARTS = '(.status.containerStatuses.[0].restartCount // 0)';
/** jq selector term that is true when a value is true. */
const holds = (jq: string): string => `
    - key: '${jq}'
      operator: 'In'
      values: ['true']`;
/** The pod has crashed as many times as crash-times asks (always, without the annotation): it may complete. */
const crashesDone = holds(`(${CRASH_TIMES} == null) or (${RESTARTS} >= (${CRASH_TIMES} | tonumber))`);
/** The pod has crashes left (always, without crash-times): it crashes again. */
const crashesLeft = holds(`(${CRASH_TIMES} == null) or (${RESTARTS} < (${CRASH_TIMES} | tonumber))`);

const restartPolicyIs = (operator: 'In' | 'NotIn'): string => `
    - key: '.spec.restartPolicy'
      operator: '${operator}'
      values: ['Never']`;

/** Every container crashed (exit code as fail-after) and runs again: restartCount + 1, as the kubelet restarts it. */
const crashed = `
    statusTemplate: |
      {{ $now := Now }}
      {{ $pod := . }}
      containerStatuses:
      {{ range $c := .spec.containers }}
      {{ $rc := 0 }}
      {{ range $pod.status.containerStatuses }}{{ if eq .name $c.name }}{{ $rc = .restartCount }}{{ end }}{{ end }}
      - image: {{ $c.image | Quote }}
        name: {{ $c.name | Quote }}
        ready: true
        restartCount: {{ add $rc 1 }}
        started: true
        lastState:
          terminated:
            exitCode: {{ or (index $pod.metadata.annotations "${EXIT_CODE_ANNOTATION}") "1" }}
            finishedAt: {{ $now | Quote }}
            reason: Error
            startedAt: {{ $now | Quote }}
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Running`;

/** The kwok configuration file (multi-document YAML). */
export const KWOK_STAGES_YAML = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-node-initialize
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']${notAskedNotReady}
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $lastTransitionTime := or .metadata.creationTimestamp $now }}${nodeConditions}
      addresses:
      {{ with NodeIP }}
      - address: {{ . | Quote }}
        type: InternalIP
      {{ end }}
      {{ with NodeName }}
      - address: {{ . | Quote }}
        type: Hostname
      {{ end }}
      phase: Running
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-node-heartbeat
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'In'
      values: ['True']${notAskedNotReady}
  delay:
    durationMilliseconds: 20000
    jitterDurationMilliseconds: 25000
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $lastTransitionTime := or .metadata.creationTimestamp $now }}${nodeConditions}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-node-not-ready
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.metadata.annotations["${NOT_READY_ANNOTATION}"]'
      operator: 'In'
      values: ['true']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'In'
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $lastTransitionTime := or .metadata.creationTimestamp $now }}${notReadyConditions}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-pod-ready
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $ready := "true" }}
      {{ with .metadata.annotations }}{{ if eq (or (index . "${UNREADY_ANNOTATION}") "") "true" }}{{ $ready = "false" }}{{ end }}{{ end }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: {{ if eq $ready "true" }}"True"{{ else }}"False"{{ end }}
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: {{ if eq $ready "true" }}"True"{{ else }}"False"{{ end }}
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: {{ $ready }}
        restartCount: 0
        started: true
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ $now | Quote }}
            reason: Completed
            startedAt: {{ $now | Quote }}
      {{ end }}
      {{ $hostIPs := NodeIPsWith .spec.nodeName }}
      {{ with $hostIPs }}
      hostIP: {{ index . 0 | Quote }}
      hostIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      {{ $podIPs := PodIPsWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      {{ with $podIPs }}
      podIP: {{ index . 0 | Quote }}
      podIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      phase: Running
      startTime: {{ $now | Quote }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-pod-complete
spec:
  resourceRef: {apiGroup: v1, kind: Pod}${runningPodSelector(COMPLETE_AFTER_ANNOTATION, crashesDone)}
  delay:
    durationMilliseconds: 1000
    durationFrom:
      expressionFrom: '.metadata.annotations["${COMPLETE_AFTER_ANNOTATION}"]'
  next:${terminated('Succeeded', '0', 'Completed')}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-pod-fail
spec:
  resourceRef: {apiGroup: v1, kind: Pod}${runningPodSelector(FAIL_AFTER_ANNOTATION, restartPolicyIs('In'))}
  delay:
    durationMilliseconds: 1000
    durationFrom:
      expressionFrom: '.metadata.annotations["${FAIL_AFTER_ANNOTATION}"]'
  next:${terminated('Failed', `{{ or (index $.metadata.annotations "${EXIT_CODE_ANNOTATION}") "1" }}`, 'Error')}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-pod-crash
spec:
  resourceRef: {apiGroup: v1, kind: Pod}${runningPodSelector(FAIL_AFTER_ANNOTATION, restartPolicyIs('NotIn') + crashesLeft)}
  delay:
    durationMilliseconds: 1000
    durationFrom:
      expressionFrom: '.metadata.annotations["${FAIL_AFTER_ANNOTATION}"]'
  next:${crashed}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-pod-readiness-failing
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.metadata.annotations["${READINESS_FAILING_ANNOTATION}"]'
      operator: 'In'
      values: ['true']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'In'
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        message: "kwok: the pod has annotation ${READINESS_FAILING_ANNOTATION}"
        reason: ReadinessProbeFailed
        status: "False"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: ContainersReady
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-pod-deadline
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.spec.activeDeadlineSeconds'
      operator: 'Exists'
  next:${terminated('Failed', '137', 'Error')}
      reason: DeadlineExceeded
      message: "Pod was active on the node longer than the specified deadline"
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: kubenomad-pod-delete
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'Exists'
  next:
    finalizers: {empty: true}
    delete: true
`;

/**
 * The kwok configuration with the node stages only: pods stay as bound (nothing makes them Ready, completes or
 * deletes them — delete them with grace period 0). The bench uses it, so kwok's pod writes (about 100 a second,
 * behind any fast creator, then as many 404s for pods already deleted) neither load one system's run nor spill
 * into the next.
 */
export function kwokStagesYaml(runPods: boolean): string {
  if (runPods) return KWOK_STAGES_YAML;
  return KWOK_STAGES_YAML.split('\n---\n').filter((doc) => !doc.includes('kind: Pod}')).join('\n---\n');
}
