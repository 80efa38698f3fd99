/** SQL of the widget-open counts: one counter per program and UTC day. */
import type { Db } from '../db/index.ts'

export async function countOpen(db: Db, programKey: string): Promise<void> {
  await db.query(
    `INSERT INTO widget_opens (program_key, day, opens) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 1)
     ON CONFLICT (program_key, day) DO UPDATE SET opens = widget_opens.opens + 1`,
    [programKey],
  )
}
