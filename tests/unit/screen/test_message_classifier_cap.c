/* When the classifier alone may flag a message (message.c, add_classifier's
 * cap): a lure must route the reader somewhere the fraudster controls, so a
 * Japanese SMS or mail whose only channel is a number an organisation
 * publishes (landline, 0120/0800 free-dial, 0570 navi-dial) is capped below
 * warn like one with no channel at all; a mobile, 050 or foreign number, a
 * link off the official domains, a messenger invite (lin.ee, line.me, t.me,
 * WhatsApp) even on LINE's own domains, a DM and Latin-letter text are not. A toy
 * classifier trained here on a made-up word scores the test texts near
 * certainty, so the outcome depends on the cap only, not on the shipped
 * model's view of the wording. */
#include <stdio.h>

#include "msg_fixture.h"

static const char *const fraud[] = {"ぴよぴよ",     "ぴよぴよ ぴよぴよ", "ぴよぴよのご案内",
                                    "ぴよぴよです", "至急ぴよぴよ",      "ぴよぴよ確認"};
static const char *const benign[] = {"明日の会議は10時からです", "週末は家族で出かけます",
                                     "夕飯はカレーにしよう",     "駅に着いたら電話するね",
                                     "図書館で本を借りました",   "雨なので傘を持って行ってね"};

static void load_toy(mm_screen_ctx *ctx)
{
    msg_ctx_load(ctx);
    mm_train_opts o = MM_TRAIN_DEFAULTS;
    o.hash_bits = 14;
    o.epochs = 30;
    o.fpr = 0; /* threshold 0.5 */
    mm_text_trainer *t = mm_text_trainer_new(&o);
    for (int r = 0; r < 5; r++)
        for (size_t i = 0; i < 6; i++) {
            cr_assert_eq(mm_text_trainer_add(t, fraud[i], strlen(fraud[i]), 1, NULL), MM_OK);
            cr_assert_eq(mm_text_trainer_add(t, benign[i], strlen(benign[i]), 0, NULL), MM_OK);
        }
    mm_error e = {0};
    cr_assert_eq(mm_text_trainer_fit(t, &e), MM_OK, "%s", e.message);
    mm_buf b = {0};
    cr_assert_eq(mm_text_trainer_save(t, &b, NULL), MM_OK);
    cr_assert_eq(
        mm_message_model_set_classifier((mm_message_model *)ctx->message, b.data, b.len, &e), MM_OK,
        "%s", e.message);
    mm_buf_free(&b);
    mm_text_trainer_free(t);
}

/* TEXT_CLASSIFIER's weight (0 when absent) for text on channel */
static int cls_weight(const mm_screen_ctx *ctx, mm_arena *a, const char *channel, const char *text)
{
    mm_message m = {.channel = channel, .text = text, .text_len = strlen(text)};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(ctx, &m, a, &v, &e), MM_OK, "%s", e.message);
    const mm_reason *r = msg_find(&v, "TEXT_CLASSIFIER");
    return r ? r->weight : 0;
}

