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
    mm_verdict v = screen(&ctx, a, "email",
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
