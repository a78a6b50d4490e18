/** A pupil's audit log, for the attendance lead: who read or changed the case, when, from where, and refusals. */
import { Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { AuditEvent } from '../../../bot/domain/audit-event';
import type { ApiClient } from '../api-client';
import { ErrorBar, Section, formatInstant } from '../ui';

export function AuditPanel(props: { client: ApiClient; urn: string; upn: string }) {
  const [events, setEvents] = useState<AuditEvent[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    props.client.audit(props.urn, props.upn).then((r) => setEvents(r.events), setError);
  }, [props.client, props.urn, props.upn]);
  return (
    <Section id="audit" title="Audit log" hint="Every read and change of this pupil's case data, and every refusal.">
      <ErrorBar error={error} />
      {!events && !error && <Spinner label="Loading the audit log…" />}
      {events && (
        <Table size="small" aria-label="Audit log">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
              <TableHeaderCell>Outcome</TableHeaderCell>
              <TableHeaderCell>From</TableHeaderCell>
              <TableHeaderCell>Detail</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.map((e, i) => (
              <TableRow key={`${e.at}-${i}`}>
                <TableCell>{formatInstant(e.at)}</TableCell>
                <TableCell>{e.actorName ?? e.actorId}</TableCell>
                <TableCell>{e.action}</TableCell>
                <TableCell>{e.outcome}</TableCell>
                <TableCell>{e.source}</TableCell>
                <TableCell>{e.detail}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
