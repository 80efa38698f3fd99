/**
 * Overview: the program's figures for a period, each card with its definition one
 * click away (a <details>), members per tier and top rewards as tables, and the
 * daily series as uPlot charts above a table of the same figures.
 */
import { useMemo, useRef, useState } from 'preact/hooks'
import { get, type Overview } from './api.ts'
import { DailyChart } from './chart.tsx'
import { dateTime, day, money, num, percent } from './format.ts'
import type { Key } from './i18n.ts'
import { lang, t, tn } from './state.ts'
import { Load, Status, TableRegion, useLoad } from './ui.tsx'

const PERIODS = [7, 30, 90, 365]

type Value = number | null
interface Figure {
  id: string
  title: Key
  definition: Key
  /** Why the value can be missing. */
  why: Key
  /** One value, or members compared with guests. */
  value: (o: Overview) => Value | { members: Value; guests: Value }
  show: (n: number, o: Overview) => string
}

const count = (n: number) => num(n)
const cash = (n: number, o: Overview) => money(n, o.currency)
const rate = (n: number) => percent(n)

const FIGURES: Figure[] = [
  { id: 'members', title: 'figMembers', definition: 'defMembers', why: 'whyNoData', value: (o) => o.figures.members.total, show: count },
  { id: 'new-members', title: 'figNewMembers', definition: 'defNewMembers', why: 'whyNoData', value: (o) => o.figures.members.new, show: count },
  { id: 'widget-opens', title: 'figOpens', definition: 'defOpens', why: 'whyNoData', value: (o) => o.figures.widgetOpens, show: count },
  { id: 'signup-conversion', title: 'figConversion', definition: 'defConversion', why: 'whyNoOpens', value: (o) => o.figures.signupConversion, show: rate },
  { id: 'active-members', title: 'figActiveMembers', definition: 'defActiveMembers', why: 'whyNoData', value: (o) => o.figures.activeMembers, show: count },
  { id: 'points-issued', title: 'figPointsIssued', definition: 'defPointsIssued', why: 'whyNoData', value: (o) => o.figures.pointsIssued, show: count },
  { id: 'points-redeemed', title: 'figPointsRedeemed', definition: 'defPointsRedeemed', why: 'whyNoData', value: (o) => o.figures.pointsRedeemed, show: count },
  { id: 'points-expired', title: 'figPointsExpired', definition: 'defPointsExpired', why: 'whyNoData', value: (o) => o.figures.pointsExpired, show: count },
  { id: 'outstanding', title: 'figOutstanding', definition: 'defOutstanding', why: 'whyNoData', value: (o) => o.figures.outstandingPoints, show: count },
  { id: 'liability', title: 'figLiability', definition: 'defLiability', why: 'whyNoRate', value: (o) => o.figures.liability, show: cash },
  {
    id: 'redemption-rate',
    title: 'figRedemptionRate',
    definition: 'defRedemptionRate',
    why: 'whyNoIssued',
    value: (o) => o.figures.redemptionRate,
    show: rate,
  },
  { id: 'repeat', title: 'figRepeat', definition: 'defRepeat', why: 'whyNoOrders', value: (o) => o.figures.repeatPurchase, show: rate },
  { id: 'average-order', title: 'figAverageOrder', definition: 'defAverageOrder', why: 'whyNoOrders', value: (o) => o.figures.averageOrder, show: cash },
  { id: 'referrals', title: 'figReferrals', definition: 'defReferrals', why: 'whyNoData', value: (o) => o.figures.referralConversions, show: count },
]

/** A value, or "—" with the reason there is none. */
function Shown(props: { value: Value | undefined; figure: Figure; overview: Overview }) {
  const { value, figure } = props
  if (value == null || !Number.isFinite(value)) {
    return (
      <>
        <span aria-hidden="true">{t('none')}</span>
        <span class="why">{t('noValueBecause', { reason: t(figure.why) })}</span>
      </>
    )
  }
  return <>{figure.show(value, props.overview)}</>
}

function FigureCard(props: { figure: Figure; overview: Overview }) {
  const { figure, overview } = props
  const value = figure.value(overview)
  const titleId = `fig-${figure.id}`
  return (
    <li class="card">
      <h3 id={titleId}>{t(figure.title)}</h3>
      {value !== null && typeof value == 'object' ? (
        <dl class="pair">
          <div>
            <dt>{t('membersLabel')}</dt>
            <dd class="figure">
              <Shown value={value.members} figure={figure} overview={overview} />
            </dd>
          </div>
          <div>
            <dt>{t('guestsLabel')}</dt>
            <dd class="figure">
              <Shown value={value.guests} figure={figure} overview={overview} />
            </dd>
          </div>
        </dl>
      ) : (
        <p class="figure">
          <Shown value={value} figure={figure} overview={overview} />
        </p>
      )}
      <details>
        <summary>
          {t('definition')}
          <span class="sr-only">: {t(figure.title)}</span>
        </summary>
        <p>{t(figure.definition)}</p>
      </details>
    </li>
  )
}

