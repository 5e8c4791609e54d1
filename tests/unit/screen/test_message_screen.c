/* Tests for mm_screen_message (src/screen/message.c, message_sender.c,
 * message_rules.c): listed indicators with spans, 手口 rules, sender checks,
 * benign look-alikes that must stay allowed, and bad input. */
#include "msg_fixture.h"

/* A snapshot with a few listed values (ids 11…). */
static mm_snapshot *listed(void)
{
    static const struct {
        mm_kind kind;
        const char *value;
        mm_ind_status st;
    } rows[] = {
        {MM_KIND_URL, "https://sgw-redeliv.example/a1", MM_IND_CONFIRMED},
        {MM_KIND_DOMAIN, "kuroneko-chk.example", MM_IND_CONFIRMED},
        {MM_KIND_PHONE, "+819011112222", MM_IND_CONFIRMED},
        {MM_KIND_BANK_ACCOUNT, "0001-123-1-1234567", MM_IND_ACTIONED},
        {MM_KIND_CRYPTO_ADDRESS, "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", MM_IND_REPORTED},
        {MM_KIND_SNS_ACCOUNT, "line:yamada_fx88", MM_IND_CONFIRMED},
        {MM_KIND_URL, "http://evil.example/", MM_IND_CONFIRMED},
        /* one path listed under both schemes: a link's own scheme wins */
        {MM_KIND_URL, "https://both.example/p/", MM_IND_CONFIRMED},
        {MM_KIND_URL, "http://both.example/p/", MM_IND_CONFIRMED},
    };
    mm_snapshot_entry e[sizeof rows / sizeof rows[0]];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        e[i] = (mm_snapshot_entry){.kind = rows[i].kind,
                                   .canonical = rows[i].value,
                                   .len = strlen(rows[i].value),
                                   .hit = {.id = (uint32_t)(11 + i),
                                           .kind = rows[i].kind,
                                           .status = rows[i].st,
                                           .confidence = 80},
                                   .category = "phishing"};
    }
    static const uint8_t key[32] = {1};
    mm_snapshot *s = NULL;
    mm_error err = {0};
    cr_assert_eq(mm_snapshot_build_from(e, sizeof rows / sizeof rows[0], key, sizeof key, &s, &err),
                 MM_OK, "%s", err.message);
    return s;
}

typedef struct lcase {
    const char *text;
    const char *code;
    int64_t id;
    const char *span;
} lcase;

Test(message_screen, listed_indicators_with_spans)
{
    static const lcase cases[] = {
        {"再配達はこちら https://sgw-redeliv.example/a1", "URL_LISTED", 11,
         "https://sgw-redeliv.example/a1"},
        {"確認 hxxps://kuroneko-chk[.]example/abc", "DOMAIN_LISTED", 12, "kuroneko-chk[.]example"},
        {"至急 ０９０－１１１１－２２２２ へお電話を", "PHONE_LISTED", 13, "０９０"},
        {"振込先 みずほ銀行 渋谷支店(123) 普通 1234567", "ACCOUNT_LISTED", 14, "1234567"},
        {"送金先 bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "CRYPTO_LISTED", 15, "bc1q"},
        {"LINE ID: Yamada_FX88 に追加してね", "SNS_LISTED", 16, "Yamada_FX88"},
        {"see http://evil.example/deep/path?x=1", "URL_LISTED", 17, "evil.example"},
        /* listed with http://, linked with https:// from a subdomain */
        {"see https://www.evil.example/deep", "URL_LISTED", 17, "evil.example"},
        {"open https://both.example/p/q?x=1", "URL_LISTED", 18, "both.example"},
        {"open http://both.example/p/q", "URL_LISTED", 19, "both.example"},
    };
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_snapshot *snap = listed();
    ctx.snap = snap;
    mm_arena *a = mm_arena_new(0);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mm_verdict v = msg_screen_sms(&ctx, a, NULL, cases[c].text);
        const mm_reason *r = msg_find(&v, cases[c].code);
        cr_expect_not_null(r, "case %zu '%s': no %s", c, cases[c].text, cases[c].code);
        if (r == NULL)
            continue;
        cr_expect_eq(r->indicator_id, cases[c].id, "case %zu: indicator %lld", c,
                     (long long)r->indicator_id);
        cr_expect(msg_span_has(cases[c].text, r->span_start, r->span_end, cases[c].span),
                  "case %zu: span [%u,%u) does not cover '%s'", c, r->span_start, r->span_end,
                  cases[c].span);
        cr_expect_neq(v.action, MM_VERDICT_ALLOW, "case %zu: listed but allowed", c);
    }
    mm_arena_free(a);
    mm_snapshot_release(snap);
    ctx.snap = NULL;
    mm_screen_ctx_unload(&ctx);
}

