import { fireEvent, waitFor, within } from '@testing-library/preact'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import type { Member, Program } from '../../src/core/contract.ts'
import { fakeToken, member, program } from '../fixtures.ts'
import { mount } from './mount-widget.ts'
import { problem, url, useMsw, PROGRAM_PATH } from './msw.ts'

const server = useMsw()
const DAY = 86_400_000
const iso = (offset: number) => new Date(Date.now() + offset).toISOString()

/** The fixture program with offers, a campaign, badges and a punch card. */
const rich: Program = {
  ...program,
  rules: [...program.rules, { id: 'fifth-bag', kind: 'punch_card', name: 'Every fifth bag', points: 0, claimable: false, every: 5, rewardId: 'free-shipping' }],
  rewards: program.rewards.map((r) =>
    r.id == 'five-off' ? { ...r, imageUrl: 'https://cdn.example/five.png' } : r.id == 'donate' ? { ...r, imageUrl: 'javascript:alert(1)' } : r,
  ),
  offers: [
    {
      id: 'early',
      name: 'Early access: winter sale',
      description: 'Shop two days early',
      url: 'https://trailpack.example/sale',
      tier: null,
      startsAt: null,
      endsAt: iso(3 * DAY),
    },
    { id: 'gold-tent', name: 'Gold tent price', tier: 'gold', startsAt: null, endsAt: null },
    { id: 'soon', name: 'Spring preview', tier: null, startsAt: iso(10 * DAY), endsAt: null },
  ],
  campaigns: [
    { id: 'dbl', name: 'Double points weekend', startsAt: iso(-DAY), endsAt: iso(2 * DAY), multiplier: 2 },
    { id: 'old', name: 'Summer bonus', startsAt: iso(-30 * DAY), endsAt: iso(-20 * DAY), bonus: 50 },
  ],
  badges: [
    { id: 'first', kind: 'orders', name: 'First order', count: 1 },
    { id: 'five', kind: 'orders', name: 'Regular', count: 5 },
    { id: 'gold', kind: 'tier', name: 'Gold', tier: 'gold' },
    { id: 'fan', kind: 'referrals', name: 'Ambassador', count: 1, description: 'Bring a friend who shops' },
  ],
}

/** The panel open on `view` for a member (or a guest with `m` null), with the rich program. */
async function open(view: string, m: Partial<Member> | null = {}, options: Record<string, unknown> = {}, served: object = rich) {
  let current = m && member(m)
  server.use(
    http.get(url(PROGRAM_PATH), () => HttpResponse.json(served)),
    http.get(url('/members/me'), () => (current ? HttpResponse.json(current) : new HttpResponse(null, { status: 204 }))),
  )
  const w = mount({ ...(m && { customer: { token: fakeToken() } }), pageUrl: 'https://shop.example/', ...options })
  await w.widget.ready
  w.widget.open(view as 'home')
  const dialog = await w.ui.findByRole('dialog')
  return { ...w, d: within(dialog), setMember: (x: Partial<Member> | null) => (current = x && member({ ...m, ...x })) }
}

afterEach(() => {
  delete (window as { dataLayer?: unknown }).dataLayer
})

