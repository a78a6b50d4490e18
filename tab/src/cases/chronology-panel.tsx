/**
 * The pupil's chronology, newest first: every call attempt, outcome, concern, meeting, note and letter,
 * with who and when. Concern detail shows only to DSLs. Notes are text as written, never markup.
 */
import { Badge, Button, Field, Input, Select, Text, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { letterInput, noteInput } from '../../../bot/domain/cases/case-input';
import { LETTER_KINDS } from '../../../bot/domain/cases/case-items';
import type { ChronologyKind } from '../../../bot/domain/chronology';
import { ErrorBar, Section, Words, formatDate, formatInstant, useAction, useSharedStyles } from '../ui';
import type { CasePanelProps } from './case-page';
import { checked, placeError } from './checked-form';

const KIND: Record<ChronologyKind, string> = {
  'call-attempt': 'Call attempt',
  'call-outcome': 'Call outcome',
  claim: 'Claimed',
  concern: 'Concern',
  'concern-acknowledged': 'Concern acknowledged',
  escalation: 'Escalation',
  'home-visit': 'Home visit',
  referral: 'Referral',
  meeting: 'Meeting',
  note: 'Note',
  letter: 'Letter',
  'pupil-voice': 'Pupil voice',
  'parent-voice': 'Parent voice',
  checklist: 'Checklist',
  case: 'Case',
};

export function ChronologyPanel(props: CasePanelProps) {
  const shared = useSharedStyles();
  const { view } = props;
  const open = view.case.status === 'open';
  return (
    <>
      <Section id="notes" title="Notes">
        {open && view.permissions.recordVoice && <NoteForm {...props} />}
        <ul className={shared.list} data-testid="notes">
          {view.notes.map((n) => (
            <li key={n.id} className={shared.item}>
              <div className={shared.meta}>
                {n.recordedBy.name}, {formatInstant(n.recordedAt)}
              </div>
              <Words>{n.text}</Words>
            </li>
          ))}
        </ul>
      </Section>
      <Section id="letters" title="Letters sent">
        <ul className={shared.list}>
          {view.letters.map((l) => (
            <li key={l.id} className={shared.item}>
              <Text weight="semibold">
                {formatDate(l.date)} · {LETTER_KINDS.find((k) => k.id === l.kind)?.label} · to {l.recipients.join(', ') || 'the family'} · in {l.language}
              </Text>
              <Words>{l.summary}</Words>
            </li>
          ))}
        </ul>
        {open && view.permissions.manage && <LetterForm {...props} />}
      </Section>
      <Section id="chronology" title="Chronology" hint="Every call, outcome, concern, meeting, note and letter, newest first.">
        <ol className={shared.list} data-testid="chronology">
          {view.chronology.map((line) => (
            <li key={line.id} className={shared.item}>
              <div className={shared.meta}>
                {formatInstant(line.at)} · {line.byName}
              </div>
              <Badge appearance={line.restricted ? 'filled' : 'outline'} color={line.restricted ? 'danger' : 'informative'}>
                {KIND[line.kind] ?? line.kind}
              </Badge>{' '}
              <Words>{line.summary}</Words>
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}

function NoteForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const [text, setText] = useState('');
  const { act, busy, error } = useAction(() => props.change('POST', '/notes', checked(noteInput, { text })), (v) => (props.setView(v), setText('')));
  const place = placeError(error, ['text']);
  return (
    <form className={shared.form} aria-label="Add a note" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <Field label="Note" required {...place.at('text')}>
        <Textarea value={text} onChange={(_, d) => setText(d.value)} />
      </Field>
      <ErrorBar error={place.rest} title="The note was not saved" />
      <div>
        <Button type="submit" appearance="primary" disabled={busy || !text.trim()}>
          Add note
        </Button>
      </div>
    </form>
  );
}

function LetterForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const today = props.view.today;
  const included = props.view.carers.filter((c) => c.inclusion === 'included').map((c) => c.name);
  const empty = { date: today, kind: 'attendance-concern', recipients: included.join(', '), language: props.view.carers[0]?.communication.language ?? 'English', summary: '' };
  const [form, setForm] = useState(empty);
  const { act, busy, error } = useAction(
    () => props.change('POST', '/letters', checked(letterInput(today), { ...form, recipients: form.recipients.split(',').map((r) => r.trim()).filter(Boolean) })),
    (v) => (props.setView(v), setForm(empty)),
  );
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (_: unknown, d: { value: string }) => setForm({ ...form, [k]: d.value }) });
  const place = placeError(error, Object.keys(empty));
  return (
    <form className={shared.form} aria-label="Record a letter" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <div className={shared.row}>
        <Field label="Sent on" required {...place.at('date')}>
          <Input type="date" max={today} {...field('date')} />
        </Field>
        <Field label="Letter" {...place.at('kind')}>
          <Select value={form.kind} onChange={(_, d) => setForm({ ...form, kind: d.value })}>
            {LETTER_KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Language" required {...place.at('language')}>
          <Input {...field('language')} />
        </Field>
      </div>
      <Field label="To (comma-separated)" hint="Every parent included in correspondence." {...place.at('recipients')}>
        <Input {...field('recipients')} />
      </Field>
      <Field label="Summary" {...place.at('summary')}>
        <Textarea {...field('summary')} />
      </Field>
      <ErrorBar error={place.rest} title="The letter was not recorded" />
      <div>
        <Button type="submit" disabled={busy}>
          Record letter
        </Button>
      </div>
    </form>
  );
}
