/* Tests for the mechanism rules of message_rules.c / data/phrases added for
 * generalisation (2026-11-27): what the fraudster must say or hand over,
 * whatever the wording — an organisation giving a mobile / 050 number to
 * call, a piece rate + a task + an anonymous channel or an ID demand,
 * lending an account, moving money to a "safe" account, a delivery or
 * benefit notice that is a lure only when it asks to act through the
 * link, letters spaced apart — and the genuine look-alikes that must stay
 * allowed. Texts are written for these tests (fictitious names/numbers). */
#include "msg_fixture.h"

static mm_verdict post(const mm_screen_ctx *ctx, mm_arena *a, const char *text)
{
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_post(ctx, text, strlen(text), a, &v, &e), MM_OK, "%s", e.message);
    return v;
}

Test(message_mechanisms, organisation_with_a_personal_number)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    static const char *const fraud[] = {
        "年金事務所です。手続きの期限が過ぎています。担当 090-3318-2270 まで",
        "【みどり信用金庫】お客様の口座について確認したいことがあります。050-6643-1102",
    };
    for (size_t i = 0; i < 2; i++) {
        mm_verdict v = msg_screen_sms(&ctx, a, NULL, fraud[i]);
        cr_expect_not_null(msg_find(&v, "TEXT_ORG_PERSONAL_PHONE"), "%s", fraud[i]);
        cr_expect_neq(v.action, MM_VERDICT_ALLOW, "%s", fraud[i]);
    }
    /* the same organisation with a landline or free-dial number, and a
     * friend's mobile number, are not the mechanism */
    static const char *const fine[] = {
        "年金事務所です。手続きのご案内をお送りしました。お問い合わせ 0570-05-1165",
        "【みどり信用金庫】窓口の営業時間変更のお知らせ。お問い合わせ 0120-331-502",
        "駅に着いたら電話して 090-3318-2270",
    };
    for (size_t i = 0; i < 3; i++) {
        mm_verdict v = msg_screen_sms(&ctx, a, NULL, fine[i]);
        cr_expect_null(msg_find(&v, "TEXT_ORG_PERSONAL_PHONE"), "%s", fine[i]);
    }
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

Test(message_mechanisms, recruitment_piece_rate_task_and_id)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    static const char *const fraud[] = {
        "荷物の受け取りと転送のお仕事 1件2万 顔写真と身分証が必要です",
        "使ってない口座を貸してくれる人募集、1口座3万円即払い",
        "Easy work: pick up cash from customers, 40,000 yen per job. Signal only.",
        "簡 単 な 運 転 だ け で 1 日 6 万 円 、 詳 細 D M",
    };
    for (size_t i = 0; i < sizeof fraud / sizeof fraud[0]; i++) {
        mm_verdict v = post(&ctx, a, fraud[i]);
        cr_expect_neq(v.action, MM_VERDICT_ALLOW, "%s (score %d)", fraud[i], v.score);
    }
    static const char *const fine[] = {
        "闇バイトって怖いね。絶対に応募しないようにしよう",
        "引越しスタッフ募集 日給1万2千円 交通費支給 応募は求人サイトから",
    };
    for (size_t i = 0; i < 2; i++) {
        mm_verdict v = post(&ctx, a, fine[i]);
        cr_expect_eq(v.action, MM_VERDICT_ALLOW, "%s (score %d)", fine[i], v.score);
    }
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

Test(message_mechanisms, safe_account_and_notices_that_ask_to_act)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v = msg_screen_sms(
        &ctx, a, NULL, "捜査のため、あなたの預金を全額、安全な口座に一時的に移してください。");
    cr_expect_neq(v.action, MM_VERDICT_ALLOW);
    /* a benefit notice that links to details is not a lure; one that asks
     * to enter details through the link is */
    const char *info = "キャッシュバックの還元額が確定しました。詳細 https://www.tiny-card.example/cb";
    const char *lure =
        "キャッシュバックの還元額が確定しました。受け取りには口座情報のご入力が必要です "
        "https://www.tiny-card.example/cb";
    v = msg_screen_sms(&ctx, a, NULL, info);
    cr_expect_null(msg_find(&v, "TEXT_BENEFIT_LURE"));
    v = msg_screen_sms(&ctx, a, NULL, lure);
    cr_expect_not_null(msg_find(&v, "TEXT_BENEFIT_LURE"));
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* What a genuine notice denies is not a demand (message_negation.c): the
 * same phrase asserted and denied, with は / じゃ / a prohibition. */
