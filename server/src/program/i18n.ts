/**
 * Languages of the reference server: negotiation from `Accept-Language` and the
 * server's own strings (activity descriptions). Program strings live in the
 * program JSON as `{ "en": …, "lv": … }` maps.
 */

/** Languages the server's own strings exist in; `en` is the fallback. */
export const LANGUAGES = ['en', 'lv', 'et', 'mk', 'ru'] as const
export type Language = (typeof LANGUAGES)[number]

/** A translatable string: plain (same in every language) or a map with at least `en`. */
export type Text = string | ({ en: string } & Record<string, string>)

/**
 * The best language of `available` for an `Accept-Language` header: tags by
 * descending q, each tried exactly and then by its primary subtag (lv-LV → lv),
 * falling back to `en`.
 */
export function negotiateLanguage(header: string | undefined, available: readonly string[]): string {
  if (!header) return 'en'
  const wanted = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const quality = q ? Number(q.slice(2)) : 1
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index }
    })
    .filter((w) => w.tag && w.tag != '*' && w.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
  const set = new Set(available.map((a) => a.toLowerCase()))
  for (const { tag } of wanted) {
    if (set.has(tag)) return tag
    const primary = tag.split('-')[0]!
    if (set.has(primary)) return primary
  }
  return 'en'
}

/** `text` in `language`, falling back to its primary subtag and then to English. */
export function localize(text: Text, language: string): string {
  if (typeof text == 'string') return text
  return text[language] ?? text[language.split('-')[0]!] ?? text.en
}

type Template = Record<Language, string>

const ACTIVITY = {
  signup: {
    en: 'Welcome bonus for joining',
    lv: 'Pievienošanās bonuss',
    et: 'Liitumisboonus',
    mk: 'Бонус за зачленување',
    ru: 'Бонус за вступление в программу',
  },
  purchase: { en: 'Purchase', lv: 'Pirkums', et: 'Ost', mk: 'Купување', ru: 'Покупка' },
  purchaseOrder: {
    en: 'Purchase, order {order}',
    lv: 'Pirkums, pasūtījums {order}',
    et: 'Ost, tellimus {order}',
    mk: 'Купување, нарачка {order}',
    ru: 'Покупка, заказ {order}',
  },
  claim: { en: '{rule}', lv: '{rule}', et: '{rule}', mk: '{rule}', ru: '{rule}' },
  redemption: {
    en: 'Redeemed: {reward}',
    lv: 'Izmantoti punkti: {reward}',
    et: 'Lunastatud: {reward}',
    mk: 'Искористени поени: {reward}',
    ru: 'Обмен баллов: {reward}',
  },
  referral: {
    en: 'Referral bonus: a friend made their first purchase',
    lv: 'Ieteikuma bonuss: draugs veica pirmo pirkumu',
    et: 'Soovitusboonus: sõber tegi esimese ostu',
    mk: 'Бонус за препорака: пријател ја направи првата купувачка',
    ru: 'Бонус за приглашение: друг совершил первую покупку',
  },
  adjustment: {
    en: 'Points adjustment',
    lv: 'Punktu korekcija',
    et: 'Punktide korrigeerimine',
    mk: 'Корекција на поени',
    ru: 'Корректировка баллов',
  },
  adjustmentReason: {
    en: 'Points adjustment: {reason}',
    lv: 'Punktu korekcija: {reason}',
    et: 'Punktide korrigeerimine: {reason}',
    mk: 'Корекција на поени: {reason}',
    ru: 'Корректировка баллов: {reason}',
  },
  refund: {
    en: 'Refund, order {order}',
    lv: 'Atmaksa, pasūtījums {order}',
    et: 'Tagasimakse, tellimus {order}',
    mk: 'Поврат, нарачка {order}',
    ru: 'Возврат, заказ {order}',
  },
  refundReferral: {
    en: 'Referral bonus taken back: the friend’s order was refunded',
    lv: 'Ieteikuma bonuss atņemts: drauga pasūtījumam veikta atmaksa',
    et: 'Soovitusboonus võeti tagasi: sõbra tellimus tagastati',
    mk: 'Бонусот за препорака е повлечен: нарачката на пријателот е вратена',
    ru: 'Бонус за приглашение отменён: заказ друга возвращён',
  },
  refundOwed: {
    en: 'Points owed from an earlier refund',
    lv: 'Punkti, kas palika parādā pēc iepriekšējās atmaksas',
    et: 'Varasemast tagasimaksest võlgu jäänud punktid',
    mk: 'Поени што се должат од претходен поврат',
    ru: 'Баллы, оставшиеся в долгу после прошлого возврата',
  },
  expiry: {
    en: 'Points expired after {months} months without activity',
    lv: 'Punkti zaudēti pēc neaktivitātes ({months} mēn.)',
    et: 'Punktid aegusid pärast tegevusetust ({months} kuud)',
    mk: 'Поените истекоа по неактивност ({months} мес.)',
    ru: 'Баллы сгорели после бездействия ({months} мес.)',
  },
} satisfies Record<string, Template>

export type MessageId = keyof typeof ACTIVITY

/** A server message in `language` with `{name}` placeholders filled. */
export function message(id: MessageId, language: string, values: Record<string, string> = {}): string {
  const template = localize(ACTIVITY[id], language)
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
