/**
 * values.schema.json against the chart's values: the defaults and every ci/*-values.yaml
 * pass (as Helm coalesces them over values.yaml), mistakes fail with a message that names
 * the key, and the daemon config each of them renders is one the daemon itself accepts
 * (the schema's `config` part catches structure; durations, ranges and cron syntax are
 * left to the daemon, which exits 2 naming the key).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { validateConfig } from '../../src/config/load.ts';
import { CHART_OWNED_CONFIG_KEYS } from '../../src/generate/helm-values-schema.ts';
import { CHART_DIR, chartValues, ciValuesFiles, coalesce, renderedDaemonConfig, type Values } from './chart.ts';

const schema = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as object;
// allowUnionTypes: quantities are strings or numbers, as in Kubernetes.
const validate: ValidateFunction = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
const defaults = chartValues();
const ciFiles = ciValuesFiles();

function errorsOf(values: Values): ErrorObject[] {
  return validate(values) ? [] : [...(validate.errors ?? [])];
}

/** What Helm would print, more or less: the key path and what is wrong with it. */
function formatErrors(errors: ErrorObject[]): string {
  return errors.map((error) => `${error.instancePath || '/'}: ${error.message ?? ''} ${JSON.stringify(error.params)}`).join('\n');
}

describe('values.schema.json', () => {
  it('accepts values.yaml', () => {
    assert.deepEqual(errorsOf(defaults), [], formatErrors(errorsOf(defaults)));
  });

  it('has the ci values files the issue asks for (defaults, deployment, persistence on, monitoring off)', () => {
    const names = [...ciFiles.keys()];
    for (const name of ['default-values.yaml', 'deployment-values.yaml', 'persistence-values.yaml', 'monitoring-off-values.yaml']) {
      assert.ok(names.includes(name), `ci/${name} is missing (have ${names.join(', ')})`);
    }
    assert.equal(ciFiles.get('deployment-values.yaml')?.mode, 'deployment');
    assert.equal((ciFiles.get('persistence-values.yaml')?.persistence as Values).enabled, true);
    const off = ciFiles.get('monitoring-off-values.yaml') as Record<string, Values>;
    assert.deepEqual([off.serviceMonitor.enabled, off.prometheusRule.enabled, off.dashboards.enabled], [false, false, false]);
  });

  for (const [name, values] of ciFiles) {
    it(`accepts ci/${name} over values.yaml`, () => {
      const errors = errorsOf(coalesce(defaults, values));
      assert.deepEqual(errors, [], formatErrors(errors));
    });
  }

  it('rejects a string where a number belongs, naming the key and the type', () => {
    const errors = errorsOf(coalesce(defaults, { service: { port: '9650' } }));
    assert.equal(errors.length, 1, formatErrors(errors));
    assert.equal(errors[0].instancePath, '/service/port');
    assert.match(formatErrors(errors), /must be integer/);
  });

  it('rejects an unknown mode, naming the key and the allowed values', () => {
    const errors = errorsOf(coalesce(defaults, { mode: 'statefulset' }));
    assert.equal(errors.length, 1, formatErrors(errors));
    assert.equal(errors[0].instancePath, '/mode');
    assert.deepEqual(errors[0].params, { allowedValues: ['daemonset', 'deployment'] });
  });

  it('rejects a misspelt key, naming it', () => {
    const errors = errorsOf(coalesce(defaults, { servicemonitor: { enabled: true } }));
    assert.ok(errors.some((error) => error.params.additionalProperty === 'servicemonitor'), formatErrors(errors));
  });

  it('rejects a fractional CPU count for dedicated cores (the static CPU manager pins whole cores only)', () => {
    const errors = errorsOf(coalesce(defaults, { dedicatedCores: { enabled: true, cpus: 1.5 } }));
    assert.ok(errors.some((error) => error.instancePath === '/dedicatedCores/cpus'), formatErrors(errors));
  });

  it('rejects a grace period no longer than the daemon\'s shutdown timeout', () => {
    const errors = errorsOf(coalesce(defaults, { shutdown: { extraGraceSeconds: 0 } }));
    assert.ok(errors.some((error) => error.instancePath === '/shutdown/extraGraceSeconds'), formatErrors(errors));
  });

  it('rejects the keys the chart sets itself inside config, and bad daemon config', () => {
    for (const key of CHART_OWNED_CONFIG_KEYS) {
      const errors = errorsOf(coalesce(defaults, { config: { [key]: 'x' } }));
      assert.ok(errors.some((error) => error.instancePath === '/config' && error.params.additionalProperty === key), `${key}: ${formatErrors(errors)}`);
    }
    const badThreads = errorsOf(coalesce(defaults, { config: { suites: [{ name: 'a', threads: '1,2' }] } }));
    assert.ok(badThreads.some((error) => error.instancePath === '/config/suites/0/threads'), formatErrors(badThreads));
    const typo = errorsOf(coalesce(defaults, { config: { suites: [{ name: 'a', wokloads: ['gc.*'] }] } }));
    assert.ok(typo.some((error) => error.params.additionalProperty === 'wokloads'), formatErrors(typo));
    const badOverride = errorsOf(coalesce(defaults, { prometheusRule: { alertOverrides: { VmsoakKpiBreached: { for: 'soon' } } } }));
    assert.ok(badOverride.some((error) => error.instancePath === '/prometheusRule/alertOverrides/VmsoakKpiBreached/for'), formatErrors(badOverride));
  });
});

describe('the daemon config the chart renders', () => {
  const cases: Array<[string, Values]> = [['values.yaml', defaults], ...[...ciFiles].map(([name, values]): [string, Values] => [`ci/${name}`, coalesce(defaults, values)])];
  for (const [name, values] of cases) {
    it(`is accepted by the daemon's own config loader: ${name}`, () => {
      const config = validateConfig(renderedDaemonConfig(values));
      assert.equal(config.dataDir, '/var/lib/vmsoak');
    });
  }
});
