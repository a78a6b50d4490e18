/**
 * How the tab's case forms check and place a refusal (tab/src/cases/checked-form.ts): the form's check is
 * the server's reader, word for word, and a refusal is put by the field it names, or in the form's bar.
 */
import { CaseInputError, meetingInput, readMeeting, readSibling, siblingInput } from '../../bot/domain/cases/case-input';
import { ApiError } from '../../tab/src/api-client';
import { checked, fieldProblem, placeError } from '../../tab/src/cases/checked-form';

const today = '2026-11-20';
const meeting = { kind: 'review', date: '2026-11-18', method: 'phone', attendees: [{ name: 'Nadia', role: 'Mother' }] };

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('accepted');
}

test("the form's check refuses with the very error the server's reader gives, and sends the body unchanged when good", () => {
  for (const body of [{ ...meeting, attendees: [{ name: 'Nadia', role: ' ' }] }, { ...meeting, summary: 'x'.repeat(4001) }, { ...meeting, nextReview: '2026-11-01' }]) {
    const form = refusal(() => checked(meetingInput(today), body));
    const server = refusal(() => readMeeting(body, today));
    expect(form).toBeInstanceOf(CaseInputError);
    expect(form).toEqual(server);
    expect((form as CaseInputError).field).toBe((server as CaseInputError).field);
  }
  const good = { ...meeting, summary: '  kept as typed  ' };
  expect(checked(meetingInput(today), good)).toBe(good);
  expect(refusal(() => checked(siblingInput, { name: 'Layla', school: 'Hill', schoolContacted: { on: '2026-11-01' } }))).toEqual(refusal(() => readSibling({ name: 'Layla', school: 'Hill', schoolContacted: { on: '2026-11-01' } })));
});

test("a refusal is split into its field and what is wrong, from the form's check or the server's answer alike", () => {
  const form = refusal(() => checked(meetingInput(today), { ...meeting, date: '2026-11-25' }));
  expect(fieldProblem(form)).toEqual({ field: 'date', message: '2026-11-25 is in the future; record it once it has happened' });
  expect(fieldProblem(new ApiError(400, 'upn: x@y.example is not on the school\'s staff list', 'upn'))).toEqual({ field: 'upn', message: "x@y.example is not on the school's staff list" });
  // Not about a field: for the bar.
  expect(fieldProblem(new ApiError(409, 'Someone else changed the case.'))).toBeUndefined();
  expect(fieldProblem(new Error('offline'))).toBeUndefined();
});

test('placed by the field it names (an entry of a list of texts by the list), or left for the bar', () => {
  const at = (error: unknown, fields: string[], name: string) => placeError(error, fields).at(name);
  const barrier = new CaseInputError('barriers[3]', 'is 501 characters; at most 500 are kept');
  expect(at(barrier, ['barriers'], 'barriers')).toEqual({ validationMessage: 'is 501 characters; at most 500 are kept', validationState: 'error' });
  expect(placeError(barrier, ['barriers']).rest).toBeUndefined();

  const role = new CaseInputError('attendees[1].role', 'is required');
  expect(at(role, ['attendees', 'attendees[1].role'], 'attendees')).toEqual({});
  expect(at(role, ['attendees', 'attendees[1].role'], 'attendees[1].role')).toEqual({ validationMessage: 'is required', validationState: 'error' });

  // A field the form does not show, or no field at all: the whole error goes to the bar.
  const hidden = new CaseInputError('upn', '"X1" is not a valid UPN');
  expect(at(hidden, ['name', 'school'], 'name')).toEqual({});
  expect(placeError(hidden, ['name', 'school']).rest).toBe(hidden);
  const stale = new ApiError(412, 'Someone else changed the case.');
  expect(placeError(stale, ['summary']).rest).toBe(stale);
  expect(placeError(undefined, ['summary'])).toEqual({ at: expect.any(Function), rest: undefined });
});
