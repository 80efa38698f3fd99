/**
 * Program → Badges: achievements a member earns once. Each has a name, an optional description,
 * what earns it (its kind) and, by kind, how many (orders, referrals, years, lifetime points) or
 * which tier.
 */
import type { Key } from './i18n.ts'
import type { Badge, Definition } from './program-model.ts'
import { idOf, textOf } from './program-model.ts'
import type { EditorTools } from './program-tools.tsx'
import { t } from './state.ts'
import { Field } from './ui.tsx'

const KINDS: { kind: string; label: Key }[] = [
  { kind: 'orders', label: 'badgeKindOrders' },
  { kind: 'referrals', label: 'badgeKindReferrals' },
  { kind: 'birthday', label: 'badgeKindBirthday' },
  { kind: 'member_years', label: 'badgeKindMemberYears' },
  { kind: 'lifetime_points', label: 'badgeKindLifetimePoints' },
  { kind: 'tier', label: 'badgeKindTier' },
]
/** Kinds with a count (the others have none). */
const COUNTED = ['orders', 'referrals', 'member_years', 'lifetime_points']

export function BadgesSection(props: { draft: Definition; tools: EditorTools }) {
  const { draft, tools } = props
  const { update, put, setText, textField, numberField, nameFields, groupError, errorFor } = tools
  const badges = draft.badges ?? []
  const tiers = draft.tiers ?? []
  const badge = (i: number) => (d: Definition) => d.badges![i]!
  /** A new kind keeps what it uses and drops what it does not: a count of 1, or the top tier, to start from. */
  const setKind = (b: Badge, kind: string) => {
    b.kind = kind
    put(b, 'count', COUNTED.includes(kind) ? (b.count ?? 1) : undefined)
    put(b, 'tier', kind == 'tier' ? (b.tier ?? tiers[tiers.length - 1]?.id) : undefined)
  }

  return (
    <section aria-labelledby="badges-title">
      <h2 id="badges-title" tabIndex={-1}>
        {t('badgesTitle')}
      </h2>
      <p class="hint">{t('badgesIntro')}</p>
      {badges.length == 0 && <p>{t('noBadges')}</p>}
      {badges.map((b, i) => {
        const p = `badges[${i}]`
        const label = textOf(b.name) || t('newBadge')
        return (
          <fieldset key={b.id} class="item">
            <legend>{label}</legend>
            {groupError(p)}
            <div class="grid-fields">
              {nameFields(p, b.name, badge(i))}
              <Field id={idOf(`${p}.kind`)} label={t('badgeKind')} error={errorFor(`${p}.kind`)}>
                {(aria) => (
                  <select {...aria} value={b.kind} onChange={(e) => update((d) => setKind(badge(i)(d), e.currentTarget.value))}>
                    {KINDS.map((k) => (
                      <option key={k.kind} value={k.kind}>
                        {t(k.label)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {COUNTED.includes(b.kind) && numberField(`${p}.count`, t('badgeCount'), b.count, (d, v) => put(badge(i)(d), 'count', v))}
              {b.kind == 'tier' && (
                <Field id={idOf(`${p}.tier`)} label={t('badgeTier')} error={errorFor(`${p}.tier`)}>
                  {(aria) => (
                    <select {...aria} value={b.tier ?? ''} onChange={(e) => update((d) => put(badge(i)(d), 'tier', e.currentTarget.value))}>
                      {tiers.map((tier) => (
                        <option key={tier.id} value={tier.id}>
                          {textOf(tier.name) || tier.id}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
            </div>
            {textField(`${p}.description${typeof b.description == 'object' ? '.en' : ''}`, t('descriptionEn'), textOf(b.description), (d, v) =>
              setText(badge(i)(d), 'description', 'en', v),
            )}
            <button
              type="button"
              class="small"
              aria-label={t('removeBadgeLabel', { name: label })}
              onClick={() => {
                update((d) => d.badges!.splice(i, 1))
                tools.setRaw({})
                document.getElementById('badges-title')?.focus()
              }}
            >
              {t('removeBadge')}
            </button>
          </fieldset>
        )
      })}
      <button
        type="button"
        onClick={() => {
          const index = badges.length
          update((d) => {
            d.badges = [...(d.badges ?? []), { id: `badge-${Date.now().toString(36)}`, kind: 'orders', name: { en: '' }, count: 1 }]
          })
          requestAnimationFrame(() => document.getElementById(idOf(`badges[${index}].name.en`))?.focus())
        }}
      >
        {t('addBadge')}
      </button>
    </section>
  )
}
