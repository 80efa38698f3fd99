import { fireEvent, waitFor, within } from '@testing-library/preact'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { fakeToken, member, program } from '../fixtures.ts'
import enCore from '../../src/i18n/en/core.ts'
import enViews from '../../src/i18n/en/views.ts'
import lv from '../../src/i18n/locales/lv.ts'
import { mount } from './mount-widget.ts'
import { problem, url, useMsw, PROGRAM_PATH } from './msw.ts'

const server = useMsw()

/** A guest's sign-up: the form opened, the email typed, the terms accepted, Join pressed. */
async function joinWith(email: string) {
  const w = mount()
  await w.widget.ready
  w.widget.open('signup')
  const d = within(await w.ui.findByRole('dialog'))
  fireEvent.input(await d.findByLabelText('Email'), { target: { value: email } })
  fireEvent.click(d.getByRole('checkbox', { name: /I agree/ }))
  fireEvent.click(d.getByRole('button', { name: 'Join' }))
  return { w, d }
}

describe('widget UI slice', () => {
  it('draws a launcher as a disclosure button that opens a labelled modal dialog', async () => {
    const w = mount()
    const launcher = w.ui.getByRole('button', { name: 'Rewards' })
    expect(launcher.getAttribute('aria-expanded')).toBe('false')
    await w.widget.ready
    fireEvent.click(launcher)
    const dialog = await w.ui.findByRole('dialog', { name: 'Trailpack Rewards' })
    expect(launcher.getAttribute('aria-expanded')).toBe('true')
    expect(within(dialog).getByText('Get 100 points when you join')).toBeTruthy()
    expect(within(dialog).getByText('A friend invited you: 10 % off your first order when you join.')).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ways to earn' }))
    await within(dialog).findByText('1 point per €1 spent')
    expect(within(w.ui.getByRole('dialog', { name: 'Ways to earn' })).getByRole('button', { name: 'Join to claim' })).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    await waitFor(() => expect(launcher.getAttribute('aria-expanded')).toBe('false'))
    expect(w.events.map((e) => e.type)).toEqual(['loyalkit:ready', 'loyalkit:open', 'loyalkit:close'])
    expect(w.events[1]!.detail).toEqual({ view: 'home' })
    w.cleanup()
  })

  it('opens with its content drawn: the program fetched ahead is in the first render, and the dialog is shown after it, not before', async () => {
    let asked = 0
    server.use(http.get(url(PROGRAM_PATH), () => (asked++, HttpResponse.json(program))))
    // What the body holds when the dialog is shown: what the modal's first style and layout are made of.
    const atShow: string[] = []
    const showModal = HTMLDialogElement.prototype.showModal
    HTMLDialogElement.prototype.showModal = function () {
      atShow.push(this.querySelector('.bd')?.textContent ?? '')
      showModal.call(this)
    }
    try {
      const w = mount({}, { program: Promise.resolve(program), programJson: program })
      expect(w.widget.client.state.program.value?.name).toBe('Trailpack Rewards')
      // Opened before anything else has run: as a click that arrives with the UI does (an English page's
      // open waits for no pack: it settles within the click's task).
      const opened = w.widget.open()
      // Nothing to wait for: the launcher is never said to be at work.
      expect(w.launcher.button.hasAttribute('aria-busy')).toBe(false)
      await opened
      expect(atShow).toHaveLength(1)
      expect(atShow[0]).toContain('Get 100 points when you join')
      expect(within(w.ui.getByRole('dialog', { name: 'Trailpack Rewards' })).getByRole('button', { name: 'Join now' })).toBeTruthy()
      await w.widget.ready
      expect(asked).toBe(0)
      w.cleanup()
    } finally {
      HTMLDialogElement.prototype.showModal = showModal
    }
  })

  describe("a page in another language: opening waits for that language's strings", () => {
    /** A Latvian widget whose pack comes when `arrive` is called, with the program at hand. */
    const latvian = () => {
      let arrive!: () => void
      const w = mount(
        { locale: 'lv' },
        { program: Promise.resolve(program), programJson: program, loadLocale: () => new Promise((r) => (arrive = () => r(lv))) },
      )
      return { w, arrive: () => arrive() }
    }

    it('opens once they have come, in Latvian, and the open settles then', async () => {
      const { w, arrive } = latvian()
      let settled = false
      const opened = w.widget.open().then(() => (settled = true))
      await new Promise((r) => setTimeout(r, 50))
      expect(w.ui.queryByRole('dialog')).toBeNull()
      expect(w.launcher.button.getAttribute('aria-expanded')).toBe('false')
      // The launcher says it is at work meanwhile.
      expect(w.launcher.button.getAttribute('aria-busy')).toBe('true')
      expect(settled).toBe(false)
      arrive()
      await opened
      expect(w.launcher.button.hasAttribute('aria-busy')).toBe(false)
      const dialog = w.ui.getByRole('dialog', { name: 'Trailpack Rewards' })
      expect(within(dialog).getByRole('button', { name: 'Pievienoties' })).toBeTruthy()
      expect(within(dialog).queryByRole('button', { name: 'Join now' })).toBeNull()
      expect(w.launcher.button.getAttribute('aria-expanded')).toBe('true')
      expect(w.events.filter((e) => e.type == 'loyalkit:open')).toHaveLength(1)
      w.cleanup()
    })

    it('destroyed while it waits: nothing opens when they come, nothing is drawn again', async () => {
      const { w, arrive } = latvian()
      const opened = w.widget.open().catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 50))
      w.widget.destroy()
      arrive()
      expect(await opened).toBe(undefined)
      expect(w.ui.queryByRole('dialog')).toBeNull()
      expect(w.launcher.button.getAttribute('aria-expanded')).toBe('false')
      expect(w.events.filter((e) => e.type == 'loyalkit:open')).toHaveLength(0)
      w.cleanup()
    })

    it('the views wait for it too: an inline element shows nothing until it has come, then Latvian, never English', async () => {
      let viewsHere!: () => void
      const viewsCame = new Promise<void>((r) => (viewsHere = r))
      let arrive!: () => void
      const w = mount(
        { locale: 'lv', pageUrl: 'https://shop.example/' },
        {
          program: Promise.resolve(program),
          programJson: program,
          // npm's packs are whole: the views' strings come with the rest.
          loadLocale: () => new Promise((r) => (arrive = () => r(lv))),
          loadViews: async () => {
            const v = (await import('../../src/ui/views/index.ts')).default
            viewsHere()
            return v
          },
        },
      )
      const signup = document.createElement('loyalkit-signup')
      document.body.append(signup)
      const inSignup = () => within(signup.shadowRoot as unknown as HTMLElement)
      await viewsCame
      await new Promise((r) => setTimeout(r, 100))
      expect(signup.shadowRoot?.textContent ?? '').toBe('')
      arrive()
      await waitFor(() => expect(customElements.get('loyalkit-signup')).toBeTruthy())
      expect(await inSignup().findByLabelText('E-pasts')).toBeTruthy()
      expect(inSignup().queryByLabelText('Email')).toBeNull()
      signup.remove()
      w.cleanup()
    })

    it("the script tag's views wait for the pack's first half too, when their own half came first", async () => {
      let arrive!: () => void
      const w = mount(
        { locale: 'lv', pageUrl: 'https://shop.example/' },
        {
          program: Promise.resolve(program),
          programJson: program,
          // The script tag's packs come in two halves of values, in the order of the English keys.
          loadLocale: (_tag, v) =>
            v
              ? Promise.resolve(Object.keys(enViews).map((k) => lv[k as keyof typeof lv]))
              : new Promise((r) => (arrive = () => r(Object.keys(enCore).map((k) => lv[k as keyof typeof lv])))),
          loadViews: async () => ({ ...(await import('../../src/ui/views/index.ts')).default, packs: { lv: '' } }),
        },
      )
      const signup = document.createElement('loyalkit-signup')
      document.body.append(signup)
      await w.widget.ready
      await new Promise((r) => setTimeout(r, 200))
      expect(signup.shadowRoot?.textContent ?? '').toBe('')
      arrive()
      const inSignup = within(await waitFor(() => signup.shadowRoot as unknown as HTMLElement))
      expect(await inSignup.findByLabelText('E-pasts')).toBeTruthy()
      expect(inSignup.queryByLabelText('Email')).toBeNull()
      signup.remove()
      w.cleanup()
    })

    it('a pack that never comes holds an open for 5 s at most: then in English', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      try {
        const { w } = latvian()
        const opened = w.widget.open()
        await vi.advanceTimersByTimeAsync(4900)
        expect(w.ui.queryByRole('dialog')).toBeNull()
        await vi.advanceTimersByTimeAsync(100)
        await opened
        expect(within(w.ui.getByRole('dialog', { name: 'Trailpack Rewards' })).getByRole('button', { name: 'Join now' })).toBeTruthy()
        w.cleanup()
      } finally {
        vi.useRealTimers()
      }
    })
  })

  it("names the panel for what it shows: a guest sent to Activity sees the sign-up, under the program's name", async () => {
    const w = mount()
    await w.widget.ready
    w.widget.open('activity')
    const dialog = await w.ui.findByRole('dialog', { name: 'Trailpack Rewards' })
    expect(await within(dialog).findByLabelText('Email')).toBeTruthy()
    w.cleanup()
  })

  it("keeps the integrator's launcher text, and names the member's balance after it", async () => {
    const w = mount({ launcher: { label: 'Klubs' }, customer: { token: fakeToken() } })
    expect(w.ui.getByRole('button', { name: 'Klubs' }).getAttribute('aria-expanded')).toBe('false')
    await w.widget.ready
    await w.ui.findByRole('button', { name: 'Klubs, 100 points' })
    expect(w.launcher.text.textContent).toBe('Klubs')
    w.cleanup()
  })

  it.each([
    ['a pointer reaches the launcher', (b: HTMLElement) => fireEvent.pointerEnter(b)],
    ['the launcher gets focus', (b: HTMLElement) => fireEvent.focus(b)],
  ])("draws the closed panel's content, and makes its first Intl objects, only once %s", async (_, intent) => {
    // The first Intl objects of a page load locale data (tens of ms on a slow phone): not at page load.
    const real = { NumberFormat: Intl.NumberFormat, PluralRules: Intl.PluralRules }
    let made = 0
    for (const k of ['NumberFormat', 'PluralRules'] as const) {
      const Real = real[k] as new (...a: unknown[]) => object
      // A function, not an arrow: the code under test calls it with `new`.
      // biome-ignore lint/complexity/useArrowFunction: an arrow cannot be constructed
      ;(Intl as Record<string, unknown>)[k] = function (...args: unknown[]) {
        made++
        return new Real(...args)
      }
    }
    try {
      const w = mount()
      await w.widget.ready
      await new Promise((r) => setTimeout(r, 20))
      const dialog = w.ui.getByRole('dialog', { hidden: true })
      expect(within(dialog).queryByRole('button', { name: 'Join now', hidden: true })).toBeNull()
      expect(made).toBe(0)
      intent(w.launcher.button)
      await within(dialog).findByRole('button', { name: 'Join now', hidden: true })
      expect(made).toBeGreaterThan(0)
      // Opening then finds it drawn.
      fireEvent.click(w.launcher.button)
      expect(within(await w.ui.findByRole('dialog', { name: 'Trailpack Rewards' })).getByRole('button', { name: 'Join now' })).toBeTruthy()
      w.cleanup()
    } finally {
      Object.assign(Intl, real)
    }
  })

  /** GET /members/me answers only when `answer` is called. */
  const heldMembership = (balance: number) => {
    let answer!: () => void
    const answered = new Promise<void>((r) => (answer = r))
    server.use(
      http.get(url('/members/me'), async () => {
        await answered
        return HttpResponse.json(member({ balance }))
      }),
    )
    return answer
  }

  /** The panel, opened once the widget is ready, on a home that offers to join. */
  const openOnJoin = async (w: ReturnType<typeof mount>) => {
    await w.widget.ready
    w.widget.open()
    const dialog = await w.ui.findByRole('dialog', { name: 'Trailpack Rewards' })
    await within(dialog).findByRole('button', { name: 'Join now' })
    return dialog
  }

  /**
   * identify() while /members/me is held (heldMembership): a placeholder in the open panel and no offer
   * to join; the returned step lets the answer through and waits for `balance`.
   */
  const identifyHeld = async (w: ReturnType<typeof mount>, dialog: HTMLElement, token: string, answer: () => void) => {
    const identified = w.widget.identify({ token })
    await waitFor(() => expect(dialog.querySelector('[aria-busy="true"]')).not.toBe(null))
    expect(within(dialog).queryByRole('button', { name: 'Join now' })).toBe(null)
    return async (balance: string) => {
      answer()
      await identified
      await within(dialog).findByText(balance)
    }
  }

  it('never offers a signed-in shopper to join while their membership is still on its way', async () => {
    const answer = heldMembership(250)
    const w = mount({ customer: { token: fakeToken() } })
    try {
      // The program is there at once (as when the script tag fetched it ahead); the member is not.
      await waitFor(() => expect(w.widget.client.state.program.value).not.toBe(null))
      fireEvent.click(w.launcher.button)
      const dialog = await w.ui.findByRole('dialog', { name: 'Trailpack Rewards' })
      expect(within(dialog).queryByRole('button', { name: 'Join now' })).toBe(null)
      expect(dialog.querySelector('[aria-busy="true"]')).not.toBe(null)
      answer()
      await within(dialog).findByText('250 points')
      expect(within(dialog).queryByRole('button', { name: 'Join now' })).toBe(null)
    } finally {
      answer()
      w.cleanup()
    }
  })

  it('a guest who signs in with the panel open sees a placeholder, not the offer to join, until their membership answers', async () => {
    const w = mount()
    const answer = heldMembership(320)
    try {
      const dialog = await openOnJoin(w)
      const answered = await identifyHeld(w, dialog, fakeToken(), answer)
      await answered('320 points')
    } finally {
      answer()
      w.cleanup()
    }
  })

  it('a refresh keeps what is known: a signed-in shopper who has not joined keeps the offer to join meanwhile', async () => {
    let delay = 0
    server.use(
      http.get(url('/members/me'), async () => {
        await new Promise((r) => setTimeout(r, delay))
        return new HttpResponse(null, { status: 204 })
      }),
    )
    const w = mount({ customer: { token: fakeToken() } })
    try {
      const dialog = await openOnJoin(w)
      delay = 100
      const refreshed = w.widget.refresh()
      await new Promise((r) => setTimeout(r, 20))
      expect(within(dialog).getByRole('button', { name: 'Join now' })).toBeTruthy()
      expect(dialog.querySelector('[aria-busy="true"]')).toBe(null)
      await refreshed
    } finally {
      w.cleanup()
    }
  })

  it('a guest signing in after a failed refresh sees a placeholder, not the old failure, until their membership answers', async () => {
    const w = mount()
    const answer = heldMembership(410)
    try {
      const dialog = await openOnJoin(w)
      server.use(http.get(url(PROGRAM_PATH), () => HttpResponse.error()))
      await w.widget.refresh().catch(() => {})
      await within(dialog).findByText(/^Offline — last updated /)
      const answered = await identifyHeld(w, dialog, fakeToken(), answer)
      expect(within(dialog).queryByRole('alert')).toBe(null)
      await answered('410 points')
    } finally {
      answer()
      w.cleanup()
    }
  })

  it("a member handing over to another shopper: the first one's balance is gone at once, a placeholder until the next one's answers", async () => {
    server.use(http.get(url('/members/me'), () => HttpResponse.json(member({ balance: 250 }))))
    const w = mount({ customer: { token: fakeToken(900, 'customer-a') } })
    let answer = () => {}
    try {
      w.widget.open()
      const dialog = await w.ui.findByRole('dialog', { name: 'Trailpack Rewards' })
      await within(dialog).findByText('250 points')
      answer = heldMembership(320)
      const answered = await identifyHeld(w, dialog, fakeToken(900, 'customer-b'), answer)
      expect(within(dialog).queryByText('250 points')).toBe(null)
      expect(w.launcher.button.textContent).not.toMatch(/250/)
      await answered('320 points')
    } finally {
      answer()
      w.cleanup()
    }
  })

  it('a shopper whose membership cannot be asked is told so, with a retry, and never offered to join', async () => {
    let down = true
    server.use(http.get(url('/members/me'), () => (down ? problem(503, 'server_error' as never) : HttpResponse.json(member({ balance: 510 })))))
    const w = mount()
    try {
      const dialog = within(await openOnJoin(w))
      await w.widget.identify({ token: fakeToken() }).catch(() => {})
      expect((await dialog.findByRole('alert')).textContent).toMatch(/Something went wrong/)
      expect(dialog.queryByRole('button', { name: 'Join now' })).toBe(null)
      down = false
      const retry = dialog.getByRole('button', { name: 'Try again' })
      retry.focus()
      fireEvent.click(retry)
      await dialog.findByText('510 points')
      expect(dialog.queryByRole('alert')).toBe(null)
      // The retry button left with the failure: focus is on the panel's title, not on the page.
      expect(w.embed.shadow.activeElement?.id).toBe('lk-title')
    } finally {
      w.cleanup()
    }
  })

  it('validates the sign-up form inline, ties messages to fields, and joins', async () => {
    let body: Record<string, unknown> = {}
    server.use(
      http.post(url('/members'), async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>
        return HttpResponse.json({ member: member({ email: 'anna@example.com' }), token: fakeToken() }, { status: 201 })
      }),
    )
    const w = mount()
    await w.widget.ready
    w.widget.open('signup')
    const dialog = await w.ui.findByRole('dialog')
    const d = within(dialog)
    // The form comes with the views, which load when the panel opens.
    const email = await d.findByLabelText('Email')
    fireEvent.click(d.getByRole('button', { name: 'Join' }))
    expect(email.getAttribute('aria-invalid')).toBe('true')
    const describedBy = email.getAttribute('aria-describedby')!
    expect(w.embed.shadow.getElementById(describedBy)!.textContent).toBe('Enter an email address like name@example.com')
    expect(d.getByRole('checkbox', { name: /I agree to the program terms/ }).getAttribute('aria-invalid')).toBe('true')

    // The referral code from ?ref= is prefilled, and editable.
    expect((d.getByLabelText('Referral code (optional)') as HTMLInputElement).value).toBe('FRIEND1')
    fireEvent.input(email, { target: { value: 'anna@example.com' } })
    fireEvent.click(d.getByRole('checkbox', { name: /I agree/ }))
    fireEvent.click(d.getByRole('button', { name: 'Join' }))
    await d.findByText('Welcome! 100 points are yours.')
    expect(d.getByText('100 points', { selector: '.big' })).toBeTruthy()
    expect(body).toEqual({ email: 'anna@example.com', consent: { terms: true, marketing: false }, referralCode: 'FRIEND1' })
    expect(w.ui.getByRole('button', { name: 'Rewards, 100 points' })).toBeTruthy()
    expect(w.events.find((e) => e.type == 'loyalkit:signup')).toBeTruthy()
    w.cleanup()
  })

  it('keeps the input and explains what to do when the server says no', async () => {
    server.use(http.post(url('/members'), () => problem(422, 'email_taken')))
    const { w, d } = await joinWith('taken@example.com')
    const alert = await d.findByRole('alert')
    expect(alert.textContent).toMatch(/already a member/)
    expect((d.getByLabelText('Email') as HTMLInputElement).value).toBe('taken@example.com')
    // Closing and reopening keeps what the shopper typed.
    w.widget.close()
    w.widget.open('signup')
    expect((within(await w.ui.findByRole('dialog')).getByLabelText('Email') as HTMLInputElement).value).toBe('taken@example.com')
    w.cleanup()
  })

  it("puts the server's field errors on their fields: a referral code of one's own is marked and focused", async () => {
    server.use(
      http.post(url('/members'), () =>
        problem(422, 'invalid_request', { detail: 'This is your own referral code', errors: [{ field: 'referralCode', code: 'own_code' }] }),
      ),
    )
    const { w, d } = await joinWith('anna@example.com')
    await d.findByRole('alert')
    const ref = d.getByLabelText('Referral code (optional)')
    await waitFor(() => expect(ref.getAttribute('aria-invalid')).toBe('true'))
    expect(w.embed.shadow.getElementById(ref.getAttribute('aria-describedby')!)!.textContent).toMatch(/Check the fields/)
    expect(w.embed.shadow.activeElement).toBe(ref)
    // A mistake in the field that has focus already (Enter pressed in it): no focus event would say it, so it is said aloud.
    const email = d.getByLabelText('Email')
    email.focus()
    fireEvent.input(email, { target: { value: 'anna@' } })
    fireEvent.click(d.getByRole('button', { name: 'Join' }))
    const said = () => [...w.embed.shadow.querySelectorAll('[aria-live]')].map((e) => e.textContent).join(' ')
    await waitFor(() => expect(said()).toMatch(/Enter an email address like name@example.com/))
    w.cleanup()
  })

  it('says on the email field that an address is a member already, as the form does', async () => {
    server.use(http.post(url('/members'), () => problem(422, 'email_taken', { errors: [{ field: 'email', code: 'email_taken' }] })))
    const { w, d } = await joinWith('taken@example.com')
    const email = d.getByLabelText('Email')
    await d.findByRole('alert')
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    expect(w.embed.shadow.getElementById(email.getAttribute('aria-describedby')!)!.textContent).toMatch(/already a member/)
    w.cleanup()
  })

  it('shows a visible, recoverable error when the program cannot load', async () => {
    let fail = true
    server.use(http.get(url(PROGRAM_PATH), () => (fail ? problem(503, 'server_error' as never) : undefined)))
    const w = mount()
    await w.widget.ready.catch(() => {})
    w.widget.open()
    const d = within(await w.ui.findByRole('dialog'))
    expect((await d.findByRole('alert')).textContent).toMatch(/Something went wrong/)
    fail = false
    fireEvent.click(d.getByRole('button', { name: 'Try again' }))
    await d.findByText('Get 100 points when you join')
    w.cleanup()
  })

  it('keeps showing the last data, marked with when it was updated, while the service is down', async () => {
    const w = mount()
    await w.widget.ready
    w.widget.open()
    const d = within(await w.ui.findByRole('dialog'))
    await d.findByText('Get 100 points when you join')
    server.use(http.get(url(PROGRAM_PATH), () => HttpResponse.error()))
    await w.widget.refresh().catch(() => {})
    const note = await d.findByText(/^Offline — last updated /)
    expect(d.getByText('Get 100 points when you join')).toBeTruthy()
    server.resetHandlers()
    const retry = within(note.parentElement!).getByRole('button', { name: 'Try again' })
    retry.focus()
    fireEvent.click(retry)
    await waitFor(() => expect(d.queryByText(/^Offline/)).toBeNull())
    // The note went, and the button with it: focus goes to the panel's title, not to the page.
    await waitFor(() => expect(w.embed.shadow.activeElement).toBe(d.getByRole('heading', { name: 'Trailpack Rewards' })))
    w.cleanup()
  })
})
