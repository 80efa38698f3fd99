import { fireEvent, waitFor, within } from '@testing-library/preact'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import type { Coupon, Member } from '../../src/core/contract.ts'
import { fakeToken, member, program } from '../fixtures.ts'
import { description, mount } from './mount-widget.ts'
import { problem, url, useMsw, PROGRAM_PATH } from './msw.ts'

const server = useMsw()

/** A signed-in member with the panel open on `view`. */
async function open(view: string, m: Partial<Member> = {}) {
  let current = member(m)
  server.use(http.get(url('/members/me'), () => HttpResponse.json(current)))
  const w = mount({ customer: { token: fakeToken() }, pageUrl: 'https://shop.example/' })
  await w.widget.ready
  w.widget.open(view as 'home')
  const dialog = await w.ui.findByRole('dialog')
  return { ...w, d: within(dialog), dialog, setMember: (x: Partial<Member>) => (current = member({ ...m, ...x })) }
}

describe('earn', () => {
  it('claims a rule once, with a key, then shows it as done and announces the points', async () => {
    const keys: (string | null)[] = []
    server.use(
      http.post(url('/members/me/claims'), async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key'))
        expect(await request.json()).toEqual({ ruleId: 'newsletter' })
        return HttpResponse.json({ ruleId: 'newsletter', points: 25, balance: 125 }, { status: 201 })
      }),
    )
    const w = await open('earn')
    await w.d.findByText('1 point per €1 spent')
    const title = w.d.getByRole('heading', { name: 'Ways to earn' })
    let titleFocused = 0
    title.addEventListener('focus', () => titleFocused++)
    const claim = w.d.getByRole('button', { name: 'Claim 25 points' })
    claim.focus()
    fireEvent.click(claim)
    await w.d.findByText('✓ Done')
    // Focus goes to the rule's "done", which took the button's place, and only there: the panel's
    // keeper of focus (which sends lost focus to the title) finds it placed and stays out of the way.
    await waitFor(() => expect(w.embed.shadow.activeElement?.textContent).toBe('✓ Done'))
    await new Promise((r) => setTimeout(r, 120))
    expect(w.embed.shadow.activeElement?.textContent).toBe('✓ Done')
    expect(titleFocused).toBe(0)
    expect(w.d.queryByRole('button', { name: 'Claim 25 points' })).toBeNull()
    expect(keys).toHaveLength(1)
    expect(w.events.find((e) => e.type == 'loyalkit:claim')?.detail).toMatchObject({ points: 25, balance: 125 })
    expect(w.events.find((e) => e.type == 'loyalkit:points')?.detail).toEqual({ balance: 125, previous: 100, delta: 25 })
    // Both news are said, as one: the thanks does not silence the balance.
    const live = w.embed.shadow.querySelector('dialog > [role=status]')!
    await waitFor(() => expect(live.textContent).toBe('Your balance: 125 points +25 points — thank you!'))
    w.cleanup()
  })

  it('says what went wrong when a claim fails, and keeps the button: busy meanwhile, never disabled (focus stays)', async () => {
    let answer!: () => void
    let asked = 0
    const answered = new Promise<void>((r) => (answer = r))
    server.use(http.post(url('/members/me/claims'), async () => (asked++, await answered, problem(422, 'already_claimed'))))
    const w = await open('earn')
    const button = await w.d.findByRole('button', { name: 'Claim 25 points' })
    // Which rule it claims is said with it.
    expect(description(button)).toBe('Subscribe to the newsletter')
    fireEvent.click(button)
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'))
    expect((button as HTMLButtonElement).disabled).toBe(false)
    // Pressed again while busy: nothing more is sent.
    fireEvent.click(button)
    await new Promise((r) => setTimeout(r, 50))
    expect(asked).toBe(1)
    answer()
    const alert = await w.d.findByRole('alert')
    expect(alert.textContent).toBe('You have already claimed this.')
    expect(w.d.getByRole('button', { name: 'Claim 25 points' }).hasAttribute('aria-disabled')).toBe(false)
    // Said beside the button that met it, in its rule's row (not at the top of a list scrolled away), and read with it.
    expect(alert.closest('li')).toBe(button.closest('li'))
    expect(description(button)).toBe('Subscribe to the newsletter You have already claimed this.')
    w.cleanup()
  })
})

