/**
 * Overview → key figures: a card for each figure with its value (or "—" and why there is none),
 * members compared with guests where the figure is a pair, and its definition one click away (a <details>).
 */
import type { Overview } from './api.ts'
import { money, num, percent } from './format.ts'
import type { Key } from './i18n.ts'
import { t } from './state.ts'

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

export function KeyFigures(props: { o: Overview }) {
  return (
    <section aria-labelledby="key-figures">
      <h2 id="key-figures">{t('keyFigures')}</h2>
      <ul class="cards">
        {FIGURES.map((f) => (
          <FigureCard key={f.id} figure={f} overview={props.o} />
        ))}
      </ul>
    </section>
  )
}

function FigureCard(props: { figure: Figure; overview: Overview }) {
  const { figure, overview } = props
  const titleId = `fig-${figure.id}`
  return (
    <li class="card">
      <h3 id={titleId}>{t(figure.title)}</h3>
      <FigureValue figure={figure} overview={overview} />
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

/** The figure's value, or its value for members beside the one for guests. */
function FigureValue(props: { figure: Figure; overview: Overview }) {
  const { figure, overview } = props
  const value = figure.value(overview)
  if (value !== null && typeof value == 'object') {
    return (
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
    )
  }
  return (
    <p class="figure">
      <Shown value={value} figure={figure} overview={overview} />
    </p>
  )
}

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
