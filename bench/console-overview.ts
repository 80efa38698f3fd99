/**
 * The console's Overview on a large program (npm run bench:console): a throwaway
 * PostgreSQL seeded in SQL with 100,000 members, 1,000,000 ledger rows, 200,000 orders
 * and 50,000 redemptions spread over a year, the closed days and the members' sums
 * rolled up as the sweep does (timed apart: a one-off after an upgrade), then the
 * Overview computed for 30 and 365 days, 5 times each: the median and the worst run
 * are printed. Loopback only;
 * everything it starts is stopped at the end.
 *
 *   npx tsx bench/console-overview.ts [--members N] [--runs N]
 */
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { overview, overviewCache, rollUpDays, rollUpMembers } from '../server/src/admin/overview.ts'
import { openDb } from '../server/src/db/index.ts'
import { createLogger } from '../server/src/logger.ts'
import { loadProgram } from '../server/src/program/program.ts'
import { startPostgres } from '../test/postgres.ts'
import { DEMO_PROGRAM } from '../demo/start.ts'

const { values: args } = parseArgs({ options: { members: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } })
const MEMBERS = Number(args.members)
const RUNS = Number(args.runs)
const def = loadProgram(DEMO_PROGRAM)

const pg = await startPostgres()
const db = await openDb({
  databaseUrl: pg.url,
  dataDir: 'memory://',
  poolSize: 4,
  timeouts: { connectMs: 10_000, statementMs: 600_000, lockMs: 10_000, idleInTransactionMs: 600_000 },
  onError: () => {},
})
try {
  const t0 = performance.now()
  const key = def.key
  // Members over the last year; every 10th was referred by the one before it.
  await db.query(
    `INSERT INTO members (id, program_key, email, name, marketing, terms_accepted_at, referral_code, created_at)
     SELECT 'mem_' || i, $1, 'm' || i || '@example.com', 'Member ' || i, i % 3 = 0, now(), 'R' || i, now() - (i % 365) * interval '1 day'
       FROM generate_series(1, $2::int) i`,
    [key, MEMBERS],
  )
  // 10 ledger rows a member: the sign-up bonus, 6 purchases, a claim, a redemption, a referral or an adjustment.
  await db.query(
    `INSERT INTO ledger (member_id, type, points, created_at)
     SELECT 'mem_' || i,
            (ARRAY['signup','purchase','purchase','purchase','purchase','purchase','purchase','claim','redemption','adjustment'])[k],
            CASE k WHEN 1 THEN 100 WHEN 8 THEN 25 WHEN 9 THEN -100 WHEN 10 THEN 5 ELSE 20 + (i + k) % 80 END,
            now() - ((i + k * 17) % 365) * interval '1 day'
       FROM generate_series(1, $1::int) i, generate_series(1, 10) k`,
    [MEMBERS],
  )
  await db.query(
    `INSERT INTO orders (program_key, id, member_id, email, amount, currency, points, placed_at, credited_at)
     SELECT $1, 'o' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'mem_' || (i % $2::int + 1) END, 'g' || (i % 20000) || '@example.com',
            20 + i % 180, 'EUR', 20 + i % 180, now() - (i % 365) * interval '1 day', now()
       FROM generate_series(1, $2::int * 2) i`,
    [key, MEMBERS],
  )
  await db.query(
    `INSERT INTO redemptions (id, member_id, reward_id, code, points, created_at)
     SELECT 'red_' || i, 'mem_' || i, (ARRAY['five-euro-off','free-shipping','donate-backpacks'])[i % 3 + 1], 'TP-' || i, 100, now() - (i % 365) * interval '1 day'
       FROM generate_series(1, $1::int / 2) i`,
    [MEMBERS],
  )
  await db.exec('VACUUM ANALYZE')
  const counts = await db.query<{ t: string; n: unknown }>(
    `SELECT 'members' AS t, count(*) AS n FROM members UNION ALL SELECT 'ledger', count(*) FROM ledger UNION ALL SELECT 'orders', count(*) FROM orders UNION ALL SELECT 'redemptions', count(*) FROM redemptions`,
  )
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${counts.map((c) => `${Number(c.n).toLocaleString('en')} ${c.t}`).join(', ')}`)
  // What the sweep does once a day (here: the whole year at once, as after an upgrade).
  const t1 = performance.now()
  const days = await rollUpDays(db, key)
  const t2 = performance.now()
  const members = await rollUpMembers(db, key)
  console.log(
    `rolled up ${days} closed days in ${(t2 - t1).toFixed(0)} ms and ${members.toLocaleString('en')} members' sums in ${(performance.now() - t2).toFixed(0)} ms` +
      ' (once; then the sweep adds what is new)',
  )
  // Where the time goes: each query of one 365-day Overview.
  const query = db.query.bind(db)
  const spent: [string, number][] = []
  db.query = (async (sql: string, params?: unknown[]) => {
    const start = performance.now()
    try {
      return await query(sql, params)
    } finally {
      spent.push([sql.replace(/\s+/g, ' ').slice(0, 70), performance.now() - start])
    }
  }) as typeof db.query
  await overview(db, def, 'en', 365)
  for (const [sql, ms] of spent) console.log(`${ms.toFixed(0).padStart(6)} ms  ${sql}`)
  db.query = query
  const stats = (times: number[]) => {
    times.sort((a, b) => a - b)
    return `${times[Math.floor(times.length / 2)]!.toFixed(0)} ms | ${times[times.length - 1]!.toFixed(0)} ms`
  }
  const timed = async (fn: () => Promise<unknown>) => {
    const times: number[] = []
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now()
      await fn()
      times.push(performance.now() - start)
    }
    return stats(times)
  }
  // Computed (what a refresh, or the background recomputation, costs) and as the page gets it (the cache, at most 5 min old).
  const cache = overviewCache(db, def, createLogger('warn'))
  console.log(`\n| period | computed: median | worst | page (cached): median | worst | runs |\n|---|---:|---:|---:|---:|---:|`)
  for (const days of [30, 365]) {
    const computed = await timed(() => overview(db, def, 'en', days))
    await cache.get(days, 'en')
    const page = await timed(() => cache.get(days, 'en'))
    console.log(`| ${days} days | ${computed} | ${page} | ${RUNS} |`)
  }
} finally {
  await db.close()
  await pg.stop()
}
