/**
 * One process per PGlite data folder: PGlite is not made for two, and two would
 * corrupt it. A lock file (created exclusively) names the process holding the
 * folder; a lock whose process is gone (same host) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

export class DataDirLockedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataDirLockedError'
  }
}

interface Holder {
  pid: number
  host: string
  since: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code == 'EPERM'
  }
}

/** Lock files this process holds: a lock naming our pid that is not here was left by an earlier process with the same pid (a container restarted). */
const held = new Set<string>()

/** Locks `dir` for this process; `release()` gives it back. */
export function lockDataDir(dir: string): { release(): void } {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'loyalkit.lock')
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      held.add(path)
      return {
        release() {
          held.delete(path)
          try {
            const holder = JSON.parse(readFileSync(path, 'utf8')) as Holder
            if (holder.pid == me.pid && holder.since == me.since) unlinkSync(path)
          } catch {}
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code != 'EEXIST') throw error
    }
    let holder: Holder | undefined
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as Holder
    } catch {}
    const gone = holder && holder.host == me.host && (holder.pid == process.pid ? !held.has(path) : !alive(holder.pid))
    if (gone && attempt == 0) {
      try {
        unlinkSync(path) // stale: its process is gone
      } catch {}
      continue
    }
    const who = holder ? `process ${holder.pid} on ${holder.host} since ${holder.since}` : 'another process'
    throw new DataDirLockedError(
      `The data folder ${dir} is in use by ${who}: one process per PGlite folder. Stop it, set DATA_DIR to another folder, or use PostgreSQL (DATABASE_URL) to run several. If no such process exists, delete ${path}.`,
    )
  }
  throw new DataDirLockedError(`Could not lock ${path}.`)
}
