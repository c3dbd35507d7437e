{{/*
The four stages, in data-flow order. Each renders its own Deployment, Service, PodDisruptionBudget and NetworkPolicy.
*/}}
{{- define "wirewatch.stages" -}}
collector tagger alerter console
{{- end -}}

{{/*
What each stage consumes through a consumer group: the group (Streams application id) and topic, both after the
topic prefix. These names are the code's (dev.wirewatch.core.kafka.Topics and each stage's application id); the
chart's tests check them against it. The console assigns partitions and has no group.
*/}}
{{- define "wirewatch.consumerGroups" -}}
collector:
  - group: collector
    topic: feeds
tagger:
  - group: tagger
    topic: articles
alerter:
  - group: alerter-fanout
    topic: mentions
  - group: alerter-delivery
    topic: alerts
console: []
{{- end -}}

{{/*
Partitions the topic registry gives each consumed topic (Topics.java) when kafka.partitions is 0.
*/}}
{{- define "wirewatch.registryPartitions" -}}
feeds: 6
articles: 6
mentions: 6
alerts: 6
{{- end -}}

{{- define "wirewatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "wirewatch.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one stage's objects: wirewatch.stageName (dict "context" $ "stage" "tagger") */}}
{{- define "wirewatch.stageName" -}}
{{- printf "%s-%s" (include "wirewatch.fullname" .context | trunc 52 | trimSuffix "-") .stage -}}
{{- end -}}

{{- define "wirewatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "wirewatch.labels" -}}
helm.sh/chart: {{ include "wirewatch.chart" . }}
app.kubernetes.io/name: {{ include "wirewatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: wirewatch
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "wirewatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wirewatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one stage: wirewatch.stageLabels (dict "context" $ "stage" "tagger") */}}
{{- define "wirewatch.stageLabels" -}}
{{ include "wirewatch.labels" .context }}
app.kubernetes.io/component: {{ .stage }}
{{- end -}}

{{- define "wirewatch.stageSelectorLabels" -}}
{{ include "wirewatch.selectorLabels" .context }}
app.kubernetes.io/component: {{ .stage }}
{{- end -}}

{{- define "wirewatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "wirewatch.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "wirewatch.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- $repo := .Values.image.repository -}}
{{- if .Values.image.registry }}{{ $repo = printf "%s/%s" .Values.image.registry .Values.image.repository }}{{ end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{/* The partitions of one consumed topic: wirewatch.partitions (dict "context" $ "topic" "articles") */}}
{{- define "wirewatch.partitions" -}}
{{- $override := int .context.Values.kafka.partitions -}}
{{- $registry := include "wirewatch.registryPartitions" . | fromYaml -}}
{{- if gt $override 0 -}}{{ $override }}{{- else -}}{{ index $registry .topic }}{{- end -}}
{{- end -}}

{{/*
The most replicas of a stage that can all get work: the fewest partitions among the topics it consumes through a
group; 0 when it has no group (no cap).
*/}}
{{- define "wirewatch.replicaCap" -}}
{{- $groups := index (include "wirewatch.consumerGroups" . | fromYaml) .stage -}}
{{- $cap := 0 -}}
{{- range $groups -}}
{{- $p := int (include "wirewatch.partitions" (dict "context" $.context "topic" .topic)) -}}
{{- if or (eq $cap 0) (lt $p $cap) }}{{ $cap = $p }}{{ end -}}
{{- end -}}
{{- $cap -}}
{{- end -}}

{{/*
The maximum replicas of an autoscaler: its maxReplicas, or the partition cap when unset; fails when maxReplicas is
above the cap, since those replicas would sit idle without partitions.
Usage: wirewatch.maxReplicas (dict "context" $ "stage" "tagger" "max" .maxReplicas "kind" "keda")
*/}}
{{- define "wirewatch.maxReplicas" -}}
{{- $cap := int (include "wirewatch.replicaCap" .) -}}
{{- if and (kindIs "string" .max) (empty .max) -}}
{{- if eq $cap 0 }}{{ fail (printf "%s.autoscaling.%s.maxReplicas is required" .stage .kind) }}{{ end -}}
{{- $cap -}}
{{- else -}}
{{- $max := int .max -}}
{{- if and (gt $cap 0) (gt $max $cap) -}}
{{- fail (printf "%s.autoscaling.%s.maxReplicas is %d but the topics it consumes have %d partitions: extra replicas would get no partition (raise kafka.partitions first)" .stage .kind $max $cap) -}}
{{- end -}}
{{- $max -}}
{{- end -}}
{{- end -}}

{{/* Whether a stage is autoscaled (then the Deployment leaves replicas to the autoscaler). */}}
{{- define "wirewatch.autoscaled" -}}
{{- $values := index .context.Values .stage -}}
{{- $keda := and (hasKey $values.autoscaling "keda") $values.autoscaling.keda.enabled -}}
{{- if and $values.autoscaling.hpa.enabled $keda -}}
{{- fail (printf "%s: enable either autoscaling.hpa or autoscaling.keda, not both" .stage) -}}
{{- end -}}
{{- if or $values.autoscaling.hpa.enabled $keda }}true{{ end -}}
{{- end -}}

{{/* Whether any stage is scaled by KEDA. */}}
{{- define "wirewatch.kedaEnabled" -}}
{{- range (include "wirewatch.stages" . | splitList " ") -}}
{{- $values := index $.Values . -}}
{{- if and $values.enabled (hasKey $values.autoscaling "keda") $values.autoscaling.keda.enabled }}true{{ end -}}
{{- end -}}
{{- end -}}

{{- define "wirewatch.kafkaSecurityProtocol" -}}
{{- if and .Values.kafka.tls.enabled .Values.kafka.sasl.enabled -}}SASL_SSL
{{- else if .Values.kafka.tls.enabled -}}SSL
{{- else if .Values.kafka.sasl.enabled -}}SASL_PLAINTEXT
{{- else -}}PLAINTEXT
{{- end -}}
{{- end -}}

{{- define "wirewatch.saslSecretName" -}}
{{- default (printf "%s-kafka-sasl" (include "wirewatch.fullname" .)) .Values.kafka.sasl.existingSecret -}}
{{- end -}}

{{- define "wirewatch.secretsKeySecretName" -}}
{{- default (printf "%s-secrets-key" (include "wirewatch.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "wirewatch.saslPasswordKey" -}}
{{- if .Values.kafka.sasl.existingSecret }}{{ .Values.kafka.sasl.existingSecretPasswordKey }}{{ else }}password{{ end -}}
{{- end -}}

{{- define "wirewatch.saslLoginModule" -}}
{{- if eq .Values.kafka.sasl.mechanism "PLAIN" -}}org.apache.kafka.common.security.plain.PlainLoginModule
{{- else if hasPrefix "SCRAM-" .Values.kafka.sasl.mechanism -}}org.apache.kafka.common.security.scram.ScramLoginModule
{{- else -}}{{ fail (printf "kafka.sasl.mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not %s" .Values.kafka.sasl.mechanism) }}
{{- end -}}
{{- end -}}

{{/* Environment variable name of a Kafka client setting: WIREWATCH_KAFKA_ + upper case, dots as underscores. */}}
{{- define "wirewatch.kafkaEnvName" -}}
{{- printf "WIREWATCH_KAFKA_%s" (. | upper | replace "." "_" | replace "-" "_") -}}
{{- end -}}

{{/*
The environment of one stage: the Kafka connection (TLS and SASL secrets by secretKeyRef), the core settings the
chart owns, then extraEnvVars. Usage: wirewatch.env (dict "context" $ "stage" "tagger")
*/}}
{{- define "wirewatch.env" -}}
{{- $ := .context -}}
{{- $values := index $.Values .stage -}}
- name: WIREWATCH_KAFKA_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" $.Values.kafka.bootstrapServers | quote }}
- name: WIREWATCH_KAFKA_TOPIC_PREFIX
  value: {{ $.Values.kafka.topicPrefix | quote }}
{{- if gt (int $.Values.kafka.partitions) 0 }}
- name: WIREWATCH_KAFKA_PARTITIONS
  value: {{ $.Values.kafka.partitions | quote }}
{{- end }}
- name: WIREWATCH_KAFKA_REPLICATION_FACTOR
  value: {{ $.Values.kafka.replicationFactor | quote }}
- name: WIREWATCH_KAFKA_CREATE_TOPICS
  value: {{ $.Values.kafka.createTopics | quote }}
- name: WIREWATCH_KAFKA_SECURITY_PROTOCOL
  value: {{ include "wirewatch.kafkaSecurityProtocol" $ | quote }}
{{- if $.Values.kafka.tls.enabled }}
{{- if not $.Values.kafka.tls.verifyHostname }}
- name: WIREWATCH_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM
  value: ""
{{- end }}
{{- if and $.Values.kafka.tls.existingSecret $.Values.kafka.tls.caKey }}
- name: WIREWATCH_KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: WIREWATCH_KAFKA_SSL_TRUSTSTORE_CERTIFICATES
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.kafka.tls.existingSecret }}
      key: {{ $.Values.kafka.tls.caKey }}
{{- end }}
{{- if and $.Values.kafka.tls.existingSecret $.Values.kafka.tls.certKey }}
- name: WIREWATCH_KAFKA_SSL_KEYSTORE_TYPE
  value: PEM
- name: WIREWATCH_KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.kafka.tls.existingSecret }}
      key: {{ $.Values.kafka.tls.certKey }}
- name: WIREWATCH_KAFKA_SSL_KEYSTORE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.kafka.tls.existingSecret }}
      key: {{ required "kafka.tls.keyKey is required with kafka.tls.certKey" $.Values.kafka.tls.keyKey }}
{{- end }}
{{- end }}
{{- if $.Values.kafka.sasl.enabled }}
- name: WIREWATCH_KAFKA_SASL_MECHANISM
  value: {{ $.Values.kafka.sasl.mechanism | quote }}
{{- /* one principal per stage when kafka.sasl.stages names it, else the shared one */}}
{{- $user := index ($.Values.kafka.sasl.stages | default dict) .stage | default dict }}
# not a WIREWATCH_ variable: only referenced by the JAAS line below, so the password stays in its Secret
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $user.existingSecret | default (include "wirewatch.saslSecretName" $) }}
      key: {{ ternary ($user.existingSecretPasswordKey | default "password") (include "wirewatch.saslPasswordKey" $) (not (empty $user.existingSecret)) }}
- name: WIREWATCH_KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"%s\" password=\"$(KAFKA_SASL_PASSWORD)\";" (include "wirewatch.saslLoginModule" $) ($user.username | default (required "kafka.sasl.username is required" $.Values.kafka.sasl.username)) | quote }}
{{- end }}
{{- range $key, $value := $.Values.kafka.extraSettings }}
- name: {{ include "wirewatch.kafkaEnvName" $key }}
  value: {{ $value | quote }}
{{- end }}
- name: WIREWATCH_HTTP_PORT
  value: {{ $.Values.metrics.port | quote }}
- name: WIREWATCH_DATA_DIR
  value: /data
- name: WIREWATCH_SHUTDOWN_TIMEOUT
  value: {{ $.Values.shutdownTimeout | quote }}
- name: WIREWATCH_INSTANCE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- if $.Values.config }}
- name: WIREWATCH_CONFIG
  value: /etc/wirewatch/config.yaml
{{- end }}
{{- if or (eq .stage "console") (eq .stage "alerter") }}
# the key that seals webhook secrets and Slack URLs in wirewatch.subscriptions (the console seals, the alerter opens)
- name: WIREWATCH_SECRETS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "wirewatch.secretsKeySecretName" $ }}
      key: {{ $.Values.secrets.existingSecretKey | default "secrets-key" }}
{{- if $.Values.secrets.oldKeysSecretKey }}
- name: WIREWATCH_SECRETS_OLD_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "wirewatch.secretsKeySecretName" $ }}
      key: {{ $.Values.secrets.oldKeysSecretKey }}
{{- end }}
{{- end }}
{{- if eq .stage "console" }}
- name: WIREWATCH_CONSOLE_PORT
  value: {{ $values.port | quote }}
