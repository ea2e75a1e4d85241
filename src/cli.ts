/**
 * The vmsoak command line: option parsing and dispatch only; each command lives in
 * src/cli/<command>.ts and is imported when it runs, so `--help` stays instant.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { handleCliError, oneLine } from './cli/errors.ts';
import { FAIL_ON_LEVELS } from './cli/fail-on.ts';
import { EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.ts';
import {
  collect, LOG_FORMATS, parseDuration, parseFactorAboveOne, parsePositiveDuration, parsePositiveInteger, parseSeed, parseThreadList, REPORT_FORMATS,
} from './cli/options.ts';
import { parsePromDuration } from './generate/prom-duration.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT_OK}   success: every run completed and every KPI passed
  ${EXIT_FAILED}   what --fail-on names was found (default critical: a failed run, a critical KPI breached over
      the judged runs, a critical regression against a baseline); stderr says which
  ${EXIT_USAGE}   usage or config error (bad flag, config key, workload glob or module)
  ${EXIT_INTERNAL}  internal error in vmsoak (set VMSOAK_DEBUG=1 for a stack trace)
  130 interrupted (Ctrl-C)`;

const ENV_HELP = `
Environment (between the config file and the flags in precedence):
  VMSOAK_LISTEN, VMSOAK_DATA_DIR, VMSOAK_LOG_LEVEL, VMSOAK_SHUTDOWN_TIMEOUT,
  VMSOAK_RUN_TIMEOUT, VMSOAK_WORKLOAD_MODULES (comma-separated paths),
  VMSOAK_WEB_CONFIG_FILE, VMSOAK_WEB_EXEMPT_PROBES (true or false)`;

let exitCode = EXIT_OK;

const program = new Command('vmsoak')
  .description('Soak daemon for VM-core workloads: HDR latency histograms, KPIs, Prometheus and OpenTelemetry metrics.')
  .version(version, '-V, --version', 'print the vmsoak version')
  .helpOption('-h, --help', 'show help')
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({
    // Commander's errors can span lines (a suggestion on the next); a user mistake gets exactly one.
    outputError: (text, write) => write(`vmsoak: ${oneLine(text)}\n`),
  })
  .addHelpText('after', `${EXIT_CODES_HELP}\n${ENV_HELP}\n\nRun "vmsoak <command> --help" for a command's options.`);

const configOption = () => new Option('-c, --config <file>', 'YAML config file (default: the embedded defaults)');
// One meaning on every command that reads or writes it: relative to the working directory.
const dataDirOption = () => new Option('--data-dir <dir>',
  'where results and baselines are kept: <dir>/results.jsonl, <dir>/baselines/ (config: dataDir, env: VMSOAK_DATA_DIR; default ./var in the working directory)');
const moduleOption = () => new Option('--workload-module <file>', 'load a workload module (repeatable; adds to the config\'s workloadModules)')
  .argParser(collect);

/** The options that shape a measuring pass, shared by `once` and `baseline save`. */
const withPassOptions = (command: Command): Command => command
  .addOption(configOption())
  .addOption(new Option('-w, --workload <glob>', 'run only the workloads matching this glob, e.g. "contention.*" (repeatable)').argParser(collect))
  .addOption(moduleOption())
  .addOption(dataDirOption())
  .addOption(new Option('-t, --threads <list>', 'thread counts instead of each workload\'s own, e.g. 1,2,4').argParser(parseThreadList))
  .addOption(new Option('-d, --duration <duration>', 'measured time per run, e.g. 500ms, 5s, 1m').argParser(parsePositiveDuration))
  .addOption(new Option('--warmup <duration>', 'warm-up time per run before measuring, e.g. 1s').argParser(parseDuration))
  .addOption(new Option('-n, --iterations <n>', 'ops per thread per run (ends the measurement instead of --duration)').argParser(parsePositiveInteger))
  .addOption(new Option('--seed <n>', 'seed of the randomised run order, for a reproducible order').argParser(parseSeed))
  .addOption(new Option('--run-timeout <duration>', 'a run that takes longer fails with reason "timeout" (config: runTimeout)'));
const failOnOption = () => new Option('--fail-on <level>',
  'exit 1 on: critical (failed runs, critical KPI breaches, critical regressions), warning (also warning-level ones) or never')
  .choices(FAIL_ON_LEVELS).default('critical');
