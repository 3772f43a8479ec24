import { describe, expect, it } from 'vitest';
import { MissingToolsError, missingTools, TOOL_CHECKS, type ToolCheck } from './preflight.js';

const tool = (name: string, problem: string | null): ToolCheck => ({ name, check: () => problem });

describe('the test setup preflight', () => {
  it('names every missing tool, not just the first', () => {
    // Arrange
    const checks = [
      tool('Go', 'install Go'),
      tool('cached', null),
      tool('Python', 'install Python'),
    ];
    // Act
    const problems = missingTools(checks);
    // Assert
    expect(problems).toEqual(['Go: install Go', 'Python: install Python']);
  });

  it('says it all in one message, with the way out', () => {
    const message = new MissingToolsError(['Go: install Go', 'Python: install Python']).message;
    expect(message.split('\n')).toEqual([
      'the integration tests need tools that are missing:',
      '  - Go: install Go',
      '  - Python: install Python',
      '(`npm run test:unit` runs the unit tier, which needs none of them)',
    ]);
  });

  it('checks the tools of every server the integration tier starts', () => {
    expect(TOOL_CHECKS.map((check) => check.name)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('FerretDB'),
        expect.stringContaining('moto'),
      ]),
    );
  });
});
