/**
 * The case forms check what they send with the server's own schemas (case-input), so a form refuses what
 * the server would, in the same words, before anything is sent; and a refusal, the form's own or the
 * server's, is shown by the field it is about.
 */
import type { FieldProps } from '@fluentui/react-components';
import type { z } from 'zod';
import { CaseInputError, readInput } from '../../../bot/domain/cases/case-input';
import type { InputProblem } from '../../../bot/domain/input-problems';
import { ApiError } from '../api-client';

/**
 * The body, unchanged, once the schema reads it as the server will (`prefix` as the route names it);
 * otherwise the server's own refusal, a CaseInputError at the first field at fault.
 */
export function checked<T>(schema: z.ZodType, body: T, prefix = ''): T {
  readInput(schema, body, prefix);
  return body;
}

/** The field at fault and what is wrong there, from the form's own check or the server's 400. */
export function fieldProblem(error: unknown): InputProblem | undefined {
  const refusal = error instanceof CaseInputError || (error instanceof ApiError && error.status === 400) ? error : undefined;
  if (!refusal?.field) return undefined;
  // Both read "field: what is wrong": the server sends a CaseInputError's message as it is.
  const prefix = `${refusal.field}: `;
  return { field: refusal.field, message: refusal.message.startsWith(prefix) ? refusal.message.slice(prefix.length) : refusal.message };
}

/** Whether a problem at `field` belongs by the form field `name`: the same, or an entry of a list of texts ("barriers[2]"). */
function isAt(field: string, name: string): boolean {
  return field === name || (field.startsWith(`${name}[`) && /^\[\d+\]$/.test(field.slice(name.length)));
}

export interface PlacedError {
  /** Props for a Field: its message when the problem is at one of `names`. */
  at(...names: string[]): Pick<FieldProps, 'validationMessage' | 'validationState'>;
  /** The error for the form's bar: anything not shown by one of the form's fields. */
  rest: unknown;
}

/** A form's error placed by the fields it shows (`fields`, named as the server names them). */
export function placeError(error: unknown, fields: readonly string[]): PlacedError {
  const problem = fieldProblem(error);
  const shown = problem && fields.some((f) => isAt(problem.field, f)) ? problem : undefined;
  return {
    at: (...names) => (shown && names.some((n) => isAt(shown.field, n)) ? { validationMessage: shown.message, validationState: 'error' } : {}),
    rest: shown ? undefined : error,
  };
}
