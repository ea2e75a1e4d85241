/** Binary translation, arm-style -> x86-style (see vm/translation-workload.ts). */
import { defineTranslationWorkload } from '../vm/translation-workload.ts';

export default defineTranslationWorkload('arm', 'x86');
