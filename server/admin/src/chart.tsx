/**
 * A daily time series drawn by uPlot (a small canvas chart library): colours from the
 * console's CSS variables, so it follows light and dark; axis labels through Intl in the
 * console's language; redrawn to the width of its box. The canvas is hidden from screen
 * readers: every chart sits beside a table with the same figures.
 */
import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { num } from './format.ts'
import { dark, lang } from './state.ts'

export interface ChartSeries {
  label: string
  values: number[]
  /** A CSS custom property of the console's palette, e.g. `--chart-issued`. */
  color: string
}

const HEIGHT = 180
const DAY_STEPS = [1, 2, 7, 14, 30, 61, 91, 182, 365]
const STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p)).sort((a, b) => a - b)

export function DailyChart(props: { days: string[]; series: ChartSeries[]; caption: string; xLabel: string }) {
  const box = useRef<HTMLDivElement>(null)
  // Reading the signals here redraws the chart when the theme or the language changes.
  const theme = dark.value
  const language = lang.value
  useEffect(() => {
    const el = box.current
    if (!el) return
    const css = getComputedStyle(el)
    const color = (name: string) => css.getPropertyValue(name).trim() || 'currentColor'
    const dayLabel = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' })
    const axis = { stroke: color('--muted'), grid: { stroke: color('--border'), width: 1 }, ticks: { stroke: color('--border'), width: 1 } }
    const chart = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height: HEIGHT,
        legend: { show: true, live: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [
          // Whole days only: uPlot's own steps include halves, which would label one date twice.
          {
            ...axis,
            space: 60,
            incrs: DAY_STEPS,
            values: (_u, splits) => splits.map((i) => (props.days[Math.round(i)] ? dayLabel.format(new Date(props.days[Math.round(i)] + 'T00:00:00Z')) : '')),
          },
          // Counts: whole-number steps only.
          { ...axis, size: 56, incrs: STEPS, values: (_u, splits) => splits.map((v) => num(v)) },
        ],
        series: [
          {
            label: props.xLabel,
            value: (_u, i) => (i == null || !props.days[Math.round(i)] ? '' : dayLabel.format(new Date(props.days[Math.round(i)] + 'T00:00:00Z'))),
          },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: color(s.color),
            width: 2,
            points: { show: props.days.length <= 45 },
            value: (_u: uPlot, v: number | null) => (v == null ? '' : num(v)),
          })),
        ],
      },
      [props.days.map((_, i) => i), ...props.series.map((s) => s.values)],
      el,
    )
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 200), height: HEIGHT }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [props.days, props.series, theme, language])
  return (
    <figure class="chart">
      <div ref={box} class="chart-box" aria-hidden="true" />
      <figcaption class="sr-only">{props.caption}</figcaption>
    </figure>
  )
}
