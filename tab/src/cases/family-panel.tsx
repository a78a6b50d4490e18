/**
 * Parents and carers with how each is best reached (method, time, language, literacy, interpreter), a
 * non-resident parent's inclusion decided by the DSL; siblings and their schools with the days they were
 * absent too; and the professionals working with the family, whose lead must be consulted.
 */
import { Badge, Button, Checkbox, Field, Input, Select, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { CaseView } from '../../../bot/api/api-types';
import { carerInput, communicationInput, consultationInput, dslDecisionInput, professionalInput, siblingInput } from '../../../bot/domain/cases/case-input';
import { PROFESSIONAL_SERVICES, type Inclusion } from '../../../bot/domain/cases/family';
import { COMMUNICATION_METHODS, LITERACY_LEVELS, type CommunicationPreferences } from '../../../bot/domain/cases/voice';
import { ErrorBar, Section, Words, formatDate, useAction, useSharedStyles } from '../ui';
import type { CasePanelProps } from './case-page';
import { checked, placeError, type PlacedError } from './checked-form';

const useStyles = makeStyles({
  days: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

const INCLUSION: Record<Inclusion, { label: string; color: 'success' | 'warning' | 'subtle' }> = {
  included: { label: 'included in correspondence', color: 'success' },
  'awaiting-dsl': { label: 'awaiting the DSL', color: 'warning' },
  'not-included': { label: 'not included (DSL)', color: 'subtle' },
};

const LITERACY: Record<string, string> = { confident: 'confident reader', 'some-support': 'some support with reading', 'needs-support': 'needs support with reading', 'not-known': 'literacy not known' };

export function FamilyPanel(props: CasePanelProps) {
  const shared = useSharedStyles();
  const s = useStyles();
  const { view } = props;
  const manage = view.permissions.manage && view.case.status === 'open';
  return (
    <>
      <Section id="carers" title="Parents and carers" hint="All parents are included in attendance correspondence; check with the DSL before including a parent who lives elsewhere.">
        <ul className={shared.list}>
          {view.carers.map((c) => (
            <li key={c.id} className={shared.item}>
              <Text weight="semibold">
                {c.name} · {c.relationship} · {c.livesWithPupil ? 'lives with the pupil' : 'lives elsewhere'}
                {c.parentalResponsibility ? ' · parental responsibility' : ''}
              </Text>{' '}
              <Badge appearance="tint" color={INCLUSION[c.inclusion].color}>
                {INCLUSION[c.inclusion].label}
              </Badge>
              <Text block>
                Best reached by {c.communication.method}
                {c.communication.bestTime ? `, ${c.communication.bestTime}` : ''} · {c.communication.language} · {LITERACY[c.communication.literacy]}
                {c.communication.interpreter ? ' · needs an interpreter' : ''}
              </Text>
              <Words>{c.communication.considerations}</Words>
              {c.dslDecision && (
                <Text block>
                  DSL decision ({c.dslDecision.by.name}, {formatDate(c.dslDecision.at.slice(0, 10))}): {c.dslDecision.decision === 'include' ? 'include' : 'do not include'}. {c.dslDecision.reason}
                </Text>
              )}
              {manage && <CommunicationForm carer={c} {...props} />}
              {view.case.status === 'open' && view.permissions.decideInclusion && (!c.livesWithPupil || c.requiresDslApproval) && <DslDecisionForm carer={c} {...props} />}
            </li>
          ))}
        </ul>
        {manage && <CarerForm {...props} />}
      </Section>
      <Section id="siblings" title="Siblings" hint="Check whether siblings have the same absences, and contact their schools for a joined-up approach.">
        <ul className={shared.list}>
          {view.siblings.map((sib) => (
            <li key={sib.id} className={shared.item}>
              <Text weight="semibold">
                {sib.name} · {sib.school}
                {sib.yearGroup !== undefined ? ` · year ${sib.yearGroup}` : ''}
              </Text>
              {sib.sharedAbsenceDays && (
                <>
                  <Text block>
                    Absent on the same day {sib.sharedAbsenceDays.length} time{sib.sharedAbsenceDays.length === 1 ? '' : 's'} this year
                  </Text>
                  <div className={s.days}>
                    {sib.sharedAbsenceDays.map((d) => (
                      <Badge key={d} appearance="outline">
                        {formatDate(d)}
                      </Badge>
                    ))}
                  </div>
                </>
              )}
              {sib.schoolContacted ? (
                <Text block>
                  School contacted {formatDate(sib.schoolContacted.on)}: {sib.schoolContacted.outcome}
                </Text>
              ) : (
                !sib.upn && <Text block>Their school has not been contacted yet.</Text>
              )}
            </li>
          ))}
        </ul>
        {manage && <SiblingForm {...props} />}
      </Section>
      <Section id="professionals" title="Professionals involved" hint="TAF, CIN, CAMHS, YOS, EHCP… A lead professional must be consulted before any enforcement referral.">
        <ul className={shared.list}>
          {view.professionals.map((p) => (
            <li key={p.id} className={shared.item}>
              <Text weight="semibold">
                {p.name} · {PROFESSIONAL_SERVICES.find((x) => x.id === p.service)?.label ?? p.service}
                {p.role ? ` · ${p.role}` : ''}
              </Text>{' '}
              {p.isLeadProfessional && <Badge appearance="tint" color="important">lead professional</Badge>}
              {p.consulted ? (
                <Text block>
                  Consulted {formatDate(p.consulted.on)} by {p.consulted.by.name}: {p.consulted.summary}
                </Text>
              ) : (
                p.isLeadProfessional && <Text block>Not yet consulted.</Text>
              )}
              {manage && !p.consulted && <ConsultationForm professional={p} {...props} />}
            </li>
          ))}
        </ul>
        {manage && <ProfessionalForm {...props} />}
      </Section>
    </>
  );
}

/** How the server names the communication fields: "body.language" on their own, "communication.language" in a carer. */
const communicationFields = (path: string) => ['method', 'bestTime', 'language', 'literacy', 'considerations'].map((f) => `${path}.${f}`);

function CommunicationFields(props: { value: CommunicationPreferences; onChange: (v: CommunicationPreferences) => void; place: PlacedError; path: string }) {
  const shared = useSharedStyles();
  const v = props.value;
  const set = (patch: Partial<CommunicationPreferences>) => props.onChange({ ...v, ...patch });
  const at = (f: keyof CommunicationPreferences) => props.place.at(`${props.path}.${f}`);
  return (
    <>
      <div className={shared.row}>
        <Field label="Method" {...at('method')}>
          <Select value={v.method} onChange={(_, d) => set({ method: d.value as CommunicationPreferences['method'] })}>
            {COMMUNICATION_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Best time" {...at('bestTime')}>
          <Input value={v.bestTime} onChange={(_, d) => set({ bestTime: d.value })} placeholder="After 3pm, not Mondays" />
        </Field>
        <Field label="Language" required {...at('language')}>
          <Input value={v.language} onChange={(_, d) => set({ language: d.value })} />
        </Field>
        <Field label="Literacy" {...at('literacy')}>
          <Select value={v.literacy} onChange={(_, d) => set({ literacy: d.value as CommunicationPreferences['literacy'] })}>
            {LITERACY_LEVELS.map((l) => (
              <option key={l} value={l}>
                {LITERACY[l]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Checkbox checked={v.interpreter} onChange={(_, d) => set({ interpreter: Boolean(d.checked) })} label="Needs an interpreter" />
      <Field label="To bear in mind (work, caring, health, transport, phone credit, internet)" {...at('considerations')}>
        <Textarea value={v.considerations} onChange={(_, d) => set({ considerations: d.value })} />
      </Field>
    </>
  );
}

function CommunicationForm(props: CasePanelProps & { carer: CaseView['carers'][number] }) {
  const shared = useSharedStyles();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(props.carer.communication);
  const { act, busy, error } = useAction(
    () => props.change('PUT', `/carers/${props.carer.id}/communication`, checked(communicationInput, value, 'body'), props.carer.etag),
    (v) => (props.setView(v), setOpen(false)),
  );
  const place = placeError(error, communicationFields('body'));
  if (!open) return <Button size="small" onClick={() => setOpen(true)}>How to reach {props.carer.name}</Button>;
  return (
    <form className={shared.form} aria-label={`How to reach ${props.carer.name}`} noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <CommunicationFields value={value} onChange={setValue} place={place} path="body" />
      <ErrorBar error={place.rest} />
      <div className={shared.row}>
        <Button type="submit" appearance="primary" disabled={busy}>
          Save
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}

function DslDecisionForm(props: CasePanelProps & { carer: CaseView['carers'][number] }) {
  const shared = useSharedStyles();
  const [decision, setDecision] = useState<'include' | 'exclude'>('include');
  const [reason, setReason] = useState('');
  const { act, busy, error } = useAction(() => props.change('PUT', `/carers/${props.carer.id}/dsl-decision`, checked(dslDecisionInput, { decision, reason }), props.carer.etag), props.setView);
  const place = placeError(error, ['decision', 'reason']);
  return (
    <form className={shared.form} aria-label={`DSL decision on ${props.carer.name}`} noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <div className={shared.row}>
        <Field label={`Include ${props.carer.name} in attendance correspondence?`} {...place.at('decision')}>
          <Select value={decision} onChange={(_, d) => setDecision(d.value as 'include' | 'exclude')}>
            <option value="include">Include</option>
            <option value="exclude">Do not include</option>
          </Select>
        </Field>
      </div>
      <Field label="Reason (seen by DSLs only)" required {...place.at('reason')}>
        <Textarea value={reason} onChange={(_, d) => setReason(d.value)} />
      </Field>
      <ErrorBar error={place.rest} />
      <div>
        <Button type="submit" disabled={busy}>
          Record the DSL's decision
        </Button>
      </div>
    </form>
  );
}

function CarerForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const empty = { name: '', relationship: '', livesWithPupil: false, parentalResponsibility: true };
  const [form, setForm] = useState(empty);
  const [communication, setCommunication] = useState<CommunicationPreferences>({ method: 'phone', bestTime: '', language: 'English', literacy: 'not-known', interpreter: false, considerations: '' });
  const { act, busy, error } = useAction(() => props.change('POST', '/carers', checked(carerInput, { ...form, communication })), (v) => (props.setView(v), setForm(empty)));
  const place = placeError(error, ['name', 'relationship', ...communicationFields('communication')]);
  return (
    <form className={shared.form} aria-label="Add a parent or carer" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <Text weight="semibold">Add a parent or carer</Text>
      <div className={shared.row}>
        <Field label="Name" required {...place.at('name')}>
          <Input value={form.name} onChange={(_, d) => setForm({ ...form, name: d.value })} />
        </Field>
        <Field label="Relationship" required {...place.at('relationship')}>
          <Input value={form.relationship} onChange={(_, d) => setForm({ ...form, relationship: d.value })} />
        </Field>
      </div>
      <Checkbox checked={form.livesWithPupil} onChange={(_, d) => setForm({ ...form, livesWithPupil: Boolean(d.checked) })} label="Lives with the pupil" />
      <Checkbox checked={form.parentalResponsibility} onChange={(_, d) => setForm({ ...form, parentalResponsibility: Boolean(d.checked) })} label="Has parental responsibility" />
      <CommunicationFields value={communication} onChange={setCommunication} place={place} path="communication" />
      <ErrorBar error={place.rest} title="Not added" />
      <div>
        <Button type="submit" disabled={busy}>
          Add
        </Button>
      </div>
    </form>
  );
}

function SiblingForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const empty = { name: '', school: '', yearGroup: '', contactedOn: '', outcome: '' };
  const [form, setForm] = useState(empty);
  const { act, busy, error } = useAction(
    () =>
      props.change(
        'POST',
        '/siblings',
        checked(siblingInput, {
          name: form.name,
          school: form.school,
          yearGroup: form.yearGroup === '' ? undefined : Number(form.yearGroup),
          schoolContacted: form.contactedOn ? { on: form.contactedOn, outcome: form.outcome } : undefined,
        }),
      ),
    (v) => (props.setView(v), setForm(empty)),
  );
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (_: unknown, d: { value: string }) => setForm({ ...form, [k]: d.value }) });
  const place = placeError(error, ['name', 'school', 'yearGroup', 'schoolContacted.on', 'schoolContacted.outcome']);
  return (
    <form className={shared.form} aria-label="Add a sibling at another school" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <Text weight="semibold">Add a sibling at another school</Text>
      <div className={shared.row}>
        <Field label="Name" required {...place.at('name')}>
          <Input {...field('name')} />
        </Field>
        <Field label="School" required {...place.at('school')}>
          <Input {...field('school')} />
        </Field>
        <Field label="Year group" {...place.at('yearGroup')}>
          <Input type="number" {...field('yearGroup')} />
        </Field>
        <Field label="School contacted on" {...place.at('schoolContacted.on')}>
          <Input type="date" {...field('contactedOn')} />
        </Field>
      </div>
      <Field label="What their school said" {...place.at('schoolContacted.outcome')}>
        <Textarea {...field('outcome')} />
      </Field>
      <ErrorBar error={place.rest} title="Not added" />
      <div>
        <Button type="submit" disabled={busy}>
          Add
        </Button>
      </div>
    </form>
  );
}

function ProfessionalForm(props: CasePanelProps) {
  const shared = useSharedStyles();
  const empty = { service: 'TAF', name: '', role: '', organisation: '', phone: '', email: '', isLeadProfessional: false };
  const [form, setForm] = useState(empty);
  const { act, busy, error } = useAction(
    () => props.change('POST', '/professionals', checked(professionalInput, { ...form, phone: form.phone || undefined, email: form.email || undefined })),
    (v) => (props.setView(v), setForm(empty)),
  );
  const field = (k: 'name' | 'role' | 'organisation' | 'phone' | 'email') => ({ value: form[k], onChange: (_: unknown, d: { value: string }) => setForm({ ...form, [k]: d.value }) });
  const place = placeError(error, ['service', 'name', 'role', 'organisation']);
  return (
    <form className={shared.form} aria-label="Add a professional" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <Text weight="semibold">Add a professional</Text>
      <div className={shared.row}>
        <Field label="Service" {...place.at('service')}>
          <Select value={form.service} onChange={(_, d) => setForm({ ...form, service: d.value })}>
            {PROFESSIONAL_SERVICES.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id === 'other' ? p.label : `${p.id}: ${p.label}`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Name" required {...place.at('name')}>
          <Input {...field('name')} />
        </Field>
        <Field label="Role" {...place.at('role')}>
          <Input {...field('role')} />
        </Field>
        <Field label="Organisation" {...place.at('organisation')}>
          <Input {...field('organisation')} />
        </Field>
      </div>
      <Checkbox checked={form.isLeadProfessional} onChange={(_, d) => setForm({ ...form, isLeadProfessional: Boolean(d.checked) })} label="Lead professional (EHCM, YOS, CAMHS or CSC)" />
      <ErrorBar error={place.rest} title="Not added" />
      <div>
        <Button type="submit" disabled={busy}>
          Add
        </Button>
      </div>
    </form>
  );
}

function ConsultationForm(props: CasePanelProps & { professional: CaseView['professionals'][number] }) {
  const shared = useSharedStyles();
  const [on, setOn] = useState(props.view.today);
  const [summary, setSummary] = useState('');
  const { act, busy, error } = useAction(
    () => props.change('PUT', `/professionals/${props.professional.id}/consultation`, checked(consultationInput(props.view.today), { on, summary }), props.professional.etag),
    props.setView,
  );
  const place = placeError(error, ['on', 'summary']);
  return (
    <form className={shared.form} aria-label={`Consultation with ${props.professional.name}`} noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
      <div className={shared.row}>
        <Field label="Consulted on" required {...place.at('on')}>
          <Input type="date" value={on} max={props.view.today} onChange={(_, d) => setOn(d.value)} />
        </Field>
      </div>
      <Field label={`What ${props.professional.name} said`} required {...place.at('summary')}>
        <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} />
      </Field>
      <ErrorBar error={place.rest} />
      <div>
        <Button type="submit" disabled={busy}>
          Record the consultation
        </Button>
      </div>
    </form>
  );
}
