import { reportMistake } from './report.ts'

export type Run = (name: string, args: unknown[], pageUrl: string) => Promise<unknown>
export type CommandQueue = ((command: string, ...args: unknown[]) => Promise<unknown>) & Record<string, unknown>

/**
 * `window.loyalkit(command, ...args)`, and each command as a method. Calls run one after another, in
 * the order they were made, whether the one before worked or not; each returns a Promise. A failure
 * is reported here, and the caller may still await it without the page seeing an unhandled rejection.
 * `run` also gets the page's address when the call was made (an SPA may have moved on since).
 */
export function createCommandQueue(run: Run, names: readonly string[]): CommandQueue {
  let chain: Promise<unknown> = Promise.resolve()
  const queue = ((name: string, ...args: unknown[]) => {
    const url = location.href
    const next = () => run(name, args, url)
    const p = (chain = chain.then(next, next))
    p.catch(reportMistake)
    return p
  }) as CommandQueue
  for (const c of names) queue[c] = (...args: unknown[]) => queue(c, ...args)
  return queue
}
