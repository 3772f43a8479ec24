import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** The file `npm start` reads tokens from, in the working directory. */
export const DOTENV_FILE = '.env';

/**
 * The environment with `./.env` underneath it: a variable set in the real environment wins over
 * the file (as with `node --env-file`). A missing file is fine; an unreadable one is an error.
 */
export async function withDotEnv(env: NodeJS.ProcessEnv, cwd: string): Promise<NodeJS.ProcessEnv> {
  let text: string;
  try {
    text = await readFile(join(cwd, DOTENV_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw new Error(`cannot read ${DOTENV_FILE}: ${(error as Error).message}`, { cause: error });
  }
  return { ...parseEnv(text), ...env };
}
