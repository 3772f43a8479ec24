import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import {
  type CallbackOptions,
  type Installation,
  InstallProvider,
  type InstallationStore as LibraryInstallationStore,
  type Logger as LibraryLogger,
} from '@slack/oauth';
import type { InstallEnv } from '../../config/install-env.js';
import type { Logger } from '../../logging/logger.js';
import { slackClientOptions } from '../../slack-api/web-client.js';
import { classifyInstallFailure, FAILURE_TEXT } from './install-failures.js';
import {
  failurePage,
  type InstalledWhere,
  installPage,
  PAGE_HEADERS,
  send,
  successPage,
} from './install-pages.js';
import { createStateStore } from './state-store.js';

/**
 * Slack's OAuth v2 install flow on the bot's HTTP port, as Bolt HTTPReceiver custom routes:
 * `GET /slack/install` (the install page, which sets the state cookie) and
 * `GET /slack/oauth_redirect` (state checked against the cookie, code exchanged with
 * `oauth.v2.access` through SLACK_API_URL, installation stored). @slack/oauth's InstallProvider
 * does the protocol; this file gives it our store, state, pages and client options.
 */

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
/** Slack's authorize page, unless SLACK_API_URL points elsewhere (the tests' fake Slack). */
export const SLACK_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';

/** Slack's authorize page: SLACK_API_URL's origin + `/oauth/v2/authorize` when it is set. */
export function authorizationUrlFor(slackApiUrl: string | undefined): string {
  return slackApiUrl === undefined
    ? SLACK_AUTHORIZE_URL
    : `${new URL(slackApiUrl).origin}/oauth/v2/authorize`;
}

export interface InstallerOptions {
  install: Pick<InstallEnv, 'clientId' | 'clientSecret' | 'stateSecret' | 'publicUrl' | 'scopes'>;
  slackApiUrl: string | undefined;
  installationStore: LibraryInstallationStore;
  clock: () => Date;
  logger: Logger;
  /** @slack/oauth's and @slack/web-api's own lines (the scrubbing adapter, src/slack/bolt-logger.ts). */
  libraryLogger: LibraryLogger;
  /** The WebClient's fetch (the bot counts Slack API calls with it). */
  fetch?: typeof globalThis.fetch;
}

export interface Installer {
  provider: InstallProvider;
  /** The install page and the redirect, for the HTTP receiver. */
  routes: CustomRoute[];
  /** PUBLIC_URL + /slack/install and + /slack/oauth_redirect. */
  installUrl: string;
  redirectUrl: string;
}

/**
 * The library's failures are logged once by the redirect's failure handler, with the reason: its
 * own error lines (an error object, a cancelled install at error level) go to debug.
 */
function quieter(logger: LibraryLogger): LibraryLogger {
  return { ...logger, error: (...msg: unknown[]) => logger.debug(...msg) };
}

function whereOf(installation: Installation): InstalledWhere {
  if (installation.isEnterpriseInstall) {
    const { enterpriseUrl, appId } = installation;
    return {
      name: installation.enterprise?.name ?? null,
      orgWide: true,
      next:
        enterpriseUrl === undefined || appId === undefined
          ? null
          : {
              href: `${enterpriseUrl}manage/organization/apps/profile/${appId}/workspaces/add`,
              label: 'Choose the workspaces',
            },
    };
  }
  const teamId = installation.team?.id;
  return {
    name: installation.team?.name ?? null,
    orgWide: false,
    next:
      teamId === undefined
        ? null
        : { href: `https://app.slack.com/client/${teamId}`, label: 'Open Slack' },
  };
}

export function createInstaller(options: InstallerOptions): Installer {
  const { install, logger } = options;
  const installUrl = `${install.publicUrl}${INSTALL_PATH}`;
  const redirectUrl = `${install.publicUrl}${REDIRECT_PATH}`;
  const libraryLogger = quieter(options.libraryLogger);
  const provider = new InstallProvider({
    clientId: install.clientId,
    clientSecret: install.clientSecret,
    stateStore: createStateStore(install.stateSecret, options.clock),
    installationStore: options.installationStore,
    installUrlOptions: { scopes: [...install.scopes], redirectUri: redirectUrl },
    renderHtmlForInstallPath: installPage,
    authorizationUrl: authorizationUrlFor(options.slackApiUrl),
    logger: libraryLogger,
    clientOptions: slackClientOptions({
      policy: 'oauth',
      apiUrl: options.slackApiUrl,
      logger: libraryLogger,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    }),
  });

  const callbacks: CallbackOptions = {
    success: (installation, _options, _req, res) => {
      send(res, 200, successPage(whereOf(installation)));
    },
    failure: (error, _options, req, res) => {
      const { failure, status, slackError } = classifyInstallFailure(error, req.url);
      const meta = { failure, slackError, err: error };
      if (failure === 'denied') logger.info({ failure, slackError }, 'install cancelled');
      else if (failure === 'store') logger.error(meta, 'install failed');
      else logger.warn(meta, 'install failed');
      send(res, status, failurePage(FAILURE_TEXT[failure], slackError));
    },
  };

  const serveInstallPage = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      // The library writes the page (its content type and the state cookie); these go with it.
      for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
      await provider.handleInstallPath(req, res);
    } catch (error) {
      logger.error({ err: error }, 'install page failed');
      send(res, 500, failurePage(FAILURE_TEXT.store, null));
    }
  };
  const serveRedirect = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await provider.handleCallback(req, res, callbacks);
    } catch (error) {
      // handleCallback answers its own failures; this is a failure page that failed.
      logger.error({ err: error }, 'install redirect failed');
      send(res, 500, failurePage(FAILURE_TEXT.store, null));
    }
  };

  return {
    provider,
    installUrl,
    redirectUrl,
    routes: [
      {
        path: INSTALL_PATH,
        method: ['GET'],
        handler: (req, res) => void serveInstallPage(req, res),
      },
      { path: REDIRECT_PATH, method: ['GET'], handler: (req, res) => void serveRedirect(req, res) },
    ],
  };
}
