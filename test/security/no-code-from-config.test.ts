/**
 * "The daemon never evaluates code from the config; plugin modules load only from paths
 * the operator gave." Checked three ways: YAML that other parsers would execute stays
 * data; a module named anywhere in the config except workloadModules is never imported
 * (with a positive control that the same module is imported when it is listed there);
 * and every place in src/ that can turn text into code is on a reviewed list.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkAgainstCatalog } from '../../src/config/catalog-check.ts';
import { loadConfig } from '../../src/config/load.ts';
import { loadWebConfig } from '../../src/daemon/web-config.ts';
import { UsageError } from '../../src/errors.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { ROOT } from '../cli/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-no-code-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(name: string, text: string): string {
  const target = path.join(dir, `${counter++}-${name}`);
  writeFileSync(target, text);
  return target;
}

/** Loads a config; a UsageError is a fine outcome here, anything else is not. */
function loadOrRefuse(yaml: string): unknown {
  try {
    return loadConfig({ file: file('config.yaml', yaml) });
  } catch (error) {
    assert.ok(error instanceof UsageError, `not a UsageError: ${String(error)}`);
    return error;
  }
}

describe('no code from config', () => {
  it('keeps YAML tags that other parsers execute as inert data', () => {
    const marker = path.join(dir, 'tag-marker');
    const payload = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'pwned')`;
    const documents = [
      `dataDir: !!js/function "function () { ${payload} }"\n`,
      `dataDir: !<tag:yaml.org,2002:js/function> "function () { ${payload} }"\n`,
      `dataDir: !!js/eval "${payload}"\n`,
      'dataDir: !!python/object/apply:os.system ["touch /tmp/vmsoak-pwned"]\n',
      `kpis: !!js/undefined\n`,
    ];
    for (const yaml of documents) {
      const outcome = loadOrRefuse(yaml);
      if (!(outcome instanceof UsageError)) {
        const { dataDir } = outcome as { dataDir: unknown };
        assert.equal(typeof dataDir, 'string', yaml);
      }
      assert.equal(existsSync(marker), false, yaml);
    }
  });

  it('does not let __proto__ or constructor keys pollute prototypes', () => {
    const documents = [
      '__proto__:\n  polluted: true\n',
      'suites:\n  - name: a\n    __proto__:\n      polluted: true\n',
      'kpis:\n  __proto__:\n    polluted: true\n',
      'otel:\n  headers:\n    __proto__: "polluted"\n',
      'constructor:\n  prototype:\n    polluted: true\n',
    ];
    for (const yaml of documents) {
      loadOrRefuse(yaml);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, yaml);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false, yaml);
    }
    const web = file('web.yml', 'basic_auth_users:\n  __proto__: "$2y$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"\n');
    try {
      loadWebConfig(web);
    } catch (error) {
      assert.ok(error instanceof UsageError);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('imports a module named in workloadModules, and never one named anywhere else in the config', async () => {
    const marker = path.join(dir, 'import-marker');
    const module = file('plugin.ts', [
      'import { writeFileSync } from \'node:fs\';',
      `writeFileSync(${JSON.stringify(marker)}, 'imported');`,
      'export default {};',
    ].join('\n'));
    const moduleName = path.basename(module, '.ts');
    const relative = path.relative(dir, module);
    const elsewhere = [
      `suites:\n  - name: a\n    workloads: [${JSON.stringify(module)}, ${JSON.stringify(relative)}, ${JSON.stringify(moduleName)}]\n`,
      `kpis:\n  ${JSON.stringify(`${moduleName}.x.y`)}:\n    target: 1\n`,
      `dataDir: ${JSON.stringify(module)}\n`,
      `webConfigFile: ${JSON.stringify(module)}\n`,
      `listen: ${JSON.stringify(module)}\n`,
      `otel:\n  headers:\n    x: ${JSON.stringify(module)}\n`,
    ];
    for (const yaml of elsewhere) {
      const config = loadOrRefuse(yaml);
      if (!(config instanceof UsageError)) {
        const typed = config as ReturnType<typeof loadConfig>;
        try {
          checkAgainstCatalog(typed, await loadCatalog(typed.workloadModules));
          if (typed.webConfigFile !== undefined) loadWebConfig(typed.webConfigFile);
        } catch (error) {
          assert.ok(error instanceof UsageError, String(error));
        }
      }
      assert.equal(existsSync(marker), false, `imported through: ${yaml}`);
    }

    // The positive control: the same module, listed where modules belong, is imported (and then refused: it exports no workload).
    await assert.rejects(loadCatalog(loadConfig({ file: file('modules.yaml', `workloadModules: [${JSON.stringify(relative)}]\n`) }).workloadModules),
      /workload module .*plugin\.ts: name: must be/);
    assert.equal(readFileSync(marker, 'utf8'), 'imported');
  });

  it('turns text into code only in the reviewed places, none of which reads the config', () => {
    // Each entry says where the text comes from. A new entry needs the same review.
    const reviewed: Record<string, string> = {
      'src/measure/batch.ts': 'new Function over a fixed loop template and a counter',
      'src/workloads/lib/vm/block-compiler.ts': 'the JIT workload compiles guest code its own generator made',
      'src/workloads/lib/vm/aot-image.ts': 'the AOT workload runs vm.Script over source its own generator made',
      'src/workloads/aot/function-compile.ts': 'new Function over guest functions the workload\'s own program generator made',
      'src/workloads/jit/block-compile.ts': 'new Function over guest blocks the workload\'s own program generator made',
      'src/workloads/registry.ts': 'import() of the built-in modules and the operator\'s workloadModules paths',
      'src/pool/worker-entry.ts': 'import() of the moduleUrl of a catalog entry, which registry.ts made',
      'src/run/runner/runner-entry.ts': 'import() of the moduleUrl of a catalog entry the daemon sent over IPC, which registry.ts made',
    };
    const codeFromText = /\beval\s*\(|\bnew\s+Function\s*\(|from\s+'node:vm'|\bimport\(\s*[^'"\s]|\brequire\s*\(|createRequire|eval:\s*true|set(?:Timeout|Interval)\(\s*['"`]/;
    const found: string[] = [];
    const walk = (relative: string): void => {
      for (const entry of readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
        const child = `${relative}/${entry.name}`;
        if (entry.isDirectory()) walk(child);
        else if (entry.name.endsWith('.ts')) {
          const code = readFileSync(path.join(ROOT, child), 'utf8').split('\n')
            .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line)).join('\n');
          if (codeFromText.test(code)) found.push(child);
        }
      }
    };
    walk('src');
    assert.deepEqual(found.sort(), Object.keys(reviewed).sort());
  });
});
