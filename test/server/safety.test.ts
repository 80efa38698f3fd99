/**
 * Safe by default: client addresses behind a trusted proxy, email normalisation,
 * identity links, bigint sums, Vary: Origin, program rules. What touches the
 * database runs on the project's backend (PGlite in server, PostgreSQL in
 * server-pg); what needs several servers on one database is in
 * shared-database.postgres.test.ts.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { Problem } from '../../src/core/contract.ts'
import { addressKey, clientAddress, trustList } from '../../server/src/http/client-address.ts'
import { hostAllowed } from '../../server/src/http/host.ts'
import { parseProgram, ProgramError } from '../../server/src/program/program.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { readFileSync } from 'node:fs'
import { backends, call, me, order, signUp, start, storeToken, uniqueEmail } from './helpers.ts'

describe('client addresses', () => {
  it('believes X-Forwarded-For only through trusted proxies, from the right', () => {
    const none = trustList([])
    const lb = trustList(['loopback', '10.0.0.0/8'])
    expect(clientAddress('127.0.0.1', '203.0.113.9', none)).toBe('127.0.0.1')
    expect(clientAddress('127.0.0.1', '203.0.113.9', lb)).toBe('203.0.113.9')
    // A client cannot hide behind a forged left-most entry: the walk stops at the first untrusted hop.
    expect(clientAddress('10.1.1.1', '198.51.100.1, 203.0.113.9, 10.2.2.2', lb)).toBe('203.0.113.9')
    expect(clientAddress('198.51.100.7', '203.0.113.9', lb)).toBe('198.51.100.7')
    expect(clientAddress('::ffff:127.0.0.1', 'garbage', lb)).toBe('127.0.0.1')
    // Some load balancers pass the client's port on: the address is still the client's.
    expect(clientAddress('127.0.0.1', '198.51.100.1:1000', lb)).toBe('198.51.100.1')
    expect(clientAddress('127.0.0.1', '[2001:db8::1]:443', lb)).toBe('2001:db8::1')
    expect(clientAddress('127.0.0.1', '198.51.100.1:1000, 10.0.0.9:8080', lb)).toBe('198.51.100.1')
  })

  it('counts IPv6 clients by their /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9')
  })
})

describe('Host allow-list', () => {
  it('matches names, wildcards, IPv4 and bracketed IPv6, with or without a port', () => {
    const allowed = ['shop.example', '*.cdn.example', '203.0.113.5', '[::1]']
    for (const host of ['shop.example', 'SHOP.example:8443', 'a.cdn.example', '203.0.113.5:80', '[::1]:8787'])
      expect(hostAllowed(host, allowed, false), host).toBe(true)
    for (const host of ['evil.example', 'shop.example.evil.example', 'cdn.example', '203.0.113.6', '[::2]', 'localhost'])
      expect(hostAllowed(host, allowed, false), host).toBe(false)
    expect(hostAllowed('localhost:8787', [], true)).toBe(true)
  })
})

describe('program files', () => {
  it('refuse a reward that costs nothing', () => {
    const demo = JSON.parse(readFileSync(new URL('../../demo/programs/trailpack.json', import.meta.url), 'utf8')) as { rewards: { cost: number }[] }
    demo.rewards[0]!.cost = 0
    expect(() => parseProgram(demo, 'free.json')).toThrow(ProgramError)
    expect(() => parseProgram(demo, 'free.json')).toThrow(/program\.rewards\[0\]\.cost: a reward costs at least 1 point/)
  })
})

describe.each(backends)('data rules ($name)', (backend) => {
  let server: RunningServer
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })
  const ready = async () => {
    if (!server) {
      const storage = await backend.make()
      server = await start(storage.options)
      cleanups.push(storage.cleanup, () => server.close())
    }
    return server
  }

  it('normalises emails the same way on every database: NFC, trimmed, lower-case', async () => {
    const s = await ready()
    const local = 'zoe.' + randomUUID().slice(0, 8)
    const first = await signUp(s, { email: `  ${local}.Ze\u0301@Example.COM ` })
    expect(first.member.email).toBe(`${local}.z\u00e9@example.com`)
    for (const again of [`${local}.z\u00e9@example.com`, `${local}.ZE\u0301@EXAMPLE.com`]) {
      const r = await call(s, '/v1/members', { body: { email: again, consent: { terms: true, marketing: false } } })
      expect(r.status, again).toBe(422)
      expect(((await r.json()) as Problem).code).toBe('email_taken')
    }
  })

  it('a signed-in sign-up uses the email of the store’s token', async () => {
    const s = await ready()
    const email = uniqueEmail('store')
    const token = await storeToken({ sub: 'cust_' + randomUUID(), email })
    const other = await call(s, '/v1/members', { token, body: { email: uniqueEmail('other'), consent: { terms: true, marketing: false } } })
    expect(other.status).toBe(422)
    expect(((await other.json()) as Problem).errors).toEqual([{ field: 'email', code: 'not_account_email' }])
    const same = await call(s, '/v1/members', { token, body: { email: email.toUpperCase(), consent: { terms: true, marketing: false } } })
    expect(same.status).toBe(201)
  })

  it('links a guest member only on a verified email, and drops what the guest sign-up claimed', async () => {
    const s = await ready()
    const advocate = await signUp(s)
    const email = uniqueEmail('victim')
    // Anyone can sign up with someone else's email, consent to marketing and name a referrer.
    const guest = await signUp(s, { email, referralCode: advocate.member.referral.code, consent: { terms: true, marketing: true } })
    const sub = 'cust_' + randomUUID()
    expect((await call(s, '/v1/members/me', { token: await storeToken({ sub, email }) })).status).toBe(204)
    expect((await call(s, '/v1/members/me', { token: await storeToken({ sub, email, email_verified: false }) })).status).toBe(204)
    const linked = await me(s, await storeToken({ sub, email, email_verified: true }))
    expect(linked.id).toBe(guest.member.id)
    const [row] = await s.db.query<{ marketing: boolean; referred_by: string | null; customer_id: string }>(
      'SELECT marketing, referred_by, customer_id FROM members WHERE id = $1',
      [guest.member.id],
    )
    expect(row).toEqual({ marketing: false, referred_by: null, customer_id: sub })
    // The advocate is not paid for a "friend" who was never theirs.
    await order(s, { customerId: sub, email }, 50)
    expect((await me(s, advocate.token)).referral.pointsEarned).toBe(0)
  })

  it('sums points as bigint: balances past 2^31 are exact', async () => {
    const s = await ready()
    const { member, token } = await signUp(s)
    for (let i = 0; i < 3; i++) {
      await s.db.query(`INSERT INTO ledger (member_id, type, points) VALUES ($1, 'adjustment', 2000000000)`, [member.id])
    }
    const m = await me(s, token)
    expect(m.balance).toBe(6_000_000_100)
    expect(m.lifetimePoints).toBe(100)
  })

  it('sends Vary: Origin on every cacheable answer, with or without an Origin', async () => {
    const s = await ready()
    const { member } = await signUp(s)
    for (const path of ['/v1/program', `/v1/referrals/${member.referral.code}`]) {
      for (const headers of [{}, { Origin: 'http://localhost:8787' }] as Record<string, string>[]) {
        const r = await call(s, path, { headers })
        expect(r.status, path).toBe(200)
        expect(r.headers.get('cache-control'), path).toMatch(/public/)
        expect(r.headers.get('vary')!.split(/, */), path).toContain('Origin')
      }
    }
  })
})
