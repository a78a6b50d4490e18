/**
 * The school-day jobs' messages to one member of staff (bot/jobs/ports.ts StaffMessages, CallBacks), each in
 * their 1:1 chat with the bot through the StaffMessenger: a few words, or a call-back task as a card.
 */
import type { PupilCard } from '../domain/pupil-card';
import type { School, StaffMember } from '../domain/school';
import type { CallBacks, StaffMessages, Told } from '../jobs/ports';
import { cardMessage } from './card-views';
import { callBackCard } from './reminder-cards';
import type { StaffMessenger } from './staff-messenger';

export class TeamsStaffMessages implements StaffMessages, CallBacks {
  constructor(private readonly options: { messenger: StaffMessenger }) {}

  tell(urn: string, staff: StaffMember, text: string): Promise<Told> {
    return this.options.messenger.send(urn, staff, { type: 'message', text });
  }

  async tellEach(urn: string, staff: StaffMember[], text: string): Promise<{ staff: StaffMember; told: Told }[]> {
    const delivered = await this.options.messenger.sendEach(urn, staff, () => ({ type: 'message', text }));
    return delivered.map((d) => ({ staff: d.staff, told: d.delivered }));
  }

  send(school: School, owner: StaffMember, card: PupilCard, reminder: boolean): Promise<Told> {
    return this.options.messenger.send(school.urn, owner, cardMessage(callBackCard(card, { school, reminder }), `Call-back: ${card.pupil.name}`));
  }
}
