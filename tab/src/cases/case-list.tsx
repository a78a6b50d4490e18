/**
 * The case list: the cases this member of staff may see (a head of year's year groups, the whole school
 * for the attendance lead and DSLs), lowest attendance first, filtered by stage, band, what is due and
 * name; and opening a case by hand.
 */
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  Select,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { CaseListResponse, CaseListRow, PupilSearchResponse } from '../../../bot/api/api-types';
import { openCaseInput } from '../../../bot/domain/cases/case-input';
import { CASE_STAGES } from '../../../bot/domain/cases/support-case';
import type { ApiClient, CaseFilters } from '../api-client';
import { ErrorBar } from '../ui';
import { BandBadges, DueBadges, TrendText } from './badges';
import { checked, placeError } from './checked-form';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end', marginBlockEnd: tokens.spacingVerticalL },
  count: { marginBlockEnd: tokens.spacingVerticalS, display: 'block', color: tokens.colorNeutralForeground2 },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  nowrap: { whiteSpace: 'nowrap' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', alignItems: 'center' },
  attendance: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', whiteSpace: 'nowrap' },
});

export function CaseList(props: { client: ApiClient; urn: string; personal: boolean; onOpen: (upn: string) => void }) {
  const s = useStyles();
  const { client, urn } = props;
  const [filters, setFilters] = useState<CaseFilters>({ q: '' });
  const [list, setList] = useState<CaseListResponse>();
  const [error, setError] = useState<unknown>();
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      client.cases(urn, filters).then(
        (l) => current && (setList(l), setError(undefined)),
        (e) => current && setError(e),
      );
    }, filters.q ? 250 : 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, urn, filters]);

  const set = (k: keyof CaseFilters) => (value: string | boolean) => setFilters((f) => ({ ...f, [k]: value }));

  return (
    <>
      <div className={s.filters} role="search" aria-label="Filter cases">
        <Field label="Search by name">
          <Input value={filters.q ?? ''} onChange={(_, d) => set('q')(d.value)} placeholder="Name, form or UPN" />
        </Field>
        <Field label="Stage">
          <Select value={filters.stage ?? ''} onChange={(_, d) => set('stage')(d.value)}>
            <option value="">Any stage</option>
            {CASE_STAGES.map((st) => (
              <option key={st.id} value={st.id}>
                {st.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Attendance band">
          <Select value={filters.band ?? ''} onChange={(_, d) => set('band')(d.value)}>
            <option value="">Any band</option>
            <option value="below-threshold">Below the school's threshold</option>
            <option value="persistent">Persistent absence (90% or below)</option>
            <option value="severe">Severe absence (50% or below)</option>
          </Select>
        </Field>
        <Field label="Actions due this week">
          <Select value={filters.due ?? ''} onChange={(_, d) => set('due')(d.value)}>
            <option value="">Any</option>
            <option value="any">Anything due</option>
            <option value="meeting">Meeting to arrange</option>
            <option value="review">Review meeting</option>
            <option value="contact">Fortnightly contact</option>
          </Select>
        </Field>
        <Field label="Status">
          <Select value={filters.status ?? 'open'} onChange={(_, d) => set('status')(d.value)}>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
            <option value="all">All</option>
          </Select>
        </Field>
        <Switch checked={Boolean(filters.mine)} onChange={(_, d) => set('mine')(d.checked)} label="Only cases I lead or am trusted adult in" />
        <Button appearance="primary" onClick={() => setOpening(true)}>
          Open a case
        </Button>
      </div>
      <ErrorBar error={error} title="Could not load the cases" />
      {!list && !error && <Spinner label="Loading cases…" />}
      {list && (
        <>
          <Text className={s.count} aria-live="polite">
            {list.cases.length} {list.cases.length === 1 ? 'case' : 'cases'} · {list.scope === 'school' ? 'whole school' : list.scope === 'involved' ? 'cases you are involved in' : list.scope}
          </Text>
          <Table className={s.table} aria-label="Support First cases" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Pupil</TableHeaderCell>
                <TableHeaderCell>Year / form</TableHeaderCell>
                <TableHeaderCell>Stage</TableHeaderCell>
                <TableHeaderCell>Attendance (year)</TableHeaderCell>
                <TableHeaderCell>Trend</TableHeaderCell>
                <TableHeaderCell>Due</TableHeaderCell>
                <TableHeaderCell>Meetings</TableHeaderCell>
                <TableHeaderCell>Lead</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.cases.map((c) => (
                <CaseRow key={c.upn} row={c} today={list.today} onOpen={props.onOpen} />
              ))}
            </TableBody>
          </Table>
          {list.cases.length === 0 && <Text>No cases match.</Text>}
        </>
      )}
      {opening && <OpenCaseDialog client={client} urn={urn} onClose={() => setOpening(false)} onOpened={props.onOpen} />}
    </>
  );
}

function CaseRow(props: { row: CaseListRow; today: string; onOpen: (upn: string) => void }) {
  const s = useStyles();
  const c = props.row;
  return (
    <TableRow>
      <TableCell>
        <Link href={`#/cases/${c.upn}`} onClick={(e) => (e.preventDefault(), props.onOpen(c.upn))}>
          {c.name}
        </Link>
        {c.status === 'closed' && <Badge appearance="outline">closed</Badge>}
      </TableCell>
      <TableCell className={s.nowrap}>
        Year {c.yearGroup} · {c.form}
      </TableCell>
      <TableCell>{c.stageLabel}</TableCell>
      <TableCell>
        <div className={s.attendance}>
          <Text weight="semibold">{c.attendance.year === undefined ? '–' : `${c.attendance.year.toFixed(1)}%`}</Text>
          <BandBadges bands={c.attendance.bands} />
        </div>
      </TableCell>
      <TableCell>
        <TrendText direction={c.attendance.trend} />
      </TableCell>
      <TableCell>
        <div className={s.badges}>
          <DueBadges due={c.due} today={props.today} />
        </div>
      </TableCell>
      <TableCell>{c.meetingsHeld} of 3</TableCell>
      <TableCell>{c.lead?.name ?? '–'}</TableCell>
    </TableRow>
  );
}

function OpenCaseDialog(props: { client: ApiClient; urn: string; onClose: () => void; onOpened: (upn: string) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PupilSearchResponse['pupils']>([]);
  const [chosen, setChosen] = useState<string>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const search = useCallback(
    (text: string) => {
      setQ(text);
      if (text.trim().length < 2) return setFound([]);
      props.client.searchPupils(props.urn, text).then((r) => setFound(r.pupils), setError);
    },
    [props.client, props.urn],
  );
  const open = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      checked(openCaseInput, { upn: chosen, reason });
      await props.client.openCase(props.urn, chosen, reason);
      props.onOpened(chosen);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const place = placeError(error, ['upn', 'reason']);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Open a Support First case</DialogTitle>
          <DialogContent>
            <Field label="Pupil's name">
              <Input value={q} onChange={(_, d) => search(d.value)} />
            </Field>
            <Field label="Pupil" {...place.at('upn')}>
              <Select value={chosen ?? ''} onChange={(_, d) => setChosen(d.value || undefined)}>
                <option value="">{found.length ? 'Choose a pupil' : 'Type at least two letters above'}</option>
                {found.map((p) => (
                  <option key={p.upn} value={p.upn} disabled={p.case === 'open'}>
                    {p.name} · Year {p.yearGroup} {p.form}
                    {p.case === 'open' ? ' (case open)' : p.case === 'closed' ? ' (closed case: reopen)' : ''}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Why open a case now" required {...place.at('reason')}>
              <Textarea value={reason} onChange={(_, d) => setReason(d.value)} />
            </Field>
            <ErrorBar error={place.rest} />
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onClose}>Cancel</Button>
            <Button appearance="primary" disabled={!chosen || !reason.trim() || busy} onClick={open}>
              Open case
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