- name: WIREWATCH_CONSOLE_ENDPOINTS
  value: {{ $values.endpoints | default "off" | quote }}
{{- if $values.apiKey.existingSecret }}
- name: WIREWATCH_CONSOLE_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $values.apiKey.existingSecret }}
      key: {{ $values.apiKey.existingSecretKey }}
{{- end }}
{{- end }}
- name: JAVA_TOOL_OPTIONS
  value: {{ $values.jvmOptions | quote }}
{{- with $.Values.extraEnvVars }}
{{ toYaml . }}
{{- end }}
{{- with $values.extraEnvVars }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* One probe against GET /health: wirewatch.probe (dict "probe" $merged) */}}
{{- define "wirewatch.probe" -}}
httpGet:
  path: /health
  port: metrics
{{ toYaml (omit .probe "enabled") }}
{{- end -}}

{{/* The seconds a pod gets to stop: shutdownTimeout plus 15s. */}}
{{- define "wirewatch.terminationGracePeriod" -}}
{{- $t := toString .Values.shutdownTimeout -}}
{{- $seconds := 30 -}}
{{- if hasSuffix "ms" $t }}{{ $seconds = div (int (trimSuffix "ms" $t)) 1000 }}
{{- else if hasSuffix "s" $t }}{{ $seconds = int (trimSuffix "s" $t) }}
{{- else if hasSuffix "m" $t }}{{ $seconds = mul (int (trimSuffix "m" $t)) 60 }}
{{- end -}}
{{- add $seconds 15 -}}
{{- end -}}
