/**
 * A throwaway PostgreSQL cluster for the test run: initdb into a fresh
 * temporary folder, start it on 127.0.0.1 and a free port with settings that
 * trade durability for speed, and remove everything on stop. Used by
 * test/run.ts so the server tests' PostgreSQL backend (DATABASE_URL) runs.
 *
 * The postmaster is our child process (not daemonized by pg_ctl): it shares
 * the terminal's process group, so Ctrl-C stops it too, and we reap it.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import {
  accessSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, no password). */
  url: string
  /** The same server through its Unix socket, as a server on the same machine would connect. */
  socketUrl: string
  stop(): Promise<void>
}

/** The PostgreSQL binaries (or a user to run them as) are missing; test/run.ts reports this as one failure. */
export class PostgresNotFound extends Error {
  override name = 'PostgresNotFound'
}

const BINARIES = ['initdb', 'postgres'] as const
type Binaries = Record<(typeof BINARIES)[number], string>

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * initdb and postgres from one folder (mixing versions breaks initdb): PATH
 * first, then Debian's /usr/lib/postgresql/<version>/bin, newest first.
 */
export function findBinaries(path = process.env.PATH ?? '', debian = '/usr/lib/postgresql'): Binaries {
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : []
  const dirs = [...path.split(delimiter).filter(Boolean), ...versions.map((v) => join(debian, v, 'bin'))]
  for (const dir of dirs) {
    if (BINARIES.every((b) => isExecutable(join(dir, b)))) {
      // Resolve symlinks (/usr/local/bin → /usr/lib/postgresql/15/bin) so initdb finds its sibling postgres.
      return Object.fromEntries(BINARIES.map((b) => [b, realpathSync(join(dir, b))])) as Binaries
    }
  }
  throw new PostgresNotFound(`PostgreSQL binaries (${BINARIES.join(', ')}) not found on PATH or in ${debian}/*/bin`)
}

/** initdb and postgres refuse to run as root: then they run as the `postgres` user, which owns the folder. */
interface Identity {
  spawn: { uid?: number; gid?: number }
  own(path: string): void
}

function identity(): Identity {
  if (process.getuid?.() !== 0) return { spawn: {}, own: () => {} }
  const id = (flag: string) => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' })
    if (r.status !== 0) throw new PostgresNotFound('running as root, but there is no `postgres` user to run PostgreSQL as')
    return Number(r.stdout.trim())
  }
  // Node drops root's supplementary groups when uid/gid are set (like runuser), so no runuser wrapper:
  // the child is the postmaster itself, which we can signal and reap.
  const uid = id('-u')
  const gid = id('-g')
  return { spawn: { uid, gid }, own: (path) => chownSync(path, uid, gid) }
}

/** A port that was free a moment ago (the server binds it right after; a clash is retried). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address == 'object' && address ? resolve(address.port) : reject(new Error('no free port'))))
    })
  })
}

const exec = promisify(execFile)

/** Durability off (nothing here outlives the run); enough connections for parallel test files. */
const settings = (port: number, socketDir: string) => `# test/postgres.ts: a throwaway cluster for tests
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${socketDir}'
max_connections = 300
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 1GB
autovacuum = off
`

const hba = `# trust, loopback only (listen_addresses is 127.0.0.1 too)
local all all trust
host  all all 127.0.0.1/32 trust
`

/** Line 8 of postmaster.pid is the postmaster's status; 'ready' once it accepts connections (what pg_ctl -w waits for). */
function pidFile(data: string): { pid: number; status: string } | undefined {
  try {
    const lines = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')
    return { pid: Number(lines[0]), status: (lines[7] ?? '').trim() }
  } catch {
    return undefined
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

/** Fast shutdown (SIGINT: roll back open transactions, disconnect clients); immediate (SIGQUIT), then SIGKILL if it hangs. */
async function shutdown(child: ChildProcess) {
  for (const [signal, ms] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    if (exited(child)) return
    child.kill(signal)
    if (await waitForExit(child, ms)) return
  }
}

/** Starts the postmaster and waits until it accepts connections; rejects with the reason if it exits first. */
async function launch(postgres: string, data: string, log: string, who: Identity): Promise<ChildProcess> {
  const fd = openSync(log, 'a')
  const child = spawn(postgres, ['-D', data], { cwd: data, stdio: ['ignore', fd, fd], ...who.spawn })
  closeSync(fd)
  const failed = new Promise<never>((_, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => reject(new Error(`postgres exited during startup (${signal ?? `exit ${code}`})`)))
  })
  failed.catch(() => {}) // observed below; don't let an early exit become an unhandled rejection
  const deadline = Date.now() + 60_000
  while (pidFile(data)?.status != 'ready') {
    if (Date.now() > deadline) {
      await shutdown(child)
      throw new Error('postgres did not become ready within 60 s')
    }
    await Promise.race([sleep(50), failed])
  }
  return child
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findBinaries()
  const who = identity()
  const dir = mkdtempSync(join(tmpdir(), 'loyalkit-pg-'))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')
  let child: ChildProcess | undefined

  const stop = async () => {
    if (child) await shutdown(child)
    child = undefined
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    who.own(dir)
    try {
      await exec(bin.initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'], {
        cwd: dir,
        ...who.spawn,
      })
    } catch (e) {
      const { stdout, stderr, message } = e as { stdout?: string; stderr?: string; message: string }
      throw new Error(`initdb failed: ${stderr || stdout || message}`.trim())
    }
    // Both files exist (owned by the server's user); rewriting keeps the owner.
    writeFileSync(join(data, 'pg_hba.conf'), hba)
    // A port can be taken between freePort() and the bind: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      // postgresql.auto.conf is read last, so these win over initdb's postgresql.conf.
      writeFileSync(join(data, 'postgresql.auto.conf'), settings(port, dir))
      try {
        child = await launch(bin.postgres, data, log, who)
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          socketUrl: `postgres://postgres@/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
          stop,
        }
      } catch (e) {
        const clash = /could not bind|address already in use/i.test(readLog(log))
        if (!clash || attempt == 3) throw e
      }
    }
  } catch (e) {
    console.error(`PostgreSQL did not start: ${(e as Error).message}`)
    const text = readLog(log)
    if (text) console.error(`── PostgreSQL server log (${log})\n${text}`)
    await stop()
    throw e
  }
}

function readLog(log: string): string {
  try {
    return readFileSync(log, 'utf8')
  } catch {
    return ''
  }
}
