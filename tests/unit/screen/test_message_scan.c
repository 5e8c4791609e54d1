/* Tests for the phrase scan's untracked first pass (src/screen/message_model.c):
 * msg_scan runs first on the probe database (no start-of-match tracking),
 * takes a literal's start from its length and a regular expression's from
 * its own small tracked database, and puts hits in the order of their ends,
 * ties by pattern id, whichever database scanned; a pattern whose start it
 * cannot find sends the text to the full tracked scan. Its hits must be the
 * full scan's — same ids and spans — and give the same facts (first span
 * of each signal, each family's phrase, the brand), which is checked
 * against the same model with the first pass
 * switched off (som_kind NULL), on crafted ties and on every message of the
 * Japanese corpus, with the real phrase files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_message.h"
#include "mamoru/screen_message.h"
#include "screen/message_internal.h"

/* Hits of text through msg_scan, with the untracked first pass on or off. */
static size_t scan(mm_message_model *m, const char *text, size_t len, bool untracked, mm_arena *a,
                   msg_hit **h)
{
    uint8_t *kind = m->som_kind;
    if (!untracked)
        m->som_kind = NULL;
    mm_text nt;
    cr_assert_eq(mm_norm_text(text, len, a, &nt, NULL), MM_OK);
    size_t n = 0;
    mm_error e = {0};
    cr_assert_eq(msg_scan(m, &nt, a, h, &n, &e), MM_OK, "%s", e.message);
    m->som_kind = kind;
    return n;
}

