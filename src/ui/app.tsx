import { Panel } from './panel.tsx'
import { UiContext, type Ui } from './context.ts'

/** The root: the panel and a live region that exists before anything is announced. */
export function App({ ui, live }: { ui: Ui; live: (el: HTMLElement | null) => void }) {
  return (
    <UiContext.Provider value={ui}>
      <Panel />
      <div class="sr" role="status" aria-live="polite" ref={live} />
    </UiContext.Provider>
  )
}
