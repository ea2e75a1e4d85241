/** Binary translation, riscv-style -> arm-style (see vm/translation-workload.ts). */
import { defineTranslationWorkload } from '../lib/vm/translation-workload.ts';

export default defineTranslationWorkload('riscv', 'arm');
