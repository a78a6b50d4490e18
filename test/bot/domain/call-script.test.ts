import { answersOf, fill, SCRIPT_STEPS, scriptOutcome, startScript, stepBack, submitStep, type ScriptContext, type ScriptState } from '../../../bot/domain/call-script';

const ctx: ScriptContext = { childName: 'Amy', contactName: 'Mrs Smith', schoolName: 'Oakfield Academy', staffName: 'Sara Khan', notifyBy: '08:30' };

/** Walks the script with the answers given per step, failing the test on any refusal. */
function walk(steps: [string, Record<string, unknown>][]): { state: ScriptState; ended?: string } {
  let state = startScript('c1', 'Mrs Smith (Mother)', 'a1');
  let ended: string | undefined;
  for (const [step, values] of steps) {
    const r = submitStep(state, step, values, ctx);
    if (!r.ok) throw new Error(`${step}: ${r.problems.join(' ')}`);
    state = r.state;
    ended = r.ended;
  }
  return { state, ended };
}

const opening: [string, Record<string, unknown>][] = [
  ['introduce', {}],
  ['identity', { identity: 'confirmed' }],
  ['purpose', {}],
];
const finish = (extra: Record<string, unknown> = {}): [string, Record<string, unknown>] => ['finish', { toldNotifyBy: 'true', nextSteps: 'See Amy tomorrow', ...extra }];

test('the wrong person answering stops the script before anything is shared', () => {
  const r = walk([['introduce', {}], ['identity', { identity: 'wrong-person' }]]);
  expect(r.ended).toBe('stopped');
  expect(r.state.trail).toEqual(['introduce']);
});

test('the open question reminds the caller not to lead, and every reason has a branch', () => {
  expect(fill(SCRIPT_STEPS['open-question'].reminder!, ctx)).toBe('Keep the question open. Do not ask a leading question such as "Is Amy ill today?"');
  const r = walk([...opening, ['open-question', { reason: 'hospital' }]]);
  expect(r.state.step).toBe('hospital');
});

test('illness, minor: asked to bring Amy in with an agreed time, GP advice recorded, code I', () => {
  const { state, ended } = walk([
    ...opening,
    ['open-question', { reason: 'illness' }],
    ['illness', { illnessDetail: 'Headache', severity: 'minor' }],
    ['illness-attendance', { comingIn: 'now', arrivalTime: '10:30' }],
    ['illness-gp', { gpAdvice: 'not-needed' }],
    finish(),
  ]);
  expect(ended).toBe('finished');
  const outcome = scriptOutcome(state, ctx);
  expect(outcome).toMatchObject({ reason: 'illness', arrivalTime: '10:30', gpAdvice: 'not-needed', toldNotifyBy: true, notifyBy: '08:30', nextSteps: 'See Amy tomorrow' });
  expect(outcome.suggestedCode.code).toBe('I');
  expect(outcome.summary).toBe('Amy is unwell: Headache; coming in at 10:30');
});

test('illness: the parent may decline to say what is wrong, but then who it is passed to is needed', () => {
  let state = walk([...opening, ['open-question', { reason: 'illness' }]]).state;
  const refused = submitStep(state, 'illness', { declined: 'true', severity: 'unwell' }, ctx);
  expect(refused).toEqual({ ok: false, problems: ['Say who you will pass the message on to.'] });
  const missing = submitStep(state, 'illness', { severity: 'unwell' }, ctx);
  expect(missing.ok).toBe(false);
  const ok = submitStep(state, 'illness', { declined: 'true', passOnTo: 'Head of Year 8', severity: 'unwell' }, ctx);
  expect(ok.ok && ok.state.step).toBe('illness-gp');
  state = (ok as { state: ScriptState }).state;
  expect(answersOf(state).passOnTo).toBe('Head of Year 8');
});

test('overslept and the parent agrees a time: supportive but firm, code U on arrival', () => {
  const { state } = walk([...opening, ['open-question', { reason: 'barrier' }], ['barrier', { barrier: 'overslept', comingIn: 'yes', arrivalTime: '09:45' }], finish()]);
  expect(scriptOutcome(state, ctx).suggestedCode.code).toBe('U');
});

test('no uniform and the parent is adamant: unauthorised, code O, and the caller must say so', () => {
  let state = walk([...opening, ['open-question', { reason: 'barrier' }], ['barrier', { barrier: 'uniform', comingIn: 'no' }]]).state;
  expect(state.step).toBe('adamant');
  expect(submitStep(state, 'adamant', {}, ctx)).toEqual({ ok: false, problems: ['Tick "I explained that the absence will not be authorised".'] });
  state = walk([...opening, ['open-question', { reason: 'barrier' }], ['barrier', { barrier: 'uniform', comingIn: 'no' }], ['adamant', { explainedUnauthorised: 'true' }], finish()]).state;
  expect(scriptOutcome(state, ctx).suggestedCode.code).toBe('O');
});