typedef struct rcase {
    const char *sender;
    const char *text;
    const char *category; /* expected category; NULL = must be allowed */
    const char *code;     /* a reason that must be present (or NULL) */
} rcase;

/* Written for these tests (not the domain notes' examples): mechanism, not wording. */
static const rcase rule_cases[] = {
    {"+8180-9876-5432",
     "【ヤマト運輸】配達予定のお荷物が住所に不備があり保管中です。下記より"
     "お届け先情報をご入力ください https://yamato-addr.example/j",
     "delivery_lure", "TEXT_DELIVERY_LURE"},
    {NULL,
     "ｻｶﾞﾜ急便:お客様宛のお荷物、送料不足(220円)のため配達を保留しています。お支払い→ "
     "http://sgw-fee.example",
     "delivery_lure", "TEXT_DELIVERY_FEE"},
    {"+63 917 123 4567",
     "[docomo] ご利用料金の未払いがあります。本日中にお手続きがない場合、"
     "回線を停止します。 d-bill-check.top/pay",
     NULL, "TEXT_CARRIER_BILLING"},
    {NULL,
     "こちらは警視庁捜査二課の者です。あなた名義の口座が詐欺事件に使われています。"
     "潔白を証明するため資産の確認が必要です。",
     "police_impersonation", "TEXT_POLICE_IMPERSONATION"},
    {NULL,
     "医療費の還付金が2万8千円ございます。手続きはお近くのコンビニのATMで"
     "できますので、キャッシュカードをお持ちください。",
     "refund", "TEXT_ATM_REFUND"},
    {NULL, "コンビニでGoogle Playカードを3万円分購入して、裏面の番号を写真で送ってください。",
     "emoney_demand", "TEXT_EMONEY_DEMAND"},
    {NULL, "テスタさんが無料で教える株の勉強会、LINEグループで銘柄を毎日配信中！参加はこちら",
     "investment", "TEXT_INVESTMENT_CELEBRITY"},
    {NULL, "出金するには利益の15%を税金として先にお振込みいただく必要がございます。", "investment",
     "TEXT_INVESTMENT_WITHDRAWAL"},
    /* benign look-alikes */
    {"0120-00-1234",
     "【佐川急便】お荷物お届けのお知らせ。配達予定日:明日午前中 "
     "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do",
     NULL, NULL},
    {NULL,
     "【〇〇銀行】ワンタイムパスワード:482913。この番号を他人に教えないでください。"
     "当行から番号をお尋ねすることはありません。",
     NULL, NULL},
    {NULL,
     "【〇〇県警 防犯メール】市内で警察官をかたる不審電話が相次いでいます。"
     "警察がキャッシュカードを預かることはありません。",
     NULL, NULL},
    {NULL,
     "ご注文の商品を発送しました。お届け予定:6月3日。配送状況はAmazonの注文履歴から"
     "ご確認ください https://www.amazon.co.jp/gp/css/order-history",
     NULL, NULL},
    {NULL, "明日の飲み会、駅前の居酒屋に19時集合で。遅れる人はLINEで連絡してね", NULL, NULL},
};

Test(message_screen, modus_operandi_rules_and_look_alikes)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    for (size_t c = 0; c < sizeof rule_cases / sizeof rule_cases[0]; c++) {
        const rcase *x = &rule_cases[c];
        mm_verdict v = msg_screen_sms(&ctx, a, x->sender, x->text);
        if (x->code)
            cr_expect_not_null(msg_find(&v, x->code), "case %zu: no %s (score %d, category %s)", c,
                               x->code, v.score, v.category);
        if (x->category) {
            cr_expect_neq(v.action, MM_VERDICT_ALLOW, "case %zu: allowed (score %d)", c, v.score);
            cr_expect_str_eq(v.category, x->category, "case %zu: category", c);
            cr_expect_not_null(v.warning_ja, "case %zu: no warning", c);
        } else if (x->code == NULL) {
            cr_expect_eq(v.action, MM_VERDICT_ALLOW,
                         "case %zu: benign look-alike got %s (score %d, category %s, first "
                         "reason %s)",
                         c, mm_verdict_action_name(v.action), v.score, v.category,
                         v.nreasons ? v.reasons[0].code : "-");
        }
        mm_arena_reset(a);
    }
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

