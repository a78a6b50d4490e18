/** The last import of each kind of file: when, by whom, which files. Shown on the Import and Settings pages. */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { LastImportView } from '../../../bot/api/api-types';
import { formatInstant } from '../ui';
import { kindLabel } from './kinds';

export function LastImports(props: { kinds: string[]; last: LastImportView[] }) {
  const byKind = new Map(props.last.map((l) => [l.kind, l]));
  return (
    <Table size="small" aria-label="Last imports">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Kind of file</TableHeaderCell>
          <TableHeaderCell>Last imported</TableHeaderCell>
          <TableHeaderCell>By</TableHeaderCell>
          <TableHeaderCell>Files</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.kinds.map((kind) => {
          const l = byKind.get(kind as LastImportView['kind']);
          return (
            <TableRow key={kind}>
              <TableCell>{kindLabel(kind)}</TableCell>
              <TableCell>{l ? formatInstant(l.at) : <Text italic>Never</Text>}</TableCell>
              <TableCell>{l?.byName ?? ''}</TableCell>
              <TableCell>{l ? l.files.map((f) => `${f.name} (${f.rows.toLocaleString('en-GB')} rows)`).join(', ') : ''}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
