import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountOfRoleArn,
  externalIdSchema,
  generateExternalId,
  roleArnSchema,
} from '../../src/metrics/cloudwatch/role.js';

describe('generateExternalId', () => {
  it('is sr- and the 16 random bytes in hex', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);

    expect(generateExternalId(() => bytes)).toBe('sr-00112233445566778899aabbccddeeff');
  });

  it('is always a valid sts:ExternalId', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const id = generateExternalId(() => bytes);
        expect(id).toMatch(/^sr-[0-9a-f]{32}$/);
        expect(externalIdSchema.safeParse(id).success).toBe(true);
      }),
    );
  });

  it('differs from one workspace to the next with a real random source', () => {
    expect(generateExternalId(randomBytes)).not.toBe(generateExternalId(randomBytes));
  });

  it('refuses a random source that gives the wrong number of bytes', () => {
    expect(() => generateExternalId(() => new Uint8Array(8))).toThrow(
      'expected 16 random bytes, got 8',
    );
  });
});

describe('roleArnSchema', () => {
  it.each([
    'arn:aws:iam::123456789012:role/ScaleReviewRead',
    'arn:aws:iam::123456789012:role/service-role/scale.review@team',
    'arn:aws-us-gov:iam::123456789012:role/x1',
    'arn:aws-cn:iam::123456789012:role/x1',
  ])('accepts %s', (arn) => {
    expect(roleArnSchema.parse(arn)).toBe(arn);
  });

  it.each([
    'ScaleReviewRead',
    'arn:aws:iam::12345678901:role/x',
    'arn:aws:iam::123456789012:user/x',
    'arn:aws:sts::123456789012:assumed-role/x/y',
    'arn:aws:iam::123456789012:role/',
    `arn:aws:iam::123456789012:role/${'x'.repeat(65)}`,
    'arn:aws:iam::123456789012:role/has space',
  ])('refuses %s with the expected form', (arn) => {
    const result = roleArnSchema.safeParse(arn);

    expect(result.error?.issues[0]?.message).toBe(
      'expected an IAM role ARN such as arn:aws:iam::123456789012:role/ScaleReviewRead',
    );
  });

  it('reads the account that owns the role', () => {
    expect(accountOfRoleArn('arn:aws:iam::210987654321:role/x')).toBe('210987654321');
    expect(accountOfRoleArn('not an arn')).toBeNull();
  });
});

describe('externalIdSchema', () => {
  it('takes AWS’s 2 to 1,224 characters of [\\w+=,.@:/-]', () => {
    expect(externalIdSchema.safeParse('ab').success).toBe(true);
    expect(externalIdSchema.safeParse('a'.repeat(1224)).success).toBe(true);
    expect(externalIdSchema.safeParse('team+1=,.@:/-_x').success).toBe(true);
    expect(externalIdSchema.safeParse('a').success).toBe(false);
    expect(externalIdSchema.safeParse('a'.repeat(1225)).success).toBe(false);
    expect(externalIdSchema.safeParse('a b').success).toBe(false);
  });
});
