import { Panel } from './panel.tsx'
import { UiContext, type Ui } from './context.ts'

/**
 * The root: the panel and a live region that exists before anything is
 * announced. The panel has one of its own: an open modal dialog makes
 * everything outside it inert, live regions included.
 */
export function App({ ui, live }: { ui: Ui; live: (inside: boolean) => (el: HTMLElement | null) => void }) {
  return (
    <UiContext.Provider value={ui}>
      <Panel live={live(true)} />
      <div class="sr" role="status" aria-live="polite" ref={live(false)} />
    </UiContext.Provider>
  )
}
