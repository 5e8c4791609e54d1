/* Tests for src/norm/text.c: UTF-8 validation, mm_norm_text (with its offset
 * map), mm_norm_nfkc and mm_kana_fold. Obfuscation cases come from the
 * 闇バイト section of the domain pack (../shared/domain/japan.md §4). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "mamoru/norm.h"

typedef struct io_case {
    const char *in;
    const char *want;
} io_case;

static const io_case text_cases[] = {
    /* domain-pack obfuscations */
    {"ＵＤ", "ud"},
    {"ﾎﾜｲﾄ案件", "ホワイト案件"},
    {"ﾀﾀｷ", "タタキ"},
    {"うけだし", "ウケダシ"},
    {"闇 バ イ ト", "闇バイト"},
    {"闇・バ・イ・ト", "闇バイト"},
    {"闇･ﾊﾞ･ｲ･ﾄ", "闇バイト"},
    {"ホ ワ イ ト", "ホワイト"},
    {"ﾎ ﾜ ｲ ﾄ案件", "ホワイト案件"},
    {"ホワイト 案件", "ホワイト案件"},
    {"今すぐ闇・バ・イ・ト募集", "今スグ闇バイト募集"},
    {"SNS型投資・ロマンス詐欺", "sns型投資・ロマンス詐欺"},
    {"東京・大阪", "東京・大阪"},
    {"日・米・欧", "日米欧"},
    {"is a b test", "is a b test"},
    {"h t t p", "http"},
    {"U.S.A", "usa"},
    {"x ・ y ・ z", "xyz"},
    {"ab c d e", "ab cde"},
    {"I am a boy", "i am a boy"},
    {"a b", "a b"},
    {"1 2 3", "1 2 3"},
    {"x     y", "x y"},
    /* keycap digits spell amounts (5️⃣0️⃣0️⃣円): the keycap mark goes */
    {"報酬 5\uFE0F\u20E30\uFE0F\u20E30\u20E3円", "報酬 500円"},
    {"1\u20E3件", "1件"},
    /* zero-width, bidi and other format/control characters */
    {"ホ\u200bワ\u200cイ\u200dト", "ホワイト"},
    {"闇\u2060バイト\ufeff", "闇バイト"},
    {"abc\u202edef\u2066x\u2069", "abcdefx"},
    {"\u200eテスト\u200f", "テスト"},
    {"a\001b\177c", "abc"},
    {"soft\u00adhyphen", "softhyphen"},
    /* white space */
    {"  a \t\n b  ", "a b"},
    {"\u3000全角\u3000スペース\u3000", "全角スペース"},
    {"line1\r\nline2", "line1 line2"},
    {"", ""},
    /* NFKC, case folding, kana */
    {"ｶﾞ", "ガ"},
    {"ｶ゛", "ガ"},
    {"ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"},
    {"Straße", "strasse"},
    {"㈱テスト", "(株)テスト"},
    {"日給５万", "日給5万"},
    {"ゝゞ", "ヽヾ"},
    /* dashes and long vowels */
    {"ﾗｰﾒﾝ", "ラーメン"},
    {"らーめん", "ラーメン"},
    {"ホ—ム", "ホーム"},
    {"スーパ―", "スーパー"},
    {"A–B", "a-b"},
    {"e-mail", "e-mail"},
    {"テスト-123", "テスト-123"},
    {"東京ー大阪", "東京-大阪"},
    {"x−y", "x-y"},
    /* a character followed by a combining mark is one cluster: never
     * normalised on its own (the one-code-point fast path must not fire) */
    {"cafe\u0301 ok", "caf\u00e9 ok"},
    {"か\u3099き\u309aく", "ガキ\u309aク"},
    {"ﾀﾞﾀﾞA\u030aB", "ダダ\u00e5b"},
    {"\u304b\u309b", "ガ"},
    {"ABCＡＢＣ\r\nxyz", "abcabc xyz"},
};

