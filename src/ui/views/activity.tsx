import { useSignal } from '@preact/signals'
import { useContext, useEffect } from 'preact/hooks'
import type { ActivityEntry } from '../../core/contract.ts'
import type { LoyaltyError } from '../../core/errors.ts'
import { UiContext, type Ui } from '../context.ts'
import { ErrorState, Skeleton } from '../parts.tsx'
import { actionsOf } from './actions.ts'
import { Failure } from './failure.tsx'
import { focusSoon } from '../focus.ts'

/** The member's history, a page at a time, and the first entry a "Load more" brought (focus goes there, as the button may be gone). */
function useHistory(ui: Ui) {
  const entries = useSignal<ActivityEntry[] | null>(null)
  const cursor = useSignal<string | null>(null)
  const error = useSignal<LoyaltyError | null>(null)
  const busy = useSignal(false)
  const firstNew = useSignal<string | null>(null)
  const balance = ui.client.state.member.value?.balance

  const load = async (more = false) => {
    busy.value = true
    error.value = null
    try {
      const page = await actionsOf(ui.client).activity(more ? cursor.value : null)
      entries.value = more ? [...(entries.value ?? []), ...page.entries] : page.entries
      cursor.value = page.nextCursor
      if (more && page.entries[0]) {
        firstNew.value = page.entries[0].id
        focusSoon(ui.root, 'lk-new')
      }
    } catch (e) {
      error.value = e as LoyaltyError
    } finally {
      busy.value = false
    }
  }
  // Reload when the balance changes (a purchase, a claim) while the view is open.
  useEffect(() => void load(), [balance])
  return { entries, cursor, error, busy, firstNew, load }
}

/** Ledger history, newest first, a page at a time. */
export function Activity() {
  const ui = useContext(UiContext)
  const { t, date, locale } = ui.i18n.value
  const { entries, cursor, error, busy, firstNew, load } = useHistory(ui)

  if (!entries.value) return error.value ? <ErrorState error={error.value} retry={() => load()} /> : <Skeleton rows={4} />
  if (!entries.value.length) return <p class="m">{t('noActivity')}</p>
  // The language's own signs, where it puts them: a sign glued on by hand reads '178+' right to left.
  const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }).format
  return (
    <>
      <ul>
        {entries.value.map((e) => (
          <li key={e.id} {...(e.id == firstNew.value && { id: 'lk-new', tabIndex: -1 })}>
            <div>
              <div dir="auto">{e.description}</div>
              <div class="m">
                <time dateTime={e.createdAt}>{date(e.createdAt)}</time>
              </div>
            </div>
            <strong class={e.points < 0 ? 'nw' : 'nw ok'}>{signed(e.points)}</strong>
          </li>
        ))}
      </ul>
      {/* A page that failed: said, and the same button tries again (focus stays on it). */}
      <Failure error={error.value} />
      {cursor.value && (
        <button type="button" class="btn sec w" part="button" aria-disabled={busy.value ? 'true' : undefined} onClick={() => busy.value || load(true)}>
          {t('loadMore')}
        </button>
      )}
    </>
  )
}
