import { buildScalingIndicators } from '../../blocks/index.js';
import type { UpdatedMessageInput } from './slack-deps.js';

/** The default re-render after a decision: the Scaling Indicators with the latest decision state. */
export function renderScalingIndicators(input: UpdatedMessageInput) {
  return Promise.resolve(buildScalingIndicators(input.view));
}
