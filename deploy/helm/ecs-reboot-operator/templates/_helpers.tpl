{{/* The chart's name; also the job label Prometheus gives the metrics (ServiceMonitor jobLabel). */}}
{{- define "ecsreboot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object names: the release name when it already says ecs-reboot-operator. */}}
{{- define "ecsreboot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "ecsreboot.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "ecsreboot.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "ecsreboot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ecsreboot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ecsreboot.labels" -}}
{{ include "ecsreboot.selectorLabels" . }}
app.kubernetes.io/part-of: ecs-reboot-operator
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* metadata.labels and metadata.annotations of every object. */}}
{{- define "ecsreboot.metadata" -}}
labels:
  {{- include "ecsreboot.labels" . | nindent 2 }}
{{- with .Values.commonAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "ecsreboot.serviceAccountName" -}}
{{- default (include "ecsreboot.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{/* The rules the operator needs where RebootRequests live (ClusterRole, or a Role per watched
namespace): deploy/README.md explains each; ChartTest compares them with deploy/. */}}
{{- define "ecsreboot.watchedNamespaceRules" -}}
- apiGroups: [ecsreboot.io]
  resources: [rebootrequests]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [ecsreboot.io]
  resources: [rebootrequests/status]
  verbs: [get, patch]
- apiGroups: [ecsreboot.io]
  resources: [rebootrequests]
  verbs: [create]
- apiGroups: [ecsreboot.io]
  resources: [rebootrollouts]
  verbs: [get, list, watch]
- apiGroups: [ecsreboot.io]
  resources: [rebootrollouts/status]
  verbs: [get, patch]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- end }}

{{/* RebootPolicy (DESIGN.md 9): the policies and the asking namespace's labels, read fresh. */}}
{{- define "ecsreboot.policyRules" -}}
- apiGroups: [ecsreboot.io]
  resources: [rebootpolicies]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [namespaces]
  verbs: [get, list, watch]
{{- end }}
