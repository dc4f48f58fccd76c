{{/*
Names, labels and the pieces every AMIF Hub pod shares.
Component templates pass a dict: (dict "context" $ "component" "web").
*/}}

{{- define "amif-hub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name, trimmed to leave room for component suffixes. */}}
{{- define "amif-hub.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of a component's resources: <fullname>-<component>. */}}
{{- define "amif-hub.componentName" -}}
{{- printf "%s-%s" (include "amif-hub.fullname" .context) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "amif-hub.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "amif-hub.labels" -}}
helm.sh/chart: {{ include "amif-hub.chart" . }}
app.kubernetes.io/name: {{ include "amif-hub.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: amif-hub
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels of a component's resources: the common ones plus app.kubernetes.io/component. */}}
{{- define "amif-hub.componentLabels" -}}
{{ include "amif-hub.labels" .context }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of a component; immutable once a Deployment exists, so keep them minimal. */}}
{{- define "amif-hub.selectorLabels" -}}
app.kubernetes.io/name: {{ include "amif-hub.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "amif-hub.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}
{{- end }}

{{- define "amif-hub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "amif-hub.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "amif-hub.configMapName" -}}
{{- printf "%s-config" (include "amif-hub.fullname" .) }}
{{- end }}

{{/* Secret read by web, worker and scheduler: the existing one, or the one the chart renders. */}}
{{- define "amif-hub.secretName" -}}
{{- default (printf "%s-secret" (include "amif-hub.fullname" .)) .Values.existingSecret }}
{{- end }}

{{/* Hook Secret the migration Job reads when the chart renders the secrets itself. */}}
{{- define "amif-hub.migrationSecretName" -}}
{{- printf "%s-migration" (include "amif-hub.fullname" .) }}
{{- end }}

{{/*
Non-secret environment, as a NAME: "value" map. The ConfigMap renders it, and the migration Job
inlines it (the ConfigMap does not exist yet when the pre-install hook runs).
*/}}
{{- define "amif-hub.configEnv" -}}
AMIF_ENV: {{ .Values.config.amifEnv | quote }}
AMIF_APP_DB_ROLE: {{ .Values.config.appDbRole | quote }}
AMIF_TENANTS_DIR: {{ .Values.config.tenantsDir | quote }}
AMIF_INSTANCE_DIR: {{ .Values.config.instanceDir | quote }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
SESSION_COOKIE_SECURE: {{ .Values.config.sessionCookieSecure | toString | quote }}
PREFERRED_URL_SCHEME: {{ .Values.config.preferredUrlScheme | quote }}
SMTP_HOST: {{ .Values.smtp.host | quote }}
SMTP_PORT: {{ .Values.smtp.port | toString | quote }}
SMTP_USERNAME: {{ .Values.smtp.username | quote }}
SMTP_FROM: {{ .Values.smtp.from | quote }}
SMTP_STARTTLS: {{ .Values.smtp.starttls | toString | quote }}
{{- range $name, $value := .Values.config.extraEnv }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/*
Secret environment of web, worker and scheduler: key by key rather than envFrom, so that an
existingSecret which also holds MIGRATION_DATABASE_URL (the table owner, who bypasses row-level
security) never hands it to a pod that serves requests or runs jobs.
*/}}
{{- define "amif-hub.secretEnv" -}}
{{- $secret := include "amif-hub.secretName" . }}
{{- range list "SECRET_KEY" "DATABASE_URL" "REDIS_URL" }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
- name: SMTP_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: SMTP_PASSWORD
      optional: true
{{- range .Values.participantKeyTenants }}
- name: AMIF_PARTICIPANT_KEY_{{ upper . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: AMIF_PARTICIPANT_KEY_{{ upper . }}
      {{- /* optional: a tenant without its key keeps running; only its participant register answers 503 */}}
      optional: true
{{- end }}
{{- end }}

{{/* Environment shared by web, worker and scheduler containers (besides envFrom the ConfigMap). */}}
{{- define "amif-hub.runtimeEnv" -}}
{{- include "amif-hub.secretEnv" . }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Pod annotations of a long-running component: checksums of the rendered ConfigMap and Secret, so
`helm upgrade` with changed configuration rolls the pods, plus shared and component annotations.
A change inside an existingSecret is not seen here: restart the Deployments yourself.
*/}}
{{- define "amif-hub.podAnnotations" -}}
{{- $ctx := .context }}
checksum/config: {{ include (print $ctx.Template.BasePath "/configmap.yaml") $ctx | sha256sum }}
checksum/secret: {{ include (print $ctx.Template.BasePath "/secret.yaml") $ctx | sha256sum }}
{{- with (merge (dict) (.own | default dict) ($ctx.Values.podAnnotations | default dict)) }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Pod labels of a component: selector labels plus shared and component pod labels. */}}
{{- define "amif-hub.podLabels" -}}
{{ include "amif-hub.componentLabels" (dict "context" .context "component" .component) }}
{{- with (merge (dict) (.own | default dict) (.context.Values.podLabels | default dict)) }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by every component: pull secrets, security context, scheduling.
Expects (dict "context" $ "values" .Values.<component>).
*/}}
{{- define "amif-hub.podScheduling" -}}
{{- $ctx := .context }}
{{- with $ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $ctx.Values.podSecurityContext | nindent 2 }}
{{- with (.values.nodeSelector | default $ctx.Values.nodeSelector) }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with (.values.tolerations | default $ctx.Values.tolerations) }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with (.values.affinity | default $ctx.Values.affinity) }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The writable /tmp: the root filesystem is read-only. */}}
{{- define "amif-hub.tmpVolume" -}}
- name: tmp
  emptyDir:
    {{- with .Values.tmpVolume.medium }}
    medium: {{ . }}
    {{- end }}
    {{- with .Values.tmpVolume.sizeLimit }}
    sizeLimit: {{ . }}
    {{- end }}
{{- end }}

{{- define "amif-hub.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Fail early, at render time, instead of with a crash-looping pod. */}}
{{- define "amif-hub.validate" -}}
{{- if not .Values.existingSecret }}
{{- $_ := required "secret.secretKey is required (or set existingSecret)" .Values.secret.secretKey }}
{{- $_ := required "secret.databaseUrl is required (or set existingSecret)" .Values.secret.databaseUrl }}
{{- $_ := required "secret.redisUrl is required (or set existingSecret)" .Values.secret.redisUrl }}
{{- if and .Values.migration.enabled (not .Values.migration.existingSecret) }}
{{- $_ := required "secret.migrationDatabaseUrl is required: migrations run as the table owner (or set existingSecret / migration.existingSecret)" .Values.secret.migrationDatabaseUrl }}
{{- end }}
{{- if and .Values.secret.migrationDatabaseUrl (eq .Values.secret.migrationDatabaseUrl .Values.secret.databaseUrl) }}
{{- fail "secret.databaseUrl and secret.migrationDatabaseUrl are the same: the application must not connect as the tables' owner (row-level security would not apply)" }}
{{- end }}
{{- end }}
{{- end }}
