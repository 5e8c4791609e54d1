/* Floors on the real data (issue 3 §5), blocklist off: the URL detector
 * (data/ dictionaries, risk model trained here on months <= 2023-12 by
 * mm_url_train_from_data, the recipe of `mamoru train-url`) over a fixed
 * sample of JPCERT/CC 2024 phishing URLs — months that model never saw —
 * and over the
 * benign URLs of the untouched test split (30% of the popular domains, never
 * trained on and never used to choose a threshold). The floors
 * sit a little below the measured values (bench/eval_url prints the full
 * tables) so that a regression fails here. Skips when ../shared/data (or
 * $MAMORU_SHARED_DATA) is absent. */
#include <stdio.h>
#include <stdlib.h>

#include "url_fixture.h"

/* measured on this sample (see the log line) minus a margin */
/* measured (model v3, warn threshold with the domain-bootstrap margin): recall 0.714,
 * attribution 0.905, benign FPR 0.170% — the FPR is still ABOVE the 0.1% target
 * (docs/url-screening.md says why) */
#define RECALL_FLOOR 0.70
#define FPR_CEILING 0.0020
#define ATTR_FLOOR 0.87

typedef struct sample {
    mm_screen_ctx ctx;
    mm_arena *a;
    size_t rows, kept, flagged, named, attributed;
    const mm_url_model *m;
} sample;

static int on_row(const mm_url_corpus_row *r, void *user)
{
    sample *s = user;
    if (strncmp(r->date, "2024", 4) != 0)
        return 0;
    if (s->rows++ % 8 != 0) /* a fixed one-in-eight sample */
        return 0;
    s->kept++;
    mm_arena_reset(s->a);
    mm_verdict v;
    if (mm_screen_url(&s->ctx, r->url, s->a, &v, NULL) != MM_OK)
        return 0;
    s->flagged += v.action >= MM_VERDICT_WARN;
    for (size_t i = 0; i < v.nreasons; i++)
        if (v.reasons[i].brand && strcmp(v.reasons[i].code, "URL_BRAND_LURE") != 0) {
            s->named++;
            s->attributed += mm_url_brand_matches(s->m, v.reasons[i].brand, r->brand);
            break;
        }
    return 0;
}

typedef struct bsample {
    mm_screen_ctx ctx;
    mm_arena *a, *u;
    size_t urls, flagged;
} bsample;

static int on_domain(const char *d, void *user)
{
    bsample *b = user;
    if (mm_url_benign_split(d) != MM_URL_SPLIT_TEST)
        return 0;
    const char *urls[MM_URL_BENIGN_PER_DOMAIN];
    mm_arena_reset(b->u);
    size_t n = mm_url_benign_urls(d, b->u, urls, MM_URL_BENIGN_PER_DOMAIN);
    for (size_t i = 0; i < n; i++) {
        mm_arena_reset(b->a);
        mm_verdict v;
        if (mm_screen_url(&b->ctx, urls[i], b->a, &v, NULL) != MM_OK)
            continue;
        b->urls++;
        b->flagged += v.action >= MM_VERDICT_WARN;
    }
    return 0;
}

Test(url_eval, floors_on_2024_and_held_out_benign, .timeout = 180)
{
    const char *shared = getenv("MAMORU_SHARED_DATA") ? getenv("MAMORU_SHARED_DATA")
                                                        : "../shared/data";
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/jpcert-phishurl", shared);
    FILE *probe = fopen(dir, "r");
    if (probe == NULL)
        cr_skip_test("%s absent: no evaluation data", dir);
    fclose(probe);
    /* the risk model trained here on months <= 2023-12 exactly as train-url
     * trains the shipped one (which also sees 2024) */
    mm_url_model *dict = NULL;
    mm_error e0 = {0};
    cr_assert_eq(mm_url_model_load_with("data", NULL, 0, &dict, &e0), MM_OK, "%s", e0.message);
    char ph[1100], bn[2300];
    snprintf(ph, sizeof ph, "%s/jpcert-phishurl", shared);
    snprintf(bn, sizeof bn,
             "%s/benign-domains/opendns-top-domains.txt,%s/benign-domains/kikobeats-top-sites.json",
             shared, shared);
    mm_url_train_data td = {.phish = ph, .benign = bn, .until = "2023-12", .fpr = 0.001};
    mm_url_train_opts to = MM_URL_TRAIN_DEFAULTS;
    mm_buf mb = {0};
    mm_url_train_report rep;
    cr_assert_eq(mm_url_train_from_data(&td, &to, dict, &mb, &rep, &e0), MM_OK, "%s", e0.message);
    cr_assert_gt(rep.phish, 150000);
    cr_assert_gt(rep.valid_urls, 10000);
    /* the warn threshold keeps a margin over the plain 0.1% validation point
     * (domain bootstrap, src/ingest/url_train_data.c) */
    cr_assert_gt(rep.threshold, rep.threshold_point, "threshold %.6f vs plain point %.6f",
                 rep.threshold, rep.threshold_point);
    mm_url_model *Mshared = NULL;
    cr_assert_eq(mm_url_model_load_with("data", mb.data, mb.len, &Mshared, &e0), MM_OK, "%s",
                 e0.message);
    mm_buf_free(&mb);
    mm_url_model_free(dict);
    sample s = {.ctx = {.url = Mshared, .thresholds = MM_THRESHOLDS_DEFAULT},
                .a = mm_arena_new(0),
                .m = Mshared};
    mm_error e = {0};
    cr_assert_eq(mm_url_corpus_read(dir, on_row, &s, &e), MM_OK, "%s", e.message);
    bsample b = {.ctx = s.ctx, .a = mm_arena_new(0), .u = mm_arena_new(0)};
    char path[1100];
    snprintf(path, sizeof path, "%s/benign-domains/opendns-top-domains.txt", shared);
    cr_assert_eq(mm_url_benign_read(path, on_domain, &b, &e), MM_OK, "%s", e.message);
    snprintf(path, sizeof path, "%s/benign-domains/kikobeats-top-sites.json", shared);
    cr_assert_eq(mm_url_benign_read(path, on_domain, &b, &e), MM_OK, "%s", e.message);

    double recall = (double)s.flagged / (double)s.kept;
    double fpr = (double)b.flagged / (double)b.urls;
    double attr = s.named ? (double)s.attributed / (double)s.named : 0;
    cr_log_info("2024 sample: %zu rows, recall %.3f; brand named in %zu, attribution %.3f; "
                "benign %zu URLs, FPR %.4f%%",
                s.kept, recall, s.named, attr, b.urls, 100 * fpr);
    cr_assert_gt(s.kept, 5000);
    cr_assert_gt(b.urls, 20000);
    cr_assert_geq(recall, RECALL_FLOOR, "2024 recall %.3f below the floor", recall);
    cr_assert_leq(fpr, FPR_CEILING, "benign FPR %.4f above the ceiling", fpr);
    cr_assert_geq(attr, ATTR_FLOOR, "brand attribution %.3f below the floor", attr);
    mm_arena_free(s.a);
    mm_arena_free(b.a);
    mm_arena_free(b.u);
    mm_url_model_free(Mshared);
}
