/**
 * Deep links into the case tab at a pupil, for the "Open case" button on the pupil's card. Teams' form:
 * https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=…&label=…&context=<URL-encoded JSON>
 * where the context's subEntityId reaches the tab as `page.subPageId` in its context. The sub-entity id is
 * the pupil's UPN.
 */
import { isValidUpn } from '../pupil';

/** The entity ids the app manifest gives the tabs: the personal "My cases" tab and the channel "Cases" tab. */
export const CASE_TAB_ENTITY_IDS = { personal: 'my-cases', channel: 'cases' } as const;

export interface CaseDeepLinkOptions {
  /** The Teams app id (the manifest's id). */
  appId: string;
  upn: string;
  /** The tab to open; the personal "My cases" tab by default. */
  entityId?: string;
  /** For a channel tab: the channel it lives in (19:…@thread.tacv2). */
  channelId?: string;
  /** What Teams shows for the link, e.g. the pupil's name. */
  label?: string;
  /** Where a client that cannot show the tab goes instead. */
  webUrl?: string;
}

export function caseDeepLink(options: CaseDeepLinkOptions): string {
  if (!isValidUpn(options.upn)) throw new RangeError(`"${options.upn}" is not a valid UPN`);
  const entityId = options.entityId ?? CASE_TAB_ENTITY_IDS.personal;
  const context: Record<string, string> = { subEntityId: options.upn };
  if (options.channelId) context.channelId = options.channelId;
  const params: string[] = [];
  if (options.webUrl) params.push(`webUrl=${encodeURIComponent(options.webUrl)}`);
  if (options.label) params.push(`label=${encodeURIComponent(options.label)}`);
  params.push(`context=${encodeURIComponent(JSON.stringify(context))}`);
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(options.appId)}/${encodeURIComponent(entityId)}?${params.join('&')}`;
}

/** The pupil a deep link opened the tab at, from the context's sub-entity (sub-page) id; undefined if it is not a UPN. */
export function pupilFromSubEntityId(subEntityId: string | undefined): string | undefined {
  const upn = subEntityId?.trim().toUpperCase();
  return upn && isValidUpn(upn) ? upn : undefined;
}
