/**
 * Meetings with the family (at least three; initial, review, parent contract meeting, attendance contract):
 * who came, the barriers heard, the actions agreed with owners and dates, the next review; and the
 * fortnightly contact between meetings.
 */
import { Button, Checkbox, Field, Input, Select, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { agreedActionDoneInput, familyContactInput, meetingInput } from '../../../bot/domain/cases/case-input';
import { MEETING_KINDS, meetingKindLabel, type MeetingKind } from '../../../bot/domain/cases/meetings';
import { COMMUNICATION_METHODS } from '../../../bot/domain/cases/voice';
import { ErrorBar, Section, Words, formatDate, formatInstant, useAction, useSharedStyles } from '../ui';
import type { CasePanelProps } from './case-page';
import { checked, placeError } from './checked-form';

const useStyles = makeStyles({
  pair: { display: 'grid', gridTemplateColumns: '1fr 1fr auto', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  triple: { display: 'grid', gridTemplateColumns: '2fr 1fr 1fr auto', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  actions: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The rows of a form's list that are sent (the rest are left blank): their places in the list sent. */
const sentRows = <T,>(rows: T[], filled: (row: T) => boolean) => rows.flatMap((row, i) => (filled(row) ? [i] : []));
const attendeeGiven = (a: { name: string; role: string }) => Boolean(a.name.trim() || a.role.trim());
const actionGiven = (a: { action: string; owner: string; due: string }) => Boolean(a.action.trim() || a.owner.trim() || a.due);

export function MeetingsPanel(props: CasePanelProps) {
  const shared = useSharedStyles();
  const { view, change, setView } = props;
  const canManage = view.permissions.manage && view.case.status === 'open';
  const toggle = useAction((id: string, index: number, done: boolean, etag: string) => change('PATCH', `/meetings/${id}/actions`, checked(agreedActionDoneInput, { index, done }), etag), setView);
  return (
    <>
      <Section id="meetings" title={`Meetings (${view.plan.meetingsHeld} of at least ${view.plan.minimumMeetings})`} hint="A meeting is recorded once it has taken place; its review date plans the next one.">
        {view.meetings.length === 0 && <Text>No meetings recorded yet.</Text>}
        <ErrorBar error={toggle.error} />
        <ul className={shared.list}>
          {view.meetings.map((m) => (
            <li key={m.id} className={shared.item}>
              <Text weight="semibold">
                {meetingKindLabel(m.kind)} · {formatDate(m.date)} · {m.method}
              </Text>
              <div className={shared.meta}>Recorded by {m.recordedBy.name}, {formatInstant(m.recordedAt)}</div>
              <Text>Attendees: {m.attendees.map((a) => `${a.name} (${a.role})`).join(', ')}</Text>
              {m.barriers.length > 0 && (
                <>
                  <Text weight="semibold">Barriers heard</Text>
                  <ul>
                    {m.barriers.map((b, i) => (
                      <li key={i}>{b}</li>
                    ))}
                  </ul>
                </>
              )}
              {m.agreedActions.length > 0 && (
                <>
                  <Text weight="semibold">Agreed actions</Text>
                  <ul className={shared.list}>
                    {m.agreedActions.map((a, i) => (
                      <li key={i}>
                        <Checkbox
                          checked={a.done}
                          disabled={!canManage || toggle.busy}
                          onChange={(_, d) => toggle.act(m.id, i, Boolean(d.checked), m.etag)}
                          label={`${a.action} — ${a.owner}, by ${formatDate(a.due)}`}
                        />
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {m.nextReview && <Text>Next review: {formatDate(m.nextReview)}</Text>}
              <Words>{m.summary}</Words>
            </li>
          ))}
        </ul>
        {canManage && <MeetingForm {...props} />}
      </Section>
      <Section id="contacts" title="Fortnightly contact" hint="Contact the family every fortnight between meetings to discuss progress and re-offer support.">
        {view.plan.due.contact && <Text>Next contact due {formatDate(view.plan.due.contact)}.</Text>}
        <ul className={shared.list}>
          {view.contacts.map((c) => (
            <li key={c.id} className={shared.item}>
              <Text weight="semibold">
                {formatDate(c.date)} · {c.method} · {c.withWhom}
                {c.supportReoffered ? ' · support re-offered' : ''}
              </Text>
              <div className={shared.meta}>Recorded by {c.recordedBy.name}</div>
              <Words>{c.summary}</Words>
            </li>
          ))}
        </ul>
        {canManage && <ContactForm {...props} />}
      </Section>
    </>
  );
}

function MeetingForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const s = useStyles();
  const today = props.view.today;
  const [kind, setKind] = useState<MeetingKind>(props.view.plan.meetingsHeld === 0 ? 'initial' : 'review');
  const [date, setDate] = useState(today);
  const [method, setMethod] = useState('in-person');
  const [attendees, setAttendees] = useState([{ name: '', role: '' }]);
  const [barriers, setBarriers] = useState('');
  const [actions, setActions] = useState([{ action: '', owner: '', due: '' }]);
  const [nextReview, setNextReview] = useState('');
  const [summary, setSummary] = useState('');
  const { act, busy, error } = useAction(
    async () =>
      props.change(
        'POST',
        '/meetings',
        checked(meetingInput(today), {
          kind,
          date,
          method,
          attendees: attendees.filter(attendeeGiven),
          barriers: lines(barriers),
          agreedActions: actions.filter(actionGiven),
          nextReview: nextReview || undefined,
          summary,
        }),
      ),
    (v) => {
      props.setView(v);
      setAttendees([{ name: '', role: '' }]);
      setActions([{ action: '', owner: '', due: '' }]);
      setBarriers('');
      setNextReview('');
      setSummary('');
    },
  );
  // A problem with a row is named by its place among the rows sent, so find the row on screen from that.
  const attendeeRows = sentRows(attendees, attendeeGiven);
  const actionRows = sentRows(actions, actionGiven);
  const place = placeError(error, [
    'kind',
    'date',
    'method',
    'attendees',
    ...attendeeRows.flatMap((_, k) => [`attendees[${k}].name`, `attendees[${k}].role`]),
    'barriers',
    'agreedActions',
    ...actionRows.flatMap((_, k) => [`agreedActions[${k}].action`, `agreedActions[${k}].owner`, `agreedActions[${k}].due`]),
    'nextReview',
    'summary',
  ]);
  const attendee = (i: number, part: string) => place.at(`attendees[${attendeeRows.indexOf(i)}].${part}`, ...(i === 0 && part === 'name' ? ['attendees'] : []));
  const action = (i: number, part: string) => place.at(`agreedActions[${actionRows.indexOf(i)}].${part}`, ...(i === 0 && part === 'action' ? ['agreedActions'] : []));
  return (
    <form className={shared.form} aria-label="Record a meeting" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <Text weight="semibold">Record a meeting</Text>
      <div className={shared.row}>
        <Field label="Meeting" {...place.at('kind')}>
          <Select value={kind} onChange={(_, d) => setKind(d.value as MeetingKind)}>
            {MEETING_KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Date held" required {...place.at('date')}>
          <Input type="date" value={date} max={today} onChange={(_, d) => setDate(d.value)} />
        </Field>
        <Field label="How" {...place.at('method')}>
          <Select value={method} onChange={(_, d) => setMethod(d.value)}>
            <option value="in-person">In person</option>
            <option value="phone">Phone</option>
            <option value="virtual">Virtual</option>
          </Select>
        </Field>
      </div>
      {attendees.map((a, i) => (
        <div key={i} className={s.pair}>
          <Field label={`Attendee ${i + 1}: name`} required={i === 0} {...attendee(i, 'name')}>
            <Input value={a.name} onChange={(_, d) => setAttendees(attendees.map((x, j) => (j === i ? { ...x, name: d.value } : x)))} />
          </Field>
          <Field label="Role" {...attendee(i, 'role')}>
            <Input value={a.role} onChange={(_, d) => setAttendees(attendees.map((x, j) => (j === i ? { ...x, role: d.value } : x)))} placeholder="Mother, head of year…" />
          </Field>
          <Button onClick={() => setAttendees(attendees.filter((_, j) => j !== i))} disabled={attendees.length === 1} aria-label={`Remove attendee ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button onClick={() => setAttendees([...attendees, { name: '', role: '' }])}>Add an attendee</Button>
      <Field label="Barriers heard (one a line)" {...place.at('barriers')}>
        <Textarea value={barriers} onChange={(_, d) => setBarriers(d.value)} />
      </Field>
      {actions.map((a, i) => (
        <div key={i} className={s.triple}>
          <Field label={`Agreed action ${i + 1}`} {...action(i, 'action')}>
            <Input value={a.action} onChange={(_, d) => setActions(actions.map((x, j) => (j === i ? { ...x, action: d.value } : x)))} />
          </Field>
          <Field label="Owner" {...action(i, 'owner')}>
            <Input value={a.owner} onChange={(_, d) => setActions(actions.map((x, j) => (j === i ? { ...x, owner: d.value } : x)))} />
          </Field>
          <Field label="By" {...action(i, 'due')}>
            <Input type="date" value={a.due} onChange={(_, d) => setActions(actions.map((x, j) => (j === i ? { ...x, due: d.value } : x)))} />
          </Field>
          <Button onClick={() => setActions(actions.filter((_, j) => j !== i))} disabled={actions.length === 1} aria-label={`Remove agreed action ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button onClick={() => setActions([...actions, { action: '', owner: '', due: '' }])}>Add an agreed action</Button>
      <div className={shared.row}>
        <Field label="Next review" {...place.at('nextReview')}>
          <Input type="date" value={nextReview} min={date} onChange={(_, d) => setNextReview(d.value)} />
        </Field>
      </div>
      <Field label="Summary" {...place.at('summary')}>
        <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} />
      </Field>
      <ErrorBar error={place.rest} title="The meeting was not saved" />
      <div>
        <Button type="submit" appearance="primary" disabled={busy}>
          Save meeting
        </Button>
      </div>
    </form>
  );
}

function ContactForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const today = props.view.today;
  const [date, setDate] = useState(today);
  const [method, setMethod] = useState('phone');
  const [withWhom, setWithWhom] = useState('');
  const [summary, setSummary] = useState('');
  const [supportReoffered, setSupportReoffered] = useState(true);
  const { act, busy, error } = useAction(
    async () => props.change('POST', '/contacts', checked(familyContactInput(today), { date, method, withWhom, summary, supportReoffered })),
    (v) => (props.setView(v), setSummary(''), setWithWhom('')),
  );
  const place = placeError(error, ['date', 'method', 'withWhom', 'summary']);
  return (
    <form className={shared.form} aria-label="Record a contact" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <div className={shared.row}>
        <Field label="Date" required {...place.at('date')}>
          <Input type="date" value={date} max={today} onChange={(_, d) => setDate(d.value)} />
        </Field>
        <Field label="How" {...place.at('method')}>
          <Select value={method} onChange={(_, d) => setMethod(d.value)}>
            {COMMUNICATION_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="With" required {...place.at('withWhom')}>
          <Input value={withWhom} onChange={(_, d) => setWithWhom(d.value)} />
        </Field>
      </div>
      <Field label="What was discussed" required {...place.at('summary')}>
        <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} />
      </Field>
      <Checkbox checked={supportReoffered} onChange={(_, d) => setSupportReoffered(Boolean(d.checked))} label="Support re-offered" />
      <ErrorBar error={place.rest} title="The contact was not saved" />
      <div>
        <Button type="submit" disabled={busy}>
          Save contact
        </Button>
      </div>
    </form>
  );
}
