/**
 * The attendance escalation checklist: each item confirmed by a named person, on a date, with the
 * evidence (or, where the item applies only in some families, marked not applicable with the reason).
 * Below it, what still stands in the way of an enforcement referral, and the referral itself, which the
 * server refuses until nothing does.
 */
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Text, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import type { ChecklistLine } from '../../../bot/api/api-types';
import { checklistConfirmationInput, referralInput } from '../../../bot/domain/cases/case-input';
import { ApiError } from '../api-client';
import { ErrorBar, Section, Words, formatDate, formatInstant, useAction, useSharedStyles } from '../ui';
import type { CasePanelProps } from './case-page';
import { checked, placeError } from './checked-form';

export function ChecklistPanel(props: CasePanelProps) {
  const shared = useSharedStyles();
  const { view } = props;
  const manage = view.permissions.manage && view.case.status === 'open';
  return (
    <>
      <Section id="checklist" title={`Escalation checklist: ${view.checklist.confirmed} of ${view.checklist.total} confirmed`} hint="Every item must be confirmed with evidence before an enforcement referral can be made.">
        <ol className={shared.list}>
          {view.checklist.items.map((item, i) => (
            <ChecklistItem key={item.id} number={i + 1} item={item} manage={manage} {...props} />
          ))}
        </ol>
      </Section>
      <Referral {...props} />
    </>
  );
}

function ChecklistItem(props: CasePanelProps & { item: ChecklistLine; number: number; manage: boolean }) {
  const shared = useSharedStyles();
  const { item } = props;
  const c = item.confirmation;
  const [answer, setAnswer] = useState<'done' | 'not-applicable'>('done');
  const [evidence, setEvidence] = useState('');
  const confirm = useAction(() => props.change('PUT', `/checklist/${item.id}`, checked(checklistConfirmationInput, { answer, evidence }), c?.etag), (v) => (props.setView(v), setEvidence('')));
  const place = placeError(confirm.error, ['answer', 'evidence']);
  const withdraw = useAction(() => props.change('DELETE', `/checklist/${item.id}`, undefined, c?.etag), props.setView);
  return (
    <li className={shared.item} data-checklist-item={item.id}>
      <Text weight="semibold">
        {props.number}. {item.text}
      </Text>{' '}
      {c ? (
        <Badge appearance="filled" color="success">
          {c.answer === 'done' ? 'confirmed' : 'not applicable'}
        </Badge>
      ) : (
        <Badge appearance="outline" color="warning">
          to do
        </Badge>
      )}
      {item.appliesWhen && <div className={shared.meta}>Applies when {item.appliesWhen}.</div>}
      {c && (
        <>
          <div className={shared.meta}>
            {c.answer === 'done' ? 'Confirmed' : 'Marked not applicable'} by {c.confirmedBy.name}, {formatInstant(c.confirmedAt)}
          </div>
          <Text weight="semibold">Evidence</Text>
          <Words>{c.evidence}</Words>
          {props.manage && (
            <div>
              <Button size="small" onClick={() => void withdraw.act()} disabled={withdraw.busy}>
                Withdraw
              </Button>
              <ErrorBar error={withdraw.error} />
            </div>
          )}
        </>
      )}
      {!c && props.manage && (
        <form className={shared.form} aria-label={`Confirm item ${props.number}`} noValidate onSubmit={(e) => (e.preventDefault(), void confirm.act())}>
          <RadioGroup layout="horizontal" value={answer} onChange={(_, d) => setAnswer(d.value as 'done' | 'not-applicable')} aria-label={`Item ${props.number}`}>
            <Radio value="done" label="Done" />
            {item.appliesWhen && <Radio value="not-applicable" label="Not applicable" disabled={Boolean(item.notApplicableRefusal)} />}
          </RadioGroup>
          {item.appliesWhen && item.notApplicableRefusal && <div className={shared.meta}>{item.notApplicableRefusal}</div>}
          <Field label={answer === 'done' ? 'Evidence: what was done, when, where it is recorded' : 'Why it does not apply'} required {...place.at('evidence', 'answer')}>
            <Textarea value={evidence} onChange={(_, d) => setEvidence(d.value)} />
          </Field>
          <ErrorBar error={place.rest} title="Not confirmed" />
          <div>
            <Button type="submit" appearance="primary" disabled={confirm.busy || !evidence.trim()}>
              Confirm item {props.number}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

function Referral(props: CasePanelProps) {
  const shared = useSharedStyles();
  const { view } = props;
  const [summary, setSummary] = useState('');
  const [reference, setReference] = useState('');
  const { act, busy, error } = useAction(() => props.change('POST', '/referral', checked(referralInput, { summary, reference: reference || undefined })), props.setView);
  const recorded = view.case.referral;
  const refusal = error instanceof ApiError && error.status === 409 && error.blockers ? error : undefined;
  const place = placeError(error, ['summary', 'reference']);
  return (
    <Section id="referral" title="Enforcement referral">
      {recorded ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Referral recorded {formatDate(recorded.at.slice(0, 10))}</MessageBarTitle>
            By {recorded.by.name}
            {recorded.reference ? ` · reference ${recorded.reference}` : ''}. {recorded.summary}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <>
          {view.referral.blockers.length > 0 ? (
            <>
              <Text weight="semibold">Still missing before a referral ({view.referral.blockers.length})</Text>
              <ul data-testid="referral-missing">
                {view.referral.blockers.map((b) => (
                  <li key={`${b.kind}-${b.itemId ?? b.professionalId}`}>{b.message}</li>
                ))}
              </ul>
            </>
          ) : (
            <Text>The checklist is complete and every lead professional has been consulted.</Text>
          )}
          {view.referral.meetingsShort > 0 && <Text block>Note: {view.referral.meetingsShort} more meeting{view.referral.meetingsShort === 1 ? '' : 's'} would reach the three Support First expects.</Text>}
          {view.permissions.recordReferral && view.case.status === 'open' && (
            <form className={shared.form} aria-label="Record an enforcement referral" noValidate onSubmit={(e) => (e.preventDefault(), void act())}>
              <Field label="Summary for the local authority" required {...place.at('summary')}>
                <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} />
              </Field>
              <Field label="Local authority reference" {...place.at('reference')}>
                <Input value={reference} onChange={(_, d) => setReference(d.value)} />
              </Field>
              {refusal ? (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>
                    <MessageBarTitle>Referral refused</MessageBarTitle>
                    {refusal.message}
                  </MessageBarBody>
                </MessageBar>
              ) : (
                <ErrorBar error={place.rest} />
              )}
              <div>
                <Button type="submit" appearance="primary" disabled={busy || !summary.trim()}>
                  Record enforcement referral
                </Button>
              </div>
            </form>
          )}
        </>
      )}
    </Section>
  );
}