static int by_end_id(const void *a, const void *b)
{
    const msg_hit *x = a, *y = b;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* What the facts keep from hits (message.c): a signal's first span, each
 * family's first phrase of its best weight, the first brand claimed. */
static msg_facts *facts(const mm_message_model *m, const msg_hit *h, size_t n, const char *text,
                        size_t len)
{
    msg_facts *f = calloc(1, sizeof *f);
    f->brand = -1;
    for (int i = 0; i < 64; i++)
        f->best_phrase[i] = -1;
    msg_facts_from_hits(m, h, n, text, len, f);
    return f;
}

typedef struct tally {
    size_t hits, ties, regex;
} tally;

/* The two scans find the same hits and give the same facts; ties (two
 * hits of one signal ending at one byte from different starts) and
 * regular-expression hits are counted. */
static void same_facts(mm_message_model *m, const char *text, size_t len, const char *what,
                       tally *t)
{
    mm_arena *a = mm_arena_new(1 << 16);
    msg_hit *x, *y;
    size_t nx = scan(m, text, len, true, a, &x), ny = scan(m, text, len, false, a, &y);
    cr_assert_eq(nx, ny, "%s: %zu hits untracked, %zu tracked", what, nx, ny);
    msg_facts *fx = facts(m, x, nx, text, len), *fy = facts(m, y, ny, text, len);
    cr_assert(memcmp(&fx->mask, &fy->mask, sizeof fx->mask) == 0, "%s: signals differ", what);
    for (size_t s = 0; s < m->nsignals; s++)
        if (msg_mask_has(&fx->mask, (int)s))
            cr_assert(fx->sig_from[s] == fy->sig_from[s] && fx->sig_to[s] == fy->sig_to[s],
                      "%s: signal %s at [%u,%u) untracked, [%u,%u) tracked", what, m->signals[s],
                      fx->sig_from[s], fx->sig_to[s], fy->sig_from[s], fy->sig_to[s]);
    for (size_t k = 0; k < 64; k++)
        cr_assert(fx->best_phrase[k] == fy->best_phrase[k] &&
                      fx->phrase_from[k] == fy->phrase_from[k] &&
                      fx->phrase_to[k] == fy->phrase_to[k],
                  "%s: family %zu keeps phrase %d untracked, %d tracked", what, k,
                  fx->best_phrase[k], fy->best_phrase[k]);
    cr_assert(fx->brand == fy->brand && fx->brand_from == fy->brand_from, "%s: brand differs",
              what);
    free(fx);
    free(fy);
    /* the same hits, whatever the order of ties that change nothing */
    qsort(x, nx, sizeof *x, by_end_id);
    qsort(y, ny, sizeof *y, by_end_id);
    for (size_t i = 0; i < nx; i++) {
        cr_assert(x[i].id == y[i].id && x[i].from == y[i].from && x[i].to == y[i].to,
                  "%s: hit %u [%u,%u) untracked, %u [%u,%u) tracked", what, x[i].id, x[i].from,
                  x[i].to, y[i].id, y[i].from, y[i].to);
        if (x[i].id < m->nphrases && strncmp(m->phrases[x[i].id].source, "re:", 3) == 0)
            t->regex++;
        for (size_t j = i + 1; j < nx && x[j].to == x[i].to; j++)
            t->ties += x[i].id < m->nphrases && x[j].id < m->nphrases &&
                       m->phrases[x[i].id].signal == m->phrases[x[j].id].signal &&
                       x[i].from != x[j].from;
    }
    t->hits += nx;
    mm_arena_free(a);
}

static mm_message_model *load(void)
{
    mm_message_model *m = NULL;
    mm_error e = {0};
    cr_assert_eq(mm_message_model_load("data", &m, &e), MM_OK, "%s", e.message);
    cr_assert_not_null(m);
    cr_assert_not_null(m->som_kind, "the untracked first pass is on");
    return m;
}

Test(message_scan, suffix_literals_regexes_and_brands_as_the_full_scan, .timeout = 300)
{
    /* literals that are suffixes of one another (お支払い / 支払い,
     * インターネットバンキング / ネットバンキング: the first one's span is
     * kept), a regular expression over a bracketed office name, a brand
     * named twice (LINE, line), a name two brands share (Vpass: the order
     * of the two, by pattern id, decides the brand claimed) */
    static const char *const texts[] = {
        "ご利用料金のお支払いが確認できません。インターネットバンキングからお支払いください",
        "【東京都税事務所】保険料の還付があります。LINEで連絡 line",
        "お支払い お支払い 支払い ネットバンキング",
        "【Vpass】カードのご利用確認 vpass",
        "何もない文",
    };
    mm_message_model *m = load();
    tally t = {0};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        same_facts(m, texts[i], strlen(texts[i]), texts[i], &t);
    cr_expect_gt(t.hits, 8, "%zu hits", t.hits);
    cr_expect_gt(t.ties, 1, "%zu ties", t.ties);
    cr_expect_gt(t.regex, 0, "%zu regular-expression hits", t.regex);
    mm_message_model_free(m);
}

typedef struct corpus_run {
    mm_message_model *m;
    size_t messages;
    tally t;
} corpus_run;

static int one(const mm_labelled *ex, void *user)
{
    corpus_run *r = user;
    char what[48];
    snprintf(what, sizeof what, "line %zu", ex->line);
    same_facts(r->m, ex->text, ex->len, what, &r->t);
    r->messages++;
    return 0;
}

Test(message_scan, the_japanese_corpus_as_the_full_scan, .timeout = 300)
{
    mm_message_model *m = load();
    corpus_run r = {.m = m};
    size_t skipped;
    mm_error e = {0};
    cr_assert_eq(mm_labelled_read("tests/corpus/ja_messages.tsv", one, &r, &skipped, &e), MM_OK,
                 "%s", e.message);
    cr_log_info("%zu messages, %zu hits (%zu ties, %zu regular expressions): the same facts",
                r.messages, r.t.hits, r.t.ties, r.t.regex);
    cr_expect_gt(r.messages, 400);
    cr_expect_gt(r.t.hits, 1000);
    cr_expect_gt(r.t.ties, 10);
    mm_message_model_free(m);
}

/* The de-symbolised variant is scanned only when something hides words:
 * a symbol between two letters, Japanese words spaced apart, single digits
 * spaced among letters (message_model.c desymbol). Each text below has a phrase only the variant
 * can see (its span covers a dropped symbol or space), so the gate must open. */
Test(message_scan, words_hidden_by_symbols_or_spaces_are_found, .timeout = 300)
{
    mm_message_model *m = load();
    static const struct {
        const char *text;
        const char *hidden; /* a dropped character inside the hit */
    } cases[] = {
        {"即日★即金の案件です", "★"},
        {"闇🌟バ🌟イ🌟トの募集", "🌟"},
        {"ア ル バ イ ト 募 集！ 運 転 す る だ け で 1 日 7 万 円", " 1 "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_arena *a = mm_arena_new(1 << 16);
        mm_text nt;
        cr_assert_eq(mm_norm_text(cases[i].text, strlen(cases[i].text), a, &nt, NULL), MM_OK);
        msg_hit *h;
        size_t n = scan(m, cases[i].text, strlen(cases[i].text), true, a, &h);
        bool spans_hidden = false;
        for (size_t k = 0; k < n && !spans_hidden; k++) {
            const char *p = nt.text + h[k].from;
            size_t len = h[k].to - h[k].from;
            spans_hidden = memmem(p, len, cases[i].hidden, strlen(cases[i].hidden)) != NULL;
        }
        cr_assert(spans_hidden, "%s: no phrase across '%s' (%zu hits on '%s')", cases[i].text,
                  cases[i].hidden, n, nt.text);
        mm_arena_free(a);
    }
    mm_message_model_free(m);
}
