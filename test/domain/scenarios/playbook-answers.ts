import { DEFAULT_PLAYBOOK } from '../../../src/domain/plan/default-playbook.js';
import type { IndicatorKey } from '../../../src/domain/plan/schema.js';

/** The indicators each playbook action answers: a measure marked done targets them. */
export const PLAYBOOK_ANSWERS: Readonly<Record<string, readonly IndicatorKey[]>> =
  Object.fromEntries(DEFAULT_PLAYBOOK.map((a) => [a.key, a.answers]));
