import { afterAll, describe, expect, it } from 'vitest'
import { migrationFiles } from '../../server/src/db/migrate.ts'
import { backends, call, me, signUp, start } from './helpers.ts'

describe.each(backends)('persistence ($name)', (backend) => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  it('keeps members, points and idempotency records across a restart', async () => {
    const storage = await backend.make()
    cleanups.push(storage.cleanup)
    const first = await start(storage.options)
    const { member, token } = await signUp(first, { birthday: '1970-07-07' })
    const claim = await call(first, '/v1/members/me/claims', { token, key: 'persist-claim', body: { ruleId: 'birthday' } })
    expect(claim.status).toBe(201)
    const claimBody = await claim.text()
    await first.close()

    const second = await start(storage.options)
    cleanups.push(() => second.close())
    const again = await me(second, token)
    expect(again.id).toBe(member.id)
    expect(again.balance).toBe(150)
    expect(again.claimedRules).toEqual(['birthday'])
    const replay = await call(second, '/v1/members/me/claims', { token, key: 'persist-claim', body: { ruleId: 'birthday' } })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.text()).toBe(claimBody)
    const versions = await second.db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')
    expect(versions.map((v) => v.version)).toEqual(migrationFiles().map((f) => f.version))
  })
})
