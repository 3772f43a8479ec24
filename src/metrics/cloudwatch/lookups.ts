import { type CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { z } from 'zod';
import type { MetricRef } from './metric-specs.js';

/**
 * The two calls besides GetMetricData, each made only when its case arises:
 * - DescribeDBInstances, for `dbAllocatedStorageGb: auto` (storage autoscaling changes the size);
 * - ListMetrics, once memory came back empty, to tell whether the CloudWatch agent publishes it
 *   only per instance (its common config appends InstanceId, ImageId and InstanceType, and without
 *   `aggregation_dimensions` nothing is published by AutoScalingGroupName alone).
 * Neither failure fails the fetch: the metric concerned says why it is unknown.
 */

const describeSchema = z.object({
  DBInstances: z
    .array(z.object({ AllocatedStorage: z.number().int().positive().optional() }))
    .default([]),
});

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

export type AllocatedStorage = { gb: number } | { problem: string };

export async function describeAllocatedStorage(
  client: RDSClient,
  dbInstanceIdentifier: string,
  abortSignal: AbortSignal,
): Promise<AllocatedStorage> {
  const auto = 'metrics.cloudwatch.dimensions.dbAllocatedStorageGb: auto';
  try {
    const output = await client.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: dbInstanceIdentifier }),
      { abortSignal },
    );
    const size = describeSchema.parse(output).DBInstances[0]?.AllocatedStorage;
    if (size === undefined) {
      return {
        problem: `DescribeDBInstances gave no AllocatedStorage for ${dbInstanceIdentifier}`,
      };
    }
    return { gb: size };
  } catch (error) {
    const name = errorName(error);
    if (/AccessDenied|UnauthorizedOperation/.test(name)) {
      return {
        problem: `rds:DescribeDBInstances was denied (${auto}): add it to the IAM policy (README), or set dbAllocatedStorageGb to the size in GiB`,
      };
    }
    if (name === 'DBInstanceNotFoundFault' || name === 'DBInstanceNotFound') {
      return {
        problem: `no RDS instance ${dbInstanceIdentifier} in this region: check metrics.cloudwatch.dimensions.dbInstanceIdentifier`,
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { problem: `DescribeDBInstances failed (${name || 'error'}: ${message})` };
  }
}

const listSchema = z.object({
  Metrics: z
    .array(
      z.object({
        Dimensions: z
          .array(z.object({ Name: z.string(), Value: z.string().optional() }))
          .default([]),
      }),
    )
    .default([]),
});

/**
 * Why the agent's memory metric has no datapoints with exactly `ref`'s dimensions, when the reason
 * is that it is published only with more dimensions; null when that is not the case (or unknown).
 */
export async function diagnoseAgentMemory(
  client: CloudWatchClient,
  ref: MetricRef,
  abortSignal: AbortSignal,
): Promise<string | null> {
  const output = await client.send(
    new ListMetricsCommand({
      Namespace: ref.namespace,
      MetricName: ref.metricName,
      Dimensions: ref.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    }),
    { abortSignal },
  );
  const wanted = new Set(ref.dimensions.map((d) => d.Name));
  const sets = listSchema.parse(output).Metrics.map((m) => m.Dimensions.map((d) => d.Name).sort());
  if (sets.length === 0) return null;
  if (sets.some((names) => names.length === wanted.size && names.every((n) => wanted.has(n)))) {
    return null;
  }
  const extra = [...new Set(sets.flat())].filter((n) => !wanted.has(n)).sort();
  const asg = [...wanted].join(', ');
  return `the CloudWatch agent publishes ${ref.namespace} ${ref.metricName} only with ${extra.join(', ')} added (its append_dimensions), never by ${asg} alone: add "aggregation_dimensions": [["${[...wanted].join('", "')}"]] to the "metrics" section of the agent's configuration and restart it (or query with those dimensions in metrics.cloudwatch.queries.memoryPercent)`;
}
