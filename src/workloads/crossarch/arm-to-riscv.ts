/** Binary translation, arm-style -> riscv-style (see vm/translation-workload.ts). */
import { defineTranslationWorkload } from '../lib/vm/translation-workload.ts';

export default defineTranslationWorkload('arm', 'riscv');