const allowMismatchOption = () => new Option('--allow-fingerprint-mismatch', 'compare even when vmsoak, Node.js, V8, CPU or settings differ from the baseline\'s (a warning instead of a refusal)');

withPassOptions(program.command('once')
  .description('Run one pass of every suite in the config (or of the workloads given with --workload), print a report and exit.'))
  .addOption(new Option('-o, --out <dir>', 'also write results.json, results.csv, report.md, report.html and histograms.hlog into this directory'))
  .addOption(new Option('-f, --format <format>', 'report format on stdout').choices(REPORT_FORMATS).default('table'))
  .addOption(new Option('--baseline <name>', 'compare with this saved baseline (see "vmsoak baseline"); exit 1 on a critical regression'))
  .addOption(allowMismatchOption())
  .addOption(new Option('--repeat <n>', 'run n passes and judge each KPI over them (the median of the judged runs)').argParser(parsePositiveInteger).default(1))
  .addOption(failOnOption())
  .addHelpText('after', `
Progress goes to stderr, the report to stdout. Exit code 1 when a run failed, or a KPI
or (with --baseline) a regression of the --fail-on severity was found; stderr names each,
so "vmsoak once" can gate a CI job. Only judged runs count: a KPI whose runs were mostly
disturbed or oversubscribed is "pending", not breached.

Examples:
  vmsoak once --workload 'contention.*' --threads 1,2,4 --duration 2s
  vmsoak once --config vmsoak.yaml --format markdown --out ./report
  vmsoak once --workload gc.churn-small --format json > results.json
  vmsoak once --baseline main --out ./report
  vmsoak once --workload 'tier1.*' --repeat 5 --fail-on warning`)
  .action(async (options) => {
    const { once } = await import('./cli/once.ts');
    exitCode = await once({ ...options, workloads: options.workload });
  });

const baselineCommand = program.command('baseline').description('Save and list baselines: run-level samples, quantiles and fingerprint per workload x threads.');
withPassOptions(baselineCommand.command('save')
  .description('Save a baseline from a results.json (--from), or run one pass like "once" (same flags) and save that.'))
  .addOption(new Option('--name <name>', 'baseline name: letters, digits, ".", "_", "-"').default('main'))
  .addOption(new Option('--from <results.json>', 'the results.json of "vmsoak once --out" instead of running a pass'))
  .addHelpText('after', '\nWritten atomically to <data-dir>/baselines/<name>.json (see --data-dir).')
  .action(async (options) => {
    const { baselineSave } = await import('./cli/baseline.ts');
    exitCode = await baselineSave({ ...options, workloads: options.workload });
  });
baselineCommand.command('list')
  .description('List the saved baselines with their fingerprints.')
  .addOption(configOption())
  .addOption(dataDirOption())
  .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
  .action(async (options) => {
    const { baselineList } = await import('./cli/baseline.ts');
    exitCode = await baselineList(options);
  });

program.command('compare')
  .description('Compare results with a saved baseline by the regression decision rule (Mann-Whitney, Benjamini-Hochberg, tier thresholds).')
  .requiredOption('--baseline <name>', 'the saved baseline to compare with')
  .addOption(new Option('--current <results.json>', 'the results to judge (default: the last kpiWindow.runs judged runs of each series in the daemon\'s results log)'))
  .addOption(configOption())
  .addOption(dataDirOption())
  .addOption(moduleOption())
  .addOption(allowMismatchOption())
  .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'markdown', 'json']).default('table'))
  .addOption(failOnOption())
  .addHelpText('after', '\nExit code 1 on a failed run, a regression or a KPI breach in the current results of the --fail-on severity (stderr names each), else 0; see docs/baselines.md.')
  .action(async (options) => {
    const { compare } = await import('./cli/compare.ts');
    exitCode = await compare(options);
  });

withPassOptions(program.command('calibrate')
  .description('Run passes on this node and write a KPI-override YAML for the seed targets it misses, each with the measured median and spread.'))
  .addOption(new Option('--passes <n>', 'passes to run (default: kpiWindow.runs, 5)').argParser(parsePositiveInteger))
  .addOption(new Option('-o, --out <file.yaml>', 'write the YAML here (atomically) instead of stdout'))
  .addHelpText('after', `
Only judged runs are measured. The file goes under your config's kpis: after review; until
then the seeds' targets stay in force.

Examples:
  vmsoak calibrate --passes 5 --out node-kpis.yaml
  vmsoak calibrate --workload 'tier0.*' --workload 'tier1.*' --passes 3 --duration 1s`)
  .action(async (options) => {
    const { calibrate } = await import('./cli/calibrate.ts');
    exitCode = await calibrate({ ...options, workloads: options.workload });
  });

