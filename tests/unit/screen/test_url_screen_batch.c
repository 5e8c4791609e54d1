/*
 * Tests for mm_screen_url_batch (src/screen/url_screen.c): the batch form
 * the JSONL CLI and the /v1/screen/url/batch route use must give, URL for
 * URL, exactly the verdict of mm_screen_url one at a time — every reason
 * field in order, score, action, category, warning — and the same error
 * (code, field, message) for a URL that does not parse, in its place.
 * Checked on own examples against a small snapshot (always) and on a few
 * thousand JPCERT/CC URLs from ../shared/data/jpcert-phishurl (or
 * $MAMORU_SHARED_DATA) with bad lines mixed in, against a snapshot listing
 * a third of them; that part skips with a message when the data is absent.
 */
#include <stdio.h>
#include <stdlib.h>

#include "url_fixture.h"

static const uint8_t KEY[32] = "0123456789abcdef0123456789abcdef";

static bool str_same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Everything a verdict writer prints, compared field by field. */
static void assert_same_verdict(const mm_verdict *want, const mm_verdict *got, const char *url)
{
    cr_assert_eq(got->action, want->action, "%s: action", url);
    cr_assert_eq(got->score, want->score, "%s: score", url);
    cr_assert(str_same(got->category, want->category), "%s: category", url);
    cr_assert(str_same(got->warning_ja, want->warning_ja), "%s: warning_ja", url);
    cr_assert(str_same(got->warning_en, want->warning_en), "%s: warning_en", url);
    cr_assert_eq(got->nreasons, want->nreasons, "%s: %zu reasons, one at a time %zu", url,
                 got->nreasons, want->nreasons);
    for (size_t k = 0; k < want->nreasons; k++) {
        const mm_reason *w = &want->reasons[k], *g = &got->reasons[k];
        cr_assert_str_eq(g->code, w->code, "%s: reason %zu", url, k);
        cr_assert(str_same(g->category, w->category), "%s: reason %zu category", url, k);
        cr_assert(str_same(g->detail, w->detail), "%s: reason %zu detail", url, k);
        cr_assert_eq(g->weight, w->weight, "%s: reason %zu weight", url, k);
        cr_assert_eq(g->span_start, w->span_start, "%s: reason %zu span", url, k);
        cr_assert_eq(g->span_end, w->span_end, "%s: reason %zu span", url, k);
        cr_assert_eq(g->indicator_id, w->indicator_id, "%s: reason %zu indicator", url, k);
        cr_assert(str_same(g->brand, w->brand), "%s: reason %zu brand", url, k);
        cr_assert(str_same(g->text_ja, w->text_ja), "%s: reason %zu text_ja", url, k);
        cr_assert(str_same(g->audience, w->audience), "%s: reason %zu audience", url, k);
    }
}

typedef struct tally {
    size_t ok, bad, listed;
} tally;

/* Screen urls[0..n) as one batch and one at a time (separate arenas) and
 * require the same outcome for each. */
static void check_batch(const mm_screen_ctx *ctx, const char *const *urls, size_t n, tally *t)
{
    mm_arena *ab = mm_arena_new(0), *a1 = mm_arena_new(0);
    mm_verdict *vb = calloc(n ? n : 1, sizeof *vb);
    mm_status *sb = calloc(n ? n : 1, sizeof *sb);
    mm_error *eb = calloc(n ? n : 1, sizeof *eb);
    cr_assert(ab && a1 && vb && sb && eb);
    for (size_t i = 0; i < n; i++) /* a NULL entry's error must be left alone */
        mm_error_set(&eb[i], MM_ENOTFOUND, "caller", "line %zu refused by the caller", i);
    cr_assert_eq(mm_screen_url_batch(ctx, urls, n, ab, vb, sb, eb), MM_OK);
    for (size_t i = 0; i < n; i++) {
        const char *shown = urls[i] ? urls[i] : "(NULL)";
        if (urls[i] == NULL) {
            cr_assert_eq(sb[i], MM_EINVAL, "NULL entry %zu", i);
            cr_assert_eq(eb[i].code, MM_ENOTFOUND, "NULL entry %zu: its error was overwritten", i);
            cr_assert_str_eq(eb[i].field, "caller");
            t->bad++;
            continue;
        }
        mm_arena_reset(a1);
        mm_verdict v1;
        mm_error e1 = {0};
        mm_status s1 = mm_screen_url(ctx, urls[i], a1, &v1, &e1);
        cr_assert_eq(sb[i], s1, "%s: batch status %d, one at a time %d", shown, sb[i], s1);
        if (s1 != MM_OK) {
            cr_assert_eq(eb[i].code, e1.code, "%s", shown);
            cr_assert_str_eq(eb[i].field, e1.field, "%s", shown);
            cr_assert_str_eq(eb[i].message, e1.message, "%s", shown);
            t->bad++;
            continue;
        }
        assert_same_verdict(&v1, &vb[i], shown);
        t->ok++;
        for (size_t k = 0; k < v1.nreasons; k++)
            if (v1.reasons[k].indicator_id) {
                t->listed++;
                break;
            }
    }
    free(vb);
    free(sb);
    free(eb);
    mm_arena_free(ab);
    mm_arena_free(a1);
}

