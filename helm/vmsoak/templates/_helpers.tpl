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

{{/*
The Deployment's strategy: .Values.strategy, or a default that always finishes. A
ReadWriteOnce claim cannot be attached to the old and the new pod at once (Recreate); on
dedicated nodes with required anti-affinity a surge pod has nowhere to go (maxSurge 0).
*/}}
{{- define "vmsoak.deploymentStrategy" -}}
{{- if .Values.strategy }}
{{- include "vmsoak.withoutStrayRollingUpdate" .Values.strategy }}
{{- else if .Values.persistence.enabled }}
{{- toYaml (dict "type" "Recreate") }}
{{- else }}
{{- toYaml (dict "type" "RollingUpdate" "rollingUpdate" (dict "maxSurge" 0 "maxUnavailable" 1)) }}
{{- end }}
{{- end }}

{{/*
A strategy without rollingUpdate unless its type is RollingUpdate: Helm merges the user's
`type: OnDelete` with the default's rollingUpdate, which the API rejects with any other type.
*/}}
{{- define "vmsoak.withoutStrayRollingUpdate" -}}
{{- $strategy := deepCopy . }}
{{- if ne (toString $strategy.type) "RollingUpdate" }}
{{- $_ := unset $strategy "rollingUpdate" }}
{{- end }}
{{- toYaml $strategy }}
{{- end }}

{{/*
The affinity of the pods: .Values.affinity, or in deployment mode one pod per node. The
series of a pod are labelled instance=<node name>, so two pods on one node would write
the same series, and each would disturb the other's measurements.
*/}}
{{- define "vmsoak.affinity" -}}
{{- if .Values.affinity }}
{{- toYaml .Values.affinity }}
{{- else if eq .Values.mode "deployment" }}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "vmsoak.selectorLabels" . | nindent 10 }}
{{- end }}
{{- end }}

{{/* The job label of every vmsoak target: what the generated rules (VmsoakDown) and dashboards select. */}}
{{- define "vmsoak.job" -}}
vmsoak
{{- end }}

{{/*
The relabelings of the ServiceMonitor's or PodMonitor's endpoint: the chart's, then the
user's. The chart's keep every series' labels fixed for the life of a node, whatever pod
serves it: the operator's pod, container and endpoint labels change on every rollout, and
in deployment mode so would instance (the pod's IP), which would break every `offset 1w`
comparison (VmsoakTrendRegression) for a week after each rollout.
*/}}
{{- define "vmsoak.relabelings" -}}
# job="vmsoak" whatever the release is called, even with nameOverride.
- targetLabel: job
  replacement: {{ include "vmsoak.job" . }}
  action: replace
# One pod per node in both modes: the node's name identifies the target across rollouts.
- sourceLabels: [__meta_kubernetes_pod_node_name]
  targetLabel: instance
  action: replace
- regex: pod|container|endpoint
  action: labeldrop
{{- with .Values.serviceMonitor.relabelings }}
{{ toYaml . }}
{{- end }}
{{- end }}
