import { afterEach, expect, it } from 'vitest'
import type { Ui } from '../../src/ui/context.ts'
import { keepFocusInPanel } from '../../src/ui/views/focus-keeper.ts'

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
let stop = () => {}

/** An open panel in a shadow root: its title, and a button that has focus. */
function panel() {
  const host = document.createElement('div')
  document.body.append(host)
  const root = host.attachShadow({ mode: 'open' })
  const dialog = document.createElement('dialog')
  const title = document.createElement('h2')
  title.id = 'lk-title'
  title.tabIndex = -1
  const button = document.createElement('button')
  dialog.append(title, button)
  root.append(dialog)
  dialog.showModal()
  stop = keepFocusInPanel({ dialog: { current: dialog }, root } as unknown as Ui)
  button.focus()
  let titleFocused = 0
  title.addEventListener('focus', () => titleFocused++)
  return { host, root, dialog, button, focusesOfTitle: () => titleFocused }
}

afterEach(() => {
  stop()
  document.body.replaceChildren()
})

it('sends focus drawn away with its element to the title', async () => {
  const p = panel()
  p.button.remove()
  await wait(80)
  expect(p.root.activeElement?.id).toBe('lk-title')
})

it('stays out of the way of a view that places focus itself, even when the view draws just as an earlier look is due', async () => {
  const p = panel()
  // A claim's answer arrives 50 ms after its button went busy: drawn in the task that is due with the
  // look that change asked for, and the view focuses its "done" in the next task (focusSoon).
  const done = document.createElement('button')
  setTimeout(() => {
    p.button.replaceWith(done)
    setTimeout(() => done.focus())
  }, 50)
  p.button.setAttribute('aria-disabled', 'true')
  p.dialog.append(document.createElement('p'))
  await wait(150)
  expect(p.root.activeElement).toBe(done)
  expect(p.focusesOfTitle()).toBe(0)
})

it('leaves focus alone once the widget is gone', async () => {
  const p = panel()
  p.button.remove()
  // The change is seen (its look is waiting) before the widget goes.
  await Promise.resolve()
  stop()
  await wait(80)
  expect(p.root.activeElement).toBeNull()
})
