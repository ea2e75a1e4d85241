import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildImage, instantiate, loadImage, removeImage, writeImage } from '../../../src/workloads/lib/vm/aot-image.ts';
import { findFunctions, imageSource } from '../../../src/workloads/lib/vm/aot-compiler.ts';
import { assemble } from '../../../src/workloads/lib/vm/assembler.ts';
import { BlockCache, CACHE_EVICTIONS, CACHE_HITS, CACHE_MISSES } from '../../../src/workloads/lib/vm/block-cache.ts';
import { buildGuestProgram } from '../../../src/workloads/lib/vm/build.ts';
import { ARCHES } from '../../../src/workloads/lib/vm/encoding.ts';
import { Executable } from '../../../src/workloads/lib/vm/executable.ts';
import { PROGRAM_NAMES, type ProgramName } from '../../../src/workloads/lib/vm/guest-programs.ts';
import { HotspotProfiler } from '../../../src/workloads/lib/vm/hotspot-profiler.ts';
import { runToHalt } from '../../../src/workloads/lib/vm/interpreter.ts';
import { GuestFault } from '../../../src/workloads/lib/vm/isa.ts';
import { GuestMachine, HALTED } from '../../../src/workloads/lib/vm/machine.ts';
import { resultsMatch } from '../../../src/workloads/lib/vm/reference.ts';
import { CODE_MISSES, COMPILED, CompiledProgram, INTERPRETED, TieredEngine } from '../../../src/workloads/lib/vm/tiered-engine.ts';
import { assertSameMachineState } from './machine-state.ts';

function interpreted(exe: Executable): GuestMachine {
  const machine = new GuestMachine();
  machine.reset();
  runToHalt(machine, exe);
  return machine;
}

describe('guest engines leave identical state', () => {
  for (const arch of ARCHES) {
    it(`${arch}: the interpreter computes the reference results of every guest program`, () => {
      for (const program of PROGRAM_NAMES) assert.ok(resultsMatch(interpreted(buildGuestProgram(program, arch)), program), program);
    });

    it(`${arch}: JIT-only, tiered (with evictions) and AOT runs match the interpreter exactly`, () => {
      for (const program of PROGRAM_NAMES) {
        const exe = buildGuestProgram(program, arch);
        const expected = interpreted(exe);

        const jit = new GuestMachine();
        jit.reset();
        new CompiledProgram(exe).run(jit);
        assertSameMachineState(jit, expected, `${program} JIT`);
        assert.equal(jit.retired[0], expected.retired[0], `${program} JIT instruction count`);

        // A low threshold and a tiny cache: blocks turn hot early and get evicted and recompiled.
        const engine = new TieredEngine(exe, { hotThreshold: 2, cacheCapacity: 12 });
        const tiered = new GuestMachine();
        tiered.reset();
        engine.run(tiered);
        assertSameMachineState(tiered, expected, `${program} tiered`);
        assert.equal(tiered.retired[0], expected.retired[0], `${program} tiered instruction count`);
        assert.equal(engine.counts[INTERPRETED] + engine.counts[COMPILED], expected.retired[0]);
        assert.ok(engine.counts[COMPILED] > 0, 'some blocks ran compiled');
        if (program === 'mix') assert.ok(engine.cache.stats[CACHE_EVICTIONS] > 0, 'the mix outgrows the cache');

        const aot = new GuestMachine();
        aot.reset();
        const { entry } = instantiate(imageSource(exe));
        assert.equal(entry(aot.regs, aot.flags, aot.memory), HALTED);
        assertSameMachineState(aot, expected, `${program} AOT`);
      }
    });
  }

  it('an AOT image stored with its V8 code cache loads back, is accepted and runs identically', () => {
    const program: ProgramName = 'mix';
    const exe = buildGuestProgram(program, 'x86');
    const expected = interpreted(exe);
    const image = buildImage(exe, new GuestMachine());
    assert.ok(image.cachedData.length > 0);
    const files = writeImage(image);
    try {
      const loaded = loadImage(files);
      assert.equal(loaded.cachedDataRejected, false);
      const machine = new GuestMachine();
      machine.reset();
      loaded.entry(machine.regs, machine.flags, machine.memory);
      assertSameMachineState(machine, expected, 'loaded AOT image');
    } finally {
      removeImage(files);
    }
  });

  it('V8 reports a code cache that does not belong to the source as rejected', () => {
    const exe = buildGuestProgram('fib', 'arm');
    const image = buildImage(exe, new GuestMachine());
    const other = imageSource(buildGuestProgram('collatz', 'arm'));
    assert.equal(instantiate(other, image.cachedData).cachedDataRejected, true);
  });

  it('AOT finds one guest function per call target, plus the entry', () => {
    const functions = findFunctions(buildGuestProgram('mix', 'x86'));
    // main, fib, fill, fnv, isort, matmul, collatz
    assert.equal(functions.length, 7);
    assert.equal(functions[0].entry, 0);
  });

  it('a return to an address that is no instruction faults in every engine', () => {
    const source = 'movi r1, 3\nsub sp, sp, 4\nst r1, [sp]\nret\nhalt';
    const exe = new Executable(assemble(source).code);
    const fresh = (): GuestMachine => {
      const machine = new GuestMachine();
      machine.reset();
      return machine;
    };
    assert.throws(() => runToHalt(fresh(), exe), GuestFault);
    assert.throws(() => new CompiledProgram(exe).run(fresh()), GuestFault);
    assert.throws(() => new TieredEngine(exe, { hotThreshold: 1, cacheCapacity: 4 }).run(fresh()), GuestFault);
  });

  it('an unmapped address faults', () => {
    const exe = new Executable(assemble('movi r1, 0x40000000\nld r2, [r1]\nhalt').code);
    const machine = new GuestMachine();
    machine.reset();
    assert.throws(() => runToHalt(machine, exe), /page fault at 0x40000000/);
  });
});

