/**
 * Overview → day by day: the daily series as two uPlot charts (points issued and redeemed; guest
 * opens and sign-ups) above a table of the same figures, which is what a screen reader reads.
 */
import { useMemo } from 'preact/hooks'
import type { Overview } from './api.ts'
import { DailyChart } from './chart.tsx'
import { day, num } from './format.ts'
import { lang, t } from './state.ts'
import { TableRegion } from './ui.tsx'

/** The charts' days and series. */
function useDailySeries(o: Overview) {
  // One set of arrays per Overview (and language), so the charts are drawn again only when they change.
  return useMemo(
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
}

export function DailySection(props: { o: Overview }) {
  const { o } = props
  const { days, points, signups } = useDailySeries(o)
  return (
    <section aria-labelledby="daily-title">
      <h2 id="daily-title">{t('dailyTitle')}</h2>
      {o.daily.length == 0 ? (
        <p>{t('noDaily')}</p>
      ) : (
        <>
          <DailyChart days={days} series={points} caption={t('dailyChart')} xLabel={t('date')} />
          <DailyChart days={days} series={signups} caption={t('signupsChart')} xLabel={t('date')} />
          <DailyTable daily={o.daily} />
        </>
      )}
    </section>
  )
}

function DailyTable(props: { daily: Overview['daily'] }) {
  return (
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
        {props.daily.map((d) => (
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
  )
}
