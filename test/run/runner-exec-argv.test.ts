import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runnerExecArgv, runnerNodeOptions } from '../../src/run/runner/exec-argv.ts';

it('passes the parent\'s V8 and loader flags on, and drops test, inspector, watch and heap-size flags', () => {
  const parent = [
    '--test-isolation=process', '--test', '--inspect-port=127.0.0.1:9229', '--inspect', '--watch-path', 'src',
    '--max-old-space-size=100', '--stack-size=2000', '--import', 'tsx', '--expose-gc', '--max-old-space-size', '300',
  ];
  assert.deepEqual(runnerExecArgv(parent), ['--stack-size=2000', '--import', 'tsx', '--expose-gc']);
});

it('drops the heap-size flag from NODE_OPTIONS, where it would override the workers\' resourceLimits too', () => {
  assert.equal(runnerNodeOptions('--max-old-space-size=4096  --enable-source-maps'), '--enable-source-maps');
  assert.equal(runnerNodeOptions('--max-old-space-size=4096'), undefined);
  assert.equal(runnerNodeOptions(undefined), undefined);
});