Test(message_classifier_cap, published_number_is_not_a_lure_channel)
{
    mm_screen_ctx ctx;
    load_toy(&ctx);
    mm_arena *a = mm_arena_new(0);
    static const char *const capped[] = {
        "ぴよぴよのご案内です。ご不明点は 03-5521-0087 までお問い合わせください。",
        "ぴよぴよのご案内です。ご不明点は 0120-551-302 までお問い合わせください。",
        "ぴよぴよのご案内です。ご不明点は 0570-012-345 までお問い合わせください。",
        "ぴよぴよのご案内です。", /* no channel at all: capped before */
    };
    for (size_t i = 0; i < sizeof capped / sizeof capped[0]; i++) {
        int w = cls_weight(&ctx, a, "sms", capped[i]);
        cr_expect(w > 0, "the toy classifier must fire on '%s'", capped[i]);
        cr_expect_lt(w, 40, "capped: '%s' got %d", capped[i], w);
        cr_expect_lt(cls_weight(&ctx, a, "email", capped[i]), 40, "e-mail: '%s'", capped[i]);
    }
    static const char *const open[] = {
        "ぴよぴよのご案内です。ご不明点は 090-4412-7789 までお問い合わせください。", /* mobile */
        "ぴよぴよのご案内です。ご不明点は 050-3312-8874 までお問い合わせください。", /* IP phone */
        "ぴよぴよのご案内です。ご不明点は +44 20 7946 0958 までお問い合わせください。",
        "ぴよぴよのご案内です。ご不明点は 03-5521-0087 まで。詳細 https://piyo-info.example/a",
        "ぴよぴよのご案内です。ご不明点は 03-5521-0087 または 090-4412-7789 まで。",
    };
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
        cr_expect_geq(cls_weight(&ctx, a, "sms", open[i]), 40, "not capped: '%s'", open[i]);
    /* a messenger invite is a channel even on LINE's own domains */
    static const char *const invites[] = {
        "ぴよぴよのご案内です。詳しくはこちら https://lin.ee/abcDEF1",
        "ぴよぴよのご案内です。グループはこちら https://line.me/ti/g/abcdEFG",
        "ぴよぴよのご案内です。 https://t.me/+AbCdEfGh ご不明点は 03-5521-0087 まで",
        "ぴよぴよのご案内です。 https://chat.whatsapp.com/AbCdEf123",
    };
    for (size_t i = 0; i < sizeof invites / sizeof invites[0]; i++)
        cr_expect_geq(cls_weight(&ctx, a, "sms", invites[i]), 40, "not capped: '%s'", invites[i]);
    /* but a brand's own page is not a messenger: LINE's help on its company site */
    cr_expect_lt(cls_weight(&ctx, a, "sms", "ぴよぴよのご案内です。 https://www.lycorp.co.jp/ja/"),
                 40);
    /* a DM or an app chat with a person: the conversation is the channel */
    cr_expect_geq(cls_weight(&ctx, a, "sns_dm", capped[0]), 40);
    cr_expect_geq(cls_weight(&ctx, a, "app", "ぴよぴよ、0120-551-302 に電話してね"), 40);
    /* an app's own notice in an organisation's name reads like an SMS */
    cr_expect_lt(cls_weight(&ctx, a, "app", capped[1]), 40);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* A warning about fraud quotes the lure 「…」 and caps the classifier; a
 * lure that borrows a warning's words ("ご注意ください") but hands over its
 * own channel outside quotes is not a warning. */
Test(message_classifier_cap, warning_words_do_not_cover_an_unquoted_lure)
{
    mm_screen_ctx ctx;
    load_toy(&ctx);
    mm_arena *a = mm_arena_new(0);
    static const char *const warnings[] = {
        "ぴよぴよにご注意ください。",
        "「ぴよぴよ https://piyo-x.example/login」というメールにご注意ください。",
        "「ぴよぴよ 090-4412-7789」というSMSにご注意ください。",
        "『ぴよぴよ、口座はこちら https://piyo-x.example/pay』にご注意ください。",
        "「ぴよぴよ。配送物はこちらにてご確認ください http://haisou-xyz.example」というSMSに"
        "ご注意ください。",
    };
    for (size_t i = 0; i < sizeof warnings / sizeof warnings[0]; i++) {
        int w = cls_weight(&ctx, a, "sms", warnings[i]);
        cr_expect(w > 0 && w < 40, "a warning: '%s' got %d", warnings[i], w);
        mm_message m = {.channel = "sms", .text = warnings[i], .text_len = strlen(warnings[i])};
        mm_verdict v;
        mm_error e = {0};
        cr_assert_eq(mm_screen_message(&ctx, &m, a, &v, &e), MM_OK);
        cr_expect_null(msg_find(&v, "URL_RISK_MODEL"), "quoted link guessed in '%s'", warnings[i]);
        cr_expect_eq(v.action, MM_VERDICT_ALLOW, "'%s' scored %d", warnings[i], v.score);
    }
    static const char *const lures[] = {
        "ぴよぴよにご注意ください。確認はこちら https://piyo-x.example/login",
        "ぴよぴよ防止のため、090-4412-7789 までお電話ください。",
        "「ぴよぴよ」にご注意ください。解除は https://piyo-x.example/login から",
    };
    for (size_t i = 0; i < sizeof lures / sizeof lures[0]; i++)
        cr_expect_geq(cls_weight(&ctx, a, "sms", lures[i]), 40, "not a warning: '%s'", lures[i]);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* "…と言われたら / ても / けど" reports what someone was told inside a
 * warning or a question; a bare "…が必要だと言われた。" is the sender's own
 * story (a partner relaying a "customs fee" before asking for it), which
 * no warning covers. */
Test(message_classifier_cap, own_story_of_being_told_is_no_warning)
{
    mm_screen_ctx ctx;
    load_toy(&ctx);
    mm_arena *a = mm_arena_new(0);
    static const char *const warnings[] = {
        "「ぴよぴよが必要」と言われたら詐欺です。",
        "ぴよぴよが必要だと言われても応じないでください。",
        "ぴよぴよが必要だと言われたけど、本当かな?",
    };
    for (size_t i = 0; i < sizeof warnings / sizeof warnings[0]; i++) {
        int w = cls_weight(&ctx, a, "sns_dm", warnings[i]);
        cr_expect(w > 0 && w < 40, "a warning: '%s' got %d", warnings[i], w);
    }
    const char *story = "ぴよぴよが必要だと言われた。口座が使えないので、立て替えてくれない?";
    cr_expect_geq(cls_weight(&ctx, a, "sns_dm", story), 40, "not a warning: '%s'", story);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* A notice whose only way to act is offline — the counter, the mailed slip
 * — cannot route the reader to a fraudster, in Latin letters too (where
 * "no channel found" alone proves nothing); a remote channel next to it
 * lifts the cap. */
Test(message_classifier_cap, offline_only_notice_is_capped)
{
    mm_screen_ctx ctx;
    load_toy(&ctx);
    mm_arena *a = mm_arena_new(0);
    const char *offline = "ぴよぴよ notice: please come to the service counter with your receipt "
                          "to collect it before the end of the month.";
    const char *remote = "ぴよぴよ notice: please come to the service counter with your receipt "
                         "or call 090-4412-7789 before the end of the month.";
    int w = cls_weight(&ctx, a, "sms", offline);
    cr_expect(w > 0 && w < 40, "offline only: got %d", w);
    cr_expect_geq(cls_weight(&ctx, a, "sms", remote), 40);
    cr_expect_geq(cls_weight(&ctx, a, "sms", "ぴよぴよ notice: please reply before the end of the "
                                             "month to collect it."),
                  40, "Latin text without a channel stays open");
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* A Latin-letter e-mail can hide a channel only as a number (a phone, a
 * premium short code, a PO box) or as a reply/call word; an order or
 * tracking number is no channel. Without either it is capped like a
 * Japanese notice with no channel; an SMS in Latin letters stays open
 * (premium-rate replies: "text WIN to 80086"). */
Test(message_classifier_cap, latin_mail_without_a_hidden_number_is_capped)
{
    mm_screen_ctx ctx;
    load_toy(&ctx);
    mm_arena *a = mm_arena_new(0);
    const char *shipped = "ぴよぴよ notice: your order #503-5566778-1122334 is on the way";
    int w = cls_weight(&ctx, a, "email", shipped);
    cr_expect(w > 0 && w < 40, "identifiers only: got %d", w);
    int ws = cls_weight(&ctx, a, "sms", shipped);
    cr_expect_geq(ws, 40, "an SMS in Latin letters stays open: got %d", ws);
    /* a published number extraction classed itself, and words about SMS
     * or calling it, hide nothing */
    const char *published = "ぴよぴよ notice: your order is on the way, call 0570-66-6910. "
                            "We never ask by SMS.";
    int wp = cls_weight(&ctx, a, "email", published);
    cr_expect(wp > 0 && wp < 40, "published number only: got %d", wp);
    int wps = cls_weight(&ctx, a, "sms", published);
    cr_expect_geq(wps, 40, "the same as a Latin SMS stays open: got %d", wps);
    /* "please do not reply" makes no reply channel; an official link is
     * nobody's lure, in a Latin SMS too */
    const char *noreply = "ぴよぴよ notice: your order is on the way. Please do not reply to this "
                          "e-mail.";
    int wn = cls_weight(&ctx, a, "email", noreply);
    const char *box = "ぴよぴよ notice: we will send you a return box before the end of the month.";
    int wb = cls_weight(&ctx, a, "email", box);
    cr_expect(wb > 0 && wb < 40, "'we will send you': got %d", wb);
    cr_expect(wn > 0 && wn < 40, "do not reply: got %d", wn);
    const char *official = "ぴよぴよ notice: your tax refund is ready, see https://www.nta.go.jp/";
    int wo = cls_weight(&ctx, a, "sms", official);
    cr_expect(wo > 0 && wo < 40, "official link only: got %d", wo);
    static const char *const hidden[] = {
        "ぴよぴよ notice: your order is on the way, ring 0844 861 8585 before the end of the "
        "month.",
        "ぴよぴよ notice: your order is on the way, write to PO Box 113 before the end of the "
        "month.",
        "ぴよぴよ notice: your order is on the way, text YES to confirm before the end of the "
        "month.",
        "ぴよぴよ notice: your order is on the way, see 0906 170 1461 before the end of the month.",
        "ぴよぴよ notice: your order is on the way. Please reply to this e-mail with your address.",
    };
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        cr_expect_geq(cls_weight(&ctx, a, "email", hidden[i]), 40, "not capped: '%s'", hidden[i]);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}
