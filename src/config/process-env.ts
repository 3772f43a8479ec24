/**
 * The one place the process environment is taken from; entry points pass it to the parsers in
 * this folder, so every other module gets plain, validated values.
 */
export function processEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}
