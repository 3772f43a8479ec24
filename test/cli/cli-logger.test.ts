import { describe, expect, it } from 'vitest';
import { createCliLogger } from '../../src/cli/cli-logger.js';

describe('the CLI logger', () => {
  it('scrubs tokens and URL credentials from its stderr lines, as the bot logger does', () => {
    // Arrange
    const lines: string[] = [];
    const logger = createCliLogger((text) => lines.push(text));
    const err = new Error(
      'connect failed: mongodb://scale:Pa55-w0rd@db.example.com:27017/x with xoxb-123-secret-token',
    );

    // Act
    logger.warn({ err, reason: 'see https://admin:hunter2@proxy.example.com/' }, 'store down');

    // Assert
    expect(lines).toEqual([
      'scale-review: warning: store down (reason: see https://[redacted]@proxy.example.com/): connect failed: mongodb://[redacted]@db.example.com:27017/x with xoxb-[redacted]\n',
    ]);
  });
});