describe('home', () => {
  it('shows a running campaign, the tier as a badge and what the next reward takes in shopping', async () => {
    const w = await open('home', { balance: 50 })
    await w.d.findByText(/^Double points weekend — until /)
    expect(w.d.queryByText(/Summer bonus/)).toBeNull()
    expect(w.d.getByText('Bronze member').className).toBe('tb')
    // 50 more points for the cheapest reward; 1 point per €1 at Bronze (×1).
    expect(w.d.getByText('50 more points for Donate 100 points — about €50 of shopping')).toBeTruthy()
    // Offers and badges are among the ways around, with profile.
    for (const name of ['Member offers', 'Badges', 'Your profile']) expect(w.d.getByRole('button', { name })).toBeTruthy()
    w.cleanup()
  })

  it('keeps the balance in the header on the other views', async () => {
    const w = await open('home', { balance: 50 })
    await w.d.findByText('Bronze member')
    expect(w.embed.shadow.querySelector('.hd')!.textContent).not.toContain('50 points')
    w.widget.open('badges')
    await w.d.findByText(/of 4 earned/)
    expect(w.embed.shadow.querySelector('.hd')!.textContent).toBe('Badges50 points')
    w.cleanup()
  })

  it('says "until" the last day inside a campaign (its end is exclusive)', async () => {
    const endsAt = '2030-01-10T00:00:00.000Z'
    server.use(http.get(url(PROGRAM_PATH), () => HttpResponse.json({ ...rich, campaigns: [{ ...rich.campaigns![0]!, endsAt }] })))
    const w = mount({ pageUrl: 'https://shop.example/' })
    await w.widget.ready
    w.widget.open()
    const last = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(Date.parse(endsAt) - 1))
    expect(await within(await w.ui.findByRole('dialog')).findByText(`Double points weekend — until ${last}`)).toBeTruthy()
    w.cleanup()
  })

  it('names every running campaign, as the server applies them all, and none that has not started or has ended', async () => {
    const [dbl, old] = rich.campaigns!
    const campaigns = [
      dbl!,
      old!,
      { id: 'free', name: 'Free gift week', startsAt: iso(-DAY), endsAt: iso(DAY), bonus: 20 },
      { id: 'next', name: 'Spring triple', startsAt: iso(5 * DAY), endsAt: iso(9 * DAY), multiplier: 3 },
    ]
    for (const who of [{ balance: 50 }, null]) {
      const w = await open('home', who, {}, { ...rich, campaigns })
      const shown = await w.d.findAllByText(/ — until /)
      expect(shown.map((p) => p.textContent!.split(' — ')[0])).toEqual(['Double points weekend', 'Free gift week'])
      expect(w.d.queryByText(/Summer bonus|Spring triple/)).toBeNull()
      w.cleanup()
    }
  })

  it('counts the tier multiplier in what the next reward takes', async () => {
    const w = await open('home', { balance: 0, tier: { id: 'gold', name: 'Gold' } })
    expect(await w.d.findByText('100 more points for Donate 100 points — about €50 of shopping')).toBeTruthy()
    w.cleanup()
  })

  it('offers no shortcut to offers or badges when the program has none', async () => {
    server.use(http.get(url(PROGRAM_PATH), () => HttpResponse.json(program)))
    const w = mount({ pageUrl: 'https://shop.example/' })
    await w.widget.ready
    w.widget.open()
    const d = within(await w.ui.findByRole('dialog'))
    await d.findByRole('button', { name: 'Ways to earn' })
    expect(d.queryByRole('button', { name: 'Member offers' })).toBeNull()
    expect(d.queryByRole('button', { name: 'Badges' })).toBeNull()
    w.cleanup()
  })
})

