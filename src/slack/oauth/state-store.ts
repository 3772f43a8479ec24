import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type InstallURLOptions, InvalidStateError, type StateStore } from '@slack/oauth';
import { z } from 'zod';

/**
 * The OAuth state (the CSRF check of the install redirect), signed with SLACK_STATE_SECRET:
 * `<payload>.<HMAC-SHA256>` in base64url, the payload holding when it was made (the app's clock),
 * a random nonce and the install options. @slack/oauth also puts it in a cookie on the install
 * page and compares the two on the redirect, so a state from another browser fails too. Its own
 * ClearStateStore does the same with a JWT on the wall clock; this one runs on the app's clock.
 */

/** How long an install may take from the install page to the redirect: 10 minutes. */
export const STATE_TTL_SECONDS = 600;
/** A state made this far in the future (another replica's clock ahead) is still accepted. */
const CLOCK_SKEW_MS = 60_000;

const payloadSchema = z.object({
  v: z.literal(1),
  at: z.number().int(),
  n: z.string().min(16),
  o: z.object({
    scopes: z.union([z.string(), z.array(z.string())]),
    teamId: z.string().optional(),
    redirectUri: z.string().optional(),
    userScopes: z.union([z.string(), z.array(z.string())]).optional(),
    metadata: z.string().optional(),
  }),
});

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`scale-review-oauth-state.${payload}`).digest();
}

export function createStateStore(secret: string, clock: () => Date): StateStore {
  return {
    async generateStateParam(installOptions: InstallURLOptions) {
      const payload = Buffer.from(
        JSON.stringify({
          v: 1,
          at: clock().getTime(),
          n: randomBytes(16).toString('hex'),
          o: installOptions,
        }),
      ).toString('base64url');
      return `${payload}.${sign(secret, payload).toString('base64url')}`;
    },

    async verifyStateParam(_libraryNow: Date, state: string) {
      const [payload = '', mac = '', ...rest] = state.split('.');
      const given = Buffer.from(mac, 'base64url');
      const expected = sign(secret, payload);
      if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new InvalidStateError('the state parameter is not signed by this app');
      let decoded: z.infer<typeof payloadSchema>;
      try {
        decoded = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString()));
      } catch (error) {
        throw new InvalidStateError('the state parameter is malformed', { cause: error });
      }
      const age = clock().getTime() - decoded.at;
      if (age > STATE_TTL_SECONDS * 1000 || age < -CLOCK_SKEW_MS)
        throw new InvalidStateError('the state parameter has expired');
      const { o } = decoded;
      return {
        scopes: o.scopes,
        ...(o.teamId === undefined ? {} : { teamId: o.teamId }),
        ...(o.redirectUri === undefined ? {} : { redirectUri: o.redirectUri }),
        ...(o.userScopes === undefined ? {} : { userScopes: o.userScopes }),
        ...(o.metadata === undefined ? {} : { metadata: o.metadata }),
      } satisfies InstallURLOptions;
    },
  };
}
