/**
 * One member: the record's figures, the ledger, "Adjust points" (signed points and
 * a reason; the input stays on an error, with the server's field errors), Export
 * (the JSON download) and Erase (a dialog that names the member and wants a word typed).
 */
import { get, type LedgerEntry, type MemberRecord } from './api.ts'
import { type AdjustedEntry, AdjustForm } from './member-adjust.tsx'
import { EraseSection, ExportSection } from './member-data.tsx'
import { LedgerSection, MemberFigures } from './member-record.tsx'
import { href, Link } from './router.tsx'
import { lang, t } from './state.ts'
import { Load, type Loaded, useLoad } from './ui.tsx'

interface MemberAnswer {
  member: MemberRecord
  ledger: LedgerEntry[]
}

export function MemberPage(props: { id: string }) {
  const state = useLoad(() => get<MemberAnswer>(`/members/${encodeURIComponent(props.id)}`), [props.id, lang.value])
  const m = state.data?.member
  return (
    <>
      <p class="back">
        <Link href={href.members()}>{t('backToMembers')}</Link>
      </p>
      <h1 tabIndex={-1}>{m ? (m.name ?? m.email) : t('memberTitle')}</h1>
      <Load state={state}>{(data) => <MemberBody data={data} state={state} />}</Load>
    </>
  )
}

function MemberBody(props: { data: MemberAnswer; state: Loaded<MemberAnswer> }) {
  const { member: m, ledger } = props.data
  const adjusted = (entry: AdjustedEntry, balance: number) => {
    // The new balance and entry at once; then the record and ledger afresh (tier, lifetime points, descriptions).
    props.state.set({ member: { ...m, balance }, ledger: [{ ...entry, description: null, type: 'adjustment' }, ...ledger].slice(0, 100) })
    props.state.reload()
  }
  return (
    <>
      <MemberFigures m={m} />
      <AdjustForm member={m} onDone={adjusted} />
      <LedgerSection ledger={ledger} />
      <ExportSection m={m} />
      <EraseSection m={m} />
    </>
  )
}