describe('offers', () => {
  it('shows a member the code and the link of an open offer, and what unlocks a locked one', async () => {
    server.use(http.get(url('/members/me/offers'), () => HttpResponse.json({ offers: [{ id: 'early', code: 'EARLY26' }] })))
    const w = await open('offers')
    await w.d.findByText('EARLY26')
    expect(w.d.getByRole('heading', { name: 'Early access: winter sale' })).toBeTruthy()
    expect(w.d.getByRole('link', { name: 'Shop Early access: winter sale' }).getAttribute('href')).toBe('https://trailpack.example/sale')
    expect(w.d.getByText('Reach Gold to unlock')).toBeTruthy()
    expect(w.d.getByText(/^From /)).toBeTruthy()
    w.cleanup()
  })

  it('tells a member who has the tier only when a coming offer starts, not to reach the tier they have', async () => {
    server.use(http.get(url('/members/me/offers'), () => HttpResponse.json({ offers: [{ id: 'early', code: 'EARLY26' }] })))
    const coming = { ...rich, offers: rich.offers!.map((o) => (o.id == 'gold-tent' ? { ...o, startsAt: iso(5 * DAY) } : o)) }
    const w = await open('offers', { tier: { id: 'gold', name: 'Gold' } }, {}, coming)
    await w.d.findByText('EARLY26')
    expect(w.d.queryByText(/to unlock/)).toBeNull()
    expect(w.d.getAllByText(/^From /)).toHaveLength(2)
    w.cleanup()
  })

  it('asks guests to join, without asking the server for codes', async () => {
    let asked = 0
    server.use(http.get(url('/members/me/offers'), () => (asked++, HttpResponse.json({ offers: [] }))))
    const w = await open('offers', null)
    const joins = await w.d.findAllByRole('button', { name: 'Join to unlock' })
    expect(joins).toHaveLength(2)
    // A gold offer is not unlocked by joining alone: it says so, and its button only asks to join.
    const joinNow = w.d.getByRole('button', { name: 'Join now' })
    expect(w.embed.shadow.getElementById(joinNow.getAttribute('aria-describedby')!)!.textContent).toBe('Gold tent price')
    expect(w.d.getAllByText('Reach Gold to unlock')).toHaveLength(1)
    // Each says which offer it unlocks.
    const described = [...joins, joinNow].map((b) => w.embed.shadow.getElementById(b.getAttribute('aria-describedby')!)!.textContent)
    expect(new Set(described).size).toBe(3)
    expect(described.every((name) => w.d.getAllByRole('heading', { name: name! }).length > 0)).toBe(true)
    expect(asked).toBe(0)
    w.cleanup()
  })

  it('says when the codes cannot be fetched, and tries again', async () => {
    let fail = true
    server.use(
      http.get(url('/members/me/offers'), () => (fail ? problem(400, 'invalid_request') : HttpResponse.json({ offers: [{ id: 'early', code: 'EARLY26' }] }))),
    )
    const w = await open('offers')
    await w.d.findByRole('alert')
    fail = false
    fireEvent.click(w.d.getByRole('button', { name: 'Try again' }))
    await w.d.findByText('EARLY26')
    w.cleanup()
  })

  it('asks the server nothing when the program has no offers', async () => {
    let asked = 0
    server.use(
      http.get(url(PROGRAM_PATH), () => HttpResponse.json({ ...rich, offers: [] })),
      http.get(url('/members/me/offers'), () => (asked++, HttpResponse.json({ offers: [] }))),
      http.get(url('/members/me'), () => HttpResponse.json(member())),
    )
    const w = mount({ customer: { token: fakeToken() }, pageUrl: 'https://shop.example/' })
    await w.widget.ready
    w.widget.open('offers')
    await within(await w.ui.findByRole('dialog')).findByText('No member offers right now. New ones will show here.')
    expect(asked).toBe(0)
    expect(w.events.some((e) => e.type == 'loyalkit:error')).toBe(false)
    w.cleanup()
  })

  it('draws the offers inline in <loyalkit-offers>', async () => {
    server.use(http.get(url('/members/me/offers'), () => HttpResponse.json({ offers: [{ id: 'early', code: 'EARLY26' }] })))
    const w = await open('home')
    await waitFor(() => expect(customElements.get('loyalkit-offers')).toBeTruthy())
    const el = document.createElement('loyalkit-offers')
    document.body.append(el)
    expect(await within(el.shadowRoot as unknown as HTMLElement).findByText('EARLY26')).toBeTruthy()
    el.remove()
    w.cleanup()
  })
})

