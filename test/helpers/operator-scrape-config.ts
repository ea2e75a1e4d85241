/**
 * The Prometheus scrape config the Prometheus Operator generates for a ServiceMonitor or a
 * PodMonitor, and the Kubernetes service-discovery meta labels of a pod it would discover,
 * so a test can run a real Prometheus on what a kube-prometheus-stack cluster would run.
 *
 * Ported from the operator's pkg/prometheus/promcfg.go, v0.93.0 (commit 6adcebc5076c,
 * generateServiceMonitorConfig and generatePodMonitorConfig, with initRelabelings,
 * generateRunningFilter, generateRelabelConfig and appendShardingRelabelingWithLabel):
 * the same relabel_configs in the same order, for the fields the vmsoak chart uses (an
 * endpoint `port`, matchLabels selectors, jobLabel, relabelings, metricRelabelings), with
 * the operator's defaults: the endpoints role (serviceDiscoveryRole unset), filterRunning
 * on, one shard (the config reloader substitutes $(SHARD) with 0), no scrape class, no
 * retention or topology sharding, Prometheus not in DaemonSet mode. What the test changes
 * on purpose: kubernetes_sd_configs become file_sd_configs carrying the meta labels the
 * kubernetes SD would attach (podMetaLabels, endpointMetaLabels), and the scrape interval
 * is the test's.
 */

export type RelabelConfig = Record<string, unknown>;

/** The operator's RelabelConfig (camelCase, as in the CRD). */
interface OperatorRelabelConfig {
  sourceLabels?: string[];
  separator?: string;
  targetLabel?: string;
  regex?: string;
  modulus?: number;
  replacement?: string;
  action?: string;
}

interface OperatorEndpoint {
  port?: string;
  path?: string;
  scheme?: string;
  relabelings?: OperatorRelabelConfig[];
  metricRelabelings?: OperatorRelabelConfig[];
}

export interface MonitorObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}

interface MonitorSpec {
  jobLabel?: string;
  selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  endpoints?: OperatorEndpoint[];
  podMetricsEndpoints?: OperatorEndpoint[];
}

/** sanitizeLabelName: a Kubernetes label key as a Prometheus label name. */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** generateRelabelConfig: the CRD's camelCase fields as Prometheus's, the action lower-cased. */
function generateRelabelConfig(configs: readonly OperatorRelabelConfig[]): RelabelConfig[] {
  return configs.map((config) => {
    const out: RelabelConfig = {};
    if (config.sourceLabels !== undefined && config.sourceLabels.length > 0) out.source_labels = config.sourceLabels;
    if (config.separator !== undefined) out.separator = config.separator;
    if (config.targetLabel) out.target_label = config.targetLabel;
    if (config.regex) out.regex = config.regex;
    if (config.modulus) out.modulus = config.modulus;
    if (config.replacement !== undefined) out.replacement = config.replacement;
    if (config.action) out.action = config.action.toLowerCase();
    return out;
  });
}

const initRelabelings = (): RelabelConfig[] => [{ source_labels: ['job'], target_label: '__tmp_prometheus_job_name' }];

const runningFilter = (): RelabelConfig => ({ action: 'drop', source_labels: ['__meta_kubernetes_pod_phase'], regex: '(Failed|Succeeded)' });

/** appendShardingRelabelingWithAddress with one shard, after the config reloader's $(SHARD) substitution. */
const shardingRelabelings = (): RelabelConfig[] => [
  { source_labels: ['__address__', '__tmp_hash'], target_label: '__tmp_hash', regex: '(.+);', replacement: '$1', action: 'replace' },
  { source_labels: ['__tmp_hash'], target_label: '__tmp_hash', modulus: 1, action: 'hashmod' },
  { source_labels: ['__tmp_hash', '__tmp_disable_sharding'], regex: '0;|.+;.+', action: 'keep' },
];

function selectorRelabelings(matchLabels: Record<string, string>, metaPrefix: 'service' | 'pod'): RelabelConfig[] {
  return Object.keys(matchLabels).sort().map((key) => ({
    action: 'keep',
    source_labels: [`__meta_kubernetes_${metaPrefix}_label_${sanitizeLabelName(key)}`, `__meta_kubernetes_${metaPrefix}_labelpresent_${sanitizeLabelName(key)}`],
    regex: `(${matchLabels[key]});true`,
  }));
}

