import type { Messages } from './en.ts'

/**
 * Arabic (Modern Standard, right-to-left). The store's and shopper's words ({offer},
 * {reward}, {tier}, {program}, {name}) stand in first-strong isolates (U+2068…U+2069):
 * "10% off your first order" inside an Arabic sentence would otherwise lose its order
 * ("off your first order %10"). Points: one and two in words (نقطة واحدة، نقطتين: the dual in
 * its oblique form, as `{points}` mostly stands after a preposition or as an object, and as stores
 * write it alone), few (3–10, 103–110…) `# نقاط`, every other category `# نقطة` (0, 11–99,
 * 100–102…). Where a sentence has the number as its subject, it says the nominative itself
 * (تبقّت نقطتان). Counted people and orders follow the same rules (صديقًا، صديقين، طلبين). Address: the singular "أنت" (احصل، سجّل، حسابك),
 * as Arabic e-commerce sites use.
 */
const ar: Messages = {
  launcherMember: '{launcher}، {points}',
  title: 'المكافآت',
  close: 'إغلاق',
  back: 'رجوع',
  points: { zero: '# نقطة', one: 'نقطة واحدة', two: 'نقطتين', few: '# نقاط', many: '# نقطة', other: '# نقطة' },
  loading: 'جارٍ التحميل…',
  retry: 'إعادة المحاولة',
  updated: 'غير متصل — آخر تحديث {time}',

  // home
  joinBonus: 'احصل على {points} عند الانضمام',
  joinPitch: 'اجمع النقاط مع كل طلب واستبدلها بمكافآت.',
  join: 'انضم الآن',
  signInHint: 'عضو بالفعل؟ سجّل الدخول إلى حسابك في المتجر لترى نقاطك.',
  hello: 'مرحبًا \u2068{name}\u2069',
  helloNoName: 'مرحبًا بعودتك',
  balance: 'رصيدك',
  tier: 'مستوى \u2068{tier}\u2069',
  toNextTier: 'تبقّى {points} للوصول إلى \u2068{tier}\u2069',
  topTier: 'وصلت إلى أعلى مستوى',
  welcome: 'أهلًا بك! حصلت على {points}.',
  canRedeem: 'يمكنك استبدال: \u2068{reward}\u2069',
  moreFor: {
    zero: 'تبقّى # نقطة للحصول على \u2068{reward}\u2069',
    one: 'تبقّت نقطة واحدة للحصول على \u2068{reward}\u2069',
    two: 'تبقّت نقطتان للحصول على \u2068{reward}\u2069',
    few: 'تبقّى # نقاط للحصول على \u2068{reward}\u2069',
    many: 'تبقّى # نقطة للحصول على \u2068{reward}\u2069',
    other: 'تبقّى # نقطة للحصول على \u2068{reward}\u2069',
  },
  moreForMoney: {
    zero: 'تبقّى # نقطة للحصول على \u2068{reward}\u2069 — أي مشتريات بنحو {money}',
    one: 'تبقّت نقطة واحدة للحصول على \u2068{reward}\u2069 — أي مشتريات بنحو {money}',
    two: 'تبقّت نقطتان للحصول على \u2068{reward}\u2069 — أي مشتريات بنحو {money}',
    few: 'تبقّى # نقاط للحصول على \u2068{reward}\u2069 — أي مشتريات بنحو {money}',
    many: 'تبقّى # نقطة للحصول على \u2068{reward}\u2069 — أي مشتريات بنحو {money}',
    other: 'تبقّى # نقطة للحصول على \u2068{reward}\u2069 — أي مشتريات بنحو {money}',
  },
  campaign: '\u2068{name}\u2069 — حتى {date}',
  expiring: {
    zero: 'تنتهي صلاحية # نقطة في {date}',
    one: 'تنتهي صلاحية نقطة واحدة في {date}',
    two: 'تنتهي صلاحية نقطتين في {date}',
    few: 'تنتهي صلاحية # نقاط في {date}',
    many: 'تنتهي صلاحية # نقطة في {date}',
    other: 'تنتهي صلاحية # نقطة في {date}',
  },
  invited: 'دعاك صديق: \u2068{offer}\u2069 عند الانضمام.',

  // navigation (view names)
  earn: 'طرق كسب النقاط',
  rewards: 'المكافآت',
  offers: 'عروض الأعضاء',
  badges: 'الشارات',
  referral: 'ادعُ صديقًا',
  activity: 'النشاط',
  tiers: 'المستويات',
  profile: 'ملفك الشخصي',

  // errors, by code: what happened and what to do
  err_email_taken: 'هذا البريد مسجّل بالفعل في البرنامج. سجّل الدخول إلى حسابك في المتجر لترى نقاطك.',
  err_rate_limited: 'محاولات كثيرة جدًا. حاول مجددًا بعد {seconds} ث.',
  err_network_error: 'تعذّر الاتصال بخدمة المكافآت. تحقّق من اتصالك وحاول مجددًا.',
  err_timeout: 'خدمة المكافآت تستغرق وقتًا طويلًا. حاول مجددًا بعد قليل.',
  err_unauthorized: 'انتهت جلستك. سجّل الدخول مجددًا لترى نقاطك.',
  err_invalid_request: 'هناك خطأ في النموذج. راجع الحقول وحاول مجددًا.',
  err_default: 'حدث خطأ من جهتنا. نقاطك بأمان — حاول مجددًا.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'البريد الإلكتروني',
  name: 'الاسم (اختياري)',
  birthday: 'تاريخ الميلاد (اختياري)',
  terms: 'أوافق على {terms}',
  termsLink: 'شروط البرنامج',
  marketing: 'أرغب في تلقّي الأخبار والعروض بالبريد (اختياري)',
  refCode: 'رمز الدعوة (اختياري)',
  submit: 'انضم',
  submitting: 'جارٍ الانضمام…',
  errEmail: 'أدخل بريدًا إلكترونيًا مثل name@example.com',
  errTerms: 'وافق على شروط البرنامج للانضمام',
  errBirthday: 'أدخل تاريخًا في الماضي',

  // earn
  perEuro: '{points} لكل {money} تنفقها',
  tierBoost: 'مستواك \u2068{tier}\u2069: نقاط الطلبات ×{n}',
  claim: 'احصل على {points}',
  follow: 'تابِع واحصل على {points}',
  done: 'تم',
  joinToClaim: 'انضم للحصول عليها',
  claimed: '+{points} — شكرًا لك!',

  // rewards
  worthOff: 'خصم {value}',
  redeem: 'استبدال',
  needMore: { zero: 'تبقّى # نقطة', one: 'تبقّت نقطة واحدة', two: 'تبقّت نقطتان', few: 'تبقّى # نقاط', many: 'تبقّى # نقطة', other: 'تبقّى # نقطة' },
  confirm: 'استبدال {points} مقابل \u2068{reward}\u2069؟',
  confirmYes: 'نعم، استبدل',
  cancel: 'إلغاء',
  redeeming: 'جارٍ الاستبدال…',
  yourCode: 'رمزك للحصول على \u2068{reward}\u2069',
  thanks: 'شكرًا لك! تبرّعت بـ{points} للجمعية الخيرية.',
  copy: 'نسخ',
  copied: 'تم النسخ',
  copyFailed: 'تعذّر النسخ',
  copyCode: 'نسخ الرمز {code}',
  coupons: 'قسائمك',
  noCoupons: 'لا توجد قسائم بعد. استبدل مكافأة لتحصل على قسيمة.',
  validUntil: 'صالحة حتى {date}',
  used: 'مستخدمة',
  expired: 'منتهية الصلاحية',
  joinToRedeem: 'انضم لاستبدال المكافآت',

  // marketing consent (a member's home)
  emailOffers: 'أرغب في تلقّي الأخبار والعروض بالبريد',
  saving: 'جارٍ الحفظ…',
  saved: 'تم الحفظ',

  // referral
  referralPitch: 'يحصل صديقك على \u2068{offer}\u2069، وتحصل أنت على {points} عند أول عملية شراء له.',
  yourLink: 'رابط دعوتك',
  copyLink: 'نسخ الرابط',
  share: 'مشاركة',
  shareText: 'انضم إلى \u2068{program}\u2069 واحصل على \u2068{offer}\u2069:',
  friendsJoined: {
    zero: 'انضم # من أصدقائك',
    one: 'انضم # من أصدقائك',
    two: 'انضم # من أصدقائك',
    few: 'انضم # من أصدقائك',
    many: 'انضم # من أصدقائك',
    other: 'انضم # من أصدقائك',
  },
  pointsEarned: 'كسبت {points} من الدعوات',
  joinToRefer: 'انضم لتحصل على رابط الدعوة',

  // activity
  noActivity: 'لا يوجد نشاط بعد.',
  loadMore: 'عرض المزيد',

  // tiers
  tierFrom: 'عند جمع {points} إجمالًا',
  tierMultiplier: 'نقاط ×{n} على الطلبات',
  yourTier: 'مستواك',

  // offers
  offersNone: 'لا توجد عروض للأعضاء حاليًا.',
  offerFrom: 'من {date}',
  offerUntil: 'حتى {date}',
  offerLocked: 'يُتاح عند الوصول إلى \u2068{tier}\u2069',
  joinToUnlock: 'انضم للاستفادة',
  shopOffer: 'تسوّق \u2068{offer}\u2069',

  // badges
  badgesNone: 'لا توجد شارات في هذا البرنامج بعد.',
  badgesCount: 'حصلت على {n} من {total}',
  badgeEarned: 'حصلت عليها في {date}',
  badge_orders: { zero: 'أكمل # طلب', one: 'أكمل طلبًا', two: 'أكمل طلبين', few: 'أكمل # طلبات', many: 'أكمل # طلبًا', other: 'أكمل # طلب' },
  badge_referrals: {
    zero: 'ادعُ # صديق يطلبون',
    one: 'ادعُ صديقًا يطلب',
    two: 'ادعُ صديقين يطلبان',
    few: 'ادعُ # أصدقاء يطلبون',
    many: 'ادعُ # صديقًا يطلبون',
    other: 'ادعُ # صديق يطلبون',
  },
  badge_birthday: 'أضف تاريخ ميلادك',
  badge_member_years: {
    zero: 'كن عضوًا لمدة # سنة',
    one: 'كن عضوًا لمدة سنة',
    two: 'كن عضوًا لمدة سنتين',
    few: 'كن عضوًا لمدة # سنوات',
    many: 'كن عضوًا لمدة # سنة',
    other: 'كن عضوًا لمدة # سنة',
  },
  badge_lifetime_points: 'اجمع {points} إجمالًا',
  badge_tier: 'صِل إلى مستوى \u2068{tier}\u2069',

  // punch card (ways to earn)
  punchEvery: {
    zero: '{what} مع كل # طلب',
    one: '{what} مع كل طلب',
    two: '{what} مع كل طلبين',
    few: '{what} مع كل # طلبات',
    many: '{what} مع كل # طلبًا',
    other: '{what} مع كل # طلب',
  },
  punchCount: 'الطلبات: {n} من {every}',

  // profile
  profileName: 'الاسم',
  profileBirthday: 'تاريخ الميلاد',
  birthdayOnce: 'يمكنك تغيير تاريخ ميلادك مرة في السنة.',
  save: 'حفظ',
  errOnceAYear: 'غيّرت تاريخ ميلادك منذ أقل من سنة.',
  errName: 'أدخل اسمًا لا يتجاوز 100 حرف.',
  termsTitle: 'شروط البرنامج',
  privacy: 'سياسة الخصوصية',
  yourData: 'بياناتك',
  download: 'تنزيل بياناتي',
  deleteAccount: 'حذف حسابي',
  deleteConfirm: 'حذف حسابك؟ ستفقد نقاطك وقسائمك، ولا يمكن التراجع عن ذلك.',
  deleteYes: 'نعم، احذف حسابي',
  deleted: 'تم حذف حسابك.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'ليست لديك نقاط كافية لهذه المكافأة بعد.',
  err_reward_unavailable: 'هذه المكافأة لم تعد متاحة. اختر مكافأة أخرى.',
  err_already_claimed: 'حصلت على هذا بالفعل.',
}

export default ar
