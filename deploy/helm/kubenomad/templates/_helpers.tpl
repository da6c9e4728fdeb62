{{/* Chart name, truncated to the 63 characters a label allows. */}}
{{- define "kubenomad.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release name already contains the chart name. */}}
{{- define "kubenomad.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels selecting the operator's pods. */}}
{{- define "kubenomad.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubenomad.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "kubenomad.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "kubenomad.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubenomad
{{- end }}

{{- define "kubenomad.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubenomad.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kubenomad.leaseName" -}}
{{- default (printf "%s-leader" (include "kubenomad.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{- define "kubenomad.webhookTlsSecret" -}}
{{- printf "%s-webhook-tls" (include "kubenomad.fullname" .) }}
{{- end }}

{{- define "kubenomad.certificateName" -}}
{{- printf "%s-webhook" (include "kubenomad.fullname" .) }}
{{- end }}

{{/* The operator manages the webhook certificate itself (no cert-manager). */}}
{{- define "kubenomad.selfManagedTls" -}}
{{- if and .Values.webhook.enabled (not .Values.certManager.enabled) }}true{{ end }}
{{- end }}