describe('badges', () => {
  it('lists earned badges first with their date, then what earns the others, and counts them', async () => {
    const w = await open('badges', { badges: [{ id: 'first', earnedAt: '2026-11-02T10:00:00.000Z' }] })
    await w.d.findByText('1 of 4 earned')
    const items = w.d.getAllByRole('listitem').map((li) => li.textContent)
    expect(items[0]).toMatch(/^First order.*Earned/)
    expect(items).toContain('RegularPlace 5 orders')
    expect(items).toContain('GoldReach Gold')
    expect(items).toContain('AmbassadorBring a friend who shops')
    w.cleanup()
  })

  it('sends loyalkit:badge when a newly loaded member has a badge it did not have', async () => {
    const w = await open('home', { badges: [] })
    w.setMember({ badges: [{ id: 'five', earnedAt: '2026-11-29T10:00:00.000Z' }] })
    await w.widget.refresh()
    const badge = w.events.find((e) => e.type == 'loyalkit:badge')
    expect(badge?.detail).toEqual({ badge: rich.badges![1], earnedAt: '2026-11-29T10:00:00.000Z' })
    await w.widget.refresh()
    expect(w.events.filter((e) => e.type == 'loyalkit:badge')).toHaveLength(1)
    w.cleanup()
  })
})

describe('what arrived since the last page load', () => {
  it('is told on the first load from what the widget last showed (`seen`): points with their rise, the tier, a new badge', async () => {
    const was = { balance: 40, tier: { id: 'bronze', name: 'Bronze' }, badges: [{ id: 'first', earnedAt: '2026-10-01T10:00:00.000Z' }] }
    const badges = [...was.badges, { id: 'five', earnedAt: '2026-11-29T10:00:00.000Z' }]
    // A member this page has not shown yet (the module remembers what it showed of each).
    const w = await open('home', { id: 'mem_back', balance: 160, tier: { id: 'silver', name: 'Silver' }, badges, seen: was })
    const of = (type: string) => w.events.filter((e) => e.type == 'loyalkit:' + type).map((e) => e.detail)
    expect(of('points')).toEqual([{ balance: 160, previous: 40, delta: 120 }])
    expect(of('tier')).toEqual([{ tier: { id: 'silver', name: 'Silver' }, previous: was.tier }])
    // The badge held when last shown is old news.
    expect(of('badge')).toEqual([{ badge: rich.badges![1], earnedAt: '2026-11-29T10:00:00.000Z' }])
    expect(w.embed.shadow.querySelector('.pop')?.textContent).toBe('+120')
    // Told once: a refresh brings the same member, and no news.
    await w.widget.refresh()
    expect(w.events.filter((e) => ['loyalkit:points', 'loyalkit:tier', 'loyalkit:badge'].includes(e.type))).toHaveLength(3)
    w.cleanup()
  })

  it('is nothing when the answer has no `seen` (a backend that does not keep it, or a first visit)', async () => {
    const w = await open('home', { id: 'mem_first', balance: 160, badges: [{ id: 'five', earnedAt: '2026-11-29T10:00:00.000Z' }] })
    await w.d.findByText('Bronze member')
    expect(w.events.filter((e) => ['loyalkit:points', 'loyalkit:tier', 'loyalkit:badge'].includes(e.type))).toEqual([])
    expect(w.embed.shadow.querySelector('.pop')).toBeNull()
    w.cleanup()
  })
})

describe('a later backend’s kinds of rule, reward and badge', () => {
  // What a backend one version ahead might send: kinds this SDK has never heard of.
  const later = {
    ...rich,
    rules: [...rich.rules, { id: 'review', kind: 'product_review', name: 'Review a product', points: 30, claimable: true }],
    rewards: [...rich.rewards, { id: 'gift', kind: 'gift_card', name: 'Gift card', cost: 400 }],
    badges: [
      ...rich.badges!,
      { id: 'critic', kind: 'reviews', name: 'Critic', count: 3 },
      { id: 'streak', kind: 'streak', name: 'On a roll', description: 'Order three months running' },
    ],
  }

  it('shows them plainly instead of refusing the program', async () => {
    const w = await open('earn', { balance: 500 }, {}, later)
    const review = (await w.d.findByText('Review a product')).closest('li')!
    expect(within(review).getByRole('button', { name: 'Claim 30 points' })).toBeTruthy()
    w.widget.open('rewards')
    const gift = (await w.d.findByText('Gift card')).closest('li')!
    expect(within(gift).getByRole('button', { name: /Redeem/ })).toBeTruthy()
    w.widget.open('badges')
    await w.d.findByText('0 of 6 earned')
    const items = w.d.getAllByRole('listitem').map((li) => li.textContent)
    // Its name alone when nothing in this version can say what earns it; the store's words when it wrote them.
    expect(items).toContain('Critic')
    expect(items).toContain('On a rollOrder three months running')
    expect(w.events.filter((e) => e.type == 'loyalkit:error')).toEqual([])
    w.cleanup()
  })
})