describe('rewards', () => {
  it('shows cost, worth and affordability', async () => {
    const w = await open('rewards', { balance: 350 })
    await w.d.findByText('€5 off')
    expect(w.d.getByText('150 more points')).toBeTruthy()
    expect(w.d.getByRole('button', { name: 'Redeem: Free shipping' })).toBeTruthy()
    expect(w.d.queryByRole('button', { name: 'Redeem: 5 € off' })).toBeNull()
    expect(w.d.getByText('No coupons yet. Redeem a reward to get one.')).toBeTruthy()
    w.cleanup()
  })

  it('asks first, then redeems once and shows the code with a copy button', async () => {
    let calls = 0
    server.use(
      http.post(url('/members/me/redemptions'), () => {
        calls++
        return HttpResponse.json({ redemption: { id: 'r1', rewardId: 'free-shipping', code: 'TP-AAAA-BBBB', points: 300 }, balance: 50 }, { status: 201 })
      }),
    )
    const w = await open('rewards', { balance: 350 })
    fireEvent.click(await w.d.findByRole('button', { name: 'Redeem: Free shipping' }))
    expect(calls).toBe(0)
    expect(w.d.getByText('Redeem Free shipping for 300 points?')).toBeTruthy()
    // Both answers are read with the question they answer.
    for (const name of ['Yes, redeem', 'Cancel']) {
      const answer = w.d.getByRole('button', { name })
      expect(description(answer)).toBe('Redeem Free shipping for 300 points?')
    }
    w.setMember({
      balance: 50,
      coupons: [
        {
          id: 'c1',
          rewardId: 'free-shipping',
          name: 'Free shipping',
          code: 'TP-AAAA-BBBB',
          points: 300,
          state: 'active',
          expiresAt: null,
          createdAt: '2026-11-24T10:00:00Z',
        },
      ],
    })
    fireEvent.click(w.d.getByRole('button', { name: 'Yes, redeem' }))
    await w.d.findByText('Your code for Free shipping')
    expect(calls).toBe(1)
    expect(w.d.getAllByRole('button', { name: 'Copy code TP-AAAA-BBBB' }).length).toBeGreaterThan(0)
    expect(w.events.find((e) => e.type == 'loyalkit:redeem')?.detail).toMatchObject({
      reward: { id: 'free-shipping' },
      redemption: { code: 'TP-AAAA-BBBB', points: 300 },
      balance: 50,
    })
    // The earned coupon is listed too, once the member is refreshed.
    await waitFor(() => expect(w.d.getAllByText('TP-AAAA-BBBB').length).toBe(2))

    // Without the Clipboard API (refused, or a page on plain http): a selected textarea beside the
    // button, inside the modal panel (outside it the dialog makes it inert), then focus back on the button.
    const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard')
    const exec = Object.getOwnPropertyDescriptor(document, 'execCommand')
    let inPanel: boolean | null = null
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new Error('denied')) } })
    Object.defineProperty(document, 'execCommand', {
      configurable: true,
      value: () => ((inPanel = !!w.embed.shadow.querySelector('dialog textarea')), true),
    })
    try {
      const copy = w.d.getAllByRole('button', { name: 'Copy code TP-AAAA-BBBB' })[0]!
      fireEvent.click(copy)
      // Said under the code (and aloud); the button keeps its word and its name, so nothing reads it again.
      const shown = () => copy.closest('.code')!.nextElementSibling?.textContent
      await waitFor(() => expect(shown()).toBe('Copied'))
      expect(copy.textContent).toBe('Copy')
      expect(w.d.getAllByRole('button', { name: 'Copy code TP-AAAA-BBBB' })).toContain(copy)
      expect(inPanel).toBe(true)
      expect(w.embed.shadow.querySelector('textarea')).toBeNull()
      expect(w.embed.shadow.activeElement).toBe(copy)

      // And when the browser refuses that too: it says so, to sight and aloud, and selects the code for the shopper to copy.
      // (A second later: the first press's word is still shown, and its 2 s would end before this one's.)
      await new Promise((r) => setTimeout(r, 1000))
      expect(shown()).toBe('Copied')
      Object.defineProperty(document, 'execCommand', { configurable: true, value: () => false })
      fireEvent.click(copy)
      await waitFor(() => expect(shown()).toBe('Could not copy'))
      const live = w.embed.shadow.querySelector('dialog > [role=status]')!
      await waitFor(() => expect(live.textContent).toBe('Could not copy'))
      expect(getSelection()?.toString()).toBe('TP-AAAA-BBBB')
      expect(w.embed.shadow.activeElement).toBe(copy)
      // 2 s after the latest press (not the earlier one's 2 s, over by now), the button offers to copy again.
      await new Promise((r) => setTimeout(r, 1500))
      expect(shown()).toBe('Could not copy')
      await waitFor(() => expect(shown()).toBeUndefined(), { timeout: 1500 })
      expect(copy.textContent).toBe('Copy')
    } finally {
      if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard)
      else delete (navigator as { clipboard?: unknown }).clipboard
      if (exec) Object.defineProperty(document, 'execCommand', exec)
      else delete (document as { execCommand?: unknown }).execCommand
    }
    w.cleanup()
  })

  it('lists active coupons first, copyable and with their end date; used and expired ones after them, said in words and not copyable', async () => {
    const coupon = (id: string, code: string | null, state: Coupon['state'], expiresAt: string | null = null): Coupon => ({
      id,
      rewardId: 'five-off',
      name: 'Coupon ' + id,
      code,
      points: 500,
      state,
      expiresAt,
      createdAt: '2026-11-01T10:00:00Z',
    })
    const w = await open('rewards', {
      coupons: [
        coupon('1', 'TP-USED-0001', 'used'),
        coupon('2', 'TP-LIVE-0002', 'active', '2026-12-31T12:00:00Z'),
        coupon('3', 'TP-GONE-0003', 'expired', '2026-10-01T12:00:00Z'),
        coupon('4', 'TP-LIVE-0004', 'active'),
        coupon('5', null, 'active'), // a donation: nothing to enter at checkout
      ],
    })
    const list = (await w.d.findByRole('heading', { name: 'Your coupons' })).nextElementSibling as HTMLElement
    const items = within(list).getAllByRole('listitem')
    expect(items.map((li) => within(li).getByText(/^Coupon /).textContent)).toEqual(['Coupon 2', 'Coupon 4', 'Coupon 1', 'Coupon 3'])
    const [live, open2, used, expired] = items as [HTMLElement, HTMLElement, HTMLElement, HTMLElement]
    expect(within(live).getByRole('button', { name: 'Copy code TP-LIVE-0002' })).toBeTruthy()
    expect(within(live).getByText('Valid until Dec 31, 2026')).toBeTruthy()
    expect(within(open2).getByRole('button', { name: 'Copy code TP-LIVE-0004' })).toBeTruthy()
    expect(open2.textContent).not.toContain('Valid until')
    // Marked in words; the code is still shown, but there is nothing to copy.
    expect(within(used).getByText('Used')).toBeTruthy()
    expect(within(used).getByText('TP-USED-0001')).toBeTruthy()
    expect(within(used).queryByRole('button')).toBeNull()
    expect(within(expired).getByText('Expired')).toBeTruthy()
    expect(within(expired).queryByRole('button')).toBeNull()
    expect(w.d.queryByRole('button', { name: /TP-USED-0001|TP-GONE-0003/ })).toBeNull()
    w.cleanup()
  })

  it('thanks the member for a donation instead of showing a code', async () => {
    server.use(
      http.post(url('/members/me/redemptions'), () =>
        HttpResponse.json({ redemption: { id: 'r2', rewardId: 'donate', code: null, points: 100 }, balance: 0 }, { status: 201 }),
      ),
    )
    const w = await open('rewards', { balance: 100 })
    fireEvent.click(await w.d.findByRole('button', { name: 'Redeem: Donate 100 points' }))
    fireEvent.click(w.d.getByRole('button', { name: 'Yes, redeem' }))
    await w.d.findByText('Thank you! Your 100 points went to the charity.')
    w.cleanup()
  })

  it('keeps the points and explains when the server refuses', async () => {
    server.use(http.post(url('/members/me/redemptions'), () => problem(422, 'insufficient_points')))
    const w = await open('rewards', { balance: 350 })
    fireEvent.click(await w.d.findByRole('button', { name: 'Redeem: Free shipping' }))
    fireEvent.click(w.d.getByRole('button', { name: 'Yes, redeem' }))
    const alert = await w.d.findByRole('alert')
    expect(alert.textContent).toBe('You do not have enough points for this reward yet.')
    const yes = w.d.getByRole('button', { name: 'Yes, redeem' })
    // Said in the confirmation, beside the answer that met it (not at the top of a list scrolled away), and read with it.
    expect(alert.closest('li')).toBe(yes.closest('li'))
    expect(description(yes)).toBe('Redeem Free shipping for 300 points? You do not have enough points for this reward yet.')
    // Cancelling takes the question and its refusal away; asked again, the question starts clean.
    fireEvent.click(w.d.getByRole('button', { name: 'Cancel' }))
    expect(w.d.queryByRole('alert')).toBeNull()
    fireEvent.click(await w.d.findByRole('button', { name: 'Redeem: Free shipping' }))
    await w.d.findByText('Redeem Free shipping for 300 points?')
    expect(w.d.queryByRole('alert')).toBeNull()
    w.cleanup()
  })
})