Test(norm_text, table)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof text_cases / sizeof text_cases[0]; i++) {
        const io_case *c = &text_cases[i];
        mm_text t;
        mm_error e = {0};
        mm_status st = mm_norm_text(c->in, strlen(c->in), a, &t, &e);
        cr_assert_eq(st, MM_OK, "case %zu '%s': %s", i, c->in, e.message);
        cr_expect_str_eq(t.text, c->want, "case %zu '%s'", i, c->in);
        cr_expect_eq(t.len, strlen(t.text), "case %zu", i);
        cr_expect_eq(t.offmap[t.len], strlen(c->in), "case %zu", i);
        for (size_t k = 0; k < t.len; k++)
            cr_expect_leq(t.offmap[k], t.offmap[k + 1], "case %zu: offmap not monotone", i);
    }
    mm_arena_free(a);
}

/* Characters met for the first time and met again (text.c fills a table of
 * single-character results lazily) normalise the same, in either order. */
Test(norm_text, same_result_cold_and_warm)
{
    mm_arena *a = mm_arena_new(0);
    const char *in = "ｶﾞｲﾄﾞ Ｗｅｂ明細 ﾎﾟｲﾝﾄ ｽﾏｰﾄﾌｫﾝ\u3000e\u0301 ㈱ ß ﾊﾟｽﾜｰﾄﾞ";
    mm_text first, again;
    cr_assert_eq(mm_norm_text(in, strlen(in), a, &first, NULL), MM_OK);
    cr_assert_eq(mm_norm_text(in, strlen(in), a, &again, NULL), MM_OK);
    cr_expect_str_eq(again.text, first.text);
    cr_expect_eq(memcmp(again.offmap, first.offmap, (first.len + 1) * sizeof *first.offmap), 0);
    cr_expect_str_eq(first.text, "ガイド web明細ポイントスマートフォン \u00e9 (株) ss パスワード");
    mm_arena_free(a);
}

/* A span of the output and the input bytes it must map back to. */
typedef struct span_case {
    const char *in;
    const char *out_span; /* substring of the normalised text */
    const char *in_span;  /* the input bytes it must map back to */
} span_case;

static const span_case span_cases[] = {
    {"xxﾎﾜｲﾄ案件yy", "ホワイト", "ﾎﾜｲﾄ"},
    {"xxﾎﾜｲﾄ案件yy", "案件", "案件"},
    {"今すぐ闇・バ・イ・ト募集", "闇バイト", "闇・バ・イ・ト"},
    {"ﾎ\u200bﾜｲﾄ", "ホワイト", "ﾎ\u200bﾜｲﾄ"},
    {"ｶﾞｲﾄﾞ", "イ", "ｲ"},
    {"ｶﾞｲﾄﾞ", "ガ", "ｶﾞ"},
    {"㈱ABC", "abc", "ABC"},
    {"  ＵＤ  募集", "ud", "ＵＤ"},
    {"ホ ワ イ ト案件", "ホワイト", "ホ ワ イ ト"},
};

Test(norm_text, offset_map_spans)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof span_cases / sizeof span_cases[0]; i++) {
        const span_case *c = &span_cases[i];
        mm_text t;
        cr_assert_eq(mm_norm_text(c->in, strlen(c->in), a, &t, NULL), MM_OK, "case %zu", i);
        const char *hit = strstr(t.text, c->out_span);
        cr_assert_not_null(hit, "case %zu: '%s' not in '%s'", i, c->out_span, t.text);
        size_t from = (size_t)(hit - t.text), to = from + strlen(c->out_span);
        size_t a0 = t.offmap[from], a1 = t.offmap[to];
        cr_assert_leq(a0, a1);
        char got[128];
        snprintf(got, sizeof got, "%.*s", (int)(a1 - a0), c->in + a0);
        cr_expect_str_eq(got, c->in_span, "case %zu", i);
    }
    mm_arena_free(a);
}

typedef struct bad_case {
    const char *in;
    size_t len;
    const char *want_in_message; /* offset and bytes */
} bad_case;

static const bad_case bad_cases[] = {
    {"ab\xc0\x80", 4, "offset 2 (bytes C0 80)"},             /* overlong NUL */
    {"\xed\xa0\x80", 3, "offset 0 (bytes ED A0 80)"},        /* surrogate D800 */
    {"\xe3\x81\x82\xe3\x81", 5, "offset 3 (bytes E3 81)"},   /* truncated after あ */
    {"\xf4\x90\x80\x80", 4, "offset 0 (bytes F4 90 80 80)"}, /* above U+10FFFF */
    {"x\x80y", 3, "offset 1 (bytes 80 79)"},                 /* lone continuation */
    {"\xe0\x80\xaf", 3, "offset 0"},                         /* overlong '/' */
    {"\xff", 1, "offset 0 (bytes FF)"},
};