describe('earn and rewards', () => {
  it('shows a punch card as marks with its count in words, and what it earns', async () => {
    const w = await open('earn', { punchCards: [{ ruleId: 'fifth-bag', count: 3 }] })
    const card = await w.d.findByRole('img', { name: '3 of 5 orders' })
    expect(card.querySelectorAll('i.on')).toHaveLength(3)
    expect(card.querySelectorAll('i')).toHaveLength(5)
    // The store's reward name, isolated from the sentence's direction.
    expect(w.d.getByText('Every 5 orders earn \u2068Free shipping\u2069')).toBeTruthy()
    expect(w.d.getByText(/^Double points weekend/)).toBeTruthy()
    w.cleanup()
  })

  it('marks the purchase rule with a running campaign’s multiplier, and nothing once it has ended', async () => {
    const w = await open('earn')
    const rule = (await w.d.findByText('Shop with us')).closest('li')!
    const boost = within(rule as HTMLElement).getByText('×2')
    expect(boost.getAttribute('dir')).toBe('ltr')
    // Only the rule it multiplies.
    expect(w.d.getAllByText('×2')).toHaveLength(1)
    w.cleanup()

    const ended = { ...rich, campaigns: [{ ...rich.campaigns![0]!, endsAt: iso(-1000) }] }
    const v = await open('earn', {}, {}, ended)
    await v.d.findByText('Shop with us')
    expect(v.d.queryByText('×2')).toBeNull()
    v.cleanup()
  })

  it('adds up what every running campaign gives the purchase rule, bonuses beside multipliers', async () => {
    const [dbl, bonus] = rich.campaigns!
    const running = { ...bonus!, startsAt: iso(-DAY), endsAt: iso(DAY) }
    const triple = { ...dbl!, id: 'tpl', multiplier: 1.5 }
    const both = await open('earn', {}, {}, { ...rich, campaigns: [dbl!, running, triple, { ...running, id: 'b2', bonus: 25 }] })
    const rule = (await both.d.findByText('Shop with us')).closest('li') as HTMLElement
    // ×2 × 1.5 = ×3, as the server multiplies them; 50 + 25 bonus points an order.
    expect(within(rule).getByText('×3').getAttribute('dir')).toBe('ltr')
    expect(within(rule).getByText('+75 points')).toBeTruthy()
    both.cleanup()

    const bonusOnly = await open('earn', {}, {}, { ...rich, campaigns: [running] })
    const only = (await bonusOnly.d.findByText('Shop with us')).closest('li') as HTMLElement
    expect(within(only).getByText('+50 points')).toBeTruthy()
    expect(within(only).queryByText(/^×/)).toBeNull()
    bonusOnly.cleanup()
  })

  it('draws reward pictures from safe addresses only, lazily, in a box of fixed size', async () => {
    const w = await open('rewards')
    await w.d.findByText('€5 off')
    const images = [...w.embed.shadow.querySelectorAll('.pic img')]
    expect(images.map((i) => i.getAttribute('src'))).toEqual(['https://cdn.example/five.png'])
    expect(images[0]!.getAttribute('loading')).toBe('lazy')
    // Every reward has its box, with the kind's icon under any picture.
    expect(w.embed.shadow.querySelectorAll('.pic svg')).toHaveLength(3)
    w.cleanup()
  })

  it('says why a redeem was refused when the shopper was signed out while it ran, though its confirmation is gone', async () => {
    let answer: (() => void) | null = null
    server.use(
      http.post(url('/members/me/redemptions'), () => new Promise<Response>((resolve) => (answer = () => resolve(problem(422, 'insufficient_points'))))),
    )
    const w = await open('rewards', { balance: 350 })
    fireEvent.click(await w.d.findByRole('button', { name: 'Redeem: Free shipping' }))
    fireEvent.click(w.d.getByRole('button', { name: 'Yes, redeem' }))
    await waitFor(() => expect(answer).not.toBeNull())
    expect(w.d.getByRole('button', { name: 'Redeeming…' })).toBeTruthy()
    await w.widget.logout()
    answer!()
    const alert = await w.d.findByRole('alert')
    expect(alert.textContent).toBe('Your session has ended. Sign in again to see your points.')
    expect(w.d.queryByRole('button', { name: /Redeeming|Yes, redeem/ })).toBeNull()
    // Said before the offer to join, where the guest's rewards begin.
    const join = w.d.getByRole('button', { name: 'Join to redeem rewards' })
    expect(alert.compareDocumentPosition(join) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    w.cleanup()
  })

  it('shows the guest after a sign-out neither the member’s code nor a refusal the member met', async () => {
    let refuse = false
    server.use(
      http.post(url('/members/me/redemptions'), () =>
        refuse
          ? problem(422, 'insufficient_points')
          : HttpResponse.json({ redemption: { id: 'r1', rewardId: 'free-shipping', code: 'TP-AAAA-BBBB', points: 300 }, balance: 50 }, { status: 201 }),
      ),
    )
    type Dialog = Awaited<ReturnType<typeof open>>['d']
    /** A member redeems free shipping and sees `what` of it; then the page signs the shopper out. Returns what the guest sees. */
    const redeemThenSignOut = async (what: (d: Dialog) => Promise<unknown>) => {
      const w = await open('rewards', { balance: 950 })
      fireEvent.click(await w.d.findByRole('button', { name: 'Redeem: Free shipping' }))
      fireEvent.click(w.d.getByRole('button', { name: 'Yes, redeem' }))
      await what(w.d)
      await w.widget.logout()
      await w.d.findByRole('button', { name: 'Join to redeem rewards' })
      return w
    }
    refuse = true
    const refused = await redeemThenSignOut((d) => d.findByRole('alert'))
    expect(refused.d.queryByRole('alert')).toBeNull()
    refused.cleanup()
    refuse = false
    const got = await redeemThenSignOut((d) => d.findByText('TP-AAAA-BBBB'))
    expect(got.d.queryByText('TP-AAAA-BBBB')).toBeNull()
    got.cleanup()
  })

  it('keeps a member’s refused claim from the next shopper, but says when a sign-out refused it', async () => {
    const keys: (string | null)[] = []
    let hold: Promise<void> | null = null
    server.use(
      http.post(url('/members/me/claims'), async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key'))
        await hold
        return hold ? problem(401, 'unauthorized') : problem(422, 'already_claimed')
      }),
    )
    const w = await open('earn')
    fireEvent.click(await w.d.findByRole('button', { name: 'Claim 25 points' }))
    expect((await w.d.findByRole('alert')).textContent).toBe('You have already claimed this.')
    // Anna signs out, Ben signs in on the same page: Anna's refusal is not his.
    await w.widget.logout()
    await w.d.findByRole('button', { name: 'Join to claim' })
    expect(w.d.queryByRole('alert')).toBeNull()
    w.setMember({ id: 'mem_2', name: 'Ben' })
    await w.widget.identify({ token: fakeToken() })
    fireEvent.click(await w.d.findByRole('button', { name: 'Claim 25 points' }))
    await w.d.findByRole('alert')
    expect(keys).toHaveLength(2)
    // Ben claims again, and the page signs him out while it runs: that refusal is the guest's to hear.
    let release = () => {}
    hold = new Promise((r) => (release = r))
    fireEvent.click(w.d.getByRole('button', { name: 'Claim 25 points' }))
    await waitFor(() => expect(keys).toHaveLength(3))
    await w.widget.logout()
    release()
    const alert = await w.d.findByRole('alert')
    expect(alert.textContent).toBe('Your session has ended. Sign in again to see your points.')
    w.cleanup()
  })
})

