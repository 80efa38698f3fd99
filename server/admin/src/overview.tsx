/**
 * Overview: the program's figures for a period, each card with its definition one
 * click away (a <details>), members per tier and top rewards as tables, and the
 * daily series as uPlot charts above a table of the same figures.
 */
import { useRef, useState } from 'preact/hooks'
import { get, type Overview } from './api.ts'
import { dateTime, day } from './format.ts'
import { DailySection } from './overview-daily.tsx'
import { KeyFigures } from './overview-figures.tsx'
import { RewardsSection, TiersSection } from './overview-tables.tsx'
import { lang, t, tn } from './state.ts'
import { Load, Status, useLoad } from './ui.tsx'

const PERIODS = [7, 30, 90, 365]

export function OverviewPage() {
  const overview = useOverview()
  return (
    <>
      <h1 tabIndex={-1}>{t('overviewTitle')}</h1>
      <Toolbar overview={overview} />
      <Status message={overview.refreshed} />
      <Load state={overview.state}>{(o) => <OverviewBody o={o} />}</Load>
    </>
  )
}

/** The figures for the chosen period, and "Refresh figures", which has them computed now. */
function useOverview() {
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
  /** Another period: "Figures refreshed." was about the one before. */
  const choosePeriod = (next: number) => (setRefreshed(null), setDays(next))
  return { days, choosePeriod, state, refreshing, refreshed, refresh }
}

/** The period and the refresh button. */
function Toolbar(props: { overview: ReturnType<typeof useOverview> }) {
  const { days, choosePeriod, refreshing, refresh } = props.overview
  return (
    <div class="toolbar">
      <label for="period">{t('period')}</label>
      <select id="period" value={String(days)} onChange={(e) => choosePeriod(Number(e.currentTarget.value))}>
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
  )
}

function OverviewBody(props: { o: Overview }) {
  const { o } = props
  return (
    <>
      <p class="period-range">{t('periodRange', { from: day(o.from), to: day(o.to) })}</p>
      {o.computedAt && <p class="muted as-of">{t('asOf', { time: dateTime(o.computedAt) })}</p>}
      <KeyFigures o={o} />
      <div class="two-up">
        <TiersSection tiers={o.tiers} />
        <RewardsSection rewards={o.topRewards} />
      </div>
      <DailySection o={o} />
    </>
  )
}
