/**
 * Presses on the call-back task in a 1:1 chat: "Done". The named member of staff, the caller or the
 * attendance officer may mark it; anyone else is refused (and the refusal audited by the desk).
 */
import { markCallBackDone } from '../../domain/reminders';
import { callBackCard } from '../reminder-cards';
import type { ActionKit, CardActionHandler } from './action-kit';
import { auditActor } from './action-kit';
import { checkStaffPress } from './concern-actions';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UPN = /^[A-Z0-9]{13}$/;

export function reminderActions(kit: ActionKit): CardActionHandler[] {
  return [
    {
      verb: 'callBackDone',
      async handle(request) {
        const checked = await checkStaffPress(kit, request);
        if ('message' in checked || 'card' in checked) return checked;
        const { school, who } = checked;
        const date = String(request.data.date ?? '');
        const upn = String(request.data.upn ?? '');
        const stored = DATE.test(date) && UPN.test(upn) ? await kit.desk.read(school.urn, date, upn) : undefined;
        if (!stored) return { message: 'This pupil is not on a list in Firstday, so nothing was changed.' };
        const result = await kit.desk.apply(school.urn, date, upn, auditActor(who), (card) => markCallBackDone(card, who.actor, who.staff.upn, kit.now(), school.timeZone), stored);
        const card = result.ok ? result.card : (result.card ?? stored.value);
        return { card: callBackCard(card, { school, notice: result.ok ? 'Thank you: recorded in the chronology.' : result.problem }) };
      },
    },
  ];
}
