/** Binary translation, arm-style -> riscv-style (see vm/translation-workload.ts). */
import { defineTranslationWorkload } from '../vm/translation-workload.ts';

export default defineTranslationWorkload('arm', 'riscv');