Test(message_mechanisms, denied_demands_are_not_demands)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    static const struct {
        const char *fraud, *genuine, *code;
    } pairs[] = {
        {"【あおば市】医療費の還付金があります。本日中にお近くのATMで還付の手続きをしてください。"
         "担当 03-5521-7730",
         "【あおば市】医療費の還付通知書を郵送しました。ATMで還付の手続きはできません。"
         "お問い合わせ 03-5521-7730",
         "TEXT_ATM_REFUND"},
        {"みんなでやってる投資、元本保証だから安心だよ。月利10%も出てる",
         "投資信託はじめたよ。元本保証じゃないから少額で積み立ててる", "TEXT_INVESTMENT_GUARANTEE"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        mm_verdict f = msg_screen_sms(&ctx, a, NULL, pairs[i].fraud);
        cr_expect_not_null(msg_find(&f, pairs[i].code), "%s", pairs[i].fraud);
        mm_verdict g = msg_screen_sms(&ctx, a, NULL, pairs[i].genuine);
        cr_expect_null(msg_find(&g, pairs[i].code), "%s", pairs[i].genuine);
    }
    /* a conditional threat is not a denial: "…がない場合" keeps the demand */
    const char *threat = "【あおば銀行】本人確認が完了しない場合、口座を凍結します。"
                         "今すぐログインして暗証番号を入力してください https://aoba-kakunin.test/";
    mm_verdict t = msg_screen_sms(&ctx, a, NULL, threat);
    cr_expect_neq(t.action, MM_VERDICT_ALLOW, "%s scored %d", threat, t.score);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* A Japanese SMS with no way to act (no link off official domains, no
 * number, account, id, "reply") cannot route anyone to a fraudster: the
 * classifier alone does not flag it; give it a channel and it can. An
 * .apk link is malware delivery whatever the text says. */
Test(message_mechanisms, no_channel_and_app_packages)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    const char *notice = "【ひなた運輸】お荷物(伝票番号5521-0093-1187)をお預かりしています。"
                         "ご不在のため持ち戻りました。再配達は不在票の方法でお申し込みください。";
    mm_verdict v = msg_screen_sms(&ctx, a, NULL, notice);
    const mm_reason *c = msg_find(&v, "TEXT_CLASSIFIER");
    if (c)
        cr_expect_lt(c->weight, 40, "classifier alone on a channel-less notice: %d", c->weight);
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "%s scored %d", notice, v.score);
    /* in a DM the conversation is the channel: nothing is capped there */
    mm_message dm = {.channel = "sns_dm", .text = notice, .text_len = strlen(notice)};
    mm_verdict d;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(&ctx, &dm, a, &d, &e), MM_OK);
    const mm_reason *dc = msg_find(&d, "TEXT_CLASSIFIER");
    if (dc && c)
        cr_expect_geq(dc->weight, c->weight);
    const char *apk = "不在のため持ち帰りました。配送状況の確認はこちら http://hinata-track.test/app.apk";
    mm_verdict p = msg_screen_sms(&ctx, a, NULL, apk);
    cr_expect_not_null(msg_find(&p, "URL_APP_PACKAGE"));
    cr_expect_neq(p.action, MM_VERDICT_ALLOW);
    const char *page = "配送状況の確認はこちら http://hinata-track.test/app.html";
    mm_verdict q = msg_screen_sms(&ctx, a, NULL, page);
    cr_expect_null(msg_find(&q, "URL_APP_PACKAGE"));
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}
