/** Binary translation, x86-style -> arm-style (see vm/translation-workload.ts). */
import { defineTranslationWorkload } from '../lib/vm/translation-workload.ts';

export default defineTranslationWorkload('x86', 'arm');
