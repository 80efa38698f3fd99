/**
 * The console's Program page (/program): the live version with the version list, one
 * version with its changes from the one before, saving a new version and rolling back
 * to an earlier one (a save too, so the history only grows).
 */
import type { Hono } from 'hono'
import * as v from 'valibot'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, notFound } from '../errors.ts'
import { PROGRAM_BODY_LIMIT, readJson, validate } from '../http/body.ts'
import { diff } from '../program/diff.ts'
import { versionDefinition } from '../program/live.ts'
import { ProgramError } from '../program/program.ts'
import { listVersions, type VersionSummary } from '../repositories/program-versions.ts'
import { requireSession } from './auth.ts'
import { ACTOR, change, type ChangeResult } from './change.ts'

const ProgramSave = v.strictObject(
  {
    base: v.pipe(v.number('invalid'), v.integer('invalid'), v.minValue(1, 'invalid')),
    definition: v.unknown(),
    note: v.optional(v.pipe(v.string('invalid'), v.maxLength(200, 'too_long'))),
  },
  'invalid',
)
const Rollback = v.strictObject(
  { base: v.pipe(v.number('invalid'), v.integer('invalid')), version: v.pipe(v.number('invalid'), v.integer('invalid'), v.minValue(1, 'invalid')) },
  'invalid',
)
/** "program.rewards[0].cost: a reward costs at least 1 point" → a field error the console shows by the field. */
const problemField = (problem: string) => {
  const at = problem.indexOf(': ')
  return at > 0 ? { field: problem.slice(0, at), code: problem.slice(at + 2) } : { field: 'program', code: problem }
}
const versionSummary = (r: VersionSummary) => ({ version: r.version, source: r.source, actor: r.actor, note: r.note, createdAt: r.created_at })

/** Saves `definition` as the version after `base`: 409 when someone saved first, 422 with every problem by its path. */
async function saveProgram(deps: Deps, definition: unknown, base: number, source: 'console' | 'rollback', note?: string): Promise<ChangeResult> {
  const before = await versionDefinition(deps.db, deps.def.key, deps.program.version())
  let version: number | null
  try {
    version = await deps.program.save(definition, { base, source, actor: ACTOR, note })
  } catch (error) {
    if (error instanceof ProgramError) {
      throw new DomainError('invalid_fields', 'The program has problems: nothing was saved.', { errors: error.problems.map(problemField) })
    }
    throw error
  }
  if (version === null) throw new DomainError('version_conflict', 'The program was changed since you opened it: reload, then make your change again.')
  return { status: 201, body: { version, changes: diff(before, definition) }, details: { version, source, changes: diff(before, definition).length } }
}

export function programRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def, db } = deps

  api.get('/program', async (c) => {
    await requireSession(c, deps)
    const version = deps.program.version()
    return c.json({ version, definition: await versionDefinition(db, def.key, version), versions: (await listVersions(db, def.key, 50)).map(versionSummary) })
  })

  api.get('/program/versions/:version', async (c) => {
    await requireSession(c, deps)
    const version = Number(c.req.param('version'))
    const definition = Number.isSafeInteger(version) ? await versionDefinition(db, def.key, version) : null
    if (definition === null) throw notFound('There is no such version.')
    const previous = version > 1 ? await versionDefinition(db, def.key, version - 1) : null
    return c.json({ version, definition, changes: previous === null ? [] : diff(previous, definition) })
  })

  api.post('/program', async (c) => {
    const body = await readJson(c, PROGRAM_BODY_LIMIT)
    return change(c, deps, 'program_saved', undefined, async () => {
      const input = validate(ProgramSave, body, 'Send the program and the version it was based on.')
      return saveProgram(deps, input.definition, input.base, 'console', input.note)
    })
  })

  api.post('/program/rollback', async (c) => {
    const body = await readJson(c)
    return change(c, deps, 'program_rolled_back', undefined, async () => {
      const input = validate(Rollback, body, 'Say which version to go back to.')
      const definition = await versionDefinition(db, def.key, input.version)
      if (definition === null) throw notFound('There is no such version.')
      return saveProgram(deps, definition, input.base, 'rollback', `back to version ${input.version}`)
    })
  })
}
