/** The params the VM workloads share: which guest program, on which guest architecture, when a block turns hot. */
import { choiceParam, integerParam } from '../../params.ts';
import { ARCHES, type Arch } from './encoding.ts';
import { PROGRAM_NAMES } from './guest-programs.ts';

export function programParam() {
  return choiceParam(PROGRAM_NAMES, 'mix');
}

export function archParam(defaultArch: Arch = 'x86') {
  return choiceParam(ARCHES, defaultArch);
}

/** Executions of a block before the tiered engine compiles it. */
export function hotThresholdParam() {
  return integerParam({ min: 1, max: 1 << 20, default: 50 });
}
