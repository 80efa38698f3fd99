/**
 * Runs a command to completion without blocking the event loop, so test/run.ts
 * can react to Ctrl-C/SIGTERM (and stop its PostgreSQL) while a step runs.
 */
import { spawn, type ChildProcess } from 'node:child_process'

/** Children still running, so a signal to us can be passed on instead of orphaning them. */
const running = new Set<ChildProcess>()

/** Passes a signal on to every command still running (a terminal's Ctrl-C reaches them anyway; a CI's SIGTERM to us does not). */
export function signalRunning(signal: NodeJS.Signals) {
  for (const child of running) child.kill(signal)
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** 'inherit' streams to our terminal; 'pipe' captures stdout/stderr. */
  stdio?: 'inherit' | 'pipe'
}

export interface SpawnResult {
  /** Exit status; null when killed by a signal or never started. */
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Why the command could not be started (e.g. not found). */
  error?: string
}

export function run(cmd: string, args: string[], o: SpawnOptions = {}): Promise<SpawnResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: o.env ?? process.env, cwd: o.cwd, stdio: o.stdio == 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    running.add(child)
    child.once('exit', () => running.delete(child))
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.once('error', (e) => resolve({ status: null, signal: null, stdout, stderr, error: e.message }))
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }))
  })
}
