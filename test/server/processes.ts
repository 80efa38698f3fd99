/**
 * Production server processes for tests: `startReplicas(n, env)` spawns n copies of
 * the bin (`node server/bin/loyalkit-server.js`, with this Node) sharing one database,
 * waits for each one's "listening" log line and hands back their URLs, with kill,
 * restart and stopAll. No child outlives the test process: stopAll (call it in
 * afterAll), a process 'exit' hook that SIGKILLs what is left, and the same on
 * SIGINT/SIGTERM/SIGHUP when nothing else handles those.
 *
 * `env` is the servers' environment on top of this process's (LOYALKIT_SECRET,
 * LOYALKIT_PROGRAM, DATABASE_URL …); PORT defaults to 0 (a free port), HOST to
 * 127.0.0.1 and LOYALKIT_LOG_LEVEL to info (the "listening" line is an info line).
 * Each child's output is kept (its last lines) for error messages.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const SERVER_BIN = fileURLToPath(new URL('../../server/bin/loyalkit-server.js', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface Replicas {
  /** Current URL of each process (updated by restart). */
  readonly urls: readonly string[]
  /** Current pid of each process. */
  readonly pids: readonly number[]
  /** Whether process i is running (started and not yet exited). */
  alive(i: number): boolean
  /** Sends `signal` (default SIGKILL) to process i; resolves when it has exited. */
  kill(i: number, signal?: NodeJS.Signals): Promise<Exit>
  /** Resolves when process i (as it is now) exits. */
  exited(i: number): Promise<Exit>
  /** Starts process i again with the same environment (stopping it first if it runs): its new URL. */
  restart(i: number): Promise<string>
  /** The last lines process i wrote (stdout and stderr). */
  output(i: number): string
  /** SIGTERM to all, SIGKILL to any still running after `graceMs` (default 5 s). */
  stopAll(graceMs?: number): Promise<void>
}

export interface ReplicaOptions {
  /** How long to wait for the "listening" line (default 30 s). */
  startTimeoutMs?: number
  /** Lines of output kept per process (default 200). */
  keepLines?: number
  /** Every line a process writes (stderr lines start with `[stderr] `). */
  onLine?: (i: number, line: string) => void
}

interface Proc {
  child: ChildProcess
  url: string
  lines: string[]
  exit: Promise<Exit>
  done: boolean
}

/** Every child of every startReplicas in this process, for the exit hook. */
const living = new Set<ChildProcess>()
let hooked = false

function killAllNow() {
  for (const child of living) {
    try {
      child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
  living.clear()
}

function hook() {
  if (hooked) return
  hooked = true
  process.on('exit', killAllNow)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      killAllNow()
      // Only ours: behave as if we were never there (the default is to die of the signal).
      if (process.listenerCount(signal) == 1) {
        process.off(signal, handler)
        process.kill(process.pid, signal)
      }
    }
    process.on(signal, handler)
  }
}

/** The servers' environment: this process's, the defaults (a free port on 127.0.0.1, info logs), then `env`. */
function replicaEnv(env: Record<string, string | undefined>): Record<string, string> {
  const childEnv: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOYALKIT_LOG_LEVEL: 'info', ...env })) {
    if (v !== undefined) childEnv[k] = v
  }
  return childEnv
}

/** Calls `onLine` with each complete line of `stream` (without its newline). */
function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let partial = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    partial += chunk
    let nl: number
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl)
      partial = partial.slice(nl + 1)
      onLine(line)
    }
  })
}

/** The URL of a "listening" log line (JSON, msg "listening"); undefined for any other line. */
function listeningUrl(line: string): string | undefined {
  if (!line.includes('"listening"')) return undefined
  try {
    const entry = JSON.parse(line) as { msg?: string; url?: string }
    if (entry.msg == 'listening' && entry.url) return entry.url
  } catch {
    // not JSON: keep waiting
  }
  return undefined
}

interface LaunchOptions {
  env: Record<string, string>
  startTimeout: number
  keep: number
  onLine?: (i: number, line: string) => void
}

/** Spawns server process i; resolves once it has logged "listening", rejects (and kills it) when it exits, fails to start or is too slow. */
function launch(i: number, o: LaunchOptions): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_BIN], { cwd: ROOT, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] })
    living.add(child)
    const lines: string[] = []
    const remember = (line: string) => {
      o.onLine?.(i, line)
      lines.push(line)
      if (lines.length > o.keep) lines.splice(0, lines.length - o.keep)
    }
    let settled = false
    const fail = (why: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      try {
        child.kill('SIGKILL')
      } catch {
        // gone
      }
      reject(new Error(`server process ${i} (pid ${child.pid}) ${why}; its output:\n${lines.join('\n') || '(none)'}`))
    }
    const timer = setTimeout(() => fail(`did not log "listening" within ${o.startTimeout} ms`), o.startTimeout)
    const exit = new Promise<Exit>((done) => {
      child.once('exit', (code, signal) => {
        living.delete(child)
        proc.done = true
        done({ code, signal })
        fail(`exited before listening (${signal ?? `exit ${code}`})`)
      })
    })
    const proc: Proc = { child, url: '', lines, exit, done: false }
    child.once('error', (error) => fail(`could not start: ${error.message}`))
    eachLine(child.stdout!, (line) => {
      remember(line)
      if (settled) return
      const url = listeningUrl(line)
      if (url) {
        settled = true
        clearTimeout(timer)
        proc.url = url
        resolve(proc)
      }
    })
    eachLine(child.stderr!, (line) => remember('[stderr] ' + line))
  })
}

/** SIGTERM, then SIGKILL if it still runs after `graceMs`; resolves when it has exited. */
async function stop(p: Proc, graceMs: number): Promise<void> {
  if (p.done) return
  p.child.kill('SIGTERM')
  const timer = setTimeout(() => !p.done && p.child.kill('SIGKILL'), graceMs)
  await p.exit
  clearTimeout(timer)
}

export async function startReplicas(n: number, env: Record<string, string | undefined>, o: ReplicaOptions = {}): Promise<Replicas> {
  const options: LaunchOptions = { env: replicaEnv(env), startTimeout: o.startTimeoutMs ?? 30_000, keep: o.keepLines ?? 200, onLine: o.onLine }
  hook()

  const procs: Proc[] = []
  try {
    procs.push(...(await Promise.all(Array.from({ length: n }, (_, i) => launch(i, options)))))
  } catch (error) {
    killAllNow()
    throw error
  }

  return {
    get urls() {
      return procs.map((p) => p.url)
    },
    get pids() {
      return procs.map((p) => p.child.pid ?? -1)
    },
    alive: (i) => !procs[i]!.done,
    kill(i, signal = 'SIGKILL') {
      const p = procs[i]!
      if (!p.done) p.child.kill(signal)
      return p.exit
    },
    exited: (i) => procs[i]!.exit,
    async restart(i) {
      await stop(procs[i]!, 5_000)
      procs[i] = await launch(i, options)
      return procs[i]!.url
    },
    output: (i) => procs[i]!.lines.join('\n'),
    async stopAll(graceMs = 5_000) {
      await Promise.all(procs.map((p) => stop(p, graceMs)))
    },
  }
}
