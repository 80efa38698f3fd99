/**
 * The program a server serves, live: seeded from the file, then read from the
 * database's newest version. The console saves new versions; every replica checks
 * for a newer one every few seconds and applies it in place (`def` is the same
 * object for the server's lifetime, so every holder of it sees the new program).
 * GET /program answers are cached 60 s, so a shopper sees a new version within
 * about a minute.
 */
import type { Db } from '../db/index.ts'
import { sha256Hex } from '../digest.ts'
import { findVersion, insertVersion, lastFileHash, latestVersion, latestVersionNumber } from '../repositories/program-versions.ts'
import { parseProgram, ProgramError, type ProgramDef } from './program.ts'

export const REFRESH_MS = 5_000

export interface LiveProgram {
  /** Updated in place when a new version is applied. */
  readonly def: ProgramDef
  version(): number
  /** Applies the newest version if it is newer than ours; true when it did. */
  refresh(): Promise<boolean>
  /**
   * Saves `definition` (validated: a ProgramError lists its problems) as the version after
   * `base`, and applies it; null when `base` is no longer the newest (someone saved first).
   */
  save(definition: unknown, o: { base: number; source: 'console' | 'rollback'; actor: string; note?: string }): Promise<number | null>
  /** Called after a new version is applied. */
  onChange(listener: () => void): void
}

/** Puts `next`'s fields into `def` (and drops the ones it no longer has). */
function assignInPlace(def: ProgramDef, next: ProgramDef): void {
  const target = def as Record<string, unknown>
  for (const key of Object.keys(target)) if (!(key in next)) delete target[key]
  Object.assign(target, next)
}

export async function openLiveProgram(db: Db, file: { def: ProgramDef; text: string }): Promise<LiveProgram> {
  const key = file.def.key
  const fileHash = sha256Hex(file.text)
  // Seed, or import a changed file as a new version (replicas starting together: the first insert wins).
  for (let attempt = 0; attempt < 3; attempt++) {
    const latest = await latestVersionNumber(db, key)
    if (latest > 0 && (await lastFileHash(db, key)) == fileHash) break
    if (await insertVersion(db, key, { version: latest + 1, definition: JSON.stringify(JSON.parse(file.text)), source: 'file', fileHash })) break
  }
  const newest = (await latestVersion(db, key))!
  const def = file.def
  assignInPlace(def, parseProgram(JSON.parse(newest.definition), `version ${newest.version}`))
  let current = newest.version
  const listeners: (() => void)[] = []
  const apply = (next: ProgramDef, version: number) => {
    assignInPlace(def, next)
    current = version
    for (const listener of listeners) listener()
  }
  return {
    def,
    version: () => current,
    async refresh() {
      if ((await latestVersionNumber(db, key)) <= current) return false
      const row = (await latestVersion(db, key))!
      apply(parseProgram(JSON.parse(row.definition), `version ${row.version}`), row.version)
      return true
    },
    async save(definition, o) {
      const next = parseProgram(definition, 'the program')
      if (next.key != key) throw new ProgramError('the program', [`program.key: is ${key} and cannot change (widgets and tokens name it)`])
      if (o.base != (await latestVersionNumber(db, key))) return null
      const version = o.base + 1
      if (!(await insertVersion(db, key, { version, definition: JSON.stringify(definition), source: o.source, actor: o.actor, note: o.note }))) return null
      apply(next, version)
      return version
    },
    onChange: (listener) => void listeners.push(listener),
  }
}

/** The definition of one version, as saved. */
export async function versionDefinition(db: Db, programKey: string, version: number): Promise<unknown | null> {
  const row = await findVersion(db, programKey, version)
  return row ? JSON.parse(row.definition) : null
}
