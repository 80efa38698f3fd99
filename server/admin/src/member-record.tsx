/** One member → what the record says: its figures as a list of facts, and the ledger as a table. */
import type { ComponentChildren } from 'preact'
import type { LedgerEntry, MemberRecord } from './api.ts'
import { dateTime, day, money, num, points, signedPoints } from './format.ts'
import { hasKey } from './i18n.ts'
import { t } from './state.ts'
import { TableRegion } from './ui.tsx'

export function MemberFigures(props: { m: MemberRecord }) {
  const { m } = props
  return (
    <section aria-labelledby="member-figures">
      <h2 id="member-figures">{t('memberFigures')}</h2>
      <dl class="facts">
        <Fact label={t('balance')}>
          <strong class="balance">{points(m.balance)}</strong>
        </Fact>
        <Fact label={t('tier')}>{m.tier?.name ?? t('none')}</Fact>
        <Fact label={t('email')}>{m.email}</Fact>
        <Fact label={t('name')}>{m.name ?? t('none')}</Fact>
        <Fact label={t('customerId')}>{m.customerId ?? t('none')}</Fact>
        <Fact label={t('birthday')}>{m.birthday ? day(m.birthday) : t('none')}</Fact>
        <Fact label={t('lifetimePoints')}>{num(m.lifetimePoints)}</Fact>
        <Fact label={t('pointsOwed')} hint={m.pointsOwed > 0 ? t('pointsOwedHint') : undefined}>
          {num(m.pointsOwed)}
        </Fact>
        <Fact label={t('lifetimeValue')}>{money(m.lifetimeValue, m.currency)}</Fact>
        <Fact label={t('orders')}>{num(m.orders)}</Fact>
        <Fact label={t('referralCode')}>
          <code>{m.referralCode}</code>
        </Fact>
        <Fact label={t('referredBy')}>{m.referredBy ?? t('none')}</Fact>
        <Fact label={t('marketing')}>
          {m.marketing.consent ? t('marketingYes', { date: dateTime(m.marketing.updatedAt), source: m.marketing.source ?? t('none') }) : t('marketingNo')}
        </Fact>
        <Fact label={t('expiring')}>
          {m.expiring ? t('expiringValue', { points: points(m.expiring.points), date: day(m.expiring.date) }) : t('noneExpiring')}
        </Fact>
        <Fact label={t('joined')}>{dateTime(m.createdAt)}</Fact>
      </dl>
    </section>
  )
}

/** One term of the list: its label, its value and an optional hint after the value. */
function Fact(props: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>
        {props.children}
        {props.hint && <span class="hint">{props.hint}</span>}
      </dd>
    </div>
  )
}

export function LedgerSection(props: { ledger: LedgerEntry[] }) {
  const { ledger } = props
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t('ledgerTitle')}</h2>
      {ledger.length == 0 ? (
        <p>{t('noLedger')}</p>
      ) : (
        <TableRegion label={t('ledgerCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('type')}</th>
              <th scope="col" class="num">
                {t('points')}
              </th>
              <th scope="col">{t('description')}</th>
              <th scope="col">{t('reason')}</th>
              <th scope="col">{t('actor')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((e) => (
              <LedgerRow key={e.id} e={e} />
            ))}
          </tbody>
        </TableRegion>
      )}
    </section>
  )
}

function LedgerRow(props: { e: LedgerEntry }) {
  const { e } = props
  // A type this console has no words for (a newer server's) is shown as the server names it.
  const type = 'type_' + e.type
  return (
    <tr>
      <td class="nowrap">{dateTime(e.createdAt)}</td>
      <td>{hasKey(type) ? t(type) : e.type}</td>
      <td class={e.points < 0 ? 'num negative' : 'num'}>{signedPoints(e.points)}</td>
      <td>{e.description ?? t('none')}</td>
      <td>{e.reason ?? t('none')}</td>
      <td>{e.actor ?? t('none')}</td>
    </tr>
  )
}