static mm_screen_ctx load_ctx(void)
{
    mm_screen_ctx ctx;
    mm_error e = {0};
    mm_status st = mm_screen_ctx_load_parts("data", MM_LOAD_WARNINGS | MM_LOAD_URL, &ctx, &e);
    cr_assert_eq(st, MM_OK, "loading data/: %s: %s", e.field, e.message);
    cr_assert_not_null(ctx.url);
    return ctx;
}

/* ---- own examples (reserved TLDs), always run ------------------------------ */

Test(url_screen_batch, own_examples_match_one_at_a_time)
{
    mm_snapshot_entry e[] = {
        {MM_KIND_URL, "https://listed.example/a/", 25, {.id = 1, .status = MM_IND_CONFIRMED},
         "phishing"},
        {MM_KIND_DOMAIN, "bad-domain.example", 18, {.id = 2, .status = MM_IND_REPORTED,
         .confidence = 60}, "delivery_lure"},
        {MM_KIND_IP, "192.0.2.7", 9, {.id = 3, .status = MM_IND_CONFIRMED}, "phishing"},
    };
    mm_snapshot *snap = NULL;
    mm_error err = {0};
    cr_assert_eq(mm_snapshot_build_from(e, 3, KEY, sizeof KEY, &snap, &err), MM_OK, "%s",
                 err.message);
    mm_screen_ctx ctx = load_ctx();
    ctx.snap = snap;
    static const char *const base[] = {
        "http://listed.example/a/b?x=1",
        "http://[::1/",
        "https://a.b.bad-domain.example/login",
        "https://www.amazon.co.jp/gp/css/order-history",
        NULL,
        "http://192.0.2.7/smbc/",
        "http://smbc.co.jp.secure-login.example/login",
        "",
        "https://xn--mazon-3ve.example/",
        "https://mazseev.top/?lriezgbl",
        "listed.example/a/",
    };
    enum { NB = sizeof base / sizeof base[0], N = 5 * NB + 3 }; /* crosses rounds of 16 */
    const char *urls[N];
    for (size_t i = 0; i < N; i++)
        urls[i] = base[i % NB];
    tally t = {0};
    check_batch(&ctx, urls, N, &t);
    cr_assert_gt(t.listed, 10, "listed URLs, domains and IPs must hit: %zu", t.listed);
    cr_assert_gt(t.bad, 10);
    /* the same without a snapshot, and without the URL model */
    tally t2 = {0};
    ctx.snap = NULL;
    check_batch(&ctx, urls, N, &t2);
    cr_assert_eq(t2.listed, 0);
    const mm_url_model *m = ctx.url;
    ctx.url = NULL;
    ctx.snap = snap;
    tally t3 = {0};
    check_batch(&ctx, urls, N, &t3);
    cr_assert_eq(t3.listed, t.listed);
    ctx.url = m;
    /* an empty batch, and no context */
    check_batch(&ctx, urls, 0, &t3);
    mm_verdict v[2];
    mm_status s[2];
    mm_arena *a = mm_arena_new(0);
    cr_assert_eq(mm_screen_url_batch(NULL, urls, 2, a, v, s, NULL), MM_EINVAL);
    cr_assert_eq(s[0], MM_EINVAL);
    cr_assert_eq(s[1], MM_EINVAL);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
    mm_snapshot_release(snap);
}

