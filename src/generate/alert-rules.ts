/**
 * The alerting rules: KPI severities from the catalog, each tier's regression and noise
 * limits from analysis/regression-policy.ts (shared with `vmsoak compare`). A per-tier
 * rule selects its workloads by joining on vmsoak_workload_info{tier="N"}, which every
 * daemon exports for each workload it loaded, so a plug-in workload is covered by the
 * rules as they are, without regenerating them with its module. Every alert has a severity label and summary,
 * description and runbook_url annotations; docs/runbooks.md has a section per alert.
 */
import { DEFAULT_TIER_POLICIES, type TierPolicy } from '../analysis/regression-policy.ts';
import type { Severity, Tier } from '../workloads/api.ts';
import type { CatalogView } from './catalog-view.ts';
import { FAMILIES } from '../export/metric-families.ts';
import { DEFAULT_OUTLIER_FACTOR, fleetOutlier, OUTLIER_MIN_NODES } from './fleet.ts';
import { inTier, matcher, selector, stringLiteral } from './promql.ts';
import { FAILURE_RATIO_1H, p99WeekOverWeek } from './recording-rules.ts';
import type { AlertingRule, RuleGroup } from './rule-files.ts';
import { runbookUrl } from './runbooks.ts';

export const ALERT_NAMES = [
  'VmsoakKpiBreached', 'VmsoakRegressionDetected', 'VmsoakTrendRegression', 'VmsoakRunsFailing',
  'VmsoakDaemonStalled', 'VmsoakDown', 'VmsoakNoisyMeasurements', 'VmsoakNodeOutlier',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

export interface AlertRuleOptions {
  /** Replaces every `for:` (the live test's short variant); default: each alert's own. */
  forOverride?: string;
  runbookBaseUrl: string;
  /** The Prometheus job that scrapes vmsoak, for VmsoakDown's `up` selector. */
  job: string;
  /** How far beyond the fleet median a node's judged KPI value must be for VmsoakNodeOutlier; default 1.5 (×). */
  outlierFactor?: number;
}


/** The share of a workload's runs that must have failed over an hour for VmsoakRunsFailing. */
export const FAILING_RUNS_RATIO = 0.5;
/** How many schedule intervals without a completed pass make a suite stalled. */
export const STALLED_INTERVALS = 3;

const percent = (fraction: number): string => `${+(fraction * 100).toFixed(2)} %`;
const WHERE = '{{ $labels.workload }} ×{{ $labels.threads }} threads on {{ $labels.instance }}';

export class AlertRuleBuilder {
  readonly #view: CatalogView;
  readonly #options: AlertRuleOptions;

  constructor(view: CatalogView, options: AlertRuleOptions) {
    this.#view = view;
    this.#options = options;
  }

  groups(): RuleGroup<AlertingRule>[] {
    return [
      {
        name: 'vmsoak.kpis',
        rules: [...this.kpiBreached(), ...this.regressionDetected(), ...this.trendRegression(), ...this.noisyMeasurements(), this.nodeOutlier()],
      },
      { name: 'vmsoak.daemon', rules: [this.runsFailing(), this.daemonStalled(), this.down()] },
    ];
  }

  #rule(
    alert: AlertName, expr: string, forDuration: string, severity: Severity, summary: string, description: string, tier?: Tier,
  ): AlertingRule {
    return {
      alert,
      expr,
      for: this.#options.forOverride ?? forDuration,
      // A per-tier rule carries its tier: rules of one alert name must differ in their labels.
      labels: tier === undefined ? { severity } : { severity, tier: String(tier) },
      annotations: { summary, description, runbook_url: runbookUrl(this.#options.runbookBaseUrl, alert) },
    };
  }

  /** Every tier with a policy, whether or not the catalog has a workload in it: a plug-in may. */
  #tiers(): Array<{ tier: Tier; policy: TierPolicy }> {
    return (Object.keys(DEFAULT_TIER_POLICIES) as Array<`${Tier}`>).map((key) => ({
      tier: Number(key) as Tier,
      policy: DEFAULT_TIER_POLICIES[key],
    }));
  }

  /**
   * One rule per severity the catalog's KPIs use; the value is the median over the KPI's
   * window of judged runs, in base units (vmsoak_kpi_breached holds its state until the whole
   * window has crossed, so the median can already be back within target while it fires). A
   * pending window has neither series, so the alert neither fires nor resolves on it.
   */
  kpiBreached(): AlertingRule[] {
    return this.#view.severities().map((severity) => this.#rule(
      'VmsoakKpiBreached',
      `${FAMILIES.kpiWindowValue.name}\nand\n${selector(FAMILIES.kpiBreached.name, [matcher('severity', '=', severity)])} == 1`,
      '15m',
      severity,
      `KPI {{ $labels.kpi }} of ${WHERE} is breached`,
      'Breached over its window of judged runs, whose median is now {{ $value | humanize }} (base units: seconds, ratio, factor or ops/s); '
        + `target in ${FAMILIES.kpiTarget.name} (direction {{ $labels.direction }}: max means lower is better). It resolves when the judged runs have been within target for a whole window and kpiWindow.for (10m).`,
    ));
  }

  /**
   * A node whose judged KPI value (the median of its KPI window) is beyond the fleet median of
   * the same KPI, workload and thread count by the factor, the worse way: above factor ×
   * median for direction max, below median / factor for min. The median is over every node
   * reporting the KPI, this one included, and only taken with OUTLIER_MIN_NODES of them.
   * CPI²'s method: a task judged against its own fleet, not only against a target.
   */
  nodeOutlier(): AlertingRule {
    const factor = this.#options.outlierFactor ?? DEFAULT_OUTLIER_FACTOR;
    if (!(Number.isFinite(factor) && factor > 1)) throw new RangeError(`outlier factor must be a number above 1, got ${factor}`);
    return this.#rule(
      'VmsoakNodeOutlier',
      [fleetOutlier('max', factor), fleetOutlier('min', factor)].map((branch) => `(\n${branch}\n)`).join('\nor\n'),
      '30m',
      'warning',
      `KPI {{ $labels.kpi }} of ${WHERE} is an outlier in its fleet`,
      `The median over its last judged runs, {{ $value | humanize }} (base units), is more than ${factor}× worse than the median of every node `
        + `reporting the same KPI, workload and thread count (at least ${OUTLIER_MIN_NODES} nodes; direction {{ $labels.direction }}: max means lower is better). `
        + 'The node, not the runtime, is the suspect: compare its interference and hardware with the others\'.',
    );
  }

  /**
   * Regressions against the rolling baseline (issue 4's significance test). Critical for
   * the tiers whose warning and critical gates coincide (tier 0: any significant slowdown
   * beyond 5 % fails), warning for the others.
   */
  regressionDetected(): AlertingRule[] {
    return this.#tiers().map(({ tier, policy }) => this.#rule(
      'VmsoakRegressionDetected',
      inTier(`${FAMILIES.regressionState.name} == 1`, tier),
      '5m',
      policy.critical !== null && policy.critical <= policy.warning ? 'critical' : 'warning',
      `${WHERE} regressed against its baseline`,
      `A tier-${tier} workload is significantly slower than its rolling baseline (beyond the tier's ${percent(policy.warning)} gate and `
        + `significant after Benjamini–Hochberg); see ${FAMILIES.baselineRatio.name} and /api/changes.`,
      tier,
    ));
  }

  /**
   * p99 now against the same hour a week ago, per tier: warning at the tier's warning gate,
   * critical at its critical gate (the recorded ratio's expression, restricted to the tier).
   */
  trendRegression(): AlertingRule[] {
    return this.#tiers().flatMap(({ tier, policy }) => {
      const levels: Array<[Severity, number]> = policy.critical === policy.warning
        ? [['critical', policy.warning]]
        : [['warning', policy.warning], ...(policy.critical === null ? [] : [['critical', policy.critical] as [Severity, number]])];
      return levels.map(([severity, limit]) => this.#rule(
        'VmsoakTrendRegression',
        inTier(`${p99WeekOverWeek()} > ${+(1 + limit).toFixed(6)}`, tier),
        '30m',
        severity,
        `p99 of ${WHERE} is {{ $value | humanizePercentage }} of a week ago`,
        `The p99 latency averaged over the last hour is more than ${percent(limit)} above the same hour one week ago `
          + `(tier ${tier} ${severity} limit).`,
        tier,
      ));
    });
  }

  /** CV of the run-level samples above the tier's limit for an hour. */
  noisyMeasurements(): AlertingRule[] {
    return this.#tiers().map(({ tier, policy }) => this.#rule(
      'VmsoakNoisyMeasurements',
      inTier(`${FAMILIES.workloadCv.name} > ${policy.maxCv}`, tier),
      '1h',
      'warning',
      `Measurements of ${WHERE} are noisy (CV {{ $value | humanizePercentage }})`,
      `The coefficient of variation of the run-level samples has stayed above the tier-${tier} limit of ${percent(policy.maxCv)} for an hour: `
        + 'comparisons against baselines are unreliable until the machine is quiet again.',
      tier,
    ));
  }

  runsFailing(): AlertingRule {
    return this.#rule(
      'VmsoakRunsFailing',
      `${FAILURE_RATIO_1H} >= ${FAILING_RUNS_RATIO}`,
      '15m',
      'warning',
      `Runs of ${WHERE} are failing`,
      `{{ $value | humanizePercentage }} of the runs over the last hour failed (threshold ${percent(FAILING_RUNS_RATIO)}); `
        + `${FAMILIES.runFailures.name} has the reasons (error, timeout, oom, exit).`,
    );
  }

  /**
   * No completed pass of a suite within 3 schedule intervals, or, for a suite that has not
   * completed one since the process started, 3 intervals since the start.
   */
  daemonStalled(): AlertingRule {
    const interval = FAMILIES.suiteScheduleInterval.name;
    const finished = FAMILIES.suiteLastFinish.name;
    return this.#rule(
      'VmsoakDaemonStalled',
      `(time() - ${finished}) > ${STALLED_INTERVALS} * ${interval}\nor\n`
        + `(${STALLED_INTERVALS} * ${interval} unless on (job, instance, suite) ${finished})\n`
        + '  < on (job, instance) group_left () (time() - process_start_time_seconds)',
      '5m',
      'critical',
      'vmsoak on {{ $labels.instance }} completed no pass of suite {{ $labels.suite }} in 3 schedule intervals',
      `Suite {{ $labels.suite }} has not completed a pass for more than ${STALLED_INTERVALS} schedule intervals (${interval}): `
        + 'the daemon answers scrapes but is not measuring.',
    );
  }

  down(): AlertingRule {
    return this.#rule(
      'VmsoakDown',
      `${selector('up', [matcher('job', '=', this.#options.job)])} == 0`,
      '5m',
      'critical',
      'vmsoak on {{ $labels.instance }} is down',
      `Prometheus cannot scrape vmsoak (job ${stringLiteral(this.#options.job)}) on {{ $labels.instance }}: no measurements and no KPI alerts from it.`,
    );
  }
}