describe('activity', () => {
  it('never shows a member’s history to the next member, even when hers answers after his', async () => {
    const entry = (who: string) => ({ id: who, type: 'claim', points: 25, description: `${who}’s newsletter`, createdAt: '2026-11-20T10:00:00Z' })
    const held: (() => void)[] = []
    server.use(
      http.get(url('/members/me/activity'), async ({ request }) => {
        const who = request.headers.get('Authorization') == `Bearer ${annaToken}` ? 'Anna' : 'Ben'
        // Anna's second answer (asked as her balance changed) is held until Ben's has come.
        if (who == 'Anna' && held.length < 2) await new Promise<void>((r) => held.push(r) == 1 && r())
        return HttpResponse.json({ entries: [entry(who)], nextCursor: null })
      }),
    )
    const annaToken = fakeToken(900, 'anna')
    const w = await open('activity', { balance: 100 }, { customer: { token: annaToken } })
    await w.d.findByText('Anna’s newsletter')
    // Anna's balance changes (her history is asked again), then Ben signs in with the same balance.
    w.setMember({ balance: 125 })
    await w.widget.refresh()
    await waitFor(() => expect(held).toHaveLength(2))
    w.setMember({ id: 'mem_2', name: 'Ben', balance: 125 })
    await w.widget.identify({ token: fakeToken(900, 'ben') })
    await w.d.findByText('Ben’s newsletter')
    held[1]!()
    await new Promise((r) => setTimeout(r, 50))
    expect(w.d.queryByText('Anna’s newsletter')).toBeNull()
    expect(w.d.getByText('Ben’s newsletter')).toBeTruthy()
    w.cleanup()
  })
})

