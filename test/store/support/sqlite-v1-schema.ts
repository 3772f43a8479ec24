/** The schema version 1 of the embedded store created (src/store/sqlite/sqlite-db.ts at that time). */
export const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS reviews (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  channel_id TEXT,
  created_at INTEGER NOT NULL,
  source_json TEXT NOT NULL,
  review_json TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS reviews_team_channel_created ON reviews (team_id, channel_id, created_at);
CREATE INDEX IF NOT EXISTS reviews_team_created ON reviews (team_id, created_at);
CREATE INDEX IF NOT EXISTS reviews_created ON reviews (created_at);

CREATE TABLE IF NOT EXISTS decisions (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  review_id TEXT NOT NULL,
  recommendation_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  snooze_until INTEGER,
  details_json TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS decisions_team_key_at ON decisions (team_id, recommendation_key, at);
CREATE INDEX IF NOT EXISTS decisions_team_at ON decisions (team_id, at);
CREATE INDEX IF NOT EXISTS decisions_review ON decisions (review_id);

CREATE TABLE IF NOT EXISTS subscriptions (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  time TEXT NOT NULL,
  timezone TEXT NOT NULL,
  created_by TEXT NOT NULL,
  active INTEGER NOT NULL,
  next_run_at INTEGER NOT NULL,
  last_result_json TEXT,
  failure_json TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (team_id, channel_id)
) STRICT;
CREATE INDEX IF NOT EXISTS subscriptions_due ON subscriptions (active, next_run_at);

CREATE TABLE IF NOT EXISTS digest_runs (
  subscription_id TEXT NOT NULL,
  period_key TEXT NOT NULL,
  status TEXT NOT NULL,
  owner TEXT,
  lease_until INTEGER,
  attempt INTEGER NOT NULL,
  claimed_at INTEGER NOT NULL,
  posted_json TEXT,
  sent_at INTEGER,
  error_json TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, period_key)
) STRICT;
CREATE INDEX IF NOT EXISTS digest_runs_updated ON digest_runs (updated_at);

CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS idempotency_keys_expires ON idempotency_keys (expires_at);
`;
