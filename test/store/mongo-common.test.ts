import { MongoNetworkError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { mongoOp } from '../../src/store/mongo/mongo-common.js';

function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('mongoOp', () => {
  it('turns driver errors into StoreUnavailableError with the cause kept', async () => {
    const cause = new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017');

    const error = await mongoOp('reviews.latest', () => Promise.reject(cause)).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ operation: 'reviews.latest', cause });
  });

  it('also turns raw socket errors the driver lets through (EPIPE after the server died) into it', async () => {
    // Seen with mongodb 7.9 in about 4 of 10 outages: the first call after the server is killed
    // rejects with a plain Error, code EPIPE, not a MongoError.
    const cause = socketError('EPIPE', 'This socket has been ended by the other party');

    const error = await mongoOp('reviews.save', () => Promise.reject(cause)).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ operation: 'reviews.save', cause });
  });

  it('lets programming errors through unchanged', async () => {
    const bug = new TypeError('x is not a function');

    await expect(mongoOp('reviews.get', () => Promise.reject(bug))).rejects.toBe(bug);
  });
});
