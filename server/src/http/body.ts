/**
 * Request bodies: JSON objects only, validated by the contract's valibot schemas.
 * Valibot issues become the contract's field errors: `{ field: 'consent.terms', code }`
 * where the code is the schema's message (`invalid`, `too_long`, …), `required` for a
 * missing field and `unknown_field` for one the contract does not have.
 */
import type { Context } from 'hono'
import * as v from 'valibot'
import type { AppEnv } from '../context.ts'
import { DomainError, invalid, type FieldError } from '../errors.ts'

export const BODY_LIMIT = 16 * 1024
/**
 * A whole program, as the console saves it: every text in up to twelve languages, offers, badges…
 * (the demo's is about 23 KB). Only that route takes this much.
 */
export const PROGRAM_BODY_LIMIT = 256 * 1024

/** 413; the rest of the body is not read, so the connection is closed after answering. */
export function tooLarge(limit = BODY_LIMIT): DomainError {
  return new DomainError('body_too_large', `The body is larger than ${limit / 1024} KB.`, { headers: { Connection: 'close' } })
}

/**
 * The body as a JSON object: 415 unless `application/json` (or `+json`), 413 over
 * `limit` (announced or read: Hono's body-limit middleware in front stops most,
 * this holds for any route that reads a body), 400 for malformed JSON or a non-object.
 */
export async function readJson(c: Context<AppEnv>, limit = BODY_LIMIT): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!(type == 'application/json' || /^application\/[\w.-]+\+json$/.test(type))) {
    throw new DomainError('unsupported_media_type', 'Send the body as application/json.')
  }
  const text = await readText(c, limit)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid('The body is not valid JSON.')
  }
  if (typeof value != 'object' || value === null || Array.isArray(value)) throw invalid('The body must be a JSON object.')
  return value as Record<string, unknown>
}

/** The body as UTF-8 text (a BOM dropped, like Body.text()), reading no more than `limit` bytes. */
async function readText(c: Context<AppEnv>, limit: number): Promise<string> {
  const announced = c.req.header('content-length')
  if (announced !== undefined && !(Number(announced) <= limit)) throw tooLarge(limit)
  const stream = c.req.raw.body
  if (!stream) return ''
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}

export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  const errors: FieldError[] = []
  for (const issue of issues) {
    const field = (issue.path ?? []).map((p) => String(p.key)).join('.') || 'body'
    const code =
      issue.type == 'strict_object' && issue.expected == 'never'
        ? 'unknown_field'
        : issue.input === undefined && issue.expected?.startsWith('"')
          ? 'required'
          : /^[a-z_]+$/.test(issue.message)
            ? issue.message
            : 'invalid'
    // One problem per field: the first is the one to fix first.
    if (!errors.some((e) => e.field == field)) errors.push({ field, code })
  }
  return errors
}

/** Parses `value` with `schema`, or throws 422 with every field's problem. */
export function validate<S extends v.GenericSchema>(schema: S, value: unknown, detail: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value, { abortEarly: false })
  if (parsed.success) return parsed.output
  throw invalid(detail, fieldErrors(parsed.issues))
}
