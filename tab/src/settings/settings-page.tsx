/**
 * The school's settings, for the attendance lead and the trust's administrators: the school and its
 * register times, the attendance bands and who watches each, the morning list and concerns, the Entra
 * groups that give roles; and, to read, the staff list, the calendar, the linked channel and the last
 * imports. Each part saves on its own, from the reading the page holds (If-Match): the server's message
 * for a field is shown at that field, and a change someone else made first asks for a reload.
 */
import { Button, Field, Input, Link, MessageBar, MessageBarActions, MessageBarBody, Select, Spinner, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { SettingsView } from '../../../bot/api/api-types';
import type { SettingsChange } from '../../../bot/domain/school-settings';
import { ApiError, type ApiClient } from '../api-client';
import { describeRoles } from '../dev-sign-in';
import { LastImports } from '../import/last-imports';
import { ErrorBar, Section, formatDate, formatInstant } from '../ui';

const useStyles = makeStyles({
  heading: { margin: 0, marginBlockEnd: tokens.spacingVerticalL, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '60rem', padding: tokens.spacingHorizontalL, backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  row: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'start' },
  narrow: { width: '15rem' },
  medium: { width: '28rem', maxWidth: '100%' },
  wide: { minWidth: '16rem', flexGrow: 1 },
  // Fluent's Input has a minimum width of its own: let it fill its field instead.
  fill: { width: '100%', minWidth: 0 },
  band: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', paddingBlockEnd: tokens.spacingVerticalS, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  panel: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, minWidth: 0 },
  saved: { color: tokens.colorPaletteGreenForeground1 },
  picker: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', marginBlockEnd: tokens.spacingVerticalL },
});

const ROLE_GROUP_LABELS: [string, string][] = [
  ['attendance-lead', 'Attendance lead'],
  ['attendance-officer', 'Attendance officer'],
  ['dsl', 'DSL'],
  ['deputy-dsl', 'Deputy DSL'],
  ['head-of-year', 'Head of year'],
  ['staff', 'Staff'],
];

type Errors = Record<string, string>;

interface SaveState {
  /** Which part is being saved, or was saved last. */
  saving?: string;
  saved?: string;
  errors: Errors;
  /** A problem not tied to one field (a refusal, or the server failing). */
  problem?: unknown;
  /** Someone else changed the settings first. */
  stale?: string;
}

export function SettingsPage(props: { client: ApiClient; urn: string; schools?: { urn: string; name: string }[]; onChooseSchool?: (urn: string) => void }) {
  const { client, urn } = props;
  const s = useStyles();
  const [view, setView] = useState<SettingsView>();
  const [loadError, setLoadError] = useState<unknown>();
  const [state, setState] = useState<SaveState>({ errors: {} });

  const load = useCallback(() => {
    setLoadError(undefined);
    setState({ errors: {} });
    client.settings(urn).then(setView, setLoadError);
  }, [client, urn]);
  useEffect(() => {
    setView(undefined);
    load();
  }, [load]);

  const save = useCallback(
    async (part: string, change: SettingsChange) => {
      if (!view) return;
      setState({ saving: part, errors: {} });
      try {
        setView(await client.changeSettings(urn, change, view.etag));
        setState({ saved: part, errors: {} });
      } catch (err) {
        const errors: Errors = {};
        const listed = err instanceof ApiError ? (err.body?.errors as { field: string; message: string }[] | undefined) : undefined;
        for (const e of listed ?? []) errors[e.field] = errors[e.field] ? `${errors[e.field]}; ${e.message}` : e.message;
        if (err instanceof ApiError && err.status === 409) setState({ errors: {}, stale: err.message });
        else if (listed?.length) setState({ errors, problem: errors['(request)'] ? new Error(errors['(request)']) : undefined });
        else setState({ errors: {}, problem: err });
      }
    },
    [client, urn, view],
  );

  const picker = props.schools && props.schools.length > 1 && (
    <div className={s.picker}>
      <label htmlFor="settings-school">School</label>
      <Select id="settings-school" value={urn} onChange={(_, d) => props.onChooseSchool?.(d.value)}>
        {props.schools.map((sc) => (
          <option key={sc.urn} value={sc.urn}>
            {sc.name} ({sc.urn})
          </option>
        ))}
      </Select>
    </div>
  );

  if (loadError) {
    return (
      <>
        <h2 className={s.heading}>Settings</h2>
        {picker}
        <ErrorBar error={loadError} title="Could not open the settings" />
      </>
    );
  }
  if (!view) return <Spinner label="Opening the settings…" />;

  const part = { view, state, save, readOnly: !view.canChange };
  return (
    <>
      <h2 className={s.heading}>Settings · {view.profile.name}</h2>
      {picker}
      {state.stale && (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>{state.stale}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={load}>Reload</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {state.problem !== undefined && <ErrorBar error={state.problem} title="Not saved" />}
      <ProfileAndTimes key={`times-${view.etag}`} {...part} />
      <Bands key={`bands-${view.etag}`} {...part} />
      <ListAndConcerns key={`list-${view.etag}`} {...part} />
      <CardClockPart key={`clock-${view.etag}`} {...part} />
      <RoleGroups key={`groups-${view.etag}`} {...part} />
      <Staff view={view} />
      <Calendar view={view} />
      <Channel view={view} />
      <Section title="Last imports" id="settings-imports">
        <div className={s.panel}>
          <LastImports kinds={view.imports.kinds} last={view.imports.last} />
        </div>
        <Link href="#/import">Import files</Link>
      </Section>
    </>
  );
}

interface PartProps {
  view: SettingsView;
  state: SaveState;
  save: (part: string, change: SettingsChange) => Promise<void>;
  readOnly: boolean;
}

/** A part of the settings that saves on its own. */
function SettingsForm(props: PartProps & { name: string; title: string; hint?: string; id: string; change: () => SettingsChange; children: ReactNode }) {
  const s = useStyles();
  const { state } = props;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.save(props.name, props.change());
  };
  return (
    <Section title={props.title} hint={props.hint} id={props.id}>
      <form className={s.form} onSubmit={submit} aria-labelledby={props.id}>
        {props.children}
        {!props.readOnly && (
          <div className={s.actions}>
            <Button type="submit" appearance="primary" disabled={state.saving !== undefined}>
              {state.saving === props.name ? 'Saving…' : 'Save'}
            </Button>
            <span role="status" className={s.saved}>
              {state.saved === props.name ? 'Saved.' : ''}
            </span>
          </div>
        )}
      </form>
    </Section>
  );
}

function fieldState(errors: Errors, field: string) {
  const message = errors[field];
  return message ? { validationState: 'error' as const, validationMessage: message } : {};
}

function ProfileAndTimes(props: PartProps) {
  const s = useStyles();
  const { view } = props;
  const [name, setName] = useState(view.profile.name);
  const [timeZone, setTimeZone] = useState(view.profile.timeZone);
  const [morning, setMorning] = useState(view.times.registerCloseTime);
  const [afternoon, setAfternoon] = useState(view.times.afternoonRegisterCloseTime);
  const [notifyBy, setNotifyBy] = useState(view.times.notifyByTime);
  const errors = props.state.errors;
  const change = (): SettingsChange => ({ name, timeZone, registerCloseTime: morning, afternoonRegisterCloseTime: afternoon, notifyByTime: notifyBy });
  return (
    <SettingsForm {...props} name="times" title="School and register times" id="settings-times" change={change} hint="Times are the school's own, 24-hour (HH:MM). The morning list goes out when the morning register closes.">
      <div className={s.row}>
        <Field label="School name" className={s.wide} {...fieldState(errors, 'name')}>
          <Input className={s.fill} value={name} onChange={(_, d) => setName(d.value)} readOnly={props.readOnly} />
        </Field>
        <Field label="URN" hint="The school's identity in Firstday" className={s.narrow}>
          <Input className={s.fill} value={view.profile.urn} readOnly />
        </Field>
        <Field label="Time zone" hint="e.g. Europe/London" className={s.wide} {...fieldState(errors, 'timeZone')}>
          <Input className={s.fill} value={timeZone} onChange={(_, d) => setTimeZone(d.value)} readOnly={props.readOnly} />
        </Field>
      </div>
      <div className={s.row}>
        <Field label="Morning register closes" className={s.narrow} {...fieldState(errors, 'registerCloseTime')}>
          <Input className={s.fill} value={morning} onChange={(_, d) => setMorning(d.value)} readOnly={props.readOnly} inputMode="numeric" placeholder="HH:MM" />
        </Field>
        <Field label="Afternoon register closes" className={s.narrow} {...fieldState(errors, 'afternoonRegisterCloseTime')}>
          <Input className={s.fill} value={afternoon} onChange={(_, d) => setAfternoon(d.value)} readOnly={props.readOnly} inputMode="numeric" placeholder="HH:MM" />
        </Field>
        <Field label="Parents tell us of an absence by" className={s.narrow} {...fieldState(errors, 'notifyByTime')}>
          <Input className={s.fill} value={notifyBy} onChange={(_, d) => setNotifyBy(d.value)} readOnly={props.readOnly} inputMode="numeric" placeholder="HH:MM" />
        </Field>
      </div>
    </SettingsForm>
  );
}

interface BandDraft {
  key: number;
  belowPercent: string;
  label: string;
  watcherUpn: string;
}

function Bands(props: PartProps) {
  const s = useStyles();
  const { view } = props;
  const [bands, setBands] = useState<BandDraft[]>(() => view.bands.map((b, i) => ({ key: i, belowPercent: String(b.belowPercent), label: b.label, watcherUpn: b.watcherUpn ?? '' })));
  const [nextKey, setNextKey] = useState(view.bands.length);
  const errors = props.state.errors;
  const update = (key: number, patch: Partial<BandDraft>) => setBands((all) => all.map((b) => (b.key === key ? { ...b, ...patch } : b)));
  const change = (): SettingsChange => ({
    // A percentage that is not a number goes as written, so the server's message names it.
    bands: bands.map((b) => ({ belowPercent: b.belowPercent.trim() && Number.isFinite(Number(b.belowPercent)) ? Number(b.belowPercent) : (b.belowPercent as unknown as number), label: b.label, ...(b.watcherUpn ? { watcherUpn: b.watcherUpn } : {}) })),
  });
  return (
    <SettingsForm
      {...props}
      name="bands"
      title="Attendance bands and watchers"
      id="settings-bands"
      change={change}
      hint="Highest first. A pupil at or below a band's percentage is in it; crossing it opens their Support First case and tells the pupil's heads of year and the band's watcher."
    >
      {errors.bands && (
        <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errors.bands}
        </Text>
      )}
      {bands.map((b, i) => (
        <div className={s.band} key={b.key} role="group" aria-label={`Band ${i + 1}`}>
          <Field label="At or below (%)" className={s.narrow} {...fieldState(errors, `bands[${i}].belowPercent`)}>
            <Input className={s.fill} type="number" min={0} max={100} step={0.1} value={b.belowPercent} onChange={(_, d) => update(b.key, { belowPercent: d.value })} readOnly={props.readOnly} />
          </Field>
          <Field label="Label" className={s.wide} {...fieldState(errors, `bands[${i}].label`)}>
            <Input className={s.fill} value={b.label} onChange={(_, d) => update(b.key, { label: d.value })} readOnly={props.readOnly} />
          </Field>
          <Field label="Watcher" className={s.wide} {...fieldState(errors, `bands[${i}].watcherUpn`)}>
            <Select className={s.fill} value={b.watcherUpn} onChange={(_, d) => update(b.key, { watcherUpn: d.value })} disabled={props.readOnly}>
              <option value="">No one</option>
              {view.staff.map((m) => (
                <option key={m.upn} value={m.upn}>
                  {m.displayName} ({m.upn})
                </option>
              ))}
              {b.watcherUpn && !view.staff.some((m) => m.upn.toLowerCase() === b.watcherUpn.toLowerCase()) && <option value={b.watcherUpn}>{b.watcherUpn} (not on the staff list)</option>}
            </Select>
          </Field>
          {!props.readOnly && (
            <Button onClick={() => setBands((all) => all.filter((x) => x.key !== b.key))} aria-label={`Remove band ${i + 1}${b.label ? ` (${b.label})` : ''}`}>
              Remove
            </Button>
          )}
        </div>
      ))}
      {!props.readOnly && (
        <div>
          <Button
            onClick={() => {
              setBands((all) => [...all, { key: nextKey, belowPercent: '', label: '', watcherUpn: '' }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add a band
          </Button>
        </div>
      )}
    </SettingsForm>
  );
}

function ListAndConcerns(props: PartProps) {
  const s = useStyles();
  const { view } = props;
  const [review, setReview] = useState(view.reviewBeforePosting);
  const [minutes, setMinutes] = useState(String(view.concernAcknowledgeMinutes));
  const errors = props.state.errors;
  const change = (): SettingsChange => ({
    reviewBeforePosting: review,
    concernAcknowledgeMinutes: /^\d+$/.test(minutes.trim()) ? Number(minutes) : (minutes as unknown as number),
  });
  return (
    <SettingsForm {...props} name="list" title="The morning list and concerns" id="settings-list" change={change}>
      <Field {...fieldState(errors, 'reviewBeforePosting')}>
        <Switch checked={review} onChange={(_, d) => setReview(d.checked)} disabled={props.readOnly} label="The attendance officer reviews the morning list before it is posted to the channel" />
      </Field>
      <Field label="Minutes a DSL has to acknowledge a concern before it is raised again" hint="From 1 to 240" className={s.medium} {...fieldState(errors, 'concernAcknowledgeMinutes')}>
        <Input className={s.fill} type="number" min={1} max={240} value={minutes} onChange={(_, d) => setMinutes(d.value)} readOnly={props.readOnly} />
      </Field>
    </SettingsForm>
  );
}

const CLOCK_MINUTES: [keyof SettingsView['cardClock'], string][] = [
  ['unclaimedOfficerMinutes', 'Minutes after the list goes out before an unclaimed card is raised with the attendance officer'],
  ['unclaimedLeadMinutes', 'Minutes after the list goes out before a still unclaimed card is raised with the attendance lead'],
  ['stalledClaimerMinutes', 'Minutes after a claim with no outcome before the person calling is reminded'],
  ['stalledOfficerMinutes', 'Minutes after a claim with no outcome before the attendance officer is told'],
];

/** The school's clock for its cards: when a card nobody is working is raised, and with whom. */
function CardClockPart(props: PartProps) {
  const s = useStyles();
  const { view } = props;
  const [minutes, setMinutes] = useState<Record<string, string>>(() => Object.fromEntries(CLOCK_MINUTES.map(([k]) => [k, String(view.cardClock[k])])));
  const errors = props.state.errors;
  const change = (): SettingsChange => ({
    cardClock: Object.fromEntries(CLOCK_MINUTES.map(([k]) => [k, /^\d+$/.test(minutes[k].trim()) ? Number(minutes[k]) : minutes[k]])) as unknown as SettingsChange['cardClock'],
  });
  return (
    <SettingsForm {...props} name="clock" title="Cards nobody is working" id="settings-clock" change={change}>
      {CLOCK_MINUTES.map(([k, label]) => (
        <Field key={k} label={label} hint="From 1 to 240" className={s.medium} {...fieldState(errors, `cardClock.${k}`)}>
          <Input className={s.fill} type="number" min={1} max={240} value={minutes[k]} onChange={(_, d) => setMinutes((m) => ({ ...m, [k]: d.value }))} readOnly={props.readOnly} />
        </Field>
      ))}
    </SettingsForm>
  );
}

function RoleGroups(props: PartProps) {
  const s = useStyles();
  const { view } = props;
  const [groups, setGroups] = useState<Record<string, string>>(() => Object.fromEntries(ROLE_GROUP_LABELS.map(([role]) => [role, view.roleGroups[role as keyof SettingsView['roleGroups']] ?? ''])));
  const errors = props.state.errors;
  const change = (): SettingsChange => ({ roleGroups: groups as SettingsChange['roleGroups'] });
  return (
    <SettingsForm
      {...props}
      name="groups"
      title="Roles from Entra groups"
      id="settings-groups"
      change={change}
      hint="Members of a group hold its role as well as those the staff list gives. Paste the group's object id from Entra; leave it empty for none."
    >
      <div className={s.row}>
        {ROLE_GROUP_LABELS.map(([role, label]) => (
          <Field key={role} label={`${label} group`} className={s.wide} {...fieldState(errors, `roleGroups.${role}`)}>
            <Input className={s.fill} value={groups[role]} onChange={(_, d) => setGroups((g) => ({ ...g, [role]: d.value }))} readOnly={props.readOnly} placeholder="None" />
          </Field>
        ))}
      </div>
    </SettingsForm>
  );
}

function Staff(props: { view: SettingsView }) {
  const s = useStyles();
  return (
    <Section title={`Staff (${props.view.staff.length})`} id="settings-staff" hint="The staff list comes from the staff file: import a new one to change it.">
      <div className={s.panel}>
        <Table size="small" aria-label="Staff">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Sign-in</TableHeaderCell>
              <TableHeaderCell>Roles</TableHeaderCell>
              <TableHeaderCell>Year groups</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {props.view.staff.map((m) => (
              <TableRow key={m.upn}>
                <TableCell>{m.displayName}</TableCell>
                <TableCell>{m.upn}</TableCell>
                <TableCell>{describeRoles(m.roles, [])}</TableCell>
                <TableCell>{m.yearGroups.map((y) => (y === 0 ? 'Reception' : `Year ${y}`)).join(', ')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <Link href="#/import">Import a new staff file</Link>
    </Section>
  );
}

function Calendar(props: { view: SettingsView }) {
  const s = useStyles();
  const { calendar } = props.view;
  return (
    <Section title="Calendar" id="settings-calendar" hint="Terms and closures come from the calendar file. Firstday makes a list only on school days.">
      {calendar.notices.map((n) => (
        <MessageBar key={n.kind} intent="warning">
          <MessageBarBody>{n.text}</MessageBarBody>
        </MessageBar>
      ))}
      <div className={s.panel}>
        {calendar.terms.length ? (
          <Table size="small" aria-label="Terms">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Term</TableHeaderCell>
                <TableHeaderCell>First day</TableHeaderCell>
                <TableHeaderCell>Last day</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {calendar.terms.map((t) => (
                <TableRow key={`${t.start}-${t.name}`}>
                  <TableCell>{t.name}</TableCell>
                  <TableCell>{formatDate(t.start)}</TableCell>
                  <TableCell>{formatDate(t.end)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Text>No terms yet.</Text>
        )}
        <p>
          <Text weight="semibold">Closures in term: </Text>
          <Text>{calendar.closures.length ? calendar.closures.map(formatDate).join(', ') : 'none'}</Text>
        </p>
      </div>
      <Link href="#/import">Import a calendar</Link>
    </Section>
  );
}

function Channel(props: { view: SettingsView }) {
  const c = props.view.channel;
  return (
    <Section title="Pastoral channel" id="settings-channel">
      {c ? (
        <Text>
          The morning list goes to {c.channelName ? `the ${c.channelName} channel` : 'the linked channel'}
          {c.teamName ? ` in ${c.teamName}` : ''}, linked by {c.linkedByName} on {formatInstant(c.linkedAt)}.
        </Text>
      ) : (
        <Text>No channel is linked yet. In the pastoral channel, mention the bot ("@Firstday link") and enter the school's URN on the card.</Text>
      )}
    </Section>
  );
}
