/* Words genuine notices share with fraud phrases (the phrase files in data/phrases): an
 * airline refunding a fare names 航空券代金, a seminar is 参加無料. The
 * phrase lists must read the fraudster's demand ("航空券代を送って", an
 * investment group on a messenger), not the notice's noun. Each case has
 * its fraud counterpart, so a phrase dropped too widely fails here too. */
#include "msg_fixture.h"

static mm_verdict screen(const mm_screen_ctx *ctx, mm_arena *a, const char *channel,
                         const char *text)
{
    mm_message m = {.channel = channel, .text = text, .text_len = strlen(text)};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(ctx, &m, a, &v, &e), MM_OK, "%s", e.message);
    return v;
}

Test(message_notice_words, fare_refund_is_not_romance_money)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v = screen(&ctx, a, "email",
                          "【さくら航空】ご予約便の欠航に伴い、航空券代金を全額払い戻しいたします。"
                          "お支払いに使用したクレジットカードへ返金されます。");
    cr_expect_null(msg_find(&v, "TEXT_ROMANCE_MONEY"), "an airline's fare refund");
    mm_verdict f = screen(&ctx, a, "sns_dm",
                          "あなたに会いに日本へ行きたい。でも航空券代が足りないの。"
                          "20万円だけ振り込んでくれませんか");
    cr_expect_not_null(msg_find(&f, "TEXT_ROMANCE_MONEY"), "score %d", f.score);
    cr_expect_neq(f.action, MM_VERDICT_ALLOW);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

Test(message_notice_words, free_seminar_is_not_an_investment_group)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v =
        screen(&ctx, a, "email",
               "【あおば証券】投資セミナーのご案内（参加無料・オンライン）。"
               "お申し込みは当社ウェブサイトから。 https://www.aoba-sec.example/seminar");
    cr_expect_null(msg_find(&v, "TEXT_INVESTMENT_GROUP"), "a broker's free seminar");
    mm_verdict f = screen(&ctx, a, "sns_dm",
                          "参加無料の投資グループで毎日銘柄を配信中です。"
                          "LINEで友だち追加してください https://aoba-kabu.example/join");
    cr_expect_not_null(msg_find(&f, "TEXT_INVESTMENT_GROUP"), "score %d", f.score);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* Genuine notices deny the fraud's step ("…ことは絶対にありません", "ATMの
 * 操作は必要ありません") or tell the reader to suspect fraud; the same
 * words as a demand stay fraud. */
Test(message_notice_words, denials_and_warnings_are_not_demands)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v = screen(&ctx, a, "sms",
                          "【○○県警】警察官がキャッシュカードを預かることは絶対にありません。"
                          "お困りのことがあれば最寄りの交番へ。");
    cr_expect_null(msg_find(&v, "TEXT_POLICE_IMPERSONATION"), "a police warning");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    mm_verdict f = screen(&ctx, a, "sms",
                          "警視庁です。あなたのキャッシュカードが不正に使われています。"
                          "職員がご自宅に伺い、カードを預かります。");
    cr_expect_not_null(msg_find(&f, "TEXT_POLICE_IMPERSONATION"), "score %d", f.score);
    v = screen(&ctx, a, "email",
               "【ひので税務署】還付金について：申告内容の確認のため書類の提出をお願いする場合が"
               "あります。還付金の受け取りにATMの操作は必要ありません。");
    cr_expect_null(msg_find(&v, "TEXT_ATM_REFUND"), "a tax office's notice");
    f = screen(&ctx, a, "sms",
               "医療費の還付金があります。本日中にお近くのATMから手続きしてください。");
    cr_expect_not_null(msg_find(&f, "TEXT_ATM_REFUND"), "score %d", f.score);
    v = screen(&ctx, a, "sms",
               "【○○県警】電話で警察官がキャッシュカードを預かると言ったら詐欺を疑ってください。");
    cr_expect_null(msg_find(&v, "TEXT_POLICE_IMPERSONATION"), "told to suspect fraud");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* The My Number card is the ID every municipal and tax notice names; the
 * benefit lure is money or points to receive (給付金, マイナポイント). */
Test(message_notice_words, my_number_card_is_not_a_benefit)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v =
        screen(&ctx, a, "email",
               "【○○市】マイナンバーカードの交付準備ができました。交付通知書と本人確認書類を"
               "お持ちのうえ、市民課窓口へお越しください。予約は市のホームページから。");
    cr_expect_null(msg_find(&v, "TEXT_BENEFIT_LURE"), "a card pick-up notice");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    mm_verdict f = screen(&ctx, a, "sms",
                          "マイナポイントの受け取り期限は本日までです。こちらから申請してください "
                          "https://myna-point-uketori.example/apply");
    cr_expect_not_null(msg_find(&f, "TEXT_BENEFIT_LURE"), "score %d", f.score);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* A payment app's name in the opening tag (【こもれびPay】) is its name, not
 * a request to pay; a withdrawal request confirmed by an exchange is not a
 * fee demanded before withdrawing. */
Test(message_notice_words, app_name_and_withdrawal_confirmation)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v = screen(&ctx, a, "app",
                          "【こもれびPay】キャンペーン当選！100円分のポイントを付与しました。");
    cr_expect_null(msg_find(&v, "TEXT_PRIZE_LURE"), "score %d", v.score);
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    mm_verdict f =
        screen(&ctx, a, "sms",
               "【こもれびPay】キャンペーン当選！受け取りには手数料500円のお支払いが必要です。");
    cr_expect_not_null(msg_find(&f, "TEXT_PRIZE_LURE"), "score %d", f.score);
    /* the brand in the tag is still claimed: a brand's name + a link off its domains */
    f = screen(
        &ctx, a, "sms",
        "【PayPay】アカウントを一時停止しました。確認はこちら https://paypay-kakunin.example/");
    cr_expect_neq(f.action, MM_VERDICT_ALLOW, "score %d", f.score);
    v = screen(
        &ctx, a, "app",
        "【ひばりコイン】暗号資産の出金申請を受け付けました。出金先アドレスはアプリに登録済みの"
        "ものです。ご本人の操作でない場合はアプリからアカウントをロックしてください。");
    cr_expect_null(msg_find(&v, "TEXT_INVESTMENT_WITHDRAWAL"), "score %d", v.score);
    f = screen(
        &ctx, a, "sns_dm",
        "利益が500万円になりました。出金するには、利益の20%を税金として先に入金してください。");
    cr_expect_not_null(msg_find(&f, "TEXT_INVESTMENT_WITHDRAWAL"), "score %d", f.score);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* "抽選で選ばれた" is a prize claim like 当選: with a fee to pay it is the
 * prize lure, with a prize already sent it is a campaign's notice. */
Test(message_notice_words, chosen_in_a_draw_is_a_prize_claim)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict f = screen(&ctx, a, "email",
                          "おめでとうございます！抽選で選ばれたあなたに現金100万円をお支払いします。"
                          "受け取り手続きのため、手数料1万円をお振込みください。");
    cr_expect_not_null(msg_find(&f, "TEXT_PRIZE_LURE"), "score %d", f.score);
    cr_expect_neq(f.action, MM_VERDICT_ALLOW);
    mm_verdict v = screen(&ctx, a, "email",
                          "【ひので食品】プレゼントキャンペーンで抽選で選ばれた方に、賞品のお米5kgを"
                          "発送しました。送料はかかりません。");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}
