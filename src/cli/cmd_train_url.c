/*
 * cmd_train_url.c — `mamoru train-url`: fit the URL risk model on JPCERT/CC
 * phishing URLs up to a month and on benign URLs synthesised from popular
 * domains, pick its warn threshold on held-out benign domains, write the
 * versioned model file.
 *
 * Honest by construction: phishing rows after --until are never read (the
 * evaluation tests on later months); benign domains are split by a salted
 * hash (mm_url_benign_split) — the test 30% is never read here at all, and
 * the threshold is chosen on the validation 20% that the fit did not see.
 * Identical URLs are trained on once.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "cli/cli.h"
#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"

/* A set of 64-bit URL hashes, to train on each distinct URL once. */
typedef struct hset {
    uint64_t *t;
    size_t mask, n;
} hset;

static bool hset_add(hset *s, uint64_t h)
{
    if (h == 0)
        h = 1;
    if ((s->n + 1) * 2 > (s->t ? s->mask + 1 : 0)) {
        size_t cap = s->t ? (s->mask + 1) * 2 : 1 << 16;
        uint64_t *t = calloc(cap, sizeof *t);
        if (t == NULL)
            return false;
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
            return false;
        j = (j + 1) & s->mask;
    }
    s->t[j] = h;
    s->n++;
    return true;
}

typedef struct train_ctx {
    mm_url_trainer *tr;
    char from[8], until[8]; /* "YYYY-MM" */
    hset seen;
    size_t rows, skipped_bad, dup;
    /* benign */
    mm_arena *a;
    char **calib;
    size_t ncalib, calib_cap;
    size_t benign_train_domains, benign_calib_domains, benign_test_domains;
    mm_url_trainer *benign_sink; /* NULL on the first pass */
} train_ctx;

static int on_phish(const mm_url_corpus_row *r, void *user)
{
    train_ctx *c = user;
    if ((c->from[0] && strncmp(r->date, c->from, 7) < 0) || strncmp(r->date, c->until, 7) > 0)
        return 0;
    c->rows++;
    if (!hset_add(&c->seen, XXH3_64bits(r->url, strlen(r->url)))) {
        c->dup++;
        return 0;
    }
    if (mm_url_trainer_add(c->tr, r->url, 1, NULL) != MM_OK)
        c->skipped_bad++;
    return 0;
}

