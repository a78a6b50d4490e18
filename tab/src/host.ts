/**
 * Where the tab is running. Inside Teams it initialises teams-js, reads the context (user, team, theme,
 * the sub-entity a deep link carried), follows theme changes and signs in with the SSO token. Outside
 * Teams `app.initialize()` would only reject after a long timeout, so a page that is not framed goes
 * straight to local mode, and a framed one gives Teams a few seconds before falling back to it.
 * teams-js is loaded only when framed: on load it fetches Teams' list of valid origins, which a page
 * outside Teams has no use for.
 */
import { CASE_TAB_ENTITY_IDS } from '../../bot/domain/cases/case-deep-link';

export type ThemeName = 'light' | 'dark' | 'contrast';

export interface TeamsContextInfo {
  userName?: string;
  upn?: string;
  tenantId?: string;
  teamName?: string;
  channelName?: string;
  /** The sub-entity (sub-page) id a deep link opened the tab with: the pupil's UPN. */
  subPageId?: string;
  /** "content" for the tab itself, "settings" while a channel tab is being configured. */
  frameContext?: string;
  pageId?: string;
}

export interface Host {
  mode: 'teams' | 'local';
  theme: ThemeName;
  context: TeamsContextInfo;
  /** Calls back with the new theme whenever Teams changes it. */
  onThemeChange(handler: (theme: ThemeName) => void): void;
  /** The Teams SSO token (teams-js caches and refreshes it). */
  getToken(): Promise<string>;
}

/** How long a framed page waits for Teams before deciding it is not in Teams. */
const TEAMS_WAIT_MS = 4000;

export function themeFromTeams(theme: string | undefined): ThemeName {
  if (theme === 'dark') return 'dark';
  if (theme === 'contrast') return 'contrast';
  return 'light';
}

function localTheme(): ThemeName {
  const asked = new URLSearchParams(window.location.search).get('theme');
  if (asked === 'dark' || asked === 'contrast' || asked === 'light') return asked;
  const saved = window.localStorage.getItem('firstday.theme');
  if (saved === 'dark' || saved === 'contrast' || saved === 'light') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function localHost(): Host {
  return {
    mode: 'local',
    theme: localTheme(),
    context: { subPageId: new URLSearchParams(window.location.search).get('pupil') ?? undefined },
    onThemeChange: () => undefined,
    getToken: () => Promise.reject(new Error('There is no Teams sign-in outside Teams.')),
  };
}

export async function connectToHost(): Promise<Host> {
  const framed = window.self !== window.top;
  if (!framed || new URLSearchParams(window.location.search).get('host') === 'local') return localHost();
  const { app, authentication } = await import('@microsoft/teams-js');
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), TEAMS_WAIT_MS)),
    ]);
  } catch {
    return localHost();
  }
  const ctx = await app.getContext();
  void app.notifySuccess();
  return {
    mode: 'teams',
    theme: themeFromTeams(ctx.app.theme),
    context: {
      userName: ctx.user?.displayName,
      upn: ctx.user?.userPrincipalName ?? ctx.user?.loginHint,
      tenantId: ctx.user?.tenant?.id,
      teamName: ctx.team?.displayName,
      channelName: ctx.channel?.displayName,
      subPageId: ctx.page.subPageId,
      frameContext: ctx.page.frameContext,
      pageId: ctx.page.id,
    },
    onThemeChange: (handler) => app.registerOnThemeChangeHandler((t) => handler(themeFromTeams(t))),
    getToken: () => authentication.getAuthToken(),
  };
}

/** The channel tab's configuration page: one fixed content page, saved as the "Cases" tab. */
export async function registerChannelTabConfig(contentUrl: string): Promise<void> {
  const { app, pages } = await import('@microsoft/teams-js');
  if (!app.isInitialized()) return;
  pages.config.registerOnSaveHandler((save) => {
    pages.config
      .setConfig({ entityId: CASE_TAB_ENTITY_IDS.channel, contentUrl, websiteUrl: contentUrl, suggestedDisplayName: 'Cases' })
      .then(() => save.notifySuccess())
      .catch((err: Error) => save.notifyFailure(err.message));
  });
  pages.config.setValidityState(true);
}