describe('referral', () => {
  it('shows the link, what both get and the stats; copying announces it and fires the event', async () => {
    const w = await open('referral', { referral: { code: 'ANNA1', url: 'https://trailpack.example/?ref=ANNA1', friendsJoined: 2, pointsEarned: 400 } })
    await w.d.findByText('Your friend gets 10 % off your first order. You get 200 points when they make their first purchase.')
    expect(w.d.getByText('https://trailpack.example/?ref=ANNA1')).toBeTruthy()
    expect(w.d.getByText('2 friends joined')).toBeTruthy()
    expect(w.d.getByText('400 points earned from referrals')).toBeTruthy()
    fireEvent.click(w.d.getByRole('button', { name: 'Copy link' }))
    await waitFor(() => expect(w.events.find((e) => e.type == 'loyalkit:referral-copy')?.detail).toEqual({ url: 'https://trailpack.example/?ref=ANNA1' }))
    // Each copy is said, the same words again too: the region is emptied, then says it anew.
    const region = w.embed.shadow.querySelector('dialog > [role=status]')!
    await waitFor(() => expect(region.textContent).toBe('Copied'))
    const heard: string[] = []
    new MutationObserver(() => region.textContent && heard.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true })
    for (let n = 1; n <= 3; n++) {
      fireEvent.click(w.d.getByRole('button', { name: 'Copy link' }))
      await waitFor(() => expect(heard).toHaveLength(n))
    }
    expect(heard).toEqual(['Copied', 'Copied', 'Copied'])
    w.cleanup()
  })

  it('drops an unsafe referral URL from the server', async () => {
    const w = await open('referral', { referral: { code: 'X', url: 'javascript:alert(1)', friendsJoined: 0, pointsEarned: 0 } })
    await w.d.findByRole('button', { name: 'Join to get your referral link' })
    expect(w.d.queryByText('javascript:alert(1)')).toBeNull()
    w.cleanup()
  })
})