static int on_benign(const char *domain, void *user)
{
    train_ctx *c = user;
    mm_url_split sp = mm_url_benign_split(domain);
    const char *urls[MM_URL_BENIGN_PER_DOMAIN];
    mm_arena_reset(c->a);
    size_t n = mm_url_benign_urls(domain, c->a, urls, MM_URL_BENIGN_PER_DOMAIN);
    for (size_t i = 0; i < n; i++) {
        if (!hset_add(&c->seen, XXH3_64bits(urls[i], strlen(urls[i]))))
            continue; /* the same domain listed twice */
        if (sp == MM_URL_SPLIT_TRAIN) {
            mm_url_trainer_add(c->tr, urls[i], 0, NULL);
        } else if (sp == MM_URL_SPLIT_CALIB) {
            if (c->ncalib == c->calib_cap) {
                c->calib_cap = c->calib_cap ? c->calib_cap * 2 : 1024;
                char **nc = realloc(c->calib, c->calib_cap * sizeof *nc);
                if (nc == NULL)
                    return 1;
                c->calib = nc;
            }
            c->calib[c->ncalib++] = strdup(urls[i]);
        }
    }
    c->benign_train_domains += sp == MM_URL_SPLIT_TRAIN;
    c->benign_calib_domains += sp == MM_URL_SPLIT_CALIB;
    c->benign_test_domains += sp == MM_URL_SPLIT_TEST;
    return 0;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

static bool month_ok(const char *s)
{
    return s && strlen(s) == 7 && s[4] == '-' && strspn(s, "0123456789-") == 7;
}

/* Read the four dictionaries (not the old model file: training must not
 * depend on it). */
static mm_status load_dict(const char *dir, mm_url_model **out, mm_error *err)
{
    static const char *const names[] = {"brands.tsv", "url_suffixes.tsv", "url_lures.tsv",
                                        "confusables.tsv"};
    char *buf[4] = {0};
    size_t len[4] = {0};
    mm_status st = MM_OK;
    for (int i = 0; i < 4 && st == MM_OK; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        st = mm_read_file(path, &buf[i], &len[i], err);
    }
    if (st == MM_OK) {
        mm_url_model_src src = {buf[0], len[0], buf[1], len[1], buf[2], len[2], buf[3], len[3],
                                NULL, 0};
        st = mm_url_model_parse(&src, out, err);
    }
    for (int i = 0; i < 4; i++)
        free(buf[i]);
    return st;
}

static const char *const value_opts[] = {"--phish", "--benign", "--from", "--until", "--out",
                                         "--data", "--bits", "--epochs", "--fpr",
                                         "--benign-weight", "--rate", NULL};
static const char *const flag_opts[] = {"--baseline", NULL};

int cmd_train_url(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(argc, argv, value_opts, flag_opts, &a, cli_find("train-url"));
    if (rc || a.help)
        return rc;
    const char *phish = cli_get(&a, "--phish"), *benign = cli_get(&a, "--benign");
    const char *until = cli_get(&a, "--until"), *from = cli_get(&a, "--from");
    const char *outp = cli_get(&a, "--out"), *data = cli_get(&a, "--data");
    if (!phish || !benign || !until || !outp) {
        fprintf(stderr, "mamoru train-url: --phish, --benign, --until and --out are required\n"
                        "usage: %s\n",
                cli_find("train-url")->usage);
        return EXIT_USAGE;
    }
    if (!month_ok(until) || (from && !month_ok(from))) {
        fprintf(stderr, "mamoru train-url: --until/--from: '%s' is not YYYY-MM\n",
                month_ok(until) ? from : until);
        return EXIT_USAGE;
    }
    mm_url_train_opts o = MM_URL_TRAIN_DEFAULTS;
    o.features = cli_flag(&a, "--baseline") ? MM_URL_FEATURES_BASELINE : MM_URL_FEATURES_FULL;
    long long v;
    if ((v = cli_int_opt(&a, "--bits", 16, 22)) == -1)
        return EXIT_USAGE;
    if (v >= 0)
        o.hash_bits = (int)v;
    if ((v = cli_int_opt(&a, "--epochs", 1, 100)) == -1)
        return EXIT_USAGE;
    if (v >= 0)
        o.epochs = (int)v;
    double fpr = cli_get(&a, "--fpr") ? atof(cli_get(&a, "--fpr")) : 0.001;
    if (!(fpr >= 0 && fpr < 0.5)) {
        fprintf(stderr, "mamoru train-url: --fpr '%s' is not in [0, 0.5)\n", cli_get(&a, "--fpr"));
        return EXIT_USAGE;
    }
    if (cli_get(&a, "--rate"))
        o.rate = atof(cli_get(&a, "--rate"));

    mm_error err = {0};
    mm_url_model *dict = NULL;
    mm_status st = load_dict(data ? data : "data", &dict, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    train_ctx c = {0};
    snprintf(c.until, sizeof c.until, "%s", until);
    if (from)
        snprintf(c.from, sizeof c.from, "%s", from);
    c.a = mm_arena_new(0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    c.tr = mm_url_trainer_new(&o, dict);
    if (c.tr == NULL || c.a == NULL) {
        fprintf(stderr, "mamoru train-url: out of memory\n");
        rc = EXIT_FAIL;
        goto out;
    }
    char *list = strdup(phish);
    for (char *s = strtok(list, ","); s && st == MM_OK; s = strtok(NULL, ","))
        st = mm_url_corpus_read(s, on_phish, &c, &err);
    free(list);
    list = strdup(benign);
    for (char *s = strtok(list, ","); s && st == MM_OK; s = strtok(NULL, ","))
        st = mm_url_benign_read(s, on_benign, &c, &err);
    free(list);
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
        goto out;
    }
    size_t np = mm_url_trainer_count(c.tr, 1), nb = mm_url_trainer_count(c.tr, 0);
    fprintf(stderr,
            "train-url: %zu phishing rows %s%s..%s (%zu distinct trained, %zu unparsable), "
            "%zu benign URLs from %zu domains (validation %zu domains, test %zu held out)\n",
            c.rows, from ? from : "", from ? "" : "start", until, np, c.skipped_bad, nb,
            c.benign_train_domains, c.benign_calib_domains, c.benign_test_domains);
    /* class balance: the benign side weighs as much as the phishing side in
     * total, unless told otherwise */
    double bw = cli_get(&a, "--benign-weight") ? atof(cli_get(&a, "--benign-weight"))
                                                : (nb ? (double)np / (double)nb : 1.0);
    o.benign_weight = bw;
    mm_url_trainer_set_benign_weight(c.tr, bw);
    if (st == MM_OK)
        st = mm_url_trainer_fit(c.tr, &err);
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
        goto out;
    }
    /* threshold: the calibration benign URLs' score quantile */
    double *sc = malloc((c.ncalib ? c.ncalib : 1) * sizeof *sc);
    for (size_t i = 0; i < c.ncalib; i++)
        sc[i] = mm_url_trainer_predict(c.tr, c.calib[i]);
    qsort(sc, c.ncalib, sizeof *sc, cmp_desc);
    size_t k = (size_t)floor(fpr * (double)c.ncalib);
    double thr = c.ncalib == 0 ? 0.5 : k < c.ncalib ? sc[k] : sc[c.ncalib - 1];
    thr = thr + 1e-6;
    if (thr < 0.5)
        thr = 0.5; /* never warn on a URL the model thinks more likely benign */
    if (thr >= 1)
        thr = 0.999999;
    free(sc);
    mm_url_trainer_set_threshold(c.tr, thr);
    mm_buf buf = {0};
    st = mm_url_trainer_save(c.tr, &buf, &err);
    if (st == MM_OK) {
        FILE *f = fopen(outp, "wb");
        if (f == NULL || fwrite(buf.data, 1, buf.len, f) != buf.len || fclose(f) != 0) {
            fprintf(stderr, "mamoru train-url: cannot write %s\n", outp);
            rc = EXIT_FAIL;
        }
    } else {
        rc = cli_fail(&err, st);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc == 0)
        printf("{\"out\":\"%s\",\"features\":\"%s\",\"hash_bits\":%d,\"epochs\":%d,"
               "\"phish\":%zu,\"benign\":%zu,\"benign_weight\":%.4f,\"calibration_urls\":%zu,"
               "\"threshold\":%.6f,\"bytes\":%zu,\"seconds\":%.1f}\n",
               outp, o.features == MM_URL_FEATURES_FULL ? "full" : "baseline", o.hash_bits,
               o.epochs, mm_url_trainer_count(c.tr, 1), mm_url_trainer_count(c.tr, 0), bw,
               c.ncalib, thr, buf.len,
               (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    mm_buf_free(&buf);
out:
    for (size_t i = 0; i < c.ncalib; i++)
        free(c.calib[i]);
    free(c.calib);
    free(c.seen.t);
    mm_url_trainer_free(c.tr);
    mm_arena_free(c.a);
    mm_url_model_free(dict);
    return rc;
}
