import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { loadConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/errors.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, yaml: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
    return error.message;
  }
  assert.fail('expected a UsageError');
}

describe('loadConfig', () => {
  const file = configFile('layers.yaml', 'listen: 127.0.0.1:1001\nshutdownTimeout: 1s\nlogLevel: warn\n');
  const env = { VMSOAK_LISTEN: '127.0.0.1:1002', VMSOAK_SHUTDOWN_TIMEOUT: '2s' };
  const flags = { listen: '127.0.0.1:1003' };

  it('uses the embedded defaults with no file, env or flags', () => {
    assert.deepEqual(loadConfig(), defaultConfig());
  });

  it('gives flags precedence over env, env over the file, the file over defaults', () => {
    assert.equal(loadConfig({ file, env, flags }).listen, '127.0.0.1:1003');
    assert.equal(loadConfig({ file, env }).listen, '127.0.0.1:1002');
    assert.equal(loadConfig({ file }).listen, '127.0.0.1:1001');
    assert.equal(loadConfig({}).listen, defaultConfig().listen);
  });

  it('applies each layer per key, keeping lower layers for the keys it does not set', () => {
    const config = loadConfig({ file, env, flags });
    assert.equal(config.shutdownTimeout, 2_000); // env beats file, no flag given
    assert.equal(config.logLevel, 'warn'); // only the file sets it
    assert.equal(config.dataDir, defaultConfig().dataDir); // nobody sets it
  });

  it('reads every VMSOAK_* variable', () => {
    const config = loadConfig({
      env: {
        VMSOAK_LISTEN: '[::]:9', VMSOAK_DATA_DIR: '/data', VMSOAK_LOG_LEVEL: 'debug', VMSOAK_SHUTDOWN_TIMEOUT: '3s',
        VMSOAK_RUN_TIMEOUT: '2m', VMSOAK_WORKLOAD_MODULES: 'a.ts, sub/b.ts,',
      },
      cwd: '/work',
    });
    assert.deepEqual(
      [config.listen, config.dataDir, config.logLevel, config.shutdownTimeout, config.runTimeout, config.workloadModules],
      ['[::]:9', '/data', 'debug', 3_000, 120_000, ['/work/a.ts', '/work/sub/b.ts']],
    );
  });

  it('ignores empty env variables', () => {
    assert.equal(loadConfig({ env: { VMSOAK_LISTEN: '' } }).listen, defaultConfig().listen);
  });

  it('resolves the file\'s workloadModules against its directory and adds env and flag modules', () => {
    const nested = path.join(dir, 'nested');
    const moduleFile = configFile('modules.yaml', 'workloadModules: [plugins/a.ts, /abs/b.ts]\n');
    const config = loadConfig({
      file: moduleFile, env: { VMSOAK_WORKLOAD_MODULES: 'c.ts' }, flags: { workloadModules: ['d.ts', '/abs/b.ts'] }, cwd: nested,
    });
    assert.deepEqual(config.workloadModules, [
      path.join(dir, 'plugins/a.ts'), '/abs/b.ts', path.join(nested, 'c.ts'), path.join(nested, 'd.ts'),
    ]);
  });

  it('names the env variable a bad value came from', () => {
    const message = usageError(() => loadConfig({ env: { VMSOAK_SHUTDOWN_TIMEOUT: 'soon' } }));
    assert.match(message, /^config: shutdownTimeout \(from VMSOAK_SHUTDOWN_TIMEOUT\): invalid duration "soon"/);
  });

  it('names the flag a bad value came from', () => {
    const message = usageError(() => loadConfig({ flags: { logLevel: 'loud' } }));
    assert.match(message, /^config: logLevel \(from --log-level\): must be one of/);
  });

  it('reports a YAML syntax error as file:line:column on one line', () => {
    const broken = configFile('broken.yaml', 'listen: 127.0.0.1:1\nsuites:\n  - name: a\n    threads: [1, 2\n');
    const message = usageError(() => loadConfig({ file: broken }));
    assert.match(message, new RegExp(`^config: ${broken.replaceAll('.', '\\.')}:\\d+:\\d+: `));
  });

  it('reports a duplicate YAML key with its line', () => {
    const duplicate = configFile('duplicate.yaml', 'listen: 127.0.0.1:1\nlisten: 127.0.0.1:2\n');
    assert.match(usageError(() => loadConfig({ file: duplicate })), /duplicate\.yaml:2:1: Map keys must be unique/);
  });

  it('reports a missing file', () => {
    assert.match(usageError(() => loadConfig({ file: path.join(dir, 'missing.yaml') })), /missing\.yaml: file not found$/);
  });

  it('rejects a file whose top level is not a mapping', () => {
    assert.match(usageError(() => loadConfig({ file: configFile('list.yaml', '- a\n- b\n') })), /list\.yaml: must be a mapping/);
  });

  it('treats an empty file as the defaults', () => {
    assert.deepEqual(loadConfig({ file: configFile('empty.yaml', '# nothing here\n') }), defaultConfig());
  });

  it('validates file content with key paths', () => {
    const bad = configFile('bad.yaml', 'suites:\n  - name: a\n    threads: [1, 0]\n');
    assert.equal(usageError(() => loadConfig({ file: bad })), 'config: suites[0].threads[1]: must be an integer between 1 and 256 (got 0)');
  });
});