function specOf(monitor: MonitorObject): MonitorSpec {
  const spec = monitor.spec as MonitorSpec | undefined;
  if (spec === undefined) throw new Error(`${monitor.kind}/${monitor.metadata.name} has no spec`);
  if ((spec.selector.matchExpressions ?? []).length > 0) throw new Error('matchExpressions are not ported');
  return spec;
}

export interface ScrapeConfigOptions {
  /** The file_sd file standing in for kubernetes_sd_configs. */
  fileSdPath: string;
  scrapeInterval: string;
  scrapeTimeout?: string;
}

function common(jobName: string, endpoint: OperatorEndpoint, options: ScrapeConfigOptions): Record<string, unknown> {
  return {
    job_name: jobName,
    honor_labels: false,
    file_sd_configs: [{ files: [options.fileSdPath], refresh_interval: '1s' }],
    scrape_interval: options.scrapeInterval,
    scrape_timeout: options.scrapeTimeout ?? options.scrapeInterval,
    ...(endpoint.path ? { metrics_path: endpoint.path } : {}),
    ...(endpoint.scheme ? { scheme: endpoint.scheme } : {}),
  };
}

function withMetricRelabelings(config: Record<string, unknown>, endpoint: OperatorEndpoint): Record<string, unknown> {
  const metric = endpoint.metricRelabelings ?? [];
  return metric.length > 0 ? { ...config, metric_relabel_configs: generateRelabelConfig(metric) } : config;
}

/** generateServiceMonitorConfig for endpoint `index` of a ServiceMonitor (endpoints role). */
export function serviceMonitorScrapeConfig(monitor: MonitorObject, index: number, options: ScrapeConfigOptions): Record<string, unknown> {
  const spec = specOf(monitor);
  const endpoint = spec.endpoints?.[index];
  if (endpoint === undefined) throw new Error(`ServiceMonitor/${monitor.metadata.name} has no endpoint ${index}`);
  const targetRef = ['__meta_kubernetes_endpoint_address_target_kind', '__meta_kubernetes_endpoint_address_target_name'];
  const relabelings: RelabelConfig[] = [
    ...initRelabelings(),
    ...selectorRelabelings(spec.selector.matchLabels ?? {}, 'service'),
    ...(endpoint.port ? [{ action: 'keep', source_labels: ['__meta_kubernetes_endpoint_port_name'], regex: endpoint.port }] : []),
    { source_labels: targetRef, separator: ';', regex: 'Node;(.*)', replacement: '${1}', target_label: 'node' },
    { source_labels: targetRef, separator: ';', regex: 'Pod;(.*)', replacement: '${1}', target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
    runningFilter(),
    { source_labels: ['__meta_kubernetes_service_name'], target_label: 'job', replacement: '${1}' },
    ...(spec.jobLabel
      ? [{ source_labels: [`__meta_kubernetes_service_label_${sanitizeLabelName(spec.jobLabel)}`], target_label: 'job', regex: '(.+)', replacement: '${1}' }]
      : []),
    ...(endpoint.port ? [{ target_label: 'endpoint', replacement: endpoint.port }] : []),
    ...generateRelabelConfig(endpoint.relabelings ?? []),
    ...shardingRelabelings(),
  ];
  const namespace = monitor.metadata.namespace ?? 'default';
  return withMetricRelabelings({ ...common(`serviceMonitor/${namespace}/${monitor.metadata.name}/${index}`, endpoint, options), relabel_configs: relabelings }, endpoint);
}

/** generatePodMonitorConfig for endpoint `index` of a PodMonitor (pod role). */
export function podMonitorScrapeConfig(monitor: MonitorObject, index: number, options: ScrapeConfigOptions): Record<string, unknown> {
  const spec = specOf(monitor);
  const endpoint = spec.podMetricsEndpoints?.[index];
  if (endpoint === undefined) throw new Error(`PodMonitor/${monitor.metadata.name} has no endpoint ${index}`);
  const namespace = monitor.metadata.namespace ?? 'default';
  const relabelings: RelabelConfig[] = [
    ...initRelabelings(),
    runningFilter(),
    ...selectorRelabelings(spec.selector.matchLabels ?? {}, 'pod'),
    ...(endpoint.port ? [{ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: endpoint.port }] : []),
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { target_label: 'job', replacement: `${namespace}/${monitor.metadata.name}` },
    ...(spec.jobLabel
      ? [{ source_labels: [`__meta_kubernetes_pod_label_${sanitizeLabelName(spec.jobLabel)}`], target_label: 'job', regex: '(.+)', replacement: '${1}' }]
      : []),
    ...(endpoint.port ? [{ target_label: 'endpoint', replacement: endpoint.port }] : []),
    ...generateRelabelConfig(endpoint.relabelings ?? []),
    ...shardingRelabelings(),
  ];
  return withMetricRelabelings({ ...common(`podMonitor/${namespace}/${monitor.metadata.name}/${index}`, endpoint, options), relabel_configs: relabelings }, endpoint);
}

export function monitorScrapeConfig(monitor: MonitorObject, options: ScrapeConfigOptions): Record<string, unknown> {
  if (monitor.kind === 'ServiceMonitor') return serviceMonitorScrapeConfig(monitor, 0, options);
  if (monitor.kind === 'PodMonitor') return podMonitorScrapeConfig(monitor, 0, options);
  throw new Error(`not a monitor: ${monitor.kind}`);
}

/** A pod as the kubernetes SD sees it: what the test makes up (name, node, address) and what the chart rendered (labels, container, port). */
export interface SimulatedPod {
  namespace: string;
  name: string;
  nodeName: string;
  /** ip:port */
  address: string;
  labels: Readonly<Record<string, string>>;
  containerName: string;
  portName: string;
  controllerKind: 'DaemonSet' | 'ReplicaSet';
  controllerName: string;
}

export interface SimulatedService {
  name: string;
  labels: Readonly<Record<string, string>>;
}

function labelMeta(prefix: string, labels: Readonly<Record<string, string>>): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    meta[`${prefix}_label_${sanitizeLabelName(key)}`] = value;
    meta[`${prefix}_labelpresent_${sanitizeLabelName(key)}`] = 'true';
  }
  return meta;
}

