{{/* The pod template, shared by the DaemonSet and the Deployment. */}}
{{- define "vmsoak.podTemplate" -}}
metadata:
  labels:
    {{- include "vmsoak.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "vmsoak.serviceAccountName" . }}
  automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with include "vmsoak.affinity" . }}
  affinity:
    {{- . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  # Longer than the daemon's shutdownTimeout, so it exits on its own before any SIGKILL.
  terminationGracePeriodSeconds: {{ add .Values.shutdown.timeoutSeconds .Values.shutdown.extraGraceSeconds }}
  containers:
    - name: vmsoak
      image: {{ include "vmsoak.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args:
        - run
        - --config
        - {{ printf "%s/%s" (include "vmsoak.configDir" .) (include "vmsoak.configFile" .) }}
        {{- if .Values.webConfig.secretName }}
        - --web.config.file
        - /etc/vmsoak/web/web-config.yml
        {{- if .Values.webConfig.exemptProbes }}
        - --web.exempt-probes
        {{- end }}
        {{- end }}
      env:
        # The image sets VMSOAK_DATA_DIR too; env overrides the config file, so both agree here.
        - name: VMSOAK_DATA_DIR
          value: {{ include "vmsoak.dataDir" . }}
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - name: metrics
          containerPort: {{ .Values.service.port }}
          protocol: TCP
      livenessProbe:
        {{- include "vmsoak.probe" (list .Values.livenessProbe .) | nindent 8 }}
      readinessProbe:
        {{- include "vmsoak.probe" (list .Values.readinessProbe .) | nindent 8 }}
      resources:
        {{- include "vmsoak.resources" . | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: {{ include "vmsoak.configDir" . }}
          readOnly: true
        - name: data
          mountPath: {{ include "vmsoak.dataDir" . }}
          {{- if and .Values.persistence.enabled (eq .Values.mode "daemonset") }}
          # The DaemonSet's pods share one claim; each keeps its data under its node's name.
          subPathExpr: $(NODE_NAME)
          {{- end }}
        # The root filesystem is read-only; plug-in workloads may still want a scratch /tmp.
        - name: tmp
          mountPath: /tmp
        {{- if .Values.webConfig.secretName }}
        - name: web-config
          mountPath: /etc/vmsoak/web
          readOnly: true
        {{- end }}
        {{- range $index, $name := .Values.webConfig.certSecrets }}
        # Whole-directory mounts (no subPath), so a renewed Secret reaches the daemon.
        - name: cert-secret-{{ $index }}
          mountPath: /etc/vmsoak/secrets/{{ $name }}
          readOnly: true
        {{- end }}
        {{- with .Values.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "vmsoak.fullname" . }}
    - name: data
      {{- if .Values.persistence.enabled }}
      persistentVolumeClaim:
        claimName: {{ include "vmsoak.persistence.claimName" . }}
      {{- else }}
      emptyDir:
        {{- toYaml .Values.persistence.emptyDir | nindent 8 }}
      {{- end }}
    - name: tmp
      emptyDir:
        sizeLimit: 64Mi
    {{- with .Values.webConfig.secretName }}
    - name: web-config
      secret:
        secretName: {{ . }}
    {{- end }}
    {{- range $index, $name := .Values.webConfig.certSecrets }}
    - name: cert-secret-{{ $index }}
      secret:
        secretName: {{ $name }}
    {{- end }}
    {{- with .Values.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
