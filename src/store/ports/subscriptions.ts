/** ISO weekday (1 = Monday ... 7 = Sunday) and local time 'HH:MM' in the subscription's timezone. */
export interface DigestSchedule {
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  time: string;
}

export const DIGEST_RESULT_STATUSES = ['sent', 'edited', 'skipped', 'failed'] as const;
export type DigestResultStatus = (typeof DIGEST_RESULT_STATUSES)[number];

export interface DigestResult {
  periodKey: string;
  status: DigestResultStatus;
  at: Date;
  /** Slack message ts of the digest, when one exists. */
  ts?: string;
  detail?: string;
}

/** A permanent channel failure (channel_not_found, not_in_channel, is_archived...). */
export interface SubscriptionFailure {
  code: string;
  at: Date;
  /** true once the subscriber was told by DM. */
  reported: boolean;
}

export interface SubscriptionInput {
  teamId: string;
  channelId: string;
  schedule: DigestSchedule;
  /** IANA name, e.g. Europe/Lisbon. */
  timezone: string;
  /** Slack user id of the subscriber (gets failure DMs). */
  createdBy: string;
  active: boolean;
  nextRunAt: Date;
}

export interface Subscription extends SubscriptionInput {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  lastResult?: DigestResult;
  failure?: SubscriptionFailure;
}

export interface SubscriptionStore {
  /** Insert or update by (teamId, channelId). An update keeps id and createdAt and clears `failure`. */
  upsert(input: SubscriptionInput, now: Date): Promise<Subscription>;
  get(teamId: string, channelId: string): Promise<Subscription | null>;
  getById(id: string): Promise<Subscription | null>;
  /** Sorted by teamId, channelId. */
  list(teamId?: string): Promise<Subscription[]>;
  /** active && nextRunAt <= now, oldest nextRunAt first. */
  listDue(now: Date): Promise<Subscription[]>;
  /** false when the subscription does not exist. */
  setNextRun(id: string, nextRunAt: Date, lastResult?: DigestResult): Promise<boolean>;
  markFailure(id: string, failure: SubscriptionFailure): Promise<boolean>;
  /** true when an active subscription was deactivated. */
  deactivate(teamId: string, channelId: string, now: Date): Promise<boolean>;
}