test('family emergency, not coming in: who calls back is required', () => {
  const state = walk([...opening, ['open-question', { reason: 'family-emergency' }]]).state;
  const r = submitStep(state, 'family-emergency', { emergency: 'Grandad taken ill', comingIn: 'no' }, ctx);
  expect(r).toEqual({ ok: false, problems: ['Say who will call the parent back.'] });
  const done = walk([...opening, ['open-question', { reason: 'family-emergency' }], ['family-emergency', { emergency: 'Grandad taken ill', comingIn: 'no', callBackBy: 'Mrs Jones, Head of Year' }], finish()]);
  const outcome = scriptOutcome(done.state, ctx);
  expect(outcome.callBackBy).toBe('Mrs Jones, Head of Year');
  expect(outcome.suggestedCode.code).toBe('N');
});

test('refusing to attend: who meets Amy on arrival, and a call-back if the parent cannot persuade her', () => {
  const base = walk([...opening, ['open-question', { reason: 'refusing' }]]).state;
  expect(submitStep(base, 'refusing', { why: 'bullying', comingIn: 'yes', arrivalTime: '10:00' }, ctx)).toEqual({ ok: false, problems: ['"Who will meet Amy on arrival (name or role)" is needed.'] });
  expect(submitStep(base, 'refusing', { why: 'unknown', meetBy: 'Mr Ali', comingIn: 'no' }, ctx)).toEqual({ ok: false, problems: ['Say who will call the parent back.'] });
  const { state } = walk([...opening, ['open-question', { reason: 'refusing' }], ['refusing', { why: 'friendships', meetBy: 'Mr Ali', comingIn: 'yes', arrivalTime: '10:00' }], finish()]);
  expect(scriptOutcome(state, ctx)).toMatchObject({ meetBy: 'Mr Ali', arrivalTime: '10:00' });
});

test('hospital: who follows up, and the notify-by reminder is not required', () => {
  const { state, ended } = walk([...opening, ['open-question', { reason: 'hospital' }], ['hospital', { followUpBy: 'Pastoral lead' }], ['finish', { nextSteps: 'Mum will keep us updated' }]]);
  expect(ended).toBe('finished');
  expect(scriptOutcome(state, ctx)).toMatchObject({ followUpBy: 'Pastoral lead', toldNotifyBy: false, suggestedCode: { code: 'I' } });
});

test('other: the caller picks the code to suggest', () => {
  const { state } = walk([...opening, ['open-question', { reason: 'other' }], ['other', { otherReason: 'Religious festival', code: 'R' }], finish()]);
  expect(scriptOutcome(state, ctx).suggestedCode.code).toBe('R');
});

test('finishing needs the next steps and the notify-by reminder', () => {
  const state = walk([...opening, ['open-question', { reason: 'barrier' }], ['barrier', { barrier: 'lunch', comingIn: 'yes', arrivalTime: '10:15' }]]).state;
  const r = submitStep(state, 'finish', {}, ctx);
  expect(r.ok).toBe(false);
  expect(!r.ok && r.problems).toEqual(['Tell the parent when to let the school know about tomorrow, and tick the box.', '"Next steps agreed" is needed.']);
});

test('bad values are refused with the field named; a press on an old step changes nothing', () => {
  const state = walk([...opening, ['open-question', { reason: 'barrier' }]]).state;
  const r = submitStep(state, 'barrier', { barrier: 'dog ate it', comingIn: 'yes', arrivalTime: '25:00' }, ctx);
  expect(r.ok).toBe(false);
  expect(!r.ok && r.problems).toEqual(['"What is stopping Amy coming in?": choose one of the options.', '"Agreed arrival time": enter a time such as 10:30.']);
  expect(submitStep(state, 'open-question', { reason: 'illness' }, ctx)).toEqual({ ok: false, problems: [expect.stringMatching(/already been recorded/)] });
});

test('back returns to the previous step; answers of an abandoned branch no longer count', () => {
  let state = walk([...opening, ['open-question', { reason: 'refusing' }]]).state;
  state = stepBack(state)!;
  expect(state.step).toBe('open-question');
  const r = submitStep(state, 'open-question', { reason: 'hospital' }, ctx);
  expect(r.ok && r.state.step).toBe('hospital');
  expect(stepBack(startScript('c', 'n', 'a'))).toBeUndefined();
});
