import { useSignal } from '@preact/signals'
import { useContext, useEffect, useRef } from 'preact/hooks'
import type { MemberOffers, Offer } from '../../core/contract.ts'
import { safeUrl } from '../../core/url.ts'
import type { LoyaltyError } from '../../core/errors.ts'
import { UiContext, type Ui } from '../context.ts'
import { focusSoon } from '../focus.ts'
import { ErrorState, Icon, Skeleton } from '../parts.tsx'
import { actionsOf } from './actions.ts'
import { ICONS } from './icons.ts'
import { Picture } from './picture.tsx'
import { Code } from './rewards.tsx'

/** The member's open offers with their codes: asked once per member and shown while the view lives. */
function useOpenOffers(ui: Ui) {
  const member = ui.client.state.member.value
  const any = !!ui.client.state.program.value?.offers?.length
  const open = useSignal<MemberOffers | null>(null)
  const error = useSignal<LoyaltyError | null>(null)
  // Only the latest request's answer counts (a member, or their tier, can change while one is out).
  const asked = useRef(0)
  const load = (retry?: boolean) => {
    const n = ++asked.current
    error.value = null
    actionsOf(ui.client)
      .offers()
      .then(
        (o) => {
          if (n != asked.current) return
          open.value = o
          // The Retry button is gone: focus goes to the view's title, not out of the panel.
          if (retry) focusSoon(ui.root, 'lk-title')
        },
        (e) => n == asked.current && (error.value = e),
      )
  }
  // A new member (sign-up, sign-in) has other offers open. A program without offers asks nothing.
  useEffect(() => {
    open.value = null
    if (member && any) load()
  }, [member?.id, member?.tier.id, any])
  return { open, error, load }
}

/**
 * Member-only offers: what is open now (with its code and a link to use it), what is coming, and what a
 * higher tier or joining would unlock. Also drawn inline by `<loyalkit-offers>`.
 */
export function Offers() {
  const ui = useContext(UiContext)
  const { t } = ui.i18n.value
  const offers = ui.client.state.program.value!.offers ?? []
  const member = ui.client.state.member.value
  const { open, error, load } = useOpenOffers(ui)
  if (!offers.length) return <p class="m">{t('offersNone')}</p>
  if (member && !open.value) return error.value ? <ErrorState error={error.value} retry={() => load(true)} /> : <Skeleton rows={2} />
  return (
    <ul>
      {offers.map((o) => (
        <OfferItem key={o.id} ui={ui} offer={o} code={open.value?.offers.find((x) => x.id == o.id)} />
      ))}
    </ul>
  )
}

/** One offer: picture, name, description, when it runs, and what the shopper can do with it now. */
function OfferItem({ ui, offer: o, code }: { ui: Ui; offer: Offer; code: { code: string | null } | undefined }) {
  const { t, date } = ui.i18n.value
  const member = ui.client.state.member.value
  const url = safeUrl(o.url)
  const tiers = ui.client.state.program.value!.tiers
  const rank = (id: string | null | undefined) => tiers.findIndex((x) => x.id == id)
  // A tier above the shopper's (a guest joins at the first): reaching it is what unlocks the offer.
  // A member who has it waits only for the start, which the dates say.
  const locked = rank(o.tier) > Math.max(0, rank(member?.tier.id))
  const soon = o.startsAt && Date.parse(o.startsAt) > Date.now()
  return (
    <li class="col of">
      {o.imageUrl && <Picture url={o.imageUrl} kind="offers" />}
      <div>
        <h3 id={'lk-of-' + o.id} dir="auto">
          {o.name}
        </h3>
        {o.description && <p dir="auto">{o.description}</p>}
        {(soon || o.endsAt) && (
          <p class="m">{soon ? t('offerFrom', { date: date(o.startsAt!) }) : t('offerUntil', { date: date(Date.parse(o.endsAt!) - 1) })}</p>
        )}
      </div>
      {locked && (
        <p class="lk">
          <Icon d={ICONS.lock} />
          {t('offerLocked', { tier: tiers[rank(o.tier)]!.name })}
        </p>
      )}
      {!member ? (
        // "Join to unlock" of which offer: said with its name. Joining alone does not unlock a higher tier's.
        <button type="button" class="btn sec" part="button" aria-describedby={'lk-of-' + o.id} onClick={() => ui.open('signup')}>
          {t(locked ? 'join' : 'joinToUnlock')}
        </button>
      ) : (
        code && (
          <>
            {code.code && <Code code={code.code} />}
            {url && (
              <a class="btn" part="button" href={url} target="_blank" rel="noopener noreferrer">
                {t('shopOffer', { offer: o.name })}
              </a>
            )}
          </>
        )
      )}
    </li>
  )
}