describe('activity', () => {
  it('lists signed points with dates and loads more by cursor', async () => {
    const cursors: (string | null)[] = []
    server.use(
      http.get(url('/members/me/activity'), ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor')
        cursors.push(cursor)
        return HttpResponse.json(
          cursor
            ? { entries: [{ id: '1', type: 'signup', points: 100, description: 'Joined', createdAt: '2026-11-01T10:00:00Z' }], nextCursor: null }
            : { entries: [{ id: '2', type: 'redemption', points: -300, description: 'Free shipping', createdAt: '2026-11-20T10:00:00Z' }], nextCursor: 'c2' },
        )
      }),
    )
    const w = await open('activity')
    await w.d.findByText('Free shipping')
    expect(w.d.getByText('-300')).toBeTruthy()
    expect(w.d.getByText('Nov 20, 2026')).toBeTruthy()
    fireEvent.click(w.d.getByRole('button', { name: 'Load more' }))
    await w.d.findByText('+100')
    expect(w.d.queryByRole('button', { name: 'Load more' })).toBeNull()
    expect(cursors).toEqual([null, 'c2'])
    // The button is gone with the last page: focus is on the first entry it brought.
    await waitFor(() => expect(w.embed.shadow.activeElement?.textContent).toMatch(/^Joined/))
    w.cleanup()
  })

  it('says a page that failed to load and keeps "Load more" to try again', async () => {
    let fail = false
    server.use(
      http.get(url('/members/me/activity'), ({ request }) =>
        new URL(request.url).searchParams.get('cursor')
          ? fail
            ? problem(400, 'invalid_request')
            : HttpResponse.json({
                entries: [{ id: '1', type: 'signup', points: 100, description: 'Joined', createdAt: '2026-11-01T10:00:00Z' }],
                nextCursor: null,
              })
          : HttpResponse.json({
              entries: [{ id: '2', type: 'claim', points: 25, description: 'Newsletter', createdAt: '2026-11-20T10:00:00Z' }],
              nextCursor: 'c2',
            }),
      ),
    )
    const w = await open('activity')
    await w.d.findByText('Newsletter')
    fail = true
    const more = w.d.getByRole('button', { name: 'Load more' })
    more.focus()
    fireEvent.click(more)
    await w.d.findByRole('alert')
    expect(w.d.getByText('Newsletter')).toBeTruthy()
    // The same button stays, and focus with it.
    expect(w.embed.shadow.activeElement).toBe(more)
    fail = false
    fireEvent.click(w.d.getByRole('button', { name: 'Load more' }))
    await w.d.findByText('Joined')
    expect(w.d.queryByRole('alert')).toBeNull()
    w.cleanup()
  })

  it('a last page that brings nothing takes "Load more" away, and focus goes to the title, not to the page', async () => {
    server.use(
      http.get(url('/members/me/activity'), ({ request }) =>
        HttpResponse.json(
          new URL(request.url).searchParams.get('cursor')
            ? { entries: [], nextCursor: null }
            : { entries: [{ id: '2', type: 'claim', points: 25, description: 'Newsletter', createdAt: '2026-11-20T10:00:00Z' }], nextCursor: 'c2' },
        ),
      ),
    )
    const w = await open('activity')
    await w.d.findByText('Newsletter')
    const more = w.d.getByRole('button', { name: 'Load more' })
    more.focus()
    fireEvent.click(more)
    await waitFor(() => expect(w.d.queryByRole('button', { name: 'Load more' })).toBeNull())
    await waitFor(() => expect(w.embed.shadow.activeElement).toBe(w.d.getByRole('heading', { name: 'Activity' })))
    w.cleanup()
  })

  it('has an empty state and a retryable error state', async () => {
    let fail = true
    server.use(
      http.get(url('/members/me/activity'), () => (fail ? problem(500, 'server_error' as never) : HttpResponse.json({ entries: [], nextCursor: null }))),
    )
    const w = await open('activity')
    const alert = await w.d.findByRole('alert', {}, { timeout: 5000 })
    expect(alert.textContent).toMatch(/Something went wrong/)
    fail = false
    fireEvent.click(w.d.getByRole('button', { name: 'Try again' }))
    await w.d.findByText('No activity yet.')
    w.cleanup()
  })
})

