{{/* Names, labels and the decisions more than one template shares. */}}

{{- define "vmsoak.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vmsoak.fullname" -}}
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

{{- define "vmsoak.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Only labels that never change for the life of a release: a workload's selector is immutable. */}}
{{- define "vmsoak.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vmsoak.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "vmsoak.labels" -}}
helm.sh/chart: {{ include "vmsoak.chart" . }}
{{ include "vmsoak.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: soak-daemon
app.kubernetes.io/part-of: vmsoak
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "vmsoak.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vmsoak.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "vmsoak.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Fixed paths inside the container: the image's VMSOAK_DATA_DIR volume and the mounted config. */}}
{{- define "vmsoak.dataDir" -}}
/var/lib/vmsoak
{{- end }}

{{- define "vmsoak.configDir" -}}
/etc/vmsoak
{{- end }}

{{- define "vmsoak.configFile" -}}
vmsoak.yaml
{{- end }}

{{/*
The daemon config: values.config plus the keys the chart owns, which win because the pod
spec depends on them (the port, the data volume, the grace period).
*/}}
{{- define "vmsoak.daemonConfig" -}}
{{- $owned := dict
  "listen" (printf "0.0.0.0:%d" (int .Values.service.port))
  "dataDir" (include "vmsoak.dataDir" .)
  "shutdownTimeout" (printf "%ds" (int .Values.shutdown.timeoutSeconds)) }}
{{- toYaml (merge $owned (deepCopy .Values.config)) }}
{{- end }}

{{/*
"true" when a Prometheus Operator object is to be created: enabled is true, or "auto" and
the cluster serves monitoring.coreos.com/v1. Empty otherwise (templates test it with if).
*/}}
{{- define "vmsoak.operatorObjectEnabled" -}}
{{- $enabled := index . 0 }}
{{- $root := index . 1 }}
{{- if eq (toString $enabled) "true" }}true
{{- else if and (eq (toString $enabled) "auto") ($root.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}true
{{- end }}
{{- end }}

{{- define "vmsoak.operatorLabels" -}}
{{ include "vmsoak.labels" . }}
{{- with .Values.monitoring.releaseLabel }}
release: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Guaranteed QoS: whole CPUs, requests equal to limits. */}}
{{- define "vmsoak.resources" -}}
{{- if .Values.dedicatedCores.enabled }}
{{- $cores := dict "cpu" (int .Values.dedicatedCores.cpus) "memory" .Values.dedicatedCores.memory }}
{{- toYaml (dict "requests" $cores "limits" $cores) }}
{{- else }}
{{- toYaml .Values.resources }}
{{- end }}
{{- end }}

{{- define "vmsoak.persistence.accessModes" -}}
{{- if .Values.persistence.accessModes }}
{{- toYaml .Values.persistence.accessModes }}
{{- else if eq .Values.mode "daemonset" }}
{{- toYaml (list "ReadWriteMany") }}
{{- else }}
{{- toYaml (list "ReadWriteOnce") }}
{{- end }}
{{- end }}

{{- define "vmsoak.persistence.claimName" -}}
{{- default (printf "%s-data" (include "vmsoak.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/* A probe from values, over HTTPS when the web config sets up TLS. Arguments: (list probe $). */}}
{{- define "vmsoak.probe" -}}
{{- $probe := deepCopy (index . 0) }}
{{- $root := index . 1 }}
{{- if and $root.Values.webConfig.tls $probe.httpGet }}
{{- $_ := set $probe.httpGet "scheme" "HTTPS" }}
{{- end }}
{{- toYaml $probe }}
{{- end }}
