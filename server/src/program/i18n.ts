/**
 * Languages of the reference server: negotiation from `Accept-Language` and the
 * server's own strings (activity descriptions). Program strings live in the
 * program JSON as `{ "en": …, "lv": … }` maps.
 */

/**
 * Languages the server's own strings exist in, the widget's twelve (src/i18n/locales.ts);
 * `en` is the fallback. The Arabic templates put the store's words and ids in first-strong
 * isolates (U+2068…U+2069), as the widget's Arabic pack does, so a Latin order id or
 * reward name keeps its place in the right-to-left sentence.
 */
export const LANGUAGES = ['en', 'lv', 'et', 'lt', 'mk', 'ru', 'uk', 'pl', 'de', 'fr', 'es', 'ar'] as const
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
    lt: 'Sveikinimo premija už prisijungimą',
    mk: 'Бонус за зачленување',
    ru: 'Бонус за вступление в программу',
    uk: 'Вітальний бонус за вступ до програми',
    pl: 'Bonus powitalny za dołączenie',
    de: 'Willkommensbonus für Ihren Beitritt',
    fr: 'Bonus de bienvenue pour votre adhésion',
    es: 'Bono de bienvenida por unirte',
    ar: 'مكافأة ترحيبية للانضمام',
  },
  purchase: {
    en: 'Purchase',
    lv: 'Pirkums',
    et: 'Ost',
    lt: 'Pirkinys',
    mk: 'Купување',
    ru: 'Покупка',
    uk: 'Покупка',
    pl: 'Zakup',
    de: 'Einkauf',
    fr: 'Achat',
    es: 'Compra',
    ar: 'عملية شراء',
  },
  purchaseOrder: {
    en: 'Purchase, order {order}',
    lv: 'Pirkums, pasūtījums {order}',
    et: 'Ost, tellimus {order}',
    lt: 'Pirkinys, užsakymas {order}',
    mk: 'Купување, нарачка {order}',
    ru: 'Покупка, заказ {order}',
    uk: 'Покупка, замовлення {order}',
    pl: 'Zakup, zamówienie {order}',
    de: 'Einkauf, Bestellung {order}',
    fr: 'Achat, commande {order}',
    es: 'Compra, pedido {order}',
    ar: 'عملية شراء، الطلب \u2068{order}\u2069',
  },
  claim: {
    en: '{rule}',
    lv: '{rule}',
    et: '{rule}',
    lt: '{rule}',
    mk: '{rule}',
    ru: '{rule}',
    uk: '{rule}',
    pl: '{rule}',
    de: '{rule}',
    fr: '{rule}',
    es: '{rule}',
    ar: '{rule}',
  },
  redemption: {
    en: 'Redeemed: {reward}',
    lv: 'Izmantoti punkti: {reward}',
    et: 'Lunastatud: {reward}',
    lt: 'Iškeisti taškai: {reward}',
    mk: 'Искористени поени: {reward}',
    ru: 'Обмен баллов: {reward}',
    uk: 'Обмін балів: {reward}',
    pl: 'Wymiana punktów: {reward}',
    de: 'Eingelöst: {reward}',
    fr: 'Points échangés : {reward}',
    es: 'Puntos canjeados: {reward}',
    ar: 'استبدال النقاط: \u2068{reward}\u2069',
  },
  referral: {
    en: 'Referral bonus: a friend made their first purchase',
    lv: 'Ieteikuma bonuss: draugs veica pirmo pirkumu',
    et: 'Soovitusboonus: sõber tegi esimese ostu',
    lt: 'Premija už pakvietimą: draugas apsipirko pirmą kartą',
    mk: 'Бонус за препорака: пријател ја направи првата купувачка',
    ru: 'Бонус за приглашение: друг совершил первую покупку',
    uk: 'Бонус за запрошення: друг зробив першу покупку',
    pl: 'Bonus za polecenie: znajomy zrobił pierwsze zakupy',
    de: 'Empfehlungsbonus: Ein Freund hat zum ersten Mal bestellt',
    fr: 'Bonus de parrainage : votre filleul a passé sa première commande',
    es: 'Bono por invitación: un amigo hizo su primera compra',
    ar: 'مكافأة الدعوة: أتمّ صديق أول عملية شراء',
  },
  adjustment: {
    en: 'Points adjustment',
    lv: 'Punktu korekcija',
    et: 'Punktide korrigeerimine',
    lt: 'Taškų koregavimas',
    mk: 'Корекција на поени',
    ru: 'Корректировка баллов',
    uk: 'Коригування балів',
    pl: 'Korekta punktów',
    de: 'Punktekorrektur',
    fr: 'Ajustement de points',
    es: 'Ajuste de puntos',
    ar: 'تعديل النقاط',
  },
  adjustmentReason: {
    en: 'Points adjustment: {reason}',
    lv: 'Punktu korekcija: {reason}',
    et: 'Punktide korrigeerimine: {reason}',
    lt: 'Taškų koregavimas: {reason}',
    mk: 'Корекција на поени: {reason}',
    ru: 'Корректировка баллов: {reason}',
    uk: 'Коригування балів: {reason}',
    pl: 'Korekta punktów: {reason}',
    de: 'Punktekorrektur: {reason}',
    fr: 'Ajustement de points : {reason}',
    es: 'Ajuste de puntos: {reason}',
    ar: 'تعديل النقاط: \u2068{reason}\u2069',
  },
  refund: {
    en: 'Refund, order {order}',
    lv: 'Atmaksa, pasūtījums {order}',
    et: 'Tagasimakse, tellimus {order}',
    lt: 'Grąžinimas, užsakymas {order}',
    mk: 'Поврат, нарачка {order}',
    ru: 'Возврат, заказ {order}',
    uk: 'Повернення, замовлення {order}',
    pl: 'Zwrot, zamówienie {order}',
    de: 'Erstattung, Bestellung {order}',
    fr: 'Remboursement, commande {order}',
    es: 'Reembolso, pedido {order}',
    ar: 'استرداد، الطلب \u2068{order}\u2069',
  },
  refundReferral: {
    en: 'Referral bonus taken back: the friend’s order was refunded',
    lv: 'Ieteikuma bonuss atņemts: drauga pasūtījumam veikta atmaksa',
    et: 'Soovitusboonus võeti tagasi: sõbra tellimus tagastati',
    lt: 'Premija už pakvietimą atšaukta: už draugo užsakymą grąžinti pinigai',
    mk: 'Бонусот за препорака е повлечен: нарачката на пријателот е вратена',
    ru: 'Бонус за приглашение отменён: заказ друга возвращён',
    uk: 'Бонус за запрошення скасовано: замовлення друга повернено',
    pl: 'Bonus za polecenie cofnięty: zamówienie znajomego zostało zwrócone',
    de: 'Empfehlungsbonus zurückgebucht: Die Bestellung des Freundes wurde erstattet',
    fr: 'Bonus de parrainage annulé : la commande de votre filleul a été remboursée',
    es: 'Bono por invitación retirado: se reembolsó el pedido de tu amigo',
    ar: 'أُلغيت مكافأة الدعوة: استُرد مبلغ طلب الصديق',
  },
  refundOwed: {
    en: 'Points owed from an earlier refund',
    lv: 'Punkti, kas palika parādā pēc iepriekšējās atmaksas',
    et: 'Varasemast tagasimaksest võlgu jäänud punktid',
    lt: 'Taškai, likę skolingi po ankstesnio grąžinimo',
    mk: 'Поени што се должат од претходен поврат',
    ru: 'Баллы, оставшиеся в долгу после прошлого возврата',
    uk: 'Бали, що залишилися в борг після попереднього повернення',
    pl: 'Punkty zaległe z wcześniejszego zwrotu',
    de: 'Offene Punkte aus einer früheren Erstattung',
    fr: 'Points dus après un remboursement antérieur',
    es: 'Puntos pendientes de un reembolso anterior',
    ar: 'نقاط مستحقة من استرداد سابق',
  },
  expiry: {
    en: 'Points expired after {months} months without activity',
    lv: 'Punkti zaudēti pēc neaktivitātes ({months} mēn.)',
    et: 'Punktid aegusid pärast tegevusetust ({months} kuud)',
    lt: 'Taškai nebegalioja po {months} mėn. be aktyvumo',
    mk: 'Поените истекоа по неактивност ({months} мес.)',
    ru: 'Баллы сгорели после бездействия ({months} мес.)',
    uk: 'Бали згоріли після {months} міс. без активності',
    pl: 'Punkty wygasły po {months} mies. bez aktywności',
    de: 'Punkte nach {months} Monaten ohne Aktivität verfallen',
    fr: 'Points expirés après {months} mois sans activité',
    es: 'Puntos caducados tras {months} meses sin actividad',
    ar: 'انتهت صلاحية النقاط بعد فترة دون نشاط (عدد الأشهر: {months})',
  },
} satisfies Record<string, Template>

export type MessageId = keyof typeof ACTIVITY
/** Every server message, for tests that check each one in each language. */
export const MESSAGE_IDS = Object.keys(ACTIVITY) as MessageId[]

/** A server message in `language` with `{name}` placeholders filled. */
export function message(id: MessageId, language: string, values: Record<string, string> = {}): string {
  const template = localize(ACTIVITY[id], language)
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