describe('JIT parts', () => {
  it('the profiler reports each block hot exactly once, at the threshold', () => {
    const profiler = new HotspotProfiler(3, 16);
    const reports = [0x40, 0x40, 0x80, 0x40, 0x40, 0x80, 0x80, 0x80].map((address) => profiler.enter(address));
    assert.deepEqual(reports, [false, false, false, true, false, false, true, false]);
    assert.equal(profiler.hotBlocks, 2);
    assert.equal(profiler.count(0x40), 3, 'saturates at the threshold');
    assert.equal(profiler.count(0xc0), 0);
  });

  it('the profiler resets when its table fills and goes on detecting', () => {
    const profiler = new HotspotProfiler(2, 16);
    for (let block = 0; block < 12; block++) profiler.enter(block * 4);
    assert.ok(profiler.count(0) < 1, 'the table was reset on the way');
    assert.equal(profiler.enter(0x1000), false);
    assert.equal(profiler.enter(0x1000), true);
  });

  it('the block cache evicts with CLOCK: referenced entries get a second chance', () => {
    const cache = new BlockCache<string>(2);
    const evicted: number[] = [];
    cache.onEvict = (address) => evicted.push(address);
    cache.put(1, 'a');
    cache.put(2, 'b');
    assert.equal(cache.get(1), 'a');
    cache.put(3, 'c');
    assert.deepEqual(evicted, [2], '1 was referenced, 2 was not');
    assert.equal(cache.get(2), undefined);
    assert.equal(cache.get(3), 'c');
    assert.deepEqual([cache.stats[CACHE_HITS], cache.stats[CACHE_MISSES], cache.stats[CACHE_EVICTIONS]], [2, 1, 1]);
    assert.equal(cache.size, 2);
  });

  it('the tiered engine recompiles a block only after its eviction', () => {
    const exe = buildGuestProgram('mix', 'x86');
    const roomy = new TieredEngine(exe, { hotThreshold: 10, cacheCapacity: 1000 });
    const tight = new TieredEngine(exe, { hotThreshold: 10, cacheCapacity: 12 });
    for (const engine of [roomy, tight]) {
      const machine = new GuestMachine();
      machine.reset();
      engine.run(machine);
    }
    assert.equal(roomy.counts[CODE_MISSES], roomy.profiler.hotBlocks, 'one compile per hot block');
    assert.equal(roomy.cache.stats[CACHE_EVICTIONS], 0);
    const evictions = tight.cache.stats[CACHE_EVICTIONS];
    assert.ok(evictions > 0);
    // Every hot block is compiled once, and again at most once per eviction.
    assert.ok(tight.counts[CODE_MISSES] > tight.profiler.hotBlocks);
    assert.ok(tight.counts[CODE_MISSES] <= tight.profiler.hotBlocks + evictions);
    assert.ok(tight.hitRate() < roomy.hitRate());
  });
});
