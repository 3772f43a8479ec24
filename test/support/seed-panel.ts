import type { MetricsSnapshot } from '../../src/domain/metrics.js';

/**
 * The seed's "Scaling Indicators" panel (CPU 72%, memory 68%, 78/100 connections, P95 450 ms,
 * errors 0.1%) at a stage-1 volume and DB size that fire no stage trigger (300/month, 200 MB):
 * every indicator `ok`. The same numbers as examples/seed-week.json.
 */
export const SEED_PANEL: MetricsSnapshot = {
  cpuPercent: 72,
  memoryPercent: 68,
  dbConnections: 78,
  dbMaxConnections: 100,
  responseTimeP95Ms: 450,
  errorRatePercent: 0.1,
  dbSizeMb: 200,
  conversationsPerMonth: 300,
};
