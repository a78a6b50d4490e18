/**
 * One pupil's Support First case: who they are and where the case stands, then its parts in tabs:
 * attendance and what is due, meetings, voice, family and professionals, the escalation checklist and
 * referral, the chronology with notes and letters, and (for the attendance lead) the audit log.
 */
import {
  Badge,
  Button,
  Field,
  Select,
  Spinner,
  Tab,
  TabList,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { CaseView } from '../../../bot/api/api-types';
import { openCaseInput, stageInput } from '../../../bot/domain/cases/case-input';
import { CASE_STAGES, stageLabel, type CaseStage } from '../../../bot/domain/cases/support-case';
import { ApiError, type ApiClient } from '../api-client';
import { ErrorBar, formatDate, useAction } from '../ui';
import { AttendancePanel } from './attendance-panel';
import { AuditPanel } from './audit-panel';
import { ChecklistPanel } from './checklist-panel';
import { checked, placeError } from './checked-form';
import { ChronologyPanel } from './chronology-panel';
import { FamilyPanel } from './family-panel';
import { MeetingsPanel } from './meetings-panel';
import { VoicePanel } from './voice-panel';

export type ChangeCase = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, etag?: string) => Promise<CaseView>;

export interface CasePanelProps {
  view: CaseView;
  change: ChangeCase;
  setView: (view: CaseView) => void;
}

const useStyles = makeStyles({
  header: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'baseline', marginBlockEnd: tokens.spacingVerticalM },
  name: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  stage: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap', marginBlockEnd: tokens.spacingVerticalM },
  tabs: { marginBlockEnd: tokens.spacingVerticalL, flexWrap: 'wrap' },
  panel: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium },
});

type PanelId = 'overview' | 'meetings' | 'voice' | 'family' | 'checklist' | 'chronology' | 'audit';

