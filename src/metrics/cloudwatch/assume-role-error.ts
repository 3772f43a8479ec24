import {
  MetricsNotConfiguredError,
  MetricsUnavailableError,
  UNREACHABLE_SOCKET_CODES,
} from '../errors.js';

/**
 * Why sts:AssumeRole failed, in one channel-safe line that says what to change (pure). The role ARN,
 * the external id and account ids are not secrets: the team needs them to fix the trust policy.
 */

export const ASSUME_ROLE_PROBLEMS = [
  /** The options were refused before any call (malformed ARN, external id, duration). */
  'invalidOptions',
  /** STS said AccessDenied: the trust policy, the external id or the caller's own permission. */
  'accessDenied',
  /** The deployment's own credentials are missing, rejected or expired. */
  'baseCredentials',
  /** No region, or STS not activated in it. */
  'region',
  /** STS refused the request itself (a duration above the role's maximum...). */
  'rejected',
  'throttled',
  /** Network, timeout, 5xx. */
  'unreachable',
  /** Anything else, including an answer without credentials. */
  'failed',
] as const;
export type AssumeRoleProblem = (typeof ASSUME_ROLE_PROBLEMS)[number];

/** The problems fixed by configuration (the others are passing or unexplained). */
const CONFIGURATION_PROBLEMS: ReadonlySet<AssumeRoleProblem> = new Set([
  'invalidOptions',
  'accessDenied',
  'baseCredentials',
  'region',
  'rejected',
]);

export interface AssumeRoleFailure {
  problem: AssumeRoleProblem;
  /** What went wrong ("access denied"). */
  what: string;
  /** How to fix it, when configuration can ("the role's trust policy must allow …"); else null. */
  fix: string | null;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Scale Review could not assume arn:…: access denied. The role's trust policy must allow …". */
export class AssumeRoleError extends Error {
  readonly problem: AssumeRoleProblem;
  readonly roleArn: string;
  readonly what: string;
  readonly fix: string | null;