program.command('list')
  .description('List the workload catalog: built-ins plus workload modules, with parameters and KPI targets.')
  .addOption(configOption())
  .addOption(moduleOption())
  .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
  .action(async (options) => {
    const { list } = await import('./cli/list.ts');
    exitCode = await list(options);
  });

program.command('run')
  .description('Run the soak daemon: scheduled suites, /metrics for Prometheus, a status page on /.')
  .addOption(configOption())
  .addOption(new Option('--listen <host:port>', 'HTTP address (config: listen, default 0.0.0.0:9650)'))
  .addOption(dataDirOption())
  .addOption(new Option('--log-level <level>', 'trace, debug, info, warn, error, fatal or silent (config: logLevel)'))
  .addOption(new Option('--log-format <format>', 'log lines for people or for machines (default: pretty on a terminal, json otherwise)').choices(LOG_FORMATS))
  .addOption(new Option('--shutdown-timeout <duration>', 'grace period on SIGTERM, e.g. 10s (config: shutdownTimeout)'))
  .addOption(new Option('--run-timeout <duration>', 'a run that takes longer fails with reason "timeout" (config: runTimeout)'))
  .addOption(moduleOption())
  .addOption(new Option('--web.config.file <file>', 'TLS and basic auth, in exporter-toolkit\'s web config format (config: webConfigFile); see docs/security.md'))
  .addOption(new Option('--web.exempt-probes', 'serve /-/healthy and /-/ready without basic auth or client certificate, for kubelet probes (config: webExemptProbes)'))
  .addHelpText('after', `
Logs go to stdout: one readable line per event on a terminal, JSON lines (pino) otherwise,
whichever --log-format asks for. SIGTERM or SIGINT stops the current run, flushes and exits
within the shutdown timeout.
${ENV_HELP}`)
  .action(async (options) => {
    const { run } = await import('./cli/run.ts');
    exitCode = await run(options);
  });

program.command('generate')
  .description('Write the Grafana dashboards and Prometheus recording and alerting rules, generated from the workload catalog.')
  .addOption(configOption())
  .addOption(moduleOption())
  .addOption(new Option('-o, --out <dir>', 'directory to write dashboards/ and deploy/prometheus/ under, and their copies under helm/vmsoak/files/ when it holds the chart').default('.'))
  .addOption(new Option('--runbook-base-url <url>', 'base of every alert\'s runbook_url (default: docs/runbooks.md, relative)'))
  .addOption(new Option('--job <name>', 'Prometheus job that scrapes vmsoak, for VmsoakDown').default('vmsoak'))
  .addOption(new Option('--alert-for <duration>', 'replace every alert\'s for: duration, e.g. 10s for a demo').argParser(parsePromDuration))
  .addOption(new Option('--outlier-factor <x>', 'VmsoakNodeOutlier fires when a node\'s judged KPI value is this many times worse than its fleet\'s median (default 1.5)').argParser(parseFactorAboveOne))
  .addHelpText('after', '\nThe output is committed; npm test fails when it differs from what this command writes.')
  .action(async (options) => {
    const { generate } = await import('./cli/generate.ts');
    exitCode = await generate(options);
  });

const configCommand = program.command('config').description('Work with config files.');
configCommand.command('check')
  .description('Validate a config file: YAML syntax, every key, cron schedules, workload modules, globs and KPI override keys.')
  .argument('<file>', 'the YAML config file')
  .addHelpText('after', '\nPrints "config OK: <file> (N suites, M workloads)" and exits 0, or one line naming the bad key and exits 2.')
  .action(async (file: string) => {
    const { configCheck } = await import('./cli/config-check.ts');
    exitCode = await configCheck(file);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitCode = handleCliError(error);
}
process.exitCode = exitCode;
// A stray handle (a timer in a plug-in workload module, say) must not keep a finished command alive.
setTimeout(() => process.exit(exitCode), 2000).unref();
