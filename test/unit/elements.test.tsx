import { fireEvent, waitFor, within } from '@testing-library/preact'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { INLINE_TAGS } from '../../src/embed/intent.ts'
import { answerUiDemand } from '../../src/embed/ui-demand.ts'
import { defineElements, ELEMENT_TAGS } from '../../src/ui/elements.tsx'
import { fakeToken, member } from '../fixtures.ts'
import { mount } from './mount-widget.ts'
import { problem, url, useMsw } from './msw.ts'

const server = useMsw()

const shadow = (el: Element) => within(el.shadowRoot as unknown as HTMLElement)

describe('inline custom elements', () => {
  it('are exactly the tags the script tag’s facade watches for', () => {
    // A tag the views draw but the facade does not stand in for would never bring the UI.
    expect([...ELEMENT_TAGS].sort()).toEqual([...INLINE_TAGS].sort())
  })

  // How `loyalkit/elements` brings the npm widget's UI (the script tag's facade has stand-ins for it).
  it('joining the page before any widget is drawn in them, ask for the UI; not once one is, nor once nothing answers', async () => {
    defineElements()
    const asked = vi.fn()
    const stop = answerUiDemand(asked)
    expect(asked).not.toHaveBeenCalled()
    const [first, later] = [document.createElement('loyalkit-points'), document.createElement('loyalkit-points')]
    document.body.append(first)
    expect(asked).toHaveBeenCalledTimes(1)
    const w = mount({ pageUrl: 'https://shop.example/' })
    // The widget's views bind the element: a guest sees the offer to join.
    await shadow(first).findByRole('button', { name: 'Join now' }, { timeout: 5000 })
    document.body.append(later)
    expect(asked).toHaveBeenCalledTimes(1)
    w.cleanup()
    document.body.replaceChildren()
    stop()
    document.body.append(later)
    expect(asked).toHaveBeenCalledTimes(1)
    later.remove()
  })

  it('show the bound widget’s data, mount when added later and clean up when removed', async () => {
    server.use(http.get(url('/members/me'), () => HttpResponse.json(member({ balance: 1250 }))))
    const w = mount({ customer: { token: fakeToken() }, pageUrl: 'https://shop.example/' })
    await w.widget.ready
    await waitFor(() => expect(customElements.get('loyalkit-points')).toBeTruthy())

    const points = document.createElement('loyalkit-points')
    const balance = document.createElement('loyalkit-balance')
    document.body.append(points, balance)
    await shadow(points).findByText('1,250 points')
    expect(shadow(points).getByRole('progressbar')).toBeTruthy()
    expect(balance.shadowRoot!.textContent).toBe('1,250')

    points.remove()
    expect(points.shadowRoot!.childNodes.length).toBe(0)
    w.cleanup()
    expect(balance.shadowRoot!.textContent).toBe('')
    balance.remove()
  })

  it('offers the sign-up form to guests in <loyalkit-signup>', async () => {
    const w = mount({ pageUrl: 'https://shop.example/' })
    await w.widget.ready
    await waitFor(() => expect(customElements.get('loyalkit-signup')).toBeTruthy())
    const signup = document.createElement('loyalkit-signup')
    document.body.append(signup)
    expect(await shadow(signup).findByLabelText('Email')).toBeTruthy()
    const join = shadow(signup).getByRole('button', { name: 'Join' })
    // Joining there: the form gives way to the balance, and focus goes to it, not to the page's <body>.
    fireEvent.input(shadow(signup).getByLabelText('Email'), { target: { value: 'inline@example.com' } })
    fireEvent.click(shadow(signup).getByRole('checkbox', { name: /I agree/ }))
    join.focus()
    fireEvent.click(join)
    await shadow(signup).findByText('Your balance')
    await waitFor(() => expect(signup.shadowRoot!.activeElement?.textContent).toMatch(/^Your balance/))
    expect(w.widget.client.state.member.value).not.toBeNull()
    // The panel stays closed: the shopper joined where they were.
    expect(w.ui.queryByRole('dialog')).toBeNull()
    signup.remove()
    w.cleanup()
  })

  it('a retry in an inline element leaves focus where the shopper put it meanwhile', async () => {
    let down = true
    let answer: (() => void) | null = null
    server.use(
      http.get(url('/members/me'), async () => {
        if (down) return problem(503, 'server_error' as never)
        await new Promise<void>((r) => (answer = r))
        return HttpResponse.json(member({ balance: 70 }))
      }),
    )
    const w = mount({ customer: { token: fakeToken() }, pageUrl: 'https://shop.example/' })
    await w.widget.ready.catch(() => {})
    await waitFor(() => expect(customElements.get('loyalkit-points')).toBeTruthy())
    const points = document.createElement('loyalkit-points')
    const search = document.createElement('button')
    search.textContent = 'Search'
    document.body.append(points, search)
    try {
      await shadow(points).findByRole('alert')
      down = false
      const retry = shadow(points).getByRole('button', { name: 'Try again' })
      retry.focus()
      fireEvent.click(retry)
      // While it is asked, the shopper moves on to the page's own search button.
      search.focus()
      await waitFor(() => expect(answer).not.toBeNull())
      answer!()
      await shadow(points).findByText('70 points')
      await new Promise((r) => setTimeout(r, 120))
      expect(document.activeElement).toBe(search)
    } finally {
      search.remove()
      points.remove()
      w.cleanup()
    }
  })

  it('a signed-in shopper whose membership cannot be asked sees the failure and a retry in <loyalkit-points> and <loyalkit-referral>, not a placeholder forever nor an offer to join', async () => {
    let down = true
    server.use(http.get(url('/members/me'), () => (down ? problem(503, 'server_error' as never) : HttpResponse.json(member({ balance: 70 })))))
    const w = mount({ customer: { token: fakeToken() }, pageUrl: 'https://shop.example/' })
    await w.widget.ready.catch(() => {})
    await waitFor(() => expect(customElements.get('loyalkit-points')).toBeTruthy())
    const points = document.createElement('loyalkit-points')
    const referral = document.createElement('loyalkit-referral')
    document.body.append(points, referral)
    try {
      expect((await shadow(points).findByRole('alert')).textContent).toMatch(/Something went wrong/)
      // The referral element offers guests to join: not a shopper whose membership is unknown.
      expect((await shadow(referral).findByRole('alert')).textContent).toMatch(/Something went wrong/)
      expect(shadow(referral).queryByRole('button', { name: /join/i })).toBe(null)
      down = false
      const retry = shadow(points).getByRole('button', { name: 'Try again' })
      retry.focus()
      fireEvent.click(retry)
      await shadow(points).findByText('70 points')
      await shadow(referral).findByText('Your referral link')
      // The retry and its failure are gone: focus is on the balance that replaced them, not on the page.
      await waitFor(() => expect(points.shadowRoot!.activeElement?.textContent).toMatch(/^Your balance70 points/))
    } finally {
      referral.remove()
      points.remove()
      w.cleanup()
    }
  })
})
