/* mm_norm_text and mm_norm_nfkc against the plain reference implementation
 * (norm/text_internal.h): text.c's shortcuts — a table of one-character
 * results, passes that visit only listed separators and dashes, an encoded
 * length kept while building — must give byte-identical text and offset
 * maps. Every BMP code point is tried in several surroundings (kana,
 * Latin letters, separators, dashes, combining marks, white space), cold
 * and warm, plus every message of the corpora (tests/corpus, and the
 * English SMS sets in ../shared/data when present); mm_utf8_validate's
 * fast paths against utf8proc's reading of damaged text. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <utf8proc.h>

#include "mamoru/ingest_message.h"
#include "mamoru/norm.h"
#include "norm/text_internal.h"

/* Normalise in both ways and both flavours; returns the number of
 * mismatches (reported through cr_expect). */
static int same(const char *in, size_t len, mm_arena *a, const char *what)
{
    int bad = 0;
    mm_text f, r;
    mm_error ef = {0}, er = {0};
    mm_status sf = mm_norm_text(in, len, a, &f, &ef);
    mm_status sr = mm_norm_text_reference(in, len, true, a, &r, &er);
    cr_expect_eq(sf, sr, "%s: status %d vs reference %d", what, sf, sr);
    if (sf != sr)
        return 1;
    if (sf == MM_OK) {
        bool eq = f.len == r.len && memcmp(f.text, r.text, f.len) == 0 &&
                  memcmp(f.offmap, r.offmap, (f.len + 1) * sizeof *f.offmap) == 0;
        cr_expect(eq, "%s: '%s' vs reference '%s'", what, f.text, r.text);
        bad += !eq;
    } else {
        cr_expect_str_eq(ef.message, er.message, "%s", what);
    }
    char *k = NULL;
    sf = mm_norm_nfkc(in, len, a, &k, &ef);
    sr = mm_norm_text_reference(in, len, false, a, &r, &er);
    cr_expect_eq(sf, sr, "%s (nfkc): status", what);
    if (sf == MM_OK && sr == MM_OK) {
        bool eq = strcmp(k, r.text) == 0;
        cr_expect(eq, "%s (nfkc): '%s' vs reference '%s'", what, k, r.text);
        bad += !eq;
    }
    return bad;
}

static size_t put(char *o, uint32_t cp)
{
    return mm_utf8_put(cp, o);
}

/* Surroundings of each code point X: prefix, between two X's, suffix. */
static const char *const around[][3] = {
    {"", "", ""},                      /* X glued to the next X */
    {"ア", "イ", "ウ"},                /* katakana */
    {"か", "ー", "き"},                /* hiragana and a long vowel */
    {"a", " ", "b"},                   /* one-letter words */
    {"ホ ", " ", " ト"},               /* spaced-out kana */
    {"闇・", "・", "・ト"},            /* middle dots between kanji */
    {"x-", "-", "-1"},                 /* dashes next to Latin and digits */
    {"", "\u3099", "\u309a"},          /* combining voiced marks */
    {"\u0301", "\u200b", "\n"},        /* combining acute, zero width, line break */
    {"h.", ".", "./"},                 /* dots and slashes */
    {"ﾎ", "ﾞ", "ｰ"},                   /* half-width kana and sound marks */
};

Test(norm_text_reference, every_bmp_code_point_in_context, .timeout = 600)
{
    mm_arena *a = mm_arena_new(0);
    enum { BLOCK = 48 };
    char buf[BLOCK * 24 + 64];
    int bad = 0;
    for (int pass = 0; pass < 2; pass++) /* cold table, then warm */
        for (size_t k = 0; k < sizeof around / sizeof around[0]; k++)
            for (uint32_t base = 0; base < 0x10000 && bad < 20; base += BLOCK) {
                size_t o = 0;
                o += (size_t)sprintf(buf + o, "%s", around[k][0]);
                for (uint32_t cp = base; cp < base + BLOCK; cp++) {
                    if (cp >= 0xD800 && cp <= 0xDFFF)
                        continue;
                    o += put(buf + o, cp);
                    o += (size_t)sprintf(buf + o, "%s", around[k][1]);
                }
                o += (size_t)sprintf(buf + o, "%s", around[k][2]);
                char what[64];
                snprintf(what, sizeof what, "U+%04X.. in context %zu", base, k);
                bad += same(buf, o, a, what);
                mm_arena_reset(a);
            }
    /* each code point alone, and between two spaces */
    for (uint32_t cp = 0; cp < 0x10000 && bad < 20; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t o = put(buf, cp);
        char what[32];
        snprintf(what, sizeof what, "U+%04X alone", cp);
        bad += same(buf, o, a, what);
        buf[0] = ' ';
        o = 1 + put(buf + 1, cp);
        buf[o++] = ' ';
        bad += same(buf, o, a, what);
        mm_arena_reset(a);
    }
    cr_expect_eq(bad, 0);
    mm_arena_free(a);
}

