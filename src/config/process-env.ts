/**
 * The one place the process environment is taken from; entry points pass it to the parsers in
 * this folder, so every other module gets plain, validated values.
 */
export function processEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}

/**
 * The AWS SDK prints a 7-line NodeVersionSupportWarning on every run under Node 20, burying the
 * CLI's one-line errors; its own switch turns it off (an explicit setting is left alone). The
 * supported Node versions are the README's business.
 */
export function quietAwsSdkNodeWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
