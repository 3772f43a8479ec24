import { z } from 'zod';

/** The environment the CLI reads. Only src/config/ reads process.env; main passes it in. */
export interface CliEnv {
  /** SCALE_REVIEW_CONFIG: an explicit config file path; null = look for ./scale-review.yml. */
  configPath: string | null;
}

const cliEnvSchema = z.object({
  SCALE_REVIEW_CONFIG: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value)),
});

/** An empty SCALE_REVIEW_CONFIG counts as unset. */
export function readCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  const parsed = cliEnvSchema.parse({ SCALE_REVIEW_CONFIG: env.SCALE_REVIEW_CONFIG });
  return { configPath: parsed.SCALE_REVIEW_CONFIG };
}
