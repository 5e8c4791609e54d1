/* Tests for the phrase scan (src/screen/message_model.c): msg_scan runs
 * without start-of-match tracking and finds each hit's start afterwards —
 * a literal's from its length, a regular expression's by reading it
 * backwards (message_reverse.c) — and puts hits in the order of their
 * ends, ties by pattern id. Its hits must be those of a scan WITH tracking
 * (msg_scan_tracked, the reference) — same ids and spans — and give the
 * same facts (first span of each signal, each family's phrase, the
 * brand): checked on crafted texts (ties, ^, a final $, \b) and on every
 * message of the corpora, with the real phrase files. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_message.h"
#include "mamoru/screen_message.h"
#include "screen/message_internal.h"

/* An assertion that reports only when it fails: the corpus test makes
 * hundreds of thousands, and each passing cr_assert is a message to the
 * runner. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            cr_assert_fail(__VA_ARGS__);                                                           \
    } while (0)

/* The reference database with start tracking, for the model the tests
 * load: compiled once (tens of seconds) and kept under build/ by the key of
 * the phrases, so the tests that need it share it. */
static hs_database_t *tracked;
static hs_scratch_t *tracked_scratch;

/* Hits of text through msg_scan, or through the tracked reference. */
static size_t scan(mm_message_model *m, const char *text, size_t len, bool untracked, mm_arena *a,
                   msg_hit **h)
{
    mm_text nt;
    CHECK(mm_norm_text(text, len, a, &nt, NULL) == MM_OK, "normalising %.60s", text);
    size_t n = 0;
    mm_error e = {0};
    if (untracked)
        CHECK(msg_scan(m, &nt, a, h, &n, &e) == MM_OK, "%s", e.message);
    else
        CHECK(msg_scan_tracked(m, tracked, tracked_scratch, &nt, a, h, &n, &e) == MM_OK, "%s",
              e.message);
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
    CHECK(nx == ny, "%s: %zu hits untracked, %zu tracked", what, nx, ny);
    msg_facts *fx = facts(m, x, nx, text, len), *fy = facts(m, y, ny, text, len);
    CHECK(memcmp(&fx->mask, &fy->mask, sizeof fx->mask) == 0, "%s: signals differ", what);
    for (size_t s = 0; s < m->nsignals; s++)
        if (msg_mask_has(&fx->mask, (int)s))
            CHECK(fx->sig_from[s] == fy->sig_from[s] && fx->sig_to[s] == fy->sig_to[s],
                  "%s: signal %s at [%u,%u) untracked, [%u,%u) tracked", what, m->signals[s],
                  fx->sig_from[s], fx->sig_to[s], fy->sig_from[s], fy->sig_to[s]);
    for (size_t k = 0; k < 64; k++)
        CHECK(fx->best_phrase[k] == fy->best_phrase[k] &&
                  fx->phrase_from[k] == fy->phrase_from[k] && fx->phrase_to[k] == fy->phrase_to[k],
              "%s: family %zu keeps phrase %d untracked, %d tracked", what, k, fx->best_phrase[k],
              fy->best_phrase[k]);
    CHECK(fx->brand == fy->brand && fx->brand_from == fy->brand_from, "%s: brand differs", what);
    free(fx);
    free(fy);
    /* the same hits, whatever the order of ties that change nothing */
    qsort(x, nx, sizeof *x, by_end_id);
    qsort(y, ny, sizeof *y, by_end_id);
    for (size_t i = 0; i < nx; i++) {
        CHECK(x[i].id == y[i].id && x[i].from == y[i].from && x[i].to == y[i].to,
              "%s: hit %u [%u,%u) untracked, %u [%u,%u) tracked", what, x[i].id, x[i].from, x[i].to,
              y[i].id, y[i].from, y[i].to);
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

static mm_message_model *load(bool with_reference)
{
    mm_message_model *m = NULL;
    mm_error e = {0};
    cr_assert_eq(mm_message_model_load("data", &m, &e), MM_OK, "%s", e.message);
    cr_assert_not_null(m);
    if (with_reference && tracked == NULL) {
        char key[33], path[96], tmp[128];
        cr_assert_eq(mm_message_model_cache_key(m, key, &e), MM_OK, "%s", e.message);
        snprintf(path, sizeof path, "build/test-tracked-%s.hsdb", key);
        /* the two tests that need it run side by side (--jobs 2): the
         * second waits for the first's compile and reads its file instead
         * of compiling the same database at the same time */
        int lock = open("build/test-tracked.lock", O_CREAT | O_RDWR, 0644);
        if (lock >= 0)
            flock(lock, LOCK_EX);
        char *kept = NULL;
        size_t kept_len = 0;
        if (mm_read_file(path, &kept, &kept_len, NULL) == MM_OK &&
            hs_deserialize_database(kept, kept_len, &tracked) != HS_SUCCESS)
            tracked = NULL;
        free(kept);
        if (tracked == NULL) {
            cr_assert_eq(msg_tracked_db_new(m, &tracked, &e), MM_OK,
                         "%s (the reference tracks starts: shorten or split the gaps of a "
                         "pattern too large for that)",
                         e.message);
            char *bytes = NULL;
            size_t n;
            /* one reference at a time: each edit of the phrases makes a new one */
            glob_t old;
            if (glob("build/test-tracked-*.hsdb", 0, NULL, &old) == 0) {
                for (size_t i = 0; i < old.gl_pathc; i++)
                    remove(old.gl_pathv[i]);
                globfree(&old);
            }
            snprintf(tmp, sizeof tmp, "%s.%d", path, (int)getpid());
            FILE *f;
            if (hs_serialize_database(tracked, &bytes, &n) == HS_SUCCESS &&
                (f = fopen(tmp, "wb")) != NULL) {
                bool ok = fwrite(bytes, 1, n, f) == n;
                ok = fclose(f) == 0 && ok;
                if (!ok || rename(tmp, path) != 0)
                    remove(tmp);
            }
            free(bytes);
        }
        if (lock >= 0)
            close(lock); /* releases the lock */
        cr_assert_eq(hs_alloc_scratch(tracked, &tracked_scratch), HS_SUCCESS);
    }
    return m;
}

Test(message_scan, suffix_literals_regexes_and_brands_as_the_tracked_scan, .timeout = 900)
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
        /* expressions with a final $ (at the end, before a final newline,
         * inside the text), with ^, with \b on either edge */
        "息子が逮捕された",
        "息子が逮捕された\n",
        "息子が逮捕された。示談金が必要です",
        "消費生活センター",
        "消費生活センターの者です",
        "mypageでご確認ください。my pageからお支払い",
        "call 090 now, recall 5 times or text stop to 12345",
    };
    mm_message_model *m = load(true);
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

Test(message_scan, the_corpora_as_the_tracked_scan, .timeout = 900)
{
    mm_message_model *m = load(true);
    corpus_run r = {.m = m};
    size_t skipped;
    mm_error e = {0};
    glob_t g;
    cr_assert_eq(glob("tests/corpus/*.tsv", 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++)
        cr_assert_eq(mm_labelled_read(g.gl_pathv[i], one, &r, &skipped, &e), MM_OK, "%s: %s",
                     g.gl_pathv[i], e.message);
    globfree(&g);
    cr_log_info("%zu messages, %zu hits (%zu ties, %zu regular expressions): the same facts",
                r.messages, r.t.hits, r.t.ties, r.t.regex);
    cr_expect_gt(r.messages, 2000);
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
    mm_message_model *m = load(false);
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

/* The database folds no case (the text it meets is case-folded, and
 * Vectorscan scans faster without HS_FLAG_CASELESS): a regular expression
 * written with capitals ("re:ATM(デ|ニ…)…", "…(dm|DM)") is lowered at load
 * outside its escapes, so it still matches — and \S, \b keep their sense. */
Test(message_scan, phrases_written_in_capitals_still_match, .timeout = 300)
{
    mm_message_model *m = load(false);
    static const struct {
        const char *text;
        const char *in_source; /* the capitals the matching phrase is written with */
    } cases[] = {
        {"ATMでお金は戻りません。ご注意ください", "ATM"},
        {"高収入バイト、詳細はDMで", "DM"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_arena *a = mm_arena_new(1 << 16);
        msg_hit *h;
        size_t n = scan(m, cases[i].text, strlen(cases[i].text), true, a, &h);
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = h[k].id < m->nphrases && strncmp(m->phrases[h[k].id].source, "re:", 3) == 0 &&
                    strstr(m->phrases[h[k].id].source, cases[i].in_source) != NULL;
        cr_expect(found, "%s: no phrase written with '%s' matched (%zu hits)", cases[i].text,
                  cases[i].in_source, n);
        mm_arena_free(a);
    }
    mm_message_model_free(m);
}