/* ---- a few thousand JPCERT/CC URLs --------------------------------------- */

Test(url_screen_batch, jpcert_urls_with_bad_lines_match_one_at_a_time, .timeout = 600)
{
    const char *d = getenv("MAMORU_SHARED_DATA");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/jpcert-phishurl", d && *d ? d : "../shared/data");
    FILE *probe = fopen(dir, "r");
    if (probe == NULL)
        cr_skip_test("%s not found: set MAMORU_SHARED_DATA (batch vs one-at-a-time on JPCERT "
                     "URLs not checked)",
                     dir);
    fclose(probe);
    url_corpus c = {0};
    mm_error err = {0};
    cr_assert_eq(mm_url_corpus_read(dir, url_corpus_collect, &c, &err), MM_OK, "%s", err.message);
    cr_assert_gt(c.n, 10000);
    /* a sample spread over all years: every (n/3000)th URL */
    size_t step = c.n / 3000, ns = 0;
    const char **s = calloc(c.n / step + 64, sizeof *s);
    for (size_t i = 0; i < c.n; i += step)
        s[ns++] = c.urls[i];
    /* list every third sampled URL (either scheme) and every seventh's
     * parent domain, so many verdicts carry listed reasons */
    mm_arena *build = mm_arena_new(0);
    mm_snapshot_entry *e = calloc(2 * ns, sizeof *e);
    size_t ne = 0;
    for (size_t i = 0; i < ns; i++) {
        mm_url u;
        if (mm_norm_url(s[i], build, &u, NULL) != MM_OK)
            continue;
        mm_hit hit = {.id = (uint32_t)ne + 1, .status = (mm_ind_status)(i % 3),
                      .confidence = (uint8_t)(i % 101)};
        const char *rest = strstr(u.canonical, "://") + 3;
        if (i % 3 == 0) {
            const char *v = mm_arena_printf(build, "%s://%s", i % 2 ? "https" : "http", rest);
            e[ne++] = (mm_snapshot_entry){MM_KIND_URL, v, strlen(v), hit, "phishing"};
        } else if (!u.host_is_ip && i % 7 == 0) {
            const char *dot = strchr(u.host, '.');
            if (dot && strchr(dot + 1, '.'))
                e[ne++] = (mm_snapshot_entry){MM_KIND_DOMAIN, dot + 1, strlen(dot + 1), hit,
                                              "bank_lure"};
        }
    }
    mm_snapshot *snap = NULL;
    cr_assert_eq(mm_snapshot_build_from(e, ne, KEY, sizeof KEY, &snap, &err), MM_OK, "%s",
                 err.message);
    mm_screen_ctx ctx = load_ctx();
    ctx.snap = snap;
    /* bad lines in between: unparsable URLs and refused (NULL) entries */
    static const char *const bad[] = {"http://[::1/", "", "http://exa mple.com:99999/", NULL};
    size_t nm = 0;
    const char **mixed = calloc(ns + ns / 50 + 8, sizeof *mixed);
    for (size_t i = 0; i < ns; i++) {
        if (i % 50 == 25)
            mixed[nm++] = bad[(i / 50) % 4];
        mixed[nm++] = s[i];
    }
    /* batches of 256 (the CLI's) and of 37 (crossing the rounds of 16) */
    tally t = {0};
    for (size_t b = 0; b < nm; b += 256)
        check_batch(&ctx, mixed + b, nm - b < 256 ? nm - b : 256, &t);
    tally t37 = {0};
    for (size_t b = 0; b < nm; b += 37)
        check_batch(&ctx, mixed + b, nm - b < 37 ? nm - b : 37, &t37);
    cr_log_info("screen_url_batch: %zu URLs same as one at a time (%zu with listed reasons), "
                "%zu bad lines in place",
                t.ok, t.listed, t.bad);
    cr_assert_gt(t.ok, 2500);
    cr_assert_gt(t.listed, t.ok / 5, "the fixture should make many URLs hit");
    cr_assert_geq(t.bad, ns / 50);
    cr_assert_eq(t37.ok, t.ok);
    cr_assert_eq(t37.listed, t.listed);
    mm_screen_ctx_unload(&ctx);
    mm_snapshot_release(snap);
    mm_arena_free(build);
    free(e);
    free(mixed);
    free(s);
    url_corpus_free(&c);
}
