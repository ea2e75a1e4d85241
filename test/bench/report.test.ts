import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeBenchmarks, parseSections, renderSection } from '../../bench/report.ts';
import type { BenchPart, SectionResult } from '../../bench/part.ts';

const MACHINE = { cpuModel: 'Test CPU', cores: 3, memoryGiB: 7, os: 'TestOS 1', node: 'v24.0.0', v8: '13.0' };

function part(name: string, title: string): BenchPart {
  return { name, title, inDefaultRun: true, run: () => Promise.reject(new Error('not run in this test')) };
}

function result(figure: string, met: boolean): SectionResult {
  return { body: `| a | b |\n| --- | --- |\n| ${figure} | 1 |`, aims: [{ figure, aim: 'under 1 --> or so', measured: '0.5', met }] };
}

describe('BENCHMARKS.md composition', () => {
  it('states the run, machine and Node version in every section and lists every aim', () => {
    const facts = { runId: 'run-1', machine: MACHINE, quick: false };
    const text = composeBenchmarks([], [
      renderSection(part('alpha', 'Alpha'), result('first figure', true), facts, 0.5),
      renderSection(part('beta', 'Beta'), result('second figure', false), facts, null),
    ], ['alpha', 'beta']);
    for (const title of ['## Alpha', '## Beta']) {
      const section = text.slice(text.indexOf(title));
      assert.match(section, /Run `run-1`/);
      assert.match(section, /Test CPU, 3 cores/);
      assert.match(section, /Node v24\.0\.0/);
    }
    assert.match(text, /\| Alpha \| first figure \| under 1 --&gt; or so \| 0\.5 \| ✔ met \|/);
    // An aim whose text holds "-->" must not end its section's marker comment early.
    assert.deepEqual(parseSections(text).map((section) => section.aims[0].aim), ['under 1 --> or so', 'under 1 --> or so']);
    assert.match(text, /\| Beta \| second figure \| .* \| ✘ missed \|/);
  });

  it('replaces only the sections of the parts that ran, keeping the others and the order', () => {
    const first = composeBenchmarks([], [
      renderSection(part('alpha', 'Alpha'), result('old alpha', true), { runId: 'run-1', machine: MACHINE, quick: false }, 1),
      renderSection(part('soak', 'Soak'), result('soak figure', true), { runId: 'run-1', machine: MACHINE, quick: false }, 1),
    ], ['alpha', 'beta', 'soak']);
    const kept = parseSections(first);
    assert.deepEqual(kept.map((section) => section.part), ['alpha', 'soak']);
    const second = composeBenchmarks(kept, [
      renderSection(part('beta', 'Beta'), result('new beta', false), { runId: 'run-2', machine: MACHINE, quick: true }, 1),
      renderSection(part('alpha', 'Alpha'), result('new alpha', true), { runId: 'run-2', machine: MACHINE, quick: true }, 1),
    ], ['alpha', 'beta', 'soak']);
    assert.ok(!second.includes('old alpha'));
    assert.ok(second.includes('new alpha') && second.includes('new beta') && second.includes('soak figure'));
    assert.ok(second.indexOf('## Alpha') < second.indexOf('## Beta') && second.indexOf('## Beta') < second.indexOf('## Soak'));
    // The kept soak section still names the run that measured it.
    assert.match(second.slice(second.indexOf('## Soak')), /Run `run-1`/);
    assert.match(second, /Quick smoke run/);
    assert.equal(parseSections(second).length, 3);
    // Parsing and composing again changes nothing.
    assert.equal(composeBenchmarks(parseSections(second), [], ['alpha', 'beta', 'soak']), second);
  });
});
