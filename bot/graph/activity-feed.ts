/**
 * A Teams activity-feed notification to one user: the second route for a concern, next to the bot's
 * own 1:1 message. POST /v1.0/users/{id}/teamwork/sendActivityNotification answers 204.
 *
 * Requirements (Graph docs, "Send activity feed notifications"): the Teams app must be installed for the
 * recipient (personally, or in a team or chat they are in); the manifest's webApplicationInfo must carry
 * the app's Entra id; application permission TeamsActivity.Send (or RSC TeamsActivity.Send.User); the
 * activity type must be declared in the manifest's `activities`, except the reserved 'systemDefault',
 * whose free text goes in templateParameters { systemDefaultText }.
 *
 * The preview text pops up on phones and desktops: keep concern detail out of it ("A concern has been
 * raised about a pupil — see your chat with Firstday"), the detail belongs in the 1:1 card only.
 */
import type { GraphApi } from './graph-api';

export type ActivityTopic =
  /** Free text shown as the topic; webUrl is where a click goes (a deep link to the chat or tab). */
  | { source: 'text'; value: string; webUrl: string }
  /** A Graph URL of the app installation, e.g. .../users/{id}/teamwork/installedApps/{installationId}. */
  | { source: 'entityUrl'; value: string };

export interface ActivityNotification {
  topic: ActivityTopic;
  /** Declared in the manifest's activities.activityTypes, or 'systemDefault'. */
  activityType: string;
  /** Teams shows the first 150 characters. */
  previewText: string;
  /** Values for the activity type's template, e.g. { systemDefaultText: '...' } for 'systemDefault'. */
  templateParameters?: Record<string, string>;
  /** Same chainId replaces an earlier notification (e.g. a re-alert replacing the first alert). */
  chainId?: number;
}

export class ActivityFeedNotifier {
  constructor(private readonly options: { graph: GraphApi }) {}

  /** Sends the notification to a user (Entra object id or UPN). Throws GraphCallError when it cannot. */
  async notify(userId: string, notification: ActivityNotification): Promise<void> {
    const { topic, activityType, previewText, templateParameters, chainId } = notification;
    const body = {
      topic,
      activityType,
      previewText: { content: previewText },
      ...(templateParameters && { templateParameters: Object.entries(templateParameters).map(([name, value]) => ({ name, value })) }),
      ...(chainId !== undefined && { chainId }),
    };
    await this.options.graph.post<void>(`/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`, body, 'send activity notification');
  }
}
