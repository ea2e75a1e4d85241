/** Binary translation, arm-style -> x86-style (see vm/translation-workload.ts). */
import { defineTranslationWorkload } from '../lib/vm/translation-workload.ts';

export default defineTranslationWorkload('arm', 'x86');