describe('tiers', () => {
  it('lists every tier and marks the member’s own', async () => {
    const w = await open('tiers', { tier: { id: 'silver', name: 'Silver' } })
    const current = (await w.d.findByText('Your tier')).closest('li')!
    expect(current.getAttribute('aria-current')).toBe('true')
    expect(current.textContent).toContain('Silver')
    expect(w.d.getByText('From 1,500 points lifetime · ×2 points on orders')).toBeTruthy()
    expect(w.d.getByText('Free shipping')).toBeTruthy()
    w.cleanup()
  })
})

describe('home (member)', () => {
  it('says how many points expire and when, in the member’s card (plural and date through Intl)', async () => {
    const w = await open('home', { expiring: { points: 150, date: '2026-12-01T12:00:00Z' } })
    await w.d.findByText('150 points expire on Dec 1, 2026')
    w.cleanup()
    const one = await open('home', { expiring: { points: 1, date: '2027-01-15T12:00:00Z' } })
    await one.d.findByText('1 point expires on Jan 15, 2027')
    one.cleanup()
    const none = await open('home')
    await none.d.findByText('Hi, Anna')
    expect(none.d.queryByText(/expire/)).toBeNull()
    none.cleanup()
  })

  it('greets, shows balance, tier progress and the nearest reward, and links every view', async () => {
    const w = await open('home', { balance: 150, lifetimePoints: 150 })
    await w.d.findByText('Hi, Anna')
    expect(w.d.getByText('150 points', { selector: '.big' })).toBeTruthy()
    expect(w.d.getByRole('progressbar', { name: '400 points to Silver' })).toBeTruthy()
    expect(w.d.getByText('You can redeem: Donate 100 points')).toBeTruthy()
    for (const name of ['Ways to earn', 'Rewards', 'Refer a friend', 'Activity', 'Tiers', 'Your profile'])
      expect(w.d.getByRole('button', { name })).toBeTruthy()
    fireEvent.click(w.d.getByRole('button', { name: 'Tiers' }))
    await w.ui.findByRole('dialog', { name: 'Tiers' })
    fireEvent.click(w.d.getByRole('button', { name: 'Back' }))
    await w.ui.findByRole('dialog', { name: program.name })
    w.cleanup()
  })
})

