/**
 * A zod refusal as problems a person can act on: each at the field it is about ("agreedActions[0].owner",
 * "PORT"), with what is wrong there. What the tab sends to change a case and the server's own settings are
 * both read this way, so a refusal always names the field.
 */
import type { z } from 'zod';

export interface InputProblem {
  field: string;
  message: string;
}

/** "agreedActions[0].owner" from a path, under `prefix` when the value was itself a field. */
export function fieldOf(path: readonly PropertyKey[], prefix = ''): string {
  const joined = path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), prefix);
  return joined || 'body';
}

/** The value as the schema reads it, or every problem found, each at its field, in the order found. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): { ok: true; value: z.output<S> } | { ok: false; problems: InputProblem[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => ({ field: fieldOf(issue.path, prefix), message: issue.message })) };
}
