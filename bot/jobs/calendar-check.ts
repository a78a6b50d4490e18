/**
 * The 'calendar-check' step, every weekday whether or not it is a school day: tells the attendance lead (1:1 chat;
 * the pastoral channel when no lead can be reached) what bot/domain/school-calendar.ts finds: the last known
 * term ending within four weeks (once per term end), or no term today with none to come (at most once a week).
 * Without it a school whose calendar ran out would simply stop getting lists, and nobody would know why.
 */
import { toLocal } from '../domain/clock';
import { calendarNoticeKey, calendarNotices, calendarNoticeText, isWeekday } from '../domain/school-calendar';
import { staffWithRole, type School } from '../domain/school';
import type { Logger } from '../platform/logger';
import { NoticesRepository, type SchoolNotice } from '../store/notices-repository';
import type { SchoolChannel } from '../store/channels-repository';
import type { Repositories } from '../store/repositories';
import type { ChannelMessages, StaffMessages } from './ports';

export interface CalendarCheckOptions {
  repos: Repositories;
  staff: StaffMessages;
  channels: ChannelMessages;
  logger: Logger;
  now: () => Date;
}

export class CalendarCheck {
  private readonly notices: NoticesRepository;

  constructor(private readonly options: CalendarCheckOptions) {
    this.notices = new NoticesRepository({ store: options.repos.store });
  }

  /** Returns how many notices this call said (0 when there was nothing to say or it was said already). */
  async run(school: School, date = toLocal(this.options.now(), school.timeZone).date): Promise<number> {
    // A term ending soon is worth saying any day; a missing term only costs a list on a weekday.
    const notices = calendarNotices(school, date).filter((n) => n.kind === 'last-term-ends-soon' || isWeekday(date));
    if (!notices.length) return 0;
    const channel = (await this.options.repos.channels.forSchool(school.urn))?.value;
    if (!channel) {
      // No Teams service to reach anyone through until a channel is linked; nothing is recorded, so it is said then.
      this.options.logger.warn(`${school.name}'s calendar needs the attendance lead, but no channel is linked to reach them`, { urn: school.urn, notices: notices.map((n) => n.kind).join(', ') });
      return 0;
    }
    let said = 0;
    for (const notice of notices) {
      const text = calendarNoticeText(notice, school.name);
      if (await this.notices.sayOnce(school.urn, calendarNoticeKey(notice, date), this.options.now, () => this.tellLead(school, channel, text))) said++;
    }
    return said;
  }

  private async tellLead(school: School, channel: SchoolChannel, text: string): Promise<SchoolNotice['reached']> {
    const { staff, channels } = this.options;
    const leads = staffWithRole(school, 'attendance-lead');
    const told = await staff.tellEach(school.urn, leads, text);
    if (told.length) return told.map((t) => ({ who: t.staff.upn, conversationId: t.told.conversationId, activityId: t.told.activityId }));
    const activityId = await channels.say(channel, text);
    return [{ who: 'channel', conversationId: channel.conversationId, activityId }];
  }
}
