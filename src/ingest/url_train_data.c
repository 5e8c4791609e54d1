/*
 * url_train_data.c — the whole recipe of the URL risk model from the
 * corpora on disk: read the JPCERT/CC rows of a month range, synthesise the
 * benign URLs of the popular domains, fit, pick the threshold on the
 * validation split, serialise the model file.
 *
 * Why one function: `mamoru train-url` (the shipped data/url_model.bin),
 * bench/eval_url and the floors test (both train on months <= 2023-12 and
 * score 2024) must build the model the SAME way, or the evaluation would
 * measure a different model from the one shipped. Honest by construction:
 * phishing rows outside [from, until] are never added; benign domains of the
 * test split (mm_url_benign_split) are never read into anything; the
 * threshold is the 0.1%-FPR point (fpr) of the validation URLs, which the
 * fit did not see, with a margin for the few domains that point rests on
 * (bootstrap_threshold). Identical URLs are trained on once.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"

/* A set of 64-bit URL hashes, to train on each distinct URL once. */
typedef struct hset {
    uint64_t *t;
    size_t mask, n;
} hset;

static int hset_add(hset *s, uint64_t h) /* 1 added, 0 present, -1 no memory */
{
    if (h == 0)
        h = 1;
    if ((s->n + 1) * 2 > (s->t ? s->mask + 1 : 0)) {
        size_t cap = s->t ? (s->mask + 1) * 2 : 1 << 16;
        uint64_t *t = calloc(cap, sizeof *t);
        if (t == NULL)
            return -1;
        for (size_t i = 0; s->t && i <= s->mask; i++)
            if (s->t[i]) {
                size_t j = s->t[i] & (cap - 1);
                while (t[j])
                    j = (j + 1) & (cap - 1);
                t[j] = s->t[i];
            }
        free(s->t);
        s->t = t;
        s->mask = cap - 1;
    }
    size_t j = h & s->mask;
    while (s->t[j]) {
        if (s->t[j] == h)
            return 0;
        j = (j + 1) & s->mask;
    }
    s->t[j] = h;
    s->n++;
    return 1;
}

typedef struct ctx {
    mm_url_trainer *tr;
    char from[8], until[8]; /* "YYYY-MM"; from may be "" */
    hset seen;
    mm_arena *a;
    char **valid;
    uint32_t *valid_dom; /* validation URL → its domain's number (for the bootstrap) */
    size_t nvalid, valid_cap;
    mm_url_train_report *rep;
    bool oom;
} ctx;

static int on_phish(const mm_url_corpus_row *r, void *user)
{
    ctx *c = user;
    if ((c->from[0] && strncmp(r->date, c->from, 7) < 0) || strncmp(r->date, c->until, 7) > 0)
        return 0;
    c->rep->rows++;
    int added = hset_add(&c->seen, XXH3_64bits(r->url, strlen(r->url)));
    if (added < 0) {
        c->oom = true;
        return 1;
    }
    if (added == 0) {
        c->rep->dup++;
        return 0;
    }
    if (mm_url_trainer_add(c->tr, r->url, 1, NULL) != MM_OK)
        c->rep->unparsable++;
    return 0;
}