describe('marketing consent (profile)', () => {
  const NAME = 'Send me news and offers by email'
  const live = (w: Awaited<ReturnType<typeof open>>) => w.embed.shadow.querySelector('dialog [role=status]')!

  it('shows the recorded choice; a change POSTs it with a key, shows it saving, then what the server recorded', async () => {
    const seen: { key: string | null; body: unknown }[] = []
    let answer: () => void = () => {}
    server.use(
      http.post(url('/members/me/consent'), async ({ request }) => {
        seen.push({ key: request.headers.get('Idempotency-Key'), body: await request.json() })
        await new Promise<void>((r) => (answer = r))
        return HttpResponse.json(member({ marketing: true }))
      }),
    )
    const w = await open('profile')
    const box = (await w.d.findByRole('checkbox', { name: NAME })) as HTMLInputElement
    expect(box.checked).toBe(false)
    fireEvent.click(box)
    await w.d.findByText('Saving…')
    // The choice being saved shows, and nothing else can be sent meanwhile (focus stays: not disabled).
    expect(box.checked).toBe(true)
    expect(box.getAttribute('aria-disabled')).toBe('true')
    expect(box.disabled).toBe(false)
    fireEvent.click(box)
    expect(box.checked).toBe(true)
    await waitFor(() => expect(seen).toHaveLength(1))
    answer()
    await waitFor(() => expect(w.d.queryByText('Saving…')).toBeNull())
    expect(box.checked).toBe(true)
    expect(box.hasAttribute('aria-disabled')).toBe(false)
    expect(seen).toEqual([{ key: expect.stringMatching(/^[0-9a-f-]{36}$/), body: { marketing: true } }])
    expect(w.events.filter((e) => e.type == 'loyalkit:consent').map((e) => e.detail)).toEqual([{ marketing: true }])
    await waitFor(() => expect(live(w).textContent).toBe('Saved'))
    w.cleanup()
  })

  it('withdraws consent the same way', async () => {
    const bodies: unknown[] = []
    server.use(
      http.post(url('/members/me/consent'), async ({ request }) => {
        bodies.push(await request.json())
        return HttpResponse.json(member({ marketing: false }))
      }),
    )
    const w = await open('profile', { marketing: true })
    const box = (await w.d.findByRole('checkbox', { name: NAME })) as HTMLInputElement
    expect(box.checked).toBe(true)
    fireEvent.click(box)
    await waitFor(() => expect(w.events.some((e) => e.type == 'loyalkit:consent')).toBe(true))
    expect(bodies).toEqual([{ marketing: false }])
    expect(box.checked).toBe(false)
    w.cleanup()
  })

  it('on a 500 (after the client’s retries, one key), says why, tied to the checkbox, and shows the recorded choice again; trying again reuses the key', async () => {
    const keys: (string | null)[] = []
    server.use(
      http.post(url('/members/me/consent'), ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key'))
        return problem(500, 'server_error')
      }),
    )
    const w = await open('profile')
    const box = (await w.d.findByRole('checkbox', { name: NAME })) as HTMLInputElement
    fireEvent.click(box)
    // The widget's client retries a 5xx twice (backoff ≤ 300 + 600 ms) before giving up.
    const alert = await w.d.findByRole('alert', {}, { timeout: 5000 })
    expect(alert.textContent).toBe('Something went wrong on our side. Your points are safe — try again.')
    expect(box.getAttribute('aria-describedby')).toBe(alert.id)
    expect(box.checked).toBe(false)
    expect(w.widget.client.state.member.value?.marketing).toBe(false)
    expect(w.d.queryByText('Saving…')).toBeNull()
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    fireEvent.click(box)
    await waitFor(() => expect(keys).toHaveLength(6), { timeout: 5000 })
    expect(new Set(keys).size).toBe(1)
    w.cleanup()
  })

  it('rejects an answer that is not a member: an error, and the recorded choice stays', async () => {
    server.use(http.post(url('/members/me/consent'), () => HttpResponse.json({ marketing: true })))
    const w = await open('profile')
    const box = (await w.d.findByRole('checkbox', { name: NAME })) as HTMLInputElement
    fireEvent.click(box)
    expect((await w.d.findByRole('alert')).textContent).toBe('Something went wrong on our side. Your points are safe — try again.')
    expect(box.checked).toBe(false)
    expect(w.widget.client.state.member.value?.marketing).toBe(false)
    expect(w.events.some((e) => e.type == 'loyalkit:consent')).toBe(false)
    expect(w.events.find((e) => e.type == 'loyalkit:error')?.detail).toMatchObject({ code: 'invalid_response', operation: 'setConsent' })
    w.cleanup()
  })

  it('is not offered to guests', async () => {
    // A guest's open is counted by a beacon: it must have landed before the mock server closes.
    let counted!: () => void
    const beacon = new Promise<void>((r) => (counted = r))
    server.use(http.post(url(PROGRAM_PATH + '/opens'), () => (counted(), new HttpResponse(null, { status: 204 }))))
    const w = mount({ pageUrl: 'https://shop.example/' })
    await w.widget.ready
    w.widget.open('profile')
    const d = within(await w.ui.findByRole('dialog'))
    await d.findByRole('button', { name: 'Join now' })
    await waitFor(() => expect(w.widget.client.state.program.value).toBeTruthy())
    expect(d.queryByRole('checkbox')).toBeNull()
    await beacon
    w.cleanup()
  })
})

