/**
 * Coroutine creation, generator flavour: create a generator object and resume it once, to
 * its first yield. A generator is JavaScript's stackless coroutine: creating one allocates
 * the generator object and its suspended frame, the first next() enters the body.
 * scheduler.async-create measures the async-function flavour.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { COROUTINE_CREATION_KPI } from './coroutine-kpi.ts';
import { defineParams } from '../params.ts';

function* coroutine(seed: number): Generator<number, number, undefined> {
  yield seed + 1;
  return seed;
}

export default defineWorkload({
  name: 'scheduler.coroutine-create',
  category: 'scheduler',
  tier: 1,
  description: 'Create a generator (a stackless coroutine) and resume it to its first yield.',
  params: defineParams([1]),
  kpis: [COROUTINE_CREATION_KPI],
  run(ctx) {
    return measureBatched(ctx, (i) => {
      const generator = coroutine(i);
      return generator.next().value;
    });
  },
});