Test(norm_text, invalid_utf8_rejected_with_offset)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        mm_error e = {0};
        cr_expect_eq(mm_utf8_validate(c->in, c->len, &e), MM_EINVAL, "case %zu", i);
        cr_expect_str_eq(e.field, "text");
        cr_expect_not_null(strstr(e.message, c->want_in_message), "case %zu: %s", i, e.message);
        mm_text t;
        mm_error e2 = {0};
        cr_expect_eq(mm_norm_text(c->in, c->len, a, &t, &e2), MM_EINVAL, "case %zu", i);
        cr_expect_str_eq(e2.message, e.message);
        char *s = NULL;
        cr_expect_eq(mm_norm_nfkc(c->in, c->len, a, &s, &e2), MM_EINVAL, "case %zu", i);
    }
    mm_arena_free(a);
}

Test(norm_text, validate_accepts_good_utf8)
{
    const char *good[] = {
        "", "abc", "ホワイト", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xef\xbf\xbe"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        cr_expect_eq(mm_utf8_validate(good[i], strlen(good[i]), NULL), MM_OK, "case %zu", i);
    /* an embedded NUL is valid UTF-8 and dropped as a control character */
    mm_arena *a = mm_arena_new(0);
    mm_text t;
    cr_assert_eq(mm_norm_text("a\0b", 3, a, &t, NULL), MM_OK);
    cr_expect_str_eq(t.text, "ab");
    cr_assert_eq(mm_norm_text(NULL, 0, a, &t, NULL), MM_OK);
    cr_expect_str_eq(t.text, "");
    mm_error e;
    cr_expect_eq(mm_utf8_validate(NULL, 3, &e), MM_EINVAL);
    mm_arena_free(a);
}

static const io_case nfkc_cases[] = {
    {"ﾃｽﾄ\u3000株式会社", "テスト 株式会社"},
    {"ＡＢＣ", "ABC"},
    {"ひらがな", "ひらがな"},
    {"  a\tb \n", "a b"},
    {"ヤマ\u200bダ", "ヤマダ"},
    {"ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"},
    {"２丁目１−２", "2丁目1−2"},
    {"", ""},
};

Test(norm_text, nfkc_table)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof nfkc_cases / sizeof nfkc_cases[0]; i++) {
        char *s = NULL;
        mm_error e = {0};
        cr_assert_eq(mm_norm_nfkc(nfkc_cases[i].in, strlen(nfkc_cases[i].in), a, &s, &e), MM_OK,
                     "case %zu: %s", i, e.message);
        cr_expect_str_eq(s, nfkc_cases[i].want, "case %zu", i);
    }
    mm_error e = {0};
    char *s;
    cr_expect_eq(mm_norm_nfkc(NULL, 0, a, &s, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "text");
    mm_arena_free(a);
}

typedef struct kana_case {
    const char *in;
    bool small;
    const char *want;
} kana_case;

static const kana_case kana_cases[] = {
    {"きゅうよ", true, "キユウヨ"},
    {"きゅうよ", false, "キュウヨ"},
    {"ジャパンネット", true, "ジヤパンネツト"},
    {"ヶ ヵ ァィゥェォ ヮ", true, "ケ カ アイウエオ ワ"},
    {"ㇰㇷ", true, "クフ"},
    {"ABC 漢字", true, "ABC 漢字"},
    {"ゝゞ", false, "ヽヾ"},
    {"", true, ""},
};

Test(norm_text, kana_fold_table)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof kana_cases / sizeof kana_cases[0]; i++) {
        const kana_case *c = &kana_cases[i];
        cr_expect_str_eq(mm_kana_fold(c->in, c->small, a), c->want, "case %zu", i);
    }
    cr_expect_null(mm_kana_fold(NULL, true, a));
    mm_arena_free(a);
}