static int on_benign(const char *domain, void *user)
{
    ctx *c = user;
    mm_url_split sp = mm_url_benign_split(domain);
    c->rep->test_domains += sp == MM_URL_SPLIT_TEST;
    if (sp == MM_URL_SPLIT_TEST)
        return 0; /* never read: the evaluation's untouched benign split */
    const char *urls[MM_URL_BENIGN_PER_DOMAIN];
    mm_arena_reset(c->a);
    size_t n = mm_url_benign_urls(domain, c->a, urls, MM_URL_BENIGN_PER_DOMAIN);
    for (size_t i = 0; i < n; i++) {
        int added = hset_add(&c->seen, XXH3_64bits(urls[i], strlen(urls[i])));
        if (added < 0) {
            c->oom = true;
            return 1;
        }
        if (added == 0)
            continue; /* the same domain listed twice */
        if (sp == MM_URL_SPLIT_TRAIN) {
            mm_url_trainer_add(c->tr, urls[i], 0, NULL);
            continue;
        }
        if (c->nvalid == c->valid_cap) {
            c->valid_cap = c->valid_cap ? c->valid_cap * 2 : 1024;
            char **nv = realloc(c->valid, c->valid_cap * sizeof *nv);
            if (nv)
                c->valid = nv;
            uint32_t *nd = realloc(c->valid_dom, c->valid_cap * sizeof *nd);
            if (nd)
                c->valid_dom = nd;
            if (nv == NULL || nd == NULL) {
                c->oom = true;
                return 1;
            }
        }
        if ((c->valid[c->nvalid] = strdup(urls[i])) == NULL) {
            c->oom = true;
            return 1;
        }
        c->valid_dom[c->nvalid] = (uint32_t)c->rep->valid_domains;
        c->nvalid++;
    }
    c->rep->train_domains += sp == MM_URL_SPLIT_TRAIN;
    c->rep->valid_domains += sp == MM_URL_SPLIT_CALIB;
    return 0;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Score at which at most fpr of the n scores in s are above (s is sorted). */
static double point(double *s, size_t n, double fpr)
{
    qsort(s, n, sizeof *s, cmp_desc);
    size_t k = (size_t)floor(fpr * (double)n);
    return n == 0 ? 0.5 : k < n ? s[k] : s[n - 1];
}

#define BOOT_ROUNDS 200
#define BOOT_LEVEL 0.95

/* The warn threshold with a margin for the size of the validation split.
 * The fpr point of ~2,000 validation domains is set by the two or three
 * domains that happen to look most like throw-away phishing hosts (eight
 * URLs each, so their URLs are not independent draws), and a fresh set of
 * domains has different ones: the plain point lets through about twice fpr
 * on new domains. So the validation DOMAINS are resampled with replacement
 * BOOT_ROUNDS times (fixed seed: train-url stays byte-for-byte
 * reproducible), the fpr point is taken in each resample, and the threshold
 * is the BOOT_LEVEL quantile of those points — one that keeps the false
 * positive rate at or under fpr on 95% of domain sets like the validation
 * one. sc holds the validation scores in URL order (dom: each one's domain
 * number, ascending). */
static double bootstrap_threshold(const double *sc, const uint32_t *dom, size_t n, size_t ndom,
                                  double fpr, double *plain)
{
    double *all = malloc((n ? n : 1) * sizeof *all);
    size_t *start = calloc(ndom + 1, sizeof *start);
    double *pts = malloc(BOOT_ROUNDS * sizeof *pts);
    double *buf = malloc((n ? 2 * n + 64 : 1) * sizeof *buf);
    if (all == NULL || start == NULL || pts == NULL || buf == NULL || ndom == 0) {
        free(all);
        free(start);
        free(pts);
        free(buf);
        return -1;
    }
    memcpy(all, sc, n * sizeof *all);
    *plain = point(all, n, fpr);
    for (size_t i = 0, d = 0; d <= ndom; d++) { /* URLs of domain d: start[d] .. start[d+1] */
        while (i < n && dom[i] < d)
            i++;
        start[d] = i;
    }
    start[ndom] = n;
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    size_t cap = 2 * n + 64;
    for (int r = 0; r < BOOT_ROUNDS; r++) {
        size_t m = 0;
        for (size_t k = 0; k < ndom; k++) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            size_t d = (size_t)(rng % ndom);
            for (size_t i = start[d]; i < start[d + 1] && m < cap; i++)
                buf[m++] = sc[i];
        }
        pts[r] = point(buf, m, fpr);
    }
    qsort(pts, BOOT_ROUNDS, sizeof *pts, cmp_desc);
    double t = pts[(size_t)floor((1.0 - BOOT_LEVEL) * BOOT_ROUNDS)];
    free(all);
    free(start);
    free(pts);
    free(buf);
    return t;
}