describe('profile', () => {
  it('saves only what changed, and puts the server’s field error on its field', async () => {
    const bodies: unknown[] = []
    server.use(
      http.post(url('/members/me/profile'), async ({ request }) => {
        const body = (await request.json()) as { birthday?: string }
        bodies.push(body)
        if (body.birthday) return problem(422, 'invalid_request', { errors: [{ field: 'birthday', code: 'once_a_year' }] })
        return HttpResponse.json(member({ name: 'Anna K' }))
      }),
    )
    const w = await open('profile')
    fireEvent.input(await w.d.findByLabelText('Name'), { target: { value: 'Anna K' } })
    fireEvent.click(w.d.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(w.d.getByText(/Saved/)).toBeTruthy())
    expect(bodies).toEqual([{ name: 'Anna K' }])
    fireEvent.input(w.d.getByLabelText('Birthday'), { target: { value: '1990-05-01' } })
    // An edit after saving is not saved: the mark goes.
    expect(w.d.queryByText(/Saved/)).toBeNull()
    fireEvent.click(w.d.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(w.d.getByLabelText('Birthday').getAttribute('aria-invalid')).toBe('true'))
    // Read with the field: the server's refusal, then the standing hint.
    const notes = w.d
      .getByLabelText('Birthday')
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => w.embed.shadow.getElementById(id)!.textContent)
    expect(notes).toEqual(['Your birthday was changed less than a year ago.', 'You can change your birthday once a year.'])
    // Focus goes to the refused field, so its message is read with it.
    await waitFor(() => expect(w.embed.shadow.activeElement?.getAttribute('name')).toBe('birthday'))
    expect((w.d.getByLabelText('Birthday') as HTMLInputElement).value).toBe('1990-05-01')
    expect(bodies[1]).toEqual({ birthday: '1990-05-01' })
    w.cleanup()
  })

  it('shows the new member’s name when the shopper changes under an open profile', async () => {
    const w = await open('profile', { name: 'Anna' })
    expect(((await w.d.findByLabelText('Name')) as HTMLInputElement).value).toBe('Anna')
    w.setMember({ id: 'mem_2', name: 'Ben' })
    await w.widget.identify({ token: fakeToken() })
    await waitFor(() => expect((w.d.getByLabelText('Name') as HTMLInputElement).value).toBe('Ben'))
    w.cleanup()
  })

  it('has the consent switch, the terms and the privacy policy', async () => {
    const w = await open('profile')
    expect(await w.d.findByRole('checkbox', { name: 'Send me news and offers by email' })).toBeTruthy()
    expect(w.d.getByRole('link', { name: 'Program terms' }).getAttribute('href')).toBe('https://trailpack.example/terms')
    expect(w.d.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('https://trailpack.example/privacy')
    w.cleanup()
  })

  it('deletes the account only once confirmed, and leaves a guest', async () => {
    const bodies: unknown[] = []
    const w = await open('profile')
    server.use(
      http.post(url('/members/me/erasure'), async ({ request }) => {
        bodies.push(await request.json())
        w.setMember(null)
        return HttpResponse.json({ erased: true })
      }),
    )
    fireEvent.click(await w.d.findByRole('button', { name: 'Delete my account' }))
    // Focus goes to the safe choice, which the question describes.
    await waitFor(() => expect(w.embed.shadow.activeElement?.textContent).toBe('Cancel'))
    const describedBy = w.embed.shadow.activeElement!.getAttribute('aria-describedby')!
    expect(w.embed.shadow.getElementById(describedBy)!.textContent).toMatch(/^Delete your account\?/)
    fireEvent.click(w.d.getByRole('button', { name: 'Cancel' }))
    expect(bodies).toEqual([])
    fireEvent.click(w.d.getByRole('button', { name: 'Delete my account' }))
    fireEvent.click(w.d.getByRole('button', { name: 'Yes, delete my account' }))
    await w.d.findByRole('button', { name: 'Join now' })
    expect(bodies).toEqual([{ confirm: 'erase' }])
    expect(w.widget.client.state.member.value).toBeNull()
    w.cleanup()
  })

  it('offers the data export as a file, but not someone else’s', async () => {
    let owner = 'mem_1'
    server.use(
      http.get(url('/members/me/export'), () => HttpResponse.json({ exportedAt: iso(0), member: { id: owner, email: 'anna@example.com' }, ledger: [] })),
    )
    const clicks: string[] = []
    const click = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    }
    try {
      const w = await open('profile')
      fireEvent.click(await w.d.findByRole('button', { name: 'Download my data' }))
      await waitFor(() => expect(clicks).toEqual(['loyalty-data.json']))
      owner = 'mem_2'
      fireEvent.click(w.d.getByRole('button', { name: 'Download my data' }))
      await w.d.findByRole('alert')
      expect(clicks).toHaveLength(1)
      w.cleanup()
    } finally {
      HTMLAnchorElement.prototype.click = click
    }
  })
})

describe('analytics hand-off', () => {
  it('pushes GA4 events without personal data to window.dataLayer when asked', async () => {
    server.use(http.post(url('/members/me/claims'), () => HttpResponse.json({ ruleId: 'newsletter', points: 25, balance: 125 }, { status: 201 })))
    const w = await open('earn', {}, { analytics: 'datalayer' })
    fireEvent.click(await w.d.findByRole('button', { name: 'Claim 25 points' }))
    await w.d.findByText('✓ Done')
    const layer = (window as { dataLayer?: object[] }).dataLayer
    expect(layer).toEqual([{ event: 'earn_virtual_currency', virtual_currency_name: 'points', value: 25 }])
    expect(JSON.stringify(layer)).not.toMatch(/anna|mem_1/i)
    w.cleanup()
  })

  it('is off by default', async () => {
    server.use(http.post(url('/members/me/claims'), () => HttpResponse.json({ ruleId: 'newsletter', points: 25, balance: 125 }, { status: 201 })))
    const w = await open('earn')
    fireEvent.click(await w.d.findByRole('button', { name: 'Claim 25 points' }))
    await w.d.findByText('✓ Done')
    expect((window as { dataLayer?: unknown }).dataLayer).toBeUndefined()
    w.cleanup()
  })
})
