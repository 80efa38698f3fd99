/**
 * The demo program as `npm start` serves it: the file with its double-points week moved around
 * today (from yesterday to a week from today, whole UTC days), so the demo always has a campaign
 * running. The copy changes once a day, and the server takes a changed file as a new program
 * version at start-up (over what the console saved: this is the demo). Tests start the demo on the file as it is, whose week is long past, so
 * orders there earn the plain rate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The demo program's campaign that is kept running. */
export const RUNNING_CAMPAIGN = 'double-points'

const DAY = 86_400_000

/** `program` (the demo file's JSON) with its running campaign from yesterday to a week from today. */
export function withCampaignAroundNow<T extends { campaigns?: { id: string; startsAt: string; endsAt: string }[] }>(program: T, now: Date): T {
  const today = Math.floor(now.getTime() / DAY) * DAY
  const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
  return {
    ...program,
    campaigns: program.campaigns?.map((c) => (c.id == RUNNING_CAMPAIGN ? { ...c, startsAt: at(today - DAY), endsAt: at(today + 7 * DAY) } : c)),
  }
}

/** Writes the dated copy of the program file at `path` to a folder of its own: its path, and a way to remove it. */
export function writeDatedProgram(path: string, now = new Date()): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'loyalkit-demo-program-'))
  const copy = join(dir, 'program.json')
  writeFileSync(copy, JSON.stringify(withCampaignAroundNow(JSON.parse(readFileSync(path, 'utf8')), now), null, 2) + '\n')
  return { path: copy, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
