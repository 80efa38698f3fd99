/**
 * Program → Member offers: early access, member prices, limited editions. Each has a name, an
 * optional description, the lowest tier it is open to, an optional window, the store page where
 * it is used and an optional code (which only members it is open to are ever shown).
 */
import { type Definition, idOf, textOf } from './program-model.ts'
import type { EditorTools } from './program-tools.tsx'
import { t } from './state.ts'
import { Field } from './ui.tsx'

export function OffersSection(props: { draft: Definition; tools: EditorTools }) {
  const { draft, tools } = props
  const { update, put, setText, textField, dateField, nameFields, groupError, errorFor } = tools
  const offers = draft.offers ?? []
  const tiers = draft.tiers ?? []
  const offer = (i: number) => (d: Definition) => d.offers![i]!

  return (
    <section aria-labelledby="offers-title">
      <h2 id="offers-title" tabIndex={-1}>
        {t('offersTitle')}
      </h2>
      <p class="hint">{t('offersIntro')}</p>
      {offers.length == 0 && <p>{t('noOffers')}</p>}
      {offers.map((o, i) => {
        const p = `offers[${i}]`
        const label = textOf(o.name) || t('newOffer')
        return (
          <fieldset key={o.id} class="item">
            <legend>{label}</legend>
            {groupError(p)}
            <div class="grid-fields">
              {nameFields(p, o.name, offer(i))}
              <Field id={idOf(`${p}.tier`)} label={t('offerTier')} error={errorFor(`${p}.tier`)}>
                {(aria) => (
                  <select {...aria} value={o.tier ?? ''} onChange={(e) => update((d) => put(offer(i)(d), 'tier', e.currentTarget.value || undefined))}>
                    <option value="">{t('offerEveryMember')}</option>
                    {tiers.map((tier) => (
                      <option key={tier.id} value={tier.id}>
                        {t('offerTierAndAbove', { tier: textOf(tier.name) || tier.id })}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {dateField(`${p}.startsAt`, t('offerStarts'), o.startsAt, (d, v) => put(offer(i)(d), 'startsAt', v), true)}
              {dateField(`${p}.endsAt`, t('offerEnds'), o.endsAt, (d, v) => put(offer(i)(d), 'endsAt', v), true)}
            </div>
            {textField(`${p}.description${typeof o.description == 'object' ? '.en' : ''}`, t('descriptionEn'), textOf(o.description), (d, v) =>
              setText(offer(i)(d), 'description', 'en', v),
            )}
            {textField(`${p}.url`, t('offerUrl'), o.url ?? '', (d, v) => put(offer(i)(d), 'url', v.trim() || undefined))}
            {textField(`${p}.imageUrl`, t('rewardImage'), o.imageUrl ?? '', (d, v) => put(offer(i)(d), 'imageUrl', v.trim() || undefined))}
            <Field id={idOf(`${p}.code`)} label={t('offerCode')} hint={t('offerCodeHint')} error={errorFor(`${p}.code`)}>
              {(aria) => (
                <input
                  {...aria}
                  type="text"
                  class="mono"
                  autocomplete="off"
                  spellcheck={false}
                  value={o.code ?? ''}
                  onInput={(e) => update((d) => put(offer(i)(d), 'code', e.currentTarget.value.trim() || undefined))}
                />
              )}
            </Field>
            <button
              type="button"
              class="small"
              aria-label={t('removeOfferLabel', { name: label })}
              onClick={() => {
                update((d) => d.offers!.splice(i, 1))
                tools.setRaw({})
                document.getElementById('offers-title')?.focus()
              }}
            >
              {t('removeOffer')}
            </button>
          </fieldset>
        )
      })}
      <button
        type="button"
        onClick={() => {
          const index = offers.length
          update((d) => {
            d.offers = [...(d.offers ?? []), { id: `offer-${Date.now().toString(36)}`, name: { en: '' } }]
          })
          requestAnimationFrame(() => document.getElementById(idOf(`offers[${index}].name.en`))?.focus())
        }}
      >
        {t('addOffer')}
      </button>
    </section>
  )
}
