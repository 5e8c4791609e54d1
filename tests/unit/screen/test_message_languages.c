/* Messages to residents in their own languages (session 6): the phrase
 * files data/phrases/lang_*.tsv feed the same mechanism signals as the
 * Japanese ones, so each fraud below must fire its rule and its genuine
 * look-alike (a community or embassy warning quoting the same offer, an
 * official notice that says it never asks) must stay allowed; the
 * classifier, trained on Japanese and English only, must not flag text in
 * other scripts alone; and every phrase database must scan long texts
 * (Vectorscan 5.4.9 aborted on texts of 255 bytes and more with one
 * pattern shape — an alternation on both sides of a gap — that compiled
 * fine). Texts are written for these tests (fictitious names, numbers). */
#include "msg_fixture.h"

#include "screen/message_internal.h"

typedef struct fx {
    mm_screen_ctx ctx;
    mm_arena *a;
} fx;

static void fx_open(fx *f)
{
    msg_ctx_load(&f->ctx);
    f->a = mm_arena_new(0);
}

static void fx_close(fx *f)
{
    mm_arena_free(f->a);
    mm_screen_ctx_unload(&f->ctx);
}

static void pair(fx *f, const char *code, const char *genuine, const char *fraud)
{
    msg_expect_pair(&f->ctx, f->a, "sns_dm", code, genuine, fraud);
}

Test(message_languages, scripts_outside_the_classifier)
{
    static const struct {
        const char *text;
        bool outside;
    } cases[] = {
        {"Tiền nhà tháng này 64.000 yên, mỗi đứa 21.300 nhé.", true},
        {"어제 삼겹살 2만4천엔 나왔어, PayPay로 보내줘", true},
        {"आमा, आज ५० हजार येन पठाएँ", true},
        {"昨天火锅一共18,400，四个人每人4,600，PayPay转我就行", true},
        {"明日の会議は10時からです", false},
        {"【三井住友銀行】本人確認手続未完了 個人口座利用制限", false}, /* kanji only */
        {"Your parcel is on its way", false},
        {"O churrasco deu 24 mil, 6 mil pra cada, manda no PayPay.", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(msg_outside_classifier_languages(cases[i].text, strlen(cases[i].text)),
                     cases[i].outside, "%s", cases[i].text);
}

Test(message_languages, split_bill_in_vietnamese_is_allowed)
{
    fx f;
    fx_open(&f);
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "Lẩu hôm qua hết 15.600 yên, 4 người là 3.900, PayPay cho anh "
                                  "nhé.");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    const mm_reason *r = msg_find(&v, "TEXT_CLASSIFIER");
    cr_expect(r == NULL || r->weight <= 30, "classifier %d", r ? r->weight : 0);
    fx_close(&f);
}

Test(message_languages, account_buying_and_its_warnings)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_RECRUITMENT",
         "群公告：有人私訊說「回國前高價收購銀行帳戶」，千萬不要賣！轉讓帳戶是犯罪。",
         "回国前账户别浪费！高价收购银行账户和提款卡，一套3万日元，当天现金。加微信 "
         "kouza_shou99");
    pair(&f, "TEXT_RECRUITMENT",
         "Cảnh báo: có người nhắn \"thu mua tài khoản trước khi về nước\". Bán tài khoản là phạm "
         "pháp.",
         "Thu mua tài khoản Yucho + thẻ ATM trước khi về nước, giá 3 man/bộ. Ib Telegram @tk_mua_jp");
    pair(&f, "TEXT_RECRUITMENT",
         "Galera, cuidado: tem gente querendo comprar conta de banco de quem vai embora. Isso é "
         "crime.",
         "Vai embora do Japão? Compramos sua conta do banco com cartão, 30 mil na hora. Chama no "
         "WhatsApp +81 80-1111-2233");
    pair(&f, "TEXT_RECRUITMENT", "주의: 귀국 전 계좌를 팔라는 메시지는 사칭 사기입니다.",
         "귀국 전에 일본 은행 계좌 팔고 가세요. 통장+캐시카드 즉시 현금 지급. 카톡 ID: "
         "jp_acct77");
    fx_close(&f);
}

Test(message_languages, impersonated_police_and_their_warnings)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "【大阪府警察】有人冒充警察说您涉嫌洗钱。警察不会通过LINE要求汇款。",
         "我是上海市公安局的王警官，你的银行卡涉嫌洗钱，需要配合调查，把存款转入安全账户。");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "【けいさつ】 「あなた の カード が はんざい に つかわれた」 と いう でんわ は さぎ です。 "
         "けいさつ は おかね を たのみません。",
         "【けいさつ】 あなた の カード が はんざい に つかわれました。 だれ にも はなさないで "
         "ください。");
    fx_close(&f);
}

Test(message_languages, pension_agents_and_the_real_procedure)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PIN_REQUEST",
         "Sobre o dattai ichijikin: peça direto ao Serviço de Pensão. Nunca entregue cartão do "
         "banco nem senha.",
         "Receba seu dattai ichijikin rápido! Deixe com a gente o cartão do banco com a senha "
         "antes de embarcar.");
    pair(&f, "TEXT_ADVANCE_FEE", "【にほん ねんきん きこう】 だったい いちじきん を うけつけました。 おかね は かかりません。",
         "だったい いちじきん を はやく もらえます。 さいしょ に てすうりょう 2まんえん を はらって "
         "ください。");
    fx_close(&f);
}