describe('deep links', () => {
  const heading = (w: ReturnType<typeof mount>) => w.embed.shadow.querySelector('#lk-title')?.textContent
  const signedIn = (pageUrl: string) => {
    server.use(http.get(url('/members/me'), () => HttpResponse.json(member())))
    return mount({ customer: { token: fakeToken() }, pageUrl })
  }

  it('?loyalkit=rewards opens the panel on rewards once the views are there', async () => {
    const w = signedIn('https://shop.example/?loyalkit=rewards')
    await w.widget.ready
    await waitFor(() => expect(heading(w)).toBe('Rewards'))
    expect(w.embed.shadow.querySelector('dialog')!.open).toBe(true)
    w.cleanup()
  })

  it('an unknown view in the address: one clear console error and a loyalkit:error event, the panel left closed, nothing thrown', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const w = signedIn('https://shop.example/?loyalkit=nope')
    await w.widget.ready
    await waitFor(() => expect(w.events.filter((e) => e.type == 'loyalkit:error')).toHaveLength(1))
    expect(w.events.find((e) => e.type == 'loyalkit:error')!.detail).toMatchObject({ code: 'invalid_argument', operation: 'open' })
    expect(errors.mock.calls).toEqual([[expect.stringContaining('unknown view "nope"')]])
    expect(w.embed.shadow.querySelector('dialog')!.open).toBe(false)
    errors.mockRestore()
    w.cleanup()
  })

  it('does not take the shopper away from a view they opened before the views arrived', async () => {
    const w = signedIn('https://shop.example/?loyalkit=rewards')
    await w.widget.ready
    w.widget.open('tiers')
    await waitFor(() => expect(w.embed.shadow.querySelector('[aria-busy]')).toBeNull())
    await new Promise((next) => setTimeout(next, 50))
    expect(heading(w)).toBe('Tiers')
    w.cleanup()
  })
})