function OverviewBody(props: { o: Overview }) {
  const { o } = props
  const tierTotal = o.tiers.reduce((sum, x) => sum + x.members, 0)
  // One set of arrays per Overview (and language), so the charts are drawn again only when they change.
  const { days, points, signups } = useMemo(
    () => ({
      days: o.daily.map((d) => d.date),
      points: [
        { label: t('pointsIssued'), values: o.daily.map((d) => d.pointsIssued), color: '--chart-issued' },
        { label: t('pointsRedeemed'), values: o.daily.map((d) => d.pointsRedeemed), color: '--chart-redeemed' },
      ],
      signups: [
        { label: t('opensLabel'), values: o.daily.map((d) => d.opens), color: '--chart-opens' },
        { label: t('signups'), values: o.daily.map((d) => d.signups), color: '--chart-signups' },
      ],
    }),
    [o, lang.value],
  )
  return (
    <>
      <p class="period-range">{t('periodRange', { from: day(o.from), to: day(o.to) })}</p>
      {o.computedAt && <p class="muted as-of">{t('asOf', { time: dateTime(o.computedAt) })}</p>}
      <section aria-labelledby="key-figures">
        <h2 id="key-figures">{t('keyFigures')}</h2>
        <ul class="cards">
          {FIGURES.map((f) => (
            <FigureCard key={f.id} figure={f} overview={o} />
          ))}
        </ul>
      </section>
      <div class="two-up">
        <section aria-labelledby="tiers-title">
          <h2 id="tiers-title">{t('tiersTitle')}</h2>
          {o.tiers.length == 0 ? (
            <p>{t('noTiers')}</p>
          ) : (
            <TableRegion label={t('tiersTitle')} caption={false}>
              <thead>
                <tr>
                  <th scope="col">{t('tier')}</th>
                  <th scope="col" class="num">
                    {t('members')}
                  </th>
                  <th scope="col" class="num">
                    {t('share')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.tiers.map((tier) => (
                  <tr key={tier.id}>
                    <th scope="row">{tier.name}</th>
                    <td class="num">{num(tier.members)}</td>
                    <td class="num">{tierTotal ? percent(tier.members / tierTotal) : t('none')}</td>
                  </tr>
                ))}
              </tbody>
            </TableRegion>
          )}
        </section>
        <section aria-labelledby="rewards-title">
          <h2 id="rewards-title">{t('topRewardsTitle')}</h2>
          {o.topRewards.length == 0 ? (
            <p>{t('noRewards')}</p>
          ) : (
            <TableRegion label={t('topRewardsTitle')} caption={false}>
              <thead>
                <tr>
                  <th scope="col">{t('reward')}</th>
                  <th scope="col" class="num">
                    {t('redemptions')}
                  </th>
                  <th scope="col" class="num">
                    {t('points')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.topRewards.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.name}</th>
                    <td class="num">{num(r.redemptions)}</td>
                    <td class="num">{num(r.points)}</td>
                  </tr>
                ))}
              </tbody>
            </TableRegion>
          )}
        </section>
      </div>
      <section aria-labelledby="daily-title">
        <h2 id="daily-title">{t('dailyTitle')}</h2>
        {o.daily.length == 0 ? (
          <p>{t('noDaily')}</p>
        ) : (
          <>
            <DailyChart days={days} series={points} caption={t('dailyChart')} xLabel={t('date')} />
            <DailyChart days={days} series={signups} caption={t('signupsChart')} xLabel={t('date')} />
            <TableRegion label={t('dailyTitle')} caption={false} class="tall">
              <thead>
                <tr>
                  <th scope="col">{t('date')}</th>
                  <th scope="col" class="num">
                    {t('opensLabel')}
                  </th>
                  <th scope="col" class="num">
                    {t('signups')}
                  </th>
                  <th scope="col" class="num">
                    {t('pointsIssued')}
                  </th>
                  <th scope="col" class="num">
                    {t('pointsRedeemed')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.daily.map((d) => (
                  <tr key={d.date}>
                    <th scope="row" class="nowrap">
                      {day(d.date)}
                    </th>
                    <td class="num">{num(d.opens)}</td>
                    <td class="num">{num(d.signups)}</td>
                    <td class="num">{num(d.pointsIssued)}</td>
                    <td class="num">{num(d.pointsRedeemed)}</td>
                  </tr>
                ))}
              </tbody>
            </TableRegion>
          </>
        )}
      </section>
    </>
  )
}

export function OverviewPage() {
  const [days, setDays] = useState(30)
  /** The next load computes the figures now instead of taking the server's latest computation. */
  const fresh = useRef(false)
  const [refreshing, setRefreshing] = useState(false)
  const [refreshed, setRefreshed] = useState<string | null>(null)
  const state = useLoad(() => {
    const now = fresh.current
    fresh.current = false
    return get<Overview>(`/overview?days=${days}${now ? '&fresh=1' : ''}`)
  }, [days, lang.value])
  const refresh = async () => {
    if (refreshing) return
    fresh.current = true
    setRefreshing(true)
    setRefreshed(null)
    const ok = await state.reload()
    setRefreshing(false)
    if (ok) setRefreshed(t('refreshed'))
  }
  return (
    <>
      <h1 tabIndex={-1}>{t('overviewTitle')}</h1>
      <div class="toolbar">
        <label for="period">{t('period')}</label>
        <select id="period" value={String(days)} onChange={(e) => (setRefreshed(null), setDays(Number(e.currentTarget.value)))}>
          {PERIODS.map((d) => (
            <option key={d} value={String(d)}>
              {tn('periodDays', d)}
            </option>
          ))}
        </select>
        <button type="button" onClick={refresh} aria-disabled={refreshing ? 'true' : undefined}>
          {refreshing ? t('refreshing') : t('refresh')}
        </button>
      </div>
      <Status message={refreshed} />
      <Load state={state}>{(o) => <OverviewBody o={o} />}</Load>
    </>
  )
}