export function CasePage(props: { client: ApiClient; urn: string; upn: string; onBack: () => void }) {
  const s = useStyles();
  const { client, urn, upn } = props;
  const [view, setView] = useState<CaseView>();
  const [error, setError] = useState<unknown>();
  const [panel, setPanel] = useState<PanelId>('overview');
  const [opening, setOpening] = useState('');
  const [openingError, setOpeningError] = useState<unknown>();

  const load = useCallback(() => client.case(urn, upn).then((v) => (setView(v), setError(undefined)), setError), [client, urn, upn]);
  useEffect(() => {
    setView(undefined);
    void load();
  }, [load]);

  const change: ChangeCase = useCallback(
    async (method, path, body, etag) => {
      try {
        return await client.change(urn, upn, method, path, body, etag);
      } catch (err) {
        // Someone else changed the case: show what they did, then the user can try again.
        if (err instanceof ApiError && err.status === 412) void load();
        throw err;
      }
    },
    [client, urn, upn, load],
  );

  const back = (
    <Button appearance="subtle" onClick={props.onBack}>
      ← All cases
    </Button>
  );

  if (error instanceof ApiError && error.status === 404 && error.body?.canOpen) {
    const pupil = error.body.pupil as { name: string; yearGroup: number; form: string };
    const openCase = async () => {
      setOpeningError(undefined);
      try {
        checked(openCaseInput, { upn, reason: opening });
        setView(await client.openCase(urn, upn, opening));
        setError(undefined);
      } catch (err) {
        setOpeningError(err);
      }
    };
    const place = placeError(openingError, ['reason']);
    return (
      <>
        {back}
        <h2 className={s.name}>{pupil.name}</h2>
        <Text>
          Year {pupil.yearGroup} · {pupil.form} has no Support First case yet.
        </Text>
        <Field label="Why open a case now" required {...place.at('reason')}>
          <Textarea value={opening} onChange={(_, d) => setOpening(d.value)} />
        </Field>
        <ErrorBar error={place.rest} title="The case was not opened" />
        <Button appearance="primary" disabled={!opening.trim()} onClick={() => void openCase()}>
          Open a case
        </Button>
      </>
    );
  }
  if (error && !view) {
    return (
      <>
        {back}
        <ErrorBar error={error} title="Could not open the case" />
      </>
    );
  }
  if (!view) return <Spinner label="Loading the case…" />;

  const c = view.case;
  const panelProps: CasePanelProps = { view, change, setView };
  return (
    <>
      {back}
      <ErrorBar error={error} />
      <div className={s.header}>
        <h2 className={s.name}>{view.pupil.name}</h2>
        <div className={s.facts}>
          <Text>
            Year {view.pupil.yearGroup} · {view.pupil.form}
          </Text>
          <Badge appearance="filled" color={c.stage === 'enforcement-referral' ? 'danger' : 'brand'}>
            {stageLabel(c.stage)}
          </Badge>
          {c.status === 'closed' && <Badge appearance="outline">Closed {formatDate(c.closedAt?.slice(0, 10))}</Badge>}
          {view.pupil.priority && <Badge appearance="tint" color="important">Priority: talk to the DSL first</Badge>}
          {view.pupil.sen !== 'none' && <Badge appearance="outline">{view.pupil.sen === 'ehcp' ? 'EHC plan' : 'SEN support'}</Badge>}
          {view.pupil.eal && <Badge appearance="outline">EAL{view.pupil.homeLanguage ? `: ${view.pupil.homeLanguage}` : ''}</Badge>}
          {view.pupil.youngCarer && <Badge appearance="outline">Young carer</Badge>}
          <Text>
            Opened {formatDate(c.openedOn)} ({c.openedBecause === 'band-crossing' ? 'crossed a band' : 'by hand'}) · Lead: {c.lead?.name ?? 'none'}
          </Text>
        </div>
      </div>
      {view.permissions.manage && c.status === 'open' && <StageControl {...panelProps} />}
      <TabList className={s.tabs} selectedValue={panel} onTabSelect={(_, d) => setPanel(d.value as PanelId)} aria-label="Parts of the case">
        <Tab value="overview">Attendance</Tab>
        <Tab value="meetings">Meetings ({view.plan.meetingsHeld})</Tab>
        <Tab value="voice">Voice</Tab>
        <Tab value="family">Family</Tab>
        <Tab value="checklist">
          Checklist ({view.checklist.confirmed}/{view.checklist.total})
        </Tab>
        <Tab value="chronology">Chronology and notes ({view.notes.length})</Tab>
        {view.permissions.readAudit && <Tab value="audit">Audit log</Tab>}
      </TabList>
      <div className={s.panel} role="tabpanel" aria-label={panel}>
        {panel === 'overview' && <AttendancePanel view={view} />}
        {panel === 'meetings' && <MeetingsPanel {...panelProps} />}
        {panel === 'voice' && <VoicePanel {...panelProps} />}
        {panel === 'family' && <FamilyPanel {...panelProps} />}
        {panel === 'checklist' && <ChecklistPanel {...panelProps} />}
        {panel === 'chronology' && <ChronologyPanel {...panelProps} />}
        {panel === 'audit' && <AuditPanel client={client} urn={urn} upn={upn} />}
      </div>
    </>
  );
}

function StageControl(props: CasePanelProps) {
  const s = useStyles();
  const [stage, setStage] = useState<CaseStage>(props.view.case.stage);
  useEffect(() => setStage(props.view.case.stage), [props.view.case.stage]);
  const { act, busy, error } = useAction((st: CaseStage) => props.change('PUT', '/stage', checked(stageInput, { stage: st }), props.view.case.etag), props.setView);
  const place = placeError(error, ['stage']);
  if (props.view.case.referral) return null;
  return (
    <div className={s.stage}>
      <Field label="Stage of the graduated response" hint={CASE_STAGES.find((x) => x.id === stage)?.description} {...place.at('stage')}>
        <Select value={stage} onChange={(_, d) => setStage(d.value as CaseStage)}>
          {CASE_STAGES.filter((x) => x.id !== 'enforcement-referral').map((x) => (
            <option key={x.id} value={x.id}>
              {x.label}
            </option>
          ))}
        </Select>
      </Field>
      <Button disabled={busy || stage === props.view.case.stage} onClick={() => act(stage)}>
        Move to this stage
      </Button>
      <ErrorBar error={place.rest} />
    </div>
  );
}
