/**
 * The year's baseline on the school page: the pupils already in each band when Firstday's figures for the
 * year began. They were not treated as crossings (no case, no message to a head of year), so the attendance
 * lead decides when to open each band's cases, in one go, with a confirmation. Shown only when a band has
 * pupils in it.
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
  Link,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { BaselineBandView, BaselineView } from '../../../bot/api/api-types';
import type { CaseState } from '../../../bot/api/api-types';
import type { ApiClient } from '../api-client';
import { ErrorBar, Section, formatDate, formatInstant } from '../ui';

const useStyles = makeStyles({
  panel: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, marginBlockEnd: tokens.spacingVerticalL, minWidth: 0 },
  band: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBlockEnd: tokens.spacingVerticalL },
  bandHeading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
});

const CASE_WORDS: Record<CaseState, string> = { open: 'case open', closed: 'case closed', none: 'no case yet' };
/** Rows shown before "Show all": a school joining mid-year can have hundreds in its top band. */
const FIRST_ROWS = 25;

const pupils = (n: number) => `${n} ${n === 1 ? 'pupil' : 'pupils'}`;

export function BaselinePanel(props: { client: ApiClient; urn: string; onOpen: (upn: string) => void; onCasesOpened?: () => void }) {
  const s = useStyles();
  const { client, urn } = props;
  const [view, setView] = useState<BaselineView>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let current = true;
    client.baseline(urn).then(
      (v) => current && (setView(v), setError(undefined)),
      (e) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [client, urn]);

  if (error) return <ErrorBar error={error} title="Could not load this year's baseline" />;
  const bands = view?.bands.filter((b) => b.pupils.length > 0) ?? [];
  if (!view || !bands.length) return null;
  const replace = (band: BaselineBandView) => {
    setView({ ...view, bands: view.bands.map((b) => (b.belowPercent === band.belowPercent ? band : b)) });
    props.onCasesOpened?.();
  };
  return (
    <div className={s.panel}>
      <Section
        id="baseline"
        title="Already in a band when this year's figures began"
        hint={`Firstday's figures for this year began on ${formatDate(bands[0].asOf)}. The pupils already in a band then were not treated as crossing it: no case was opened and no head of year was told. ${view.canOpen ? 'Open each band\u2019s cases when you are ready.' : 'The attendance lead opens their cases, band by band.'}`}
      >
        {bands.map((band) => (
          <BaselineBand key={band.belowPercent} band={band} academicYear={view.academicYear} canOpen={view.canOpen} client={client} urn={urn} onOpen={props.onOpen} onOpened={replace} />
        ))}
      </Section>
    </div>
  );
}

function BaselineBand(props: {
  band: BaselineBandView;
  academicYear: number;
  canOpen: boolean;
  client: ApiClient;
  urn: string;
  onOpen: (upn: string) => void;
  onOpened: (band: BaselineBandView) => void;
}) {
  const s = useStyles();
  const { band } = props;
  const [all, setAll] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const headingId = `baseline-${String(band.belowPercent).replace('.', '-')}`;
  const shown = all ? band.pupils : band.pupils.slice(0, FIRST_ROWS);
  const n = band.pupils.length;

  const open = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await props.client.openBaselineCases(props.urn, props.academicYear, band.belowPercent);
      setDone(
        result.opened === 0
          ? 'Every pupil in this band already had a case open.'
          : `${result.opened} ${result.opened === 1 ? 'case' : 'cases'} opened${result.alreadyOpen ? `; ${result.alreadyOpen} already had one` : ''}${result.skipped ? `; ${pupils(result.skipped)} no longer on roll` : ''}.`,
      );
      setConfirming(false);
      props.onOpened(result.band);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={s.band} aria-labelledby={headingId}>
      <h4 className={s.bandHeading} id={headingId}>
        {band.label}: {pupils(n)}
      </h4>
      <Table size="small" aria-label={`Already in ${band.label} when the figures began`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Pupil</TableHeaderCell>
            <TableHeaderCell>Year / form</TableHeaderCell>
            <TableHeaderCell>Attendance then</TableHeaderCell>
            <TableHeaderCell>Support First</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((p) => (
            <TableRow key={p.upn}>
              <TableCell>
                <Link href={`#/cases/${p.upn}`} onClick={(e) => (e.preventDefault(), props.onOpen(p.upn))}>
                  {p.name}
                </Link>
              </TableCell>
              <TableCell>
                Year {p.yearGroup}
                {p.form ? ` · ${p.form}` : ''}
              </TableCell>
              <TableCell>{p.percent.toFixed(1)}%</TableCell>
              <TableCell>
                <Badge appearance={p.case === 'none' ? 'outline' : 'tint'} color={p.case === 'open' ? 'brand' : 'informative'} shape="rounded">
                  {CASE_WORDS[p.case]}
                </Badge>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={s.actions}>
        {shown.length < n && <Button onClick={() => setAll(true)}>Show all {n}</Button>}
        {band.casesOpened ? (
          <Text>
            Cases opened by {band.casesOpened.byName} on {formatInstant(band.casesOpened.at)}.
          </Text>
        ) : props.canOpen ? (
          <Button appearance="primary" onClick={() => setConfirming(true)}>
            Open cases for these {pupils(n)}
          </Button>
        ) : (
          <Text className={s.muted}>No cases opened for this band yet.</Text>
        )}
      </div>
      {done && (
        <MessageBar intent="success">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {/* Kept mounted and closed by `open`: unmounting an open Fluent dialog leaves the page hidden from assistive technology. */}
      {props.canOpen && (
        <Dialog open={confirming} onOpenChange={(_, d) => !d.open && !busy && setConfirming(false)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Open Support First cases for {pupils(n)}?</DialogTitle>
              <DialogContent>
                <p>
                  Every pupil in "{band.label}" without an open case gets one, led by their head of year, and appears in their head of year's cases. No messages are sent. Pupils who already have a case open keep
                  it.
                </p>
                <ErrorBar error={error} title="The cases could not all be opened" />
              </DialogContent>
              <DialogActions>
                <Button disabled={busy} onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
                <Button appearance="primary" disabled={busy} onClick={open}>
                  {busy ? 'Opening cases…' : `Open ${n === 1 ? 'the case' : `${n} cases`}`}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}
