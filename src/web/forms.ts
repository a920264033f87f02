// Parsing request input with zod: the first invalid field becomes a 400 that names it.
import type { z } from 'zod';
import { badRequest } from '../errors.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path.join('.') || 'body';
  throw badRequest(field);
}

/** First value of a query parameter that may be repeated. */
export function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; field: string };

/** Like parseInput, for forms shown again with a message: names the first invalid field. */
export function checkInput<S extends z.ZodType>(schema: S, input: unknown): Checked<z.infer<S>> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, field: result.error.issues[0]?.path.join('.') || 'body' };
}
