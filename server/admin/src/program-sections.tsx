/**
 * Program → the editor's simpler sections: ways to earn (punch cards among them), rewards with their
 * images, tiers, campaigns, and a few settings. Member offers and badges have files of their own.
 */
import type { Campaign, Definition } from './program-model.ts'
import { idOf, textOf } from './program-model.ts'
import type { EditorTools } from './program-tools.tsx'
import { t } from './state.ts'
import { Field } from './ui.tsx'

interface SectionProps {
  draft: Definition
  tools: EditorTools
}

export function RulesSection(props: SectionProps) {
  const { draft, tools } = props
  const { update, put, numberField, nameFields, groupError, errorFor } = tools
  const rules = draft.rules ?? []
  const rewards = draft.rewards ?? []
  const currency = draft.currency || 'EUR'
  return (
    <section aria-labelledby="rules-edit-title">
      <h2 id="rules-edit-title">{t('rulesEditTitle')}</h2>
      {rules.map((r, i) => {
        const p = `rules[${i}]`
        return (
          <fieldset key={r.id + i} class="item">
            <legend>{textOf(r.name) || r.id}</legend>
            {groupError(p)}
            <div class="grid-fields">
              {nameFields(p, r.name, (d) => d.rules![i]!)}
              {numberField(`${p}.points`, t('rulePoints'), r.points, (d, v) => put(d.rules![i]!, 'points', v))}
              {r.kind == 'purchase' && numberField(`${p}.per`, t('rulePer', { currency }), r.per, (d, v) => put(d.rules![i]!, 'per', v))}
              {r.kind == 'punch_card' && numberField(`${p}.every`, t('punchEvery'), r.every, (d, v) => put(d.rules![i]!, 'every', v))}
              {r.kind == 'punch_card' && (
                <Field id={idOf(`${p}.rewardId`)} label={t('punchReward')} error={errorFor(`${p}.rewardId`)}>
                  {(aria) => (
                    <select
                      {...aria}
                      value={r.rewardId ?? ''}
                      onChange={(e) => update((d) => put(d.rules![i]!, 'rewardId', e.currentTarget.value || undefined))}
                    >
                      <option value="">{t('punchNoReward')}</option>
                      {rewards.map((reward) => (
                        <option key={reward.id} value={reward.id}>
                          {textOf(reward.name) || reward.id}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
            </div>
          </fieldset>
        )
      })}
    </section>
  )
}

export function RewardsSection(props: SectionProps) {
  const { draft, tools } = props
  const { put, setText, textField, numberField, nameFields, groupError } = tools
  const rewards = draft.rewards ?? []
  const currency = draft.currency || 'EUR'
  return (
    <section aria-labelledby="rewards-edit-title">
      <h2 id="rewards-edit-title">{t('rewardsEditTitle')}</h2>
      {rewards.map((r, i) => {
        const p = `rewards[${i}]`
        return (
          <fieldset key={r.id + i} class="item">
            <legend>{textOf(r.name) || r.id}</legend>
            {groupError(p)}
            <div class="grid-fields">
              {nameFields(p, r.name, (d) => d.rewards![i]!)}
              {numberField(`${p}.cost`, t('rewardCost'), r.cost, (d, v) => put(d.rewards![i]!, 'cost', v))}
              {(r.kind == 'amount_off' || r.kind == 'percent_off') &&
                numberField(`${p}.value`, r.kind == 'amount_off' ? t('rewardValueAmount', { currency }) : t('rewardValuePercent'), r.value, (d, v) =>
                  put(d.rewards![i]!, 'value', v),
                )}
              {numberField(`${p}.minOrderAmount`, t('minOrderAmount', { currency }), r.minOrderAmount, (d, v) => put(d.rewards![i]!, 'minOrderAmount', v))}
            </div>
            {textField(`${p}.description${typeof r.description == 'object' ? '.en' : ''}`, t('descriptionEn'), textOf(r.description), (d, v) =>
              setText(d.rewards![i]!, 'description', 'en', v),
            )}
            <div class="image-field">
              {textField(`${p}.imageUrl`, t('rewardImage'), typeof r.imageUrl == 'string' ? r.imageUrl : '', (d, v) =>
                put(d.rewards![i]!, 'imageUrl', v.trim() || undefined),
              )}
              {typeof r.imageUrl == 'string' && /^https:\/\/[^\s]+$/.test(r.imageUrl) && (
                <img
                  class="reward-image"
                  src={r.imageUrl}
                  alt={t('rewardImagePreview', { name: textOf(r.name) || r.id })}
                  width={96}
                  height={96}
                  loading="lazy"
                  referrerpolicy="no-referrer"
                />
              )}
            </div>
          </fieldset>
        )
      })}
    </section>
  )
}

export function TiersSection(props: SectionProps) {
  const { put, numberField, groupError } = props.tools
  const tiers = props.draft.tiers ?? []
  return (
    <section aria-labelledby="tiers-edit-title">
      <h2 id="tiers-edit-title">{t('tiersEditTitle')}</h2>
      {tiers.map((tier, i) => {
        const p = `tiers[${i}]`
        return (
          <fieldset key={tier.id + i} class="item">
            <legend>{textOf(tier.name) || tier.id}</legend>
            {groupError(p)}
            <div class="grid-fields">
              {numberField(`${p}.threshold`, t('tierThreshold'), tier.threshold, (d, v) => put(d.tiers![i]!, 'threshold', v))}
              {numberField(`${p}.multiplier`, t('tierMultiplier'), tier.multiplier, (d, v) => put(d.tiers![i]!, 'multiplier', v))}
            </div>
          </fieldset>
        )
      })}
    </section>
  )
}

/** A campaign to start from: double points for a week, from the next midnight (UTC). */
function newCampaign(): Campaign {
  const start = new Date()
  start.setUTCHours(0, 0, 0, 0)
  start.setUTCDate(start.getUTCDate() + 1)
  const end = new Date(start.getTime() + 7 * 86_400_000)
  return {
    id: `campaign-${Date.now().toString(36)}`,
    name: { en: '' },
    startsAt: start.toISOString().replace('.000Z', 'Z'),
    endsAt: end.toISOString().replace('.000Z', 'Z'),
    multiplier: 2,
  }
}

export function CampaignsSection(props: SectionProps) {
  const { update, put, numberField, dateField, nameFields, groupError } = props.tools
  const campaigns = props.draft.campaigns ?? []
  const campaign = (i: number) => (d: Definition) => d.campaigns![i]!
  return (
    <section aria-labelledby="campaigns-title">
      <h2 id="campaigns-title">{t('campaignsTitle')}</h2>
      {campaigns.length == 0 && <p>{t('noCampaigns')}</p>}
      {campaigns.map((c, i) => {
        const p = `campaigns[${i}]`
        const label = textOf(c.name) || t('newCampaign')
        return (
          <fieldset key={c.id} class="item">
            <legend>{label}</legend>
            {groupError(p)}
            <div class="grid-fields">
              {nameFields(p, c.name, campaign(i))}
              {dateField(`${p}.startsAt`, t('campaignStarts'), c.startsAt, (d, v) => (campaign(i)(d).startsAt = v!))}
              {dateField(`${p}.endsAt`, t('campaignEnds'), c.endsAt, (d, v) => (campaign(i)(d).endsAt = v!))}
              {numberField(`${p}.multiplier`, t('campaignMultiplier'), c.multiplier, (d, v) => put(campaign(i)(d), 'multiplier', v))}
              {numberField(`${p}.bonus`, t('campaignBonus'), c.bonus, (d, v) => put(campaign(i)(d), 'bonus', v))}
            </div>
            <button
              type="button"
              class="small"
              aria-label={t('removeCampaignLabel', { name: label })}
              onClick={() => {
                update((d) => d.campaigns!.splice(i, 1))
                props.tools.setRaw({})
                document.getElementById('campaigns-title')?.focus()
              }}
            >
              {t('removeCampaign')}
            </button>
          </fieldset>
        )
      })}
      <button
        type="button"
        onClick={() => {
          const added = newCampaign()
          const index = campaigns.length
          update((d) => {
            d.campaigns = [...(d.campaigns ?? []), added]
          })
          requestAnimationFrame(() => document.getElementById(idOf(`campaigns[${index}].name.en`))?.focus())
        }}
      >
        {t('addCampaign')}
      </button>
    </section>
  )
}

export function SettingsSection(props: SectionProps) {
  const { draft, tools } = props
  const { put, numberField } = tools
  const currency = draft.currency || 'EUR'
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settingsTitle')}</h2>
      <div class="grid-fields">
        {numberField('couponExpiryDays', t('couponExpiryDays'), draft.couponExpiryDays, (d, v) => put(d, 'couponExpiryDays', v))}
        {numberField('pointsExpiryMonths', t('pointsExpiryMonths'), draft.pointsExpiryMonths, (d, v) => put(d, 'pointsExpiryMonths', v))}
        {draft.referral &&
          numberField('referral.minOrderAmount', t('referralMinOrder', { currency }), draft.referral.minOrderAmount, (d, v) =>
            put(d.referral!, 'minOrderAmount', v),
          )}
        {draft.referral && numberField('referral.monthlyCap', t('referralMonthlyCap'), draft.referral.monthlyCap, (d, v) => put(d.referral!, 'monthlyCap', v))}
      </div>
    </section>
  )
}
