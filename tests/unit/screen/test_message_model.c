/* Tests for the message model's parsers and the classifier
 * (src/screen/message_model.c, message_classifier.c): malformed phrase,
 * brand and number files are refused naming file and line; the model file
 * round-trips and a damaged or foreign file is refused naming the offset;
 * training separates an easy split; the held-out split is deterministic. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "mamoru/screen_message.h"
#include "screen/message_internal.h"

typedef struct bad {
    const char *tsv;
    const char *want; /* substring of the error message */
} bad;

Test(message_model, malformed_phrase_lines_are_refused)
{
    static const bad cases[] = {
        {"只一列\n", "line 1: expected pattern"},
        {"# comment\nok\t5\tsig\tnote\nx\t101\tsig\n", "line 3: weight '101'"},
        {"x\tabc\tsig\n", "weight 'abc'"},
        {"x\t5\tBad-Signal\n", "signal 'Bad-Signal'"},
        {"\t5\tsig\n", "line 1"},
        /* "\b" typed through an escaping tool becomes a backspace: refused */
        {"ok\t0\tsig\nre:it\b\t0\tsig\n",
         "line 2: pattern 're:it…' has control character 0x08 at byte 5"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mm_message_model *m = mm_message_model_new();
        mm_error e = {0};
        cr_expect_eq(mm_message_model_add_phrases(m, "fam", cases[c].tsv, strlen(cases[c].tsv), &e),
                     MM_EINVAL, "case %zu", c);
        cr_expect(strstr(e.message, cases[c].want) && strstr(e.message, "fam"),
                  "case %zu: '%s' lacks '%s'", c, e.message, cases[c].want);
        mm_message_model_free(m);
    }
}

Test(message_model, other_files_name_their_line)
{
    mm_message_model *m = mm_message_model_new();
    mm_error e = {0};
    const char *br = "Amazon\tamazon\t-\tamazon.co.jp\tamazon\nbroken line\n";
    cr_expect_eq(mm_message_model_add_brands(m, br, strlen(br), &e), MM_EINVAL);
    cr_expect(strstr(e.message, "line 2") != NULL, "%s", e.message);
    const char *on = "110\tpolice\tpolice\nnot-a-number-at-all-xx\towner\tkind\n";
    cr_expect_eq(mm_message_model_add_officials(m, on, strlen(on), &e), MM_EINVAL);
    cr_expect(strstr(e.message, "line 2") != NULL, "%s", e.message);
    cr_expect_eq(mm_message_model_add_list(m, "colours", "red\n", 4, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "list");
    const char *bk = "001\tみずほ\n";
    cr_expect_eq(mm_message_model_add_list(m, "banks", bk, strlen(bk), &e), MM_EINVAL);
    mm_message_model_free(m);
    mm_message_model_free(NULL);
}

Test(message_model, rules_must_find_their_signals)
{
    /* a phrase file without the signals the rules name: compile refuses */
    mm_message_model *m = mm_message_model_new();
    const char *p = "hello\t0\tgreeting\n";
    mm_error e = {0};
    cr_assert_eq(mm_message_model_add_phrases(m, "x", p, strlen(p), &e), MM_OK);
    cr_expect_eq(mm_message_model_compile(m, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "rules");
    cr_expect(strstr(e.message, "no data/phrases file defines") != NULL, "%s", e.message);
    mm_message_model_free(m);
}

Test(message_model, brand_keywords_are_always_literals)
{
    /* a keyword that looks like a phrase regex ("re:…") is still a literal */
    mm_message_model *m = mm_message_model_new();
    mm_error e = {0};
    const char *br = "Acme\tacme\t-\tacme.example\tre:(unclosed\n";
    cr_assert_eq(mm_message_model_add_brands(m, br, strlen(br), &e), MM_OK);
    /* brand keywords are literals, so "re:(unclosed" is escaped and compiles */
    cr_expect_eq(mm_message_model_compile(m, &e), MM_OK, "%s", e.message);
    mm_message_model_free(m);
}

static const char *const fraud[] = {
    "今すぐこちらから支払ってください 未納 料金",
    "至急 未払い 料金 支払い URL",
    "未納の料金があります 本日中に支払い",
    "料金未払い 至急 支払い手続き",
    "未払いの料金 本日中 支払いURL",
    "支払い 至急 未納 本日中",
};
static const char *const benign[] = {
    "明日の会議は10時からです", "週末は家族で出かけます", "夕飯はカレーにしよう",
    "駅に着いたら電話するね",   "図書館で本を借りました", "雨なので傘を持って行ってね",
};

static mm_text_trainer *trained(double fpr)
{
    mm_train_opts o = MM_TRAIN_DEFAULTS;
    o.hash_bits = 14;
    o.epochs = 30;
    o.fpr = fpr;
    mm_text_trainer *t = mm_text_trainer_new(&o);
    for (int r = 0; r < 5; r++)
        for (size_t i = 0; i < 6; i++) {
            cr_assert_eq(mm_text_trainer_add(t, fraud[i], strlen(fraud[i]), 1, NULL), MM_OK);
            cr_assert_eq(mm_text_trainer_add(t, benign[i], strlen(benign[i]), 0, NULL), MM_OK);
        }
    cr_assert_eq(mm_text_trainer_count(t, 1), 30);
    mm_error e = {0};
    cr_assert_eq(mm_text_trainer_fit(t, &e), MM_OK, "%s", e.message);
    return t;
}

Test(message_model, classifier_round_trip_and_separation)
{
    mm_text_trainer *t = trained(0);
    mm_buf b = {0};
    cr_assert_eq(mm_text_trainer_save(t, &b, NULL), MM_OK);
    mm_message_model *m = mm_message_model_new();
    mm_error e = {0};
    cr_assert_eq(mm_message_model_set_classifier(m, b.data, b.len, &e), MM_OK, "%s", e.message);
    cr_assert(mm_message_model_has_classifier(m));
    mm_arena *a = mm_arena_new(0);
    double pf, pb;
    const char *f = "未払いの料金を本日中に支払ってください", *g = "明日は駅で会いましょう";
    cr_assert_eq(mm_message_classify(m, f, strlen(f), a, &pf, NULL), MM_OK);
    cr_assert_eq(mm_message_classify(m, g, strlen(g), a, &pb, NULL), MM_OK);
    cr_expect_gt(pf, 0.5, "fraud-like p=%f", pf);
    cr_expect_lt(pb, 0.5, "benign-like p=%f", pb);
    /* removing the classifier */
    cr_assert_eq(mm_message_model_set_classifier(m, NULL, 0, NULL), MM_OK);
    cr_expect(!mm_message_model_has_classifier(m));
    cr_expect_eq(mm_message_classify(m, f, strlen(f), a, &pf, &e), MM_ENOTFOUND);
    mm_arena_free(a);
    mm_message_model_free(m);
    mm_buf_free(&b);
    mm_text_trainer_free(t);
}

Test(message_model, damaged_or_foreign_model_files_are_refused)
{
    mm_text_trainer *t = trained(0.1);
    cr_expect(mm_text_trainer_threshold(t) >= 0.5 && mm_text_trainer_threshold(t) < 1.0);
    mm_buf b = {0};
    cr_assert_eq(mm_text_trainer_save(t, &b, NULL), MM_OK);
    mm_message_model *m = mm_message_model_new();
    mm_error e = {0};
    b.data[100] ^= 1; /* a weight flipped: checksum */
    cr_expect_eq(mm_message_model_set_classifier(m, b.data, b.len, &e), MM_EINVAL);
    cr_expect(strstr(e.message, "checksum") != NULL, "%s", e.message);
    b.data[100] ^= 1;
    b.data[8] = 9; /* version 9 */
    cr_expect_eq(mm_message_model_set_classifier(m, b.data, b.len, &e), MM_EINVAL);
    cr_expect(strstr(e.message, "version 9") != NULL, "%s", e.message);
    b.data[8] = 1;
    cr_expect_eq(mm_message_model_set_classifier(m, b.data, b.len - 1, &e), MM_EINVAL);
    cr_expect(strstr(e.message, "file size") != NULL, "%s", e.message);
    cr_expect_eq(mm_message_model_set_classifier(m, "GIF89a", 6, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "message_model");
    cr_expect(!mm_message_model_has_classifier(m));
    mm_message_model_free(m);
    mm_buf_free(&b);
    mm_text_trainer_free(t);
}

Test(message_model, trainer_refuses_one_class_and_bad_labels)
{
    mm_text_trainer *t = mm_text_trainer_new(NULL);
    mm_error e = {0};
    cr_expect_eq(mm_text_trainer_add(t, "x", 1, 2, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "label");
    cr_expect_eq(mm_text_trainer_add(t, "\xff", 1, 1, &e), MM_EINVAL);
    cr_assert_eq(mm_text_trainer_add(t, "only fraud", 10, 1, NULL), MM_OK);
    cr_expect_eq(mm_text_trainer_fit(t, &e), MM_EINVAL);
    mm_buf b = {0};
    cr_expect_eq(mm_text_trainer_save(t, &b, &e), MM_EINVAL);
    mm_text_trainer_free(t);
}

Test(message_model, heldout_split_is_deterministic)
{
    size_t in = 0;
    char buf[32];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(buf, sizeof buf, "message %d", i);
        bool h = mm_text_heldout(buf, (size_t)n, 30);
        cr_assert_eq(h, mm_text_heldout(buf, (size_t)n, 30));
        in += h;
    }
    cr_expect(in > 240 && in < 360, "%zu of 1000 held out at 30%%", in);
    cr_expect(!mm_text_heldout("x", 1, 0));
}

/* The de-symbolised variant of a text is scanned in full only when the
 * probe database (no start-of-match tracking) finds a pattern there that
 * the first scan did not: a phrase hidden by symbols is still found, with
 * its span in the original, and so it is with databases read back from the
 * cache the first compile wrote (main and probe). */

/* Pattern id of brand keyword kw. */
static uint32_t kw_id(const mm_message_model *m, const char *kw)
{
    for (size_t i = 0; i < m->nkw; i++)
        if (strcmp(m->kw_source[i], kw) == 0)
            return (uint32_t)(m->nphrases + i);
    cr_assert_fail("no keyword %s", kw);
    return 0;
}

static void hidden_phrase_found(mm_message_model *m)
{
    uint32_t dark = kw_id(m, "闇バイト"), quick = kw_id(m, "即日即金");
    const char *text = "お仕事です 闇🌟バ🌟イ🌟ト 即日即金 詳細はDM";
    mm_arena *a = mm_arena_new(0);
    mm_text nt;
    cr_assert_eq(mm_norm_text(text, strlen(text), a, &nt, NULL), MM_OK);
    msg_hit *h;
    size_t n;
    cr_assert_eq(msg_scan(m, &nt, a, &h, &n, NULL), MM_OK);
    cr_assert_eq(n, 2, "%zu hits", n);
    cr_expect_eq(h[0].id, quick, "the plain phrase first (first scan)");
    cr_expect_eq(h[1].id, dark, "the hidden phrase from the variant");
    cr_expect_eq(h[1].from, (uint32_t)(strstr(text, "闇") - text));
    uint32_t end = (uint32_t)(strstr(text, "ト") + strlen("ト") - text);
    cr_expect(h[1].to >= end && h[1].to <= end + 1, "span end %u, ト ends at %u", h[1].to, end);
    /* nothing new in the variant: the first scan's hits only */
    const char *plain = "即日★即金です";
    cr_assert_eq(mm_norm_text(plain, strlen(plain), a, &nt, NULL), MM_OK);
    cr_assert_eq(msg_scan(m, &nt, a, &h, &n, NULL), MM_OK);
    cr_expect_eq(n, 1, "%zu hits", n);
    cr_expect_eq(n ? h[0].id : 99, quick);
    mm_arena_free(a);
}

Test(message_model, symbols_hiding_a_phrase_fresh_and_cached)
{
    /* brand keywords only: no phrase files, so no rules to resolve */
    static const char tsv[] = "Dark\tdark\t-\tdark.example\t闇バイト\n"
                              "Quick\tquick\t-\tquick.example\t即日即金\n";
    mm_message_model *m = mm_message_model_new();
    mm_error e = {0};
    cr_assert_eq(mm_message_model_add_brands(m, tsv, strlen(tsv), &e), MM_OK, "%s", e.message);
    mm_buf cache = {0};
    cr_assert_eq(mm_message_model_compile_cached(m, NULL, 0, &cache, &e), MM_OK, "%s", e.message);
    cr_assert_not_null(m->db);
    cr_assert_not_null(m->lit_len, "the literals' starts come from their lengths");
    cr_assert_gt(cache.len, 48);
    hidden_phrase_found(m);
    mm_message_model *c = mm_message_model_new();
    cr_assert_eq(mm_message_model_add_brands(c, tsv, strlen(tsv), &e), MM_OK);
    cr_assert_eq(mm_message_model_compile_cached(c, cache.data, cache.len, NULL, &e), MM_OK, "%s",
                 e.message);
    cr_assert_not_null(c->lit_len, "the literals' lengths come back with the cache");
    hidden_phrase_found(c);
    mm_buf_free(&cache);
    mm_message_model_free(m);
    mm_message_model_free(c);
}
