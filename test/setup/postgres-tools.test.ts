import { describe, expect, it } from 'vitest';
import { INSTALL_HINT, postgresToolCheck, postgresToolProblems } from './postgres.js';

describe('the PostgreSQL tool check', () => {
  it('needs nothing when SCALE_REVIEW_TEST_DATABASE_URL points at a server', () => {
    expect(
      postgresToolProblems({ SCALE_REVIEW_TEST_DATABASE_URL: 'postgres://u:p@h/postgres' }),
    ).toEqual([]);
  });

  it('says what to install or which variable to set', () => {
    expect(INSTALL_HINT).toContain('apt-get install postgresql openssl');
    expect(INSTALL_HINT).toContain('SCALE_REVIEW_TEST_DATABASE_URL');
    expect(postgresToolCheck.name).toBe('PostgreSQL (the PostgreSQL metrics source tests)');
    // This machine runs the suite, so it has the tools: the check reports nothing.
    expect(postgresToolCheck.check()).toBeNull();
  });
});
