// `node --import ./test/store/support/register-ts.mjs child.ts`: lets a child process run the
// TypeScript sources directly (Node 20 cannot strip types), for tests that need a real second
// process (kill -9, a second process opening the same DATA_DIR).
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
