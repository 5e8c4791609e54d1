/* The text classifier's vector path (message_classifier.c: the feature sum
 * eight code points at a time when the CPU has AVX2) against the scalar
 * one: the same probability, to the bit, for every message of the corpora
 * with the shipped model (data/message_model.bin) — and for texts of every
 * length 0..40 code points, so each tail of a group of eight is met. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_message.h"
#include "mamoru/norm.h"
#include "mamoru/screen_message.h"
#include "screen/message_internal.h"

typedef struct cmp_ctx {
    const msg_classifier *c;
    mm_arena *a;
    size_t n, bad;
} cmp_ctx;

static void check(cmp_ctx *x, const char *text, size_t len, const char *what)
{
    mm_text nt;
    if (mm_norm_text(text, len, x->a, &nt, NULL) != MM_OK)
        return;
    double v = msg_classify(x->c, nt.text, nt.len), s = msg_classify_scalar(x->c, nt.text, nt.len);
    if (v != s && x->bad++ < 10)
        cr_log_error("%s: vector %.17g, scalar %.17g", what, v, s);
    x->n++;
}

static int one(const mm_labelled *ex, void *u)
{
    cmp_ctx *x = u;
    char what[96];
    snprintf(what, sizeof what, "%s line %zu", ex->source, ex->line);
    check(x, ex->text, ex->len, what);
    mm_arena_reset(x->a);
    return 0;
}

Test(message_classifier_vector, same_probability_as_scalar)
{
    char *buf;
    size_t len;
    mm_error e;
    if (mm_read_file("data/message_model.bin", &buf, &len, &e) != MM_OK)
        cr_skip_test("no data/message_model.bin: %s", e.message);
    mm_message_model *m = mm_message_model_new();
    cr_assert_eq(mm_message_model_set_classifier(m, buf, len, &e), MM_OK, "%s", e.message);
    free(buf);
    cmp_ctx x = {m->cls, mm_arena_new(0), 0, 0};
    static const char *const files[] = {
        "tests/corpus/ja_messages.tsv",
        "tests/corpus/ja_genuine_train.tsv",
        "tests/corpus/ja_fraud_fresh.tsv",
        "tests/corpus/en_notices_dev.tsv",
        "../shared/data/sms-spam-uci/SMSSpamCollection",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t skipped;
        if (mm_labelled_read(files[i], one, &x, &skipped, &e) != MM_OK)
            cr_log_warn("skipping %s: %s", files[i], e.message);
    }
    cr_expect_gt(x.n, 400, "only %zu messages read", x.n);
    /* every length, mixed scripts, digits and a link */
    const char *piece = "お荷物の配達0円ﾃｽﾄ https://x.example/a 確認ABCは";
    char text[512] = "";
    size_t off = 0, l = 0, pl = strlen(piece);
    for (int k = 1; k <= 40; k++) {
        int32_t c;
        size_t cl = mm_utf8_get((const unsigned char *)piece, off, &c);
        memcpy(text + l, piece + off, cl);
        l += cl;
        text[l] = 0;
        off = off + cl < pl ? off + cl : 0;
        char what[32];
        snprintf(what, sizeof what, "length %d", k);
        check(&x, text, l, what);
    }
    cr_expect_eq(x.bad, 0, "%zu of %zu texts differ", x.bad, x.n);
    mm_arena_free(x.a);
    mm_message_model_free(m);
}
