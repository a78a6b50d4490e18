/**
 * The pupil's voice (Wishes and Feelings), the trusted adult and their check-ins, and the parents' voice,
 * kept in the words people used (the Support First approach: "the pupil's voice must be central to all plans").
 */
import { Button, Field, Input, Select, Text, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { checkInInput, parentVoiceInput, pupilVoiceInput, trustedAdultInput } from '../../../bot/domain/cases/case-input';
import { ErrorBar, Section, Words, formatDate, formatInstant, useAction, useSharedStyles } from '../ui';
import type { CasePanelProps } from './case-page';
import { checked, placeError } from './checked-form';

const MATCHES: Record<string, string> = { yes: 'Yes', partly: 'Partly', no: 'No', 'not-yet-known': 'Not yet known' };

export function VoicePanel(props: CasePanelProps) {
  const shared = useSharedStyles();
  const { view } = props;
  const open = view.case.status === 'open';
  const adult = view.case.trustedAdult;
  return (
    <>
      <Section id="pupil-voice" title="Pupil's voice: Wishes and Feelings" hint="Ask open questions: “talk to me about why you're finding it difficult to come in at the moment”.">
        {view.pupilVoice.length === 0 && <Text>The pupil's voice has not been recorded yet.</Text>}
        <ul className={shared.list}>
          {view.pupilVoice.map((v) => (
            <li key={v.id} className={shared.item}>
              <Text weight="semibold">
                {formatDate(v.date)} · heard by {v.heardBy}
              </Text>
              <div className={shared.meta}>Recorded by {v.recordedBy.name}, {formatInstant(v.recordedAt)}</div>
              <Text weight="semibold">In their words</Text>
              <Words>{v.inTheirWords}</Words>
              {v.atSchool && <Text weight="semibold">At school</Text>}
              <Words>{v.atSchool}</Words>
              {v.atHome && <Text weight="semibold">At home</Text>}
              <Words>{v.atHome}</Words>
              {v.whatWouldHelp && <Text weight="semibold">What would help</Text>}
              <Words>{v.whatWouldHelp}</Words>
              {v.patternsExplored && <Text weight="semibold">Patterns explored</Text>}
              <Words>{v.patternsExplored}</Words>
            </li>
          ))}
        </ul>
        {open && view.permissions.recordVoice && <PupilVoiceForm {...props} />}
      </Section>
      <Section id="trusted-adult" title="Trusted adult" hint="The adult the pupil trusts seeks them out regularly to check in.">
        {adult ? (
          <Text>
            {adult.name} ({adult.role}) since {formatDate(adult.agreedOn)}, checking in every {adult.checkInEveryDays} days
            {view.plan.nextCheckIn ? `; next check-in ${formatDate(view.plan.nextCheckIn)}` : ''}.
          </Text>
        ) : (
          <Text>No trusted adult has been agreed yet.</Text>
        )}
        {open && view.permissions.manage && <TrustedAdultForm {...props} />}
        <ul className={shared.list}>
          {view.checkIns.map((c) => (
            <li key={c.id} className={shared.item}>
              <Text weight="semibold">
                Check-in {formatDate(c.date)} · {c.by}
              </Text>
              <Words>{c.howTheyAre}</Words>
              {c.worriesRaised && <Text weight="semibold">Worries raised</Text>}
              <Words>{c.worriesRaised}</Words>
              {c.followUp && <Text weight="semibold">Follow-up</Text>}
              <Words>{c.followUp}</Words>
            </li>
          ))}
        </ul>
        {open && view.permissions.recordVoice && adult && <CheckInForm {...props} />}
      </Section>
      <Section id="parent-voice" title="Parents' voice">
        <ul className={shared.list}>
          {view.parentVoice.map((p) => (
            <li key={p.id} className={shared.item}>
              <Text weight="semibold">
                {formatDate(p.date)} · {p.carerName}
              </Text>
              <Words>{p.inTheirWords}</Words>
              {p.barriers.length > 0 && <Text>Barriers: {p.barriers.join('; ')}</Text>}
              <Words>{p.whatWouldHelp}</Words>
              <Text>Matches the pupil's reasons: {MATCHES[p.matchesPupilsReasons]}</Text>
            </li>
          ))}
        </ul>
        {open && view.permissions.manage && <ParentVoiceForm {...props} />}
      </Section>
    </>
  );
}

function PupilVoiceForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const today = props.view.today;
  const empty = { date: today, heardBy: '', inTheirWords: '', atSchool: '', atHome: '', whatWouldHelp: '', patternsExplored: '' };
  const [form, setForm] = useState(empty);
  const { act, busy, error } = useAction(() => props.change('POST', '/pupil-voice', checked(pupilVoiceInput(today), form)), (v) => (props.setView(v), setForm(empty)));
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (_: unknown, d: { value: string }) => setForm({ ...form, [k]: d.value }) });
  const place = placeError(error, Object.keys(empty));
  return (
    <form className={shared.form} aria-label="Record the pupil's voice" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <Text weight="semibold">Record Wishes and Feelings</Text>
      <div className={shared.row}>
        <Field label="Date" required {...place.at('date')}>
          <Input type="date" max={today} {...field('date')} />
        </Field>
        <Field label="Heard by" required {...place.at('heardBy')}>
          <Input {...field('heardBy')} />
        </Field>
      </div>
      <Field label="In the pupil's words" required {...place.at('inTheirWords')}>
        <Textarea {...field('inTheirWords')} />
      </Field>
      <Field label="At school (lessons, friendships, the journey)" {...place.at('atSchool')}>
        <Textarea {...field('atSchool')} />
      </Field>
      <Field label="At home (caring, sleep, worries)" {...place.at('atHome')}>
        <Textarea {...field('atHome')} />
      </Field>
      <Field label="What would help" {...place.at('whatWouldHelp')}>
        <Textarea {...field('whatWouldHelp')} />
      </Field>
      <Field label="Patterns explored with the pupil (herringbone, timetable)" {...place.at('patternsExplored')}>
        <Textarea {...field('patternsExplored')} />
      </Field>
      <ErrorBar error={place.rest} title="The pupil's voice was not saved" />
      <div>
        <Button type="submit" appearance="primary" disabled={busy}>
          Save the pupil's voice
        </Button>
      </div>
    </form>
  );
}

function TrustedAdultForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const current = props.view.case.trustedAdult;
  const [form, setForm] = useState({ name: current?.name ?? '', role: current?.role ?? '', upn: current?.upn ?? '', agreedOn: current?.agreedOn ?? props.view.today, checkInEveryDays: String(current?.checkInEveryDays ?? 7) });
  const { act, busy, error } = useAction(
    () =>
      props.change(
        'PUT',
        '/trusted-adult',
        // Left blank, the check-in interval is the usual week.
        checked(trustedAdultInput, { ...form, upn: form.upn || undefined, checkInEveryDays: form.checkInEveryDays.trim() === '' ? undefined : Number(form.checkInEveryDays) }),
        props.view.case.etag,
      ),
    props.setView,
  );
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (_: unknown, d: { value: string }) => setForm({ ...form, [k]: d.value }) });
  const place = placeError(error, Object.keys(form));
  return (
    <form className={shared.form} aria-label="Trusted adult" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <div className={shared.row}>
        <Field label="Name" required {...place.at('name')}>
          <Input {...field('name')} />
        </Field>
        <Field label="Role" required {...place.at('role')}>
          <Input {...field('role')} placeholder="Learning mentor, favourite teacher…" />
        </Field>
        <Field label="Staff email (to let them see the case)" {...place.at('upn')}>
          <Input {...field('upn')} />
        </Field>
        <Field label="Agreed on" required {...place.at('agreedOn')}>
          <Input type="date" {...field('agreedOn')} />
        </Field>
        <Field label="Check in every (days)" {...place.at('checkInEveryDays')}>
          <Input type="number" min={1} max={28} {...field('checkInEveryDays')} />
        </Field>
      </div>
      <ErrorBar error={place.rest} title="The trusted adult was not saved" />
      <div>
        <Button type="submit" disabled={busy}>
          {current ? 'Change the trusted adult' : 'Agree a trusted adult'}
        </Button>
      </div>
    </form>
  );
}

function CheckInForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const today = props.view.today;
  const empty = { date: today, by: props.view.case.trustedAdult?.name ?? '', howTheyAre: '', worriesRaised: '', followUp: '' };
  const [form, setForm] = useState(empty);
  const { act, busy, error } = useAction(() => props.change('POST', '/check-ins', checked(checkInInput(today), form)), (v) => (props.setView(v), setForm(empty)));
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (_: unknown, d: { value: string }) => setForm({ ...form, [k]: d.value }) });
  const place = placeError(error, Object.keys(empty));
  return (
    <form className={shared.form} aria-label="Record a check-in" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <div className={shared.row}>
        <Field label="Date" required {...place.at('date')}>
          <Input type="date" max={today} {...field('date')} />
        </Field>
        <Field label="By" required {...place.at('by')}>
          <Input {...field('by')} />
        </Field>
      </div>
      <Field label="How they are" required {...place.at('howTheyAre')}>
        <Textarea {...field('howTheyAre')} />
      </Field>
      <Field label="Worries raised" {...place.at('worriesRaised')}>
        <Textarea {...field('worriesRaised')} />
      </Field>
      <Field label="Follow-up" {...place.at('followUp')}>
        <Textarea {...field('followUp')} />
      </Field>
      <ErrorBar error={place.rest} title="The check-in was not saved" />
      <div>
        <Button type="submit" disabled={busy}>
          Save check-in
        </Button>
      </div>
    </form>
  );
}

function ParentVoiceForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const today = props.view.today;
  const empty = { date: today, carerName: props.view.carers[0]?.name ?? '', inTheirWords: '', barriers: '', whatWouldHelp: '', matchesPupilsReasons: 'not-yet-known' };
  const [form, setForm] = useState(empty);
  const { act, busy, error } = useAction(
    () => props.change('POST', '/parent-voice', checked(parentVoiceInput(today), { ...form, barriers: form.barriers.split('\n').map((b) => b.trim()).filter(Boolean) })),
    (v) => (props.setView(v), setForm(empty)),
  );
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (_: unknown, d: { value: string }) => setForm({ ...form, [k]: d.value }) });
  const place = placeError(error, Object.keys(empty));
  return (
    <form className={shared.form} aria-label="Record the parents' voice" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <div className={shared.row}>
        <Field label="Date" required {...place.at('date')}>
          <Input type="date" max={today} {...field('date')} />
        </Field>
        <Field label="Parent or carer" required {...place.at('carerName')}>
          <Input {...field('carerName')} />
        </Field>
        <Field label="Do the reasons match the pupil's?" {...place.at('matchesPupilsReasons')}>
          <Select value={form.matchesPupilsReasons} onChange={(_, d) => setForm({ ...form, matchesPupilsReasons: d.value })}>
            {Object.entries(MATCHES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="In their words" required {...place.at('inTheirWords')}>
        <Textarea {...field('inTheirWords')} />
      </Field>
      <Field label="Barriers (one a line)" {...place.at('barriers')}>
        <Textarea {...field('barriers')} />
      </Field>
      <Field label="What would help" {...place.at('whatWouldHelp')}>
        <Textarea {...field('whatWouldHelp')} />
      </Field>
      <ErrorBar error={place.rest} title="The parents' voice was not saved" />
      <div>
        <Button type="submit" disabled={busy}>
          Save the parents' voice
        </Button>
      </div>
    </form>
  );
}
