/** Binary translation, riscv-style -> arm-style (see vm/translation-workload.ts). */
import { defineTranslationWorkload } from '../vm/translation-workload.ts';

export default defineTranslationWorkload('riscv', 'arm');
