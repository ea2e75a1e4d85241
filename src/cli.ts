/**
 * The vmsoak command line: option parsing and dispatch only; each command lives in
 * src/cli/<command>.ts and is imported when it runs, so `--help` stays instant.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { handleCliError, oneLine } from './cli/errors.ts';
import { EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.ts';
import {
  collect, parseDuration, parsePositiveDuration, parsePositiveInteger, parseSeed, parseThreadList, REPORT_FORMATS,
} from './cli/options.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT_OK}   success: every run completed and every KPI passed
  ${EXIT_FAILED}   a KPI was breached or a run failed (once)
  ${EXIT_USAGE}   usage or config error (bad flag, config key, workload glob or module)
  ${EXIT_INTERNAL}  internal error in vmsoak (set VMSOAK_DEBUG=1 for a stack trace)
  130 interrupted (Ctrl-C)`;

const ENV_HELP = `
Environment (between the config file and the flags in precedence):
  VMSOAK_LISTEN, VMSOAK_DATA_DIR, VMSOAK_LOG_LEVEL, VMSOAK_SHUTDOWN_TIMEOUT,
  VMSOAK_RUN_TIMEOUT, VMSOAK_WORKLOAD_MODULES (comma-separated paths)`;

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
const moduleOption = () => new Option('--workload-module <file>', 'load a workload module (repeatable; adds to the config\'s workloadModules)')
  .argParser(collect);

program.command('once')
  .description('Run one pass of every suite in the config (or of the workloads given with --workload), print a report and exit.')
  .addOption(configOption())
  .addOption(new Option('-w, --workload <glob>', 'run only the workloads matching this glob, e.g. "contention.*" (repeatable)').argParser(collect))
  .addOption(moduleOption())
  .addOption(new Option('-t, --threads <list>', 'thread counts instead of each workload\'s own, e.g. 1,2,4').argParser(parseThreadList))
  .addOption(new Option('-d, --duration <duration>', 'measured time per run, e.g. 500ms, 5s, 1m').argParser(parsePositiveDuration))
  .addOption(new Option('--warmup <duration>', 'warm-up time per run before measuring, e.g. 1s').argParser(parseDuration))
  .addOption(new Option('-n, --iterations <n>', 'ops per thread per run (ends the measurement instead of --duration)').argParser(parsePositiveInteger))
  .addOption(new Option('--seed <n>', 'seed of the randomised run order, for a reproducible order').argParser(parseSeed))
  .addOption(new Option('--run-timeout <duration>', 'a run that takes longer fails with reason "timeout" (config: runTimeout)'))
  .addOption(new Option('-o, --out <dir>', 'also write results.json, results.csv and report.md into this directory'))
  .addOption(new Option('-f, --format <format>', 'report format on stdout').choices(REPORT_FORMATS).default('table'))
  .addHelpText('after', `
Progress goes to stderr, the report to stdout. Exit code 1 when a KPI is breached or a
run failed, so "vmsoak once" can gate a CI job.

Examples:
  vmsoak once --workload 'contention.*' --threads 1,2,4 --duration 2s
  vmsoak once --config vmsoak.yaml --format markdown --out ./report
  vmsoak once --workload gc.churn-small --format json > results.json`)
  .action(async (options) => {
    const { once } = await import('./cli/once.ts');
    exitCode = await once({ ...options, workloads: options.workload });
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
  .addOption(new Option('--data-dir <dir>', 'where results and baselines are kept (config: dataDir, default ./var)'))
  .addOption(new Option('--log-level <level>', 'trace, debug, info, warn, error, fatal or silent (config: logLevel)'))
  .addOption(new Option('--shutdown-timeout <duration>', 'grace period on SIGTERM, e.g. 10s (config: shutdownTimeout)'))
  .addOption(new Option('--run-timeout <duration>', 'a run that takes longer fails with reason "timeout" (config: runTimeout)'))
  .addOption(moduleOption())
  .addHelpText('after', `
Logs are JSON lines (pino) on stdout. SIGTERM or SIGINT stops the current run, flushes and
exits within the shutdown timeout.
${ENV_HELP}`)
  .action(async (options) => {
    const { run } = await import('./cli/run.ts');
    exitCode = await run(options);
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
