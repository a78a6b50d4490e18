/**
 * Where a pupil card's "Open case" goes: in Teams, a deep link into the case tab at the pupil (needs the
 * Teams app id); without one (local development, the Agents Playground), the tab's page on this server,
 * which opens the same pupil from its `pupil` query parameter.
 */
import { caseDeepLink, CASE_TAB_ENTITY_IDS } from '../domain/cases/case-deep-link';

export type CaseLink = (pupil: { upn: string; name: string }) => string;

export interface CaseLinkOptions {
  teamsAppId?: string;
  /** The public host the tab is served on (PUBLIC_HOST), for clients that cannot open the tab. */
  publicHost?: string;
  /** This server's own base URL, known once it listens; used when there is no Teams app id. */
  localBaseUrl: () => string;
}

export function caseLinks(options: CaseLinkOptions): CaseLink {
  return ({ upn, name }) => {
    const tabPage = (base: string) => `${base}/tab/index.html?view=${CASE_TAB_ENTITY_IDS.personal}&pupil=${encodeURIComponent(upn)}`;
    if (!options.teamsAppId) return tabPage(options.localBaseUrl());
    return caseDeepLink({
      appId: options.teamsAppId,
      upn,
      label: `Case: ${name}`,
      webUrl: options.publicHost ? tabPage(`https://${options.publicHost}`) : undefined,
    });
  };
}