Test(norm_text_reference, separators_and_dashes)
{
    /* the joining passes' edge cases, in the shapes they act on */
    static const char *const in[] = {
        "ホ ワ イ ト", "闇・バ・イ・ト", "h.t.t.p://x", "a b c d e f", "ab c d e", "I am a boy",
        "今すぐ闇・バ・イ・ト募集", "日・米・欧", "投資・ロマンス", "x ・ y ・ z", " . . . ",
        "a    b   c", "ア ー イ", "ア-イ-ウ", "テスト-123", "東京ー大阪", "ー-ー-", "- - -",
        "a_b_c_d", "ア・・・・イ", "ア・・・イ", "ア / イ . ウ", "闇 バイト 募集 中",
        "ア\u30fbイ\u30fbウ\u30fbエ", "x\u2212y\u2014z\uff70", "ｱ ｲ ｳ ｴ",
    };
    mm_arena *a = mm_arena_new(0);
    int bad = 0;
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        bad += same(in[i], strlen(in[i]), a, in[i]);
    cr_expect_eq(bad, 0);
    mm_arena_free(a);
}

typedef struct corpus_ctx {
    mm_arena *a;
    size_t n;
    int bad;
} corpus_ctx;

static int one(const mm_labelled *ex, void *u)
{
    corpus_ctx *c = u;
    char what[96];
    snprintf(what, sizeof what, "%s line %zu", ex->source, ex->line);
    if (c->bad < 20)
        c->bad += same(ex->text, ex->len, c->a, what);
    mm_arena_reset(c->a);
    c->n++;
    return 0;
}

Test(norm_text_reference, corpora)
{
    static const char *const files[] = {
        "tests/corpus/ja_messages.tsv",
        "tests/corpus/ja_genuine_train.tsv",
        "tests/corpus/ja_fraud_fresh.tsv",
        "tests/corpus/en_notices_dev.tsv",
        "../shared/data/sms-spam-uci/SMSSpamCollection",
        "../shared/data/sms-smishing-mishra/Dataset_5971.csv",
    };
    corpus_ctx c = {mm_arena_new(0), 0, 0};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        mm_error e;
        size_t skipped;
        if (mm_labelled_read(files[i], one, &c, &skipped, &e) != MM_OK)
            cr_log_warn("skipping %s: %s", files[i], e.message);
    }
    cr_expect_gt(c.n, 400, "only %zu messages read", c.n);
    cr_expect_eq(c.bad, 0);
    mm_arena_free(c.a);
}

/* Offset of the first invalid sequence by utf8proc's rules (SIZE_MAX when
 * valid): what mm_utf8_validate must report. */
static size_t ref_invalid_at(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0)
            return i;
        i += (size_t)n;
    }
    return SIZE_MAX;
}

Test(norm_text_reference, validation_finds_the_first_bad_byte)
{
    /* Japanese text (the validator's fast paths) with one byte replaced at
     * every position, by each of a few troublesome values */
    const char *base = "お荷物のお届けにあがりましたが不在の為持ち帰りました。確認はこちら"
                       "ｶﾞｲﾄﾞ\xee\x80\x80\xef\xbf\xbd abc 漢字かなカナ";
    static const unsigned char bad[] = {0x80, 0xBF, 0xC0, 0xE0, 0xED, 0xEE, 0xF4, 0xF5, 0xFF, 'a'};
    size_t len = strlen(base);
    char buf[512];
    int wrong = 0;
    cr_assert_eq(mm_utf8_validate(base, len, NULL), MM_OK);
    for (size_t at = 0; at < len; at++)
        for (size_t k = 0; k < sizeof bad; k++) {
            memcpy(buf, base, len);
            buf[at] = (char)bad[k];
            size_t want = ref_invalid_at(buf, len);
            mm_error e = {0};
            mm_status st = mm_utf8_validate(buf, len, &e);
            char tag[48];
            snprintf(tag, sizeof tag, "offset %zu ", want);
            bool ok = want == SIZE_MAX ? st == MM_OK
                                       : st == MM_EINVAL && strstr(e.message, tag) != NULL;
            if (!ok && wrong++ < 10)
                cr_log_error("byte %zu set to %02X: want %zd, got %s", at, bad[k],
                             want == SIZE_MAX ? (ssize_t)-1 : (ssize_t)want, e.message);
        }
    cr_expect_eq(wrong, 0);
}
