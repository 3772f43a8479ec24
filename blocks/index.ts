/** Pure Block Kit builders: view model in, `{ text, blocks }` (or a Home view) out. */
export {
  type AppHomeViewModel,
  buildAppHome,
  type HomeLatestReview,
  type HomeReviewSummary,
  type HomeSubscription,
} from './app-home.js';
export { buildCost } from './cost.js';
export { buildDecisionNotice, type DecisionNotice } from './decision.js';
export { type HomeViewPayload, type MessagePayload, withoutNativeBlocks } from './elements.js';
export { buildError, type ErrorViewModel } from './error.js';
export { buildHelp, type HelpCommand, type HelpViewModel } from './help.js';
export { BlockLimitError, SLACK_LIMITS } from './limits.js';
export { type DataVisualizationBlock, hasNativeBlocks, type SlackBlock } from './native-types.js';
export { buildNoticeModal } from './notice-modal.js';
export { buildProjection } from './projection.js';
export {
  buildHistory,
  type HistoryDecision,
  type HistoryEntry,
  type HistoryViewModel,
} from './review-history.js';
export {
  buildScalingIndicators,
  type MessageOptions,
  type ScalingIndicatorsViewModel,
} from './scaling-indicators.js';
export { type HomeSettings, settingsHomeBlocks } from './settings-home.js';
export {
  buildSettingsModal,
  buildSettingsNotice,
  type SettingsForm,
  type SettingsModalModel,
} from './settings-modal.js';
export {
  buildSubscriptions,
  type DigestSubscriptionLine,
  type SubscriptionsViewModel,
} from './subscriptions.js';
export { slackDate } from './text.js';
export { validateBlocks } from './validate.js';