Test(message_screen, sms_brand_claim_from_mobile_or_abroad)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    const char *t = "【Amazon】お支払い方法に問題があるためアカウントを一時停止しました";
    mm_verdict v = msg_screen_sms(&ctx, a, "+44 7700 900123", t);
    const mm_reason *r = msg_find(&v, "SENDER_BRAND_MISMATCH");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->brand, "Amazon");
    cr_expect(msg_span_has(t, r->span_start, r->span_end, "Amazon"));
    /* the same text from a short code / toll-free sender: no mismatch */
    v = msg_screen_sms(&ctx, a, "0120-123-456", t);
    cr_expect_null(msg_find(&v, "SENDER_BRAND_MISMATCH"));
    /* a person's SMS that only mentions a brand claims nothing; in the
     * brand's name, or with a link, it does */
    static const struct {
        const char *text;
        bool claim;
    } mentions[] = {
        {"メルカリで買った本、明日届くって", false},
        {"Amazonで頼んだやつ届いた？今日いないから受け取っといて", false},
        {"メルカリです。お取引が保留されています", true},
        {"メルカリで買った商品の取引が保留中です https://mercari-hold.example/t", true},
    };
    for (size_t i = 0; i < sizeof mentions / sizeof mentions[0]; i++) {
        v = msg_screen_sms(&ctx, a, "090-1234-5678", mentions[i].text);
        cr_expect_eq(msg_find(&v, "SENDER_BRAND_MISMATCH") != NULL, mentions[i].claim, "%s: %s",
                     mentions[i].text, mentions[i].claim ? "a claim" : "a mention");
    }
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

Test(message_screen, email_sender_auth_and_links)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_link links[] = {{"https://amazon-co-jp.account-check.example/signin",
                        "https://www.amazon.co.jp/ap/signin"}};
    mm_message m = {.channel = "email",
                    .sender = "no-reply@amazon-security.example",
                    .display_name = "Amazon.co.jp",
                    .subject = "【Amazon】アカウントの確認",
                    .text = "お客様のアカウントを一時停止しました。",
                    .text_len = strlen("お客様のアカウントを一時停止しました。"),
                    .links = links,
                    .nlinks = 1};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(&ctx, &m, a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_not_null(msg_find(&v, "SENDER_BRAND_MISMATCH"));
    cr_expect_not_null(msg_find(&v, "LINK_TEXT_MISMATCH"));
    cr_expect_geq(v.score, 70);
    /* From the brand's own domain but DMARC fails: spoofed */
    mm_message s = {.channel = "email",
                    .sender = "account-update@amazon.co.jp",
                    .text = "ご確認ください",
                    .text_len = strlen("ご確認ください"),
                    .auth_results =
                        "mx.example.jp; spf=softfail smtp.mailfrom=amazon.co.jp; "
                        "dkim=none; dmarc=fail (p=quarantine) header.from=amazon.co.jp"};
    cr_assert_eq(mm_screen_message(&ctx, &s, a, &v, &e), MM_OK);
    const mm_reason *r = msg_find(&v, "AUTH_DMARC_FAIL");
    cr_assert_not_null(r);
    cr_expect_geq(r->weight, 70);
    cr_expect_str_eq(r->brand, "Amazon");
    /* passing DMARC: nothing */
    s.auth_results = "mx.example.jp; spf=pass; dkim=pass header.d=amazon.co.jp; dmarc=pass";
    cr_assert_eq(mm_screen_message(&ctx, &s, a, &v, &e), MM_OK);
    cr_expect_null(msg_find(&v, "AUTH_DMARC_FAIL"));
    cr_expect_null(msg_find(&v, "AUTH_SPF_FAIL"));
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

Test(message_screen, bad_input_names_the_field)
{
    mm_screen_ctx ctx = {0};
    ctx.thresholds = MM_THRESHOLDS_DEFAULT;
    mm_arena *a = mm_arena_new(0);
    mm_verdict v;
    mm_error e = {0};
    mm_message m = {.channel = "fax", .text = "x", .text_len = 1};
    cr_expect_eq(mm_screen_message(&ctx, &m, a, &v, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "channel");
    cr_expect(strstr(e.message, "fax") != NULL);
    m.channel = "sms";
    m.text = "a\xc3";
    m.text_len = 2;
    cr_expect_eq(mm_screen_message(&ctx, &m, a, &v, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "text");
    /* no model, no snapshot: still a verdict (allow) */
    m.text = "hello";
    m.text_len = 5;
    cr_expect_eq(mm_screen_message(&ctx, &m, a, &v, &e), MM_OK);
    cr_expect_eq(v.action, MM_VERDICT_ALLOW);
    mm_arena_free(a);
}