/** The pod role's meta labels of a running, ready pod's container port (Prometheus discovery/kubernetes/pod.go). */
export function podMetaLabels(pod: SimulatedPod): Record<string, string> {
  const [ip, port] = [pod.address.slice(0, pod.address.lastIndexOf(':')), pod.address.slice(pod.address.lastIndexOf(':') + 1)];
  return {
    __address__: pod.address,
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_ip: ip,
    __meta_kubernetes_pod_node_name: pod.nodeName,
    __meta_kubernetes_pod_host_ip: ip,
    __meta_kubernetes_pod_uid: `uid-${pod.name}`,
    __meta_kubernetes_pod_phase: 'Running',
    __meta_kubernetes_pod_ready: 'true',
    __meta_kubernetes_pod_controller_kind: pod.controllerKind,
    __meta_kubernetes_pod_controller_name: pod.controllerName,
    __meta_kubernetes_pod_container_name: pod.containerName,
    __meta_kubernetes_pod_container_init: 'false',
    __meta_kubernetes_pod_container_port_name: pod.portName,
    __meta_kubernetes_pod_container_port_number: port,
    __meta_kubernetes_pod_container_port_protocol: 'TCP',
    ...labelMeta('__meta_kubernetes_pod', pod.labels),
  };
}

/** The endpoints role's meta labels of a Service's ready address backed by the pod (Prometheus discovery/kubernetes/endpoints.go). */
export function endpointMetaLabels(pod: SimulatedPod, service: SimulatedService): Record<string, string> {
  return {
    ...podMetaLabels(pod),
    __meta_kubernetes_endpoints_name: service.name,
    ...labelMeta('__meta_kubernetes_endpoints', service.labels),
    __meta_kubernetes_endpoint_node_name: pod.nodeName,
    __meta_kubernetes_endpoint_ready: 'true',
    __meta_kubernetes_endpoint_port_name: pod.portName,
    __meta_kubernetes_endpoint_port_protocol: 'TCP',
    __meta_kubernetes_endpoint_address_target_kind: 'Pod',
    __meta_kubernetes_endpoint_address_target_name: pod.name,
    __meta_kubernetes_service_name: service.name,
    ...labelMeta('__meta_kubernetes_service', service.labels),
  };
}

/** A file_sd target group for the pod, as the monitor's role would discover it. */
export function discoveredTarget(kind: string, pod: SimulatedPod, service: SimulatedService): { targets: string[]; labels: Record<string, string> } {
  const { __address__: address, ...labels } = kind === 'PodMonitor' ? podMetaLabels(pod) : endpointMetaLabels(pod, service);
  return { targets: [address], labels };
}