/* Written after the set, in other words (session 6): an immigration
 * "office" wanting a fee in Chinese, against the embassy's real notice. */
Test(message_languages, immigration_fee_in_chinese)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "中国驻日本大使馆提醒：护照更新请在线预约，大使馆不会通过电话要求转账。",
         "您好，这里是东京入国管理局。您的在留资格存在问题，请今天内缴纳手续费3万日元，否则将被强制"
         "遣返。联系微信 ruguan_tokyo");
    fx_close(&f);
}

/* Session 13 (ja_dev_hard25, foreign residents in nine languages), each
 * written here in other words: a residence card "cancelled" unless a
 * photo or a fine is sent, customs duty behind a link, the cash-carrying
 * job that wants a LINE id, a fake consulate's video-call questioning, and
 * the genuine notices and warnings beside them. */
Test(message_languages, residence_card_threats_in_residents_languages)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "재류카드 갱신은 만료 3개월 전부터 가능합니다. 온라인 신청도 됩니다. 자세한 내용은 "
         "출입국재류관리청 홈페이지를 확인하세요.",
         "[출입국재류관리청] 귀하의 재류카드는 서류 불일치로 내일 취소됩니다. 아래에서 재류카드 "
         "사진을 제출하세요 https://zairyu-kr.example/id");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "Paalala mula sa city hall: i-renew ang residence card tatlong buwan bago mag-expire sa "
         "immigration bureau.",
         "Immigration Bureau: may mali sa iyong datos kaya makakansela ang residence card mo "
         "ngayong gabi. I-verify dito: https://bureau-ph.example");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "Informasi KBRI: layanan paspor hanya di loket sesuai jadwal. KBRI tidak pernah meminta "
         "pembayaran lewat telepon dan tidak pernah menghubungkan Anda dengan polisi lewat video "
         "call.",
         "Kami dari KBRI Tokyo. Nama Anda muncul dalam kasus pencucian uang. Ikuti pemeriksaan "
         "lewat video call dengan polisi malam ini dan bayar jaminan ke rekening petugas.");
    fx_close(&f);
}

Test(message_languages, customs_duty_and_carrying_jobs_in_residents_languages)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_DELIVERY_FEE", "고객님의 소포가 도착했습니다. 배송 조회는 운송장 번호로 가능합니다.",
         "해외 소포가 세관에서 보류 중입니다. 통관 수수료 ¥1,980을 오늘 안에 결제하세요: "
         "https://kr-parcel.example/pay");
    pair(&f, "TEXT_RECRUITMENT",
         "편의점 아르바이트 모집: 시급 1,200엔, 주 3일, 면접은 매장에서 합니다.",
         "고액 알바! 하루 4만엔 당일 지급. 할머니 댁에서 서류봉투를 받아서 역 앞 직원에게 "
         "전달만 하면 끝. 라인 ID 보내주세요.");
    fx_close(&f);
}

/* A warning that prints an unassigned number (03-0000-…) for its own desk
 * hands over no channel a fraudster could use: still a warning. */
Test(message_languages, warning_with_an_unassigned_number_stays_a_warning)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SAFE_ACCOUNT",
         "提醒：有人冒充大使馆来电，称您涉嫌洗钱，要求把存款转入“安全账户”，这些都是诈骗。"
         "大使馆不会要求转账。咨询请致电留学生中心 03-0000-4411。",
         "这里是大使馆。您涉嫌洗钱，请把全部存款转入安全账户配合调查，不要告诉任何人。");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "けいさつ から：「おかねを あんぜんな 口座に うつして」と いう でんわは さぎです。"
         "けいさつは おかねの はなしを しません。",
         "けいさつです。あなたの 口座が わるい ことに つかわれました。おかねを ぜんぶ あんぜんな "
         "口座に うつして ください。");
    fx_close(&f);
}

/* every script, 255 bytes to 8 KB: the scan must return (an abort in the
 * library would end the test binary, so this fails loudly) */
Test(message_languages, long_texts_scan)
{
    fx f;
    fx_open(&f);
    static const char *const units[] = {
        "The quick brown fox jumps over the lazy dog. ", "お荷物のお届けについてご案内します。",
        "您好，您的包裹已送达。", "Bưu kiện của bạn đã đến. ", "소포가 도착했습니다. ",
        "तपाईंको पार्सल आयो। ", "Sua encomenda chegou. "};
    char *buf = malloc(9000);
    cr_assert_not_null(buf);
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        for (size_t want = 255; want <= 8192; want *= 2) {
            size_t n = 0, ul = strlen(units[u]);
            while (n + ul < want) {
                memcpy(buf + n, units[u], ul);
                n += ul;
            }
            buf[n] = 0;
            mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL, buf);
            cr_expect_eq(v.action, MM_VERDICT_ALLOW, "unit %zu, %zu bytes: score %d", u, n,
                         v.score);
        }
    free(buf);
    fx_close(&f);
}