  constructor(roleArn: string, failure: AssumeRoleFailure, options?: { cause?: unknown }) {
    const fix = failure.fix === null ? '' : ` ${capitalized(failure.fix)}.`;
    super(`Scale Review could not assume ${roleArn}: ${failure.what}.${fix}`, options);
    this.name = 'AssumeRoleError';
    this.problem = failure.problem;
    this.roleArn = roleArn;
    this.what = failure.what;
    this.fix = failure.fix;
  }
}

/** What the classification needs to know besides the error. */
export interface AssumeRoleContext {
  externalId: string;
  region: string;
  durationSeconds: number;
  /** The account whose credentials call STS, when known (else read from an AccessDenied message). */
  deploymentAccountId: string | null;
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded']);
const REJECTED_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'UnrecognizedClientException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

/** The caller in "User: arn:aws:iam::111122223333:user/x is not authorized to perform: …". */
const CALLER_ACCOUNT = /\bUser: arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;

const CHAIN =
  'provide them through the default AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance/task role)';

interface Facts {
  name: string;
  message: string;
  code: string | null;
  status: number | null;
  fault: string | null;
}

function factsOf(error: unknown): Facts {
  const record =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const metadata =
    typeof record.$metadata === 'object' && record.$metadata !== null
      ? (record.$metadata as Record<string, unknown>)
      : {};
  return {
    name: typeof record.name === 'string' ? record.name : 'Error',
    message: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
    code: typeof record.code === 'string' ? record.code : null,
    status: typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : null,
    fault: typeof record.$fault === 'string' ? record.$fault : null,
  };
}

function accessDenied(f: Facts, context: AssumeRoleContext): AssumeRoleFailure {
  const account = context.deploymentAccountId ?? CALLER_ACCOUNT.exec(f.message)?.[1] ?? null;
  const principal =
    account === null
      ? 'the Scale Review account (the AWS account of the credentials Scale Review runs with)'
      : `the Scale Review account (${account})`;
  return {
    problem: 'accessDenied',
    what: 'access denied',
    fix: `the role's trust policy must allow ${principal} with sts:ExternalId = ${context.externalId}, and Scale Review's own credentials need sts:AssumeRole on the role (docs/metrics.md, "Reading another AWS account")`,
  };
}

function ownCredentials(f: Facts, context: AssumeRoleContext): AssumeRoleFailure | null {
  if (f.name === 'CredentialsProviderError') {
    const what = 'Scale Review has no AWS credentials of its own to call STS with';
    return { problem: 'baseCredentials', what, fix: CHAIN };
  }
  if (REJECTED_CREDENTIALS.has(f.name)) {
    return {
      problem: 'baseCredentials',
      what: `STS rejected Scale Review's own AWS credentials (${f.name})`,
      fix: `check them (${CHAIN}); if ${context.region} is an opt-in region, enable it for the Scale Review account`,
    };
  }
  if (EXPIRED.has(f.name)) {
    return {
      problem: 'baseCredentials',
      what: `Scale Review's own AWS credentials have expired (${f.name})`,
      fix: 'refresh them (for example `aws sso login`) or use an instance/task role',
    };
  }
  return null;
}

function regionProblem(f: Facts, context: AssumeRoleContext): AssumeRoleFailure | null {
  if (f.name === 'RegionDisabledException') {
    return {
      problem: 'region',
      what: `STS is not activated in ${context.region} for the Scale Review account`,
      fix: 'activate it in IAM, Account settings, "Security Token Service (STS)", or choose another region',
    };
  }
  if (/region is missing/i.test(f.message)) {
    return {
      problem: 'region',
      what: 'no AWS region',
      fix: 'set AWS_REGION or metrics.cloudwatch.region',
    };
  }
  return null;
}

function unreachable(f: Facts, context: AssumeRoleContext): AssumeRoleFailure | null {
  const where = `AWS STS in ${context.region}`;
  if (f.name === 'TimeoutError' || f.code === 'ETIMEDOUT') {
    return { problem: 'unreachable', what: `${where} did not answer in time`, fix: null };
  }
  if (f.code !== null && UNREACHABLE_SOCKET_CODES.has(f.code)) {
    const what = `cannot reach ${where} (${f.code}); check the region and the network`;
    return { problem: 'unreachable', what, fix: null };
  }
  if (f.status !== null && f.status >= 500) {
    return { problem: 'unreachable', what: `${where} answered HTTP ${f.status}`, fix: null };
  }
  return null;
}

/** Any failure of the AssumeRole call -> what went wrong and, where configuration can, the fix. */
export function classifyAssumeRoleFailure(
  error: unknown,
  context: AssumeRoleContext,
): AssumeRoleFailure {
  const f = factsOf(error);
  if (ACCESS_DENIED.has(f.name)) return accessDenied(f, context);
  if (THROTTLED.has(f.name) || f.status === 429) {
    return { problem: 'throttled', what: `STS throttled AssumeRole (${f.name})`, fix: null };
  }
  const known = ownCredentials(f, context) ?? regionProblem(f, context) ?? unreachable(f, context);
  if (known !== null) return known;
  if (f.status === 403) return accessDenied(f, context);
  if (f.fault === 'client' && f.status !== null && f.status >= 400 && f.status < 500) {
    return {
      problem: 'rejected',
      what: `STS rejected AssumeRole (${f.name}: ${f.message})`,
      fix: `check the role ARN, and that the role's maximum session duration is at least the ${context.durationSeconds} s Scale Review asks for`,
    };
  }
  return { problem: 'failed', what: `AssumeRole failed (${f.name}: ${f.message})`, fix: null };
}

/**
 * The metrics error the app shows: a configuration problem is "CloudWatch not configured: could not
 * assume arn:…: access denied — the role's trust policy must …"; the rest are unavailable.
 */
export function assumeRoleMetricsError(
  error: AssumeRoleError,
): MetricsNotConfiguredError | MetricsUnavailableError {
  const what = `could not assume ${error.roleArn}: ${error.what}`;
  if (CONFIGURATION_PROBLEMS.has(error.problem) && error.fix !== null) {
    return new MetricsNotConfiguredError(what, error.fix, { cause: error });
  }
  return new MetricsUnavailableError(`CloudWatch credentials: ${what}`, { cause: error });
}