/* Each comma-separated path of list through read(path). */
static mm_status each_path(const char *list, mm_status (*read)(const char *, void *, ctx *,
                                                                 mm_error *),
                           ctx *c, mm_error *err)
{
    char *dup = strdup(list);
    if (dup == NULL)
        return mm_error_set(err, MM_ENOMEM, "train", "out of memory");
    mm_status st = MM_OK;
    char *save = NULL;
    for (char *s = strtok_r(dup, ",", &save); s && st == MM_OK; s = strtok_r(NULL, ",", &save))
        st = read(s, NULL, c, err);
    free(dup);
    return st;
}

static mm_status read_phish(const char *path, void *unused, ctx *c, mm_error *err)
{
    (void)unused;
    return mm_url_corpus_read(path, on_phish, c, err);
}

static mm_status read_benign(const char *path, void *unused, ctx *c, mm_error *err)
{
    (void)unused;
    return mm_url_benign_read(path, on_benign, c, err);
}

mm_status mm_url_train_from_data(const mm_url_train_data *d, const struct mm_url_train_opts *o,
                                 const mm_url_model *dict, mm_buf *model,
                                 mm_url_train_report *rep, mm_error *err)
{
    mm_url_train_report local = {0};
    if (rep == NULL)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    if (d == NULL || d->phish == NULL || d->benign == NULL || d->until == NULL || model == NULL)
        return mm_error_set(err, MM_EINVAL, "train", "phishing, benign, until and output needed");
    ctx c = {.rep = rep};
    snprintf(c.until, sizeof c.until, "%.7s", d->until);
    if (d->from)
        snprintf(c.from, sizeof c.from, "%.7s", d->from);
    c.a = mm_arena_new(0);
    c.tr = mm_url_trainer_new(o, dict);
    mm_status st = MM_OK;
    if (c.a == NULL || c.tr == NULL)
        st = mm_error_set(err, MM_ENOMEM, "train", "out of memory");
    if (st == MM_OK)
        st = each_path(d->phish, read_phish, &c, err);
    if (st == MM_OK)
        st = each_path(d->benign, read_benign, &c, err);
    if (st == MM_OK && c.oom)
        st = mm_error_set(err, MM_ENOMEM, "train", "out of memory");
    if (st == MM_OK) {
        rep->phish = mm_url_trainer_count(c.tr, 1);
        rep->benign = mm_url_trainer_count(c.tr, 0);
        rep->valid_urls = c.nvalid;
        /* class balance: the benign side weighs as much as the phishing side
         * in total, unless told otherwise */
        rep->benign_weight = d->benign_weight > 0 ? d->benign_weight
                             : rep->benign       ? (double)rep->phish / (double)rep->benign
                                                 : 1.0;
        mm_url_trainer_set_benign_weight(c.tr, rep->benign_weight);
        st = mm_url_trainer_fit(c.tr, err);
    }
    if (st == MM_OK) {
        /* threshold: the validation URLs' score quantile */
        double *sc = malloc((c.nvalid ? c.nvalid : 1) * sizeof *sc);
        if (sc == NULL) {
            st = mm_error_set(err, MM_ENOMEM, "train", "out of memory");
        } else {
            for (size_t i = 0; i < c.nvalid; i++)
                sc[i] = mm_url_trainer_predict(c.tr, c.valid[i]);
            double plain = 0.5;
            double thr = bootstrap_threshold(sc, c.valid_dom, c.nvalid, rep->valid_domains,
                                             d->fpr, &plain);
            if (thr < 0)
                thr = plain = point(sc, c.nvalid, d->fpr);
            rep->threshold_point = plain;
            thr = thr + 1e-6;
            if (thr < 0.5)
                thr = 0.5; /* never warn on a URL the model thinks more likely benign */
            if (thr >= 1)
                thr = 0.999999;
            free(sc);
            rep->threshold = thr;
            mm_url_trainer_set_threshold(c.tr, thr);
            st = mm_url_trainer_save(c.tr, model, err);
        }
    }
    for (size_t i = 0; i < c.nvalid; i++)
        free(c.valid[i]);
    free(c.valid);
    free(c.valid_dom);
    free(c.seen.t);
    mm_url_trainer_free(c.tr);
    mm_arena_free(c.a);
    return st;
}
