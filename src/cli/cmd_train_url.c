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

static bool month_ok(const char *s)
{
    return s && strlen(s) == 7 && s[4] == '-' && strspn(s, "0123456789-") == 7;
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
    /* the dictionaries, not the old model file: training must not depend on it */
    const char *dir = data ? data : "data";
    mm_status st = mm_url_model_load_with(dir, NULL, 0, &dict, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    if (dict == NULL) {
        fprintf(stderr, "mamoru train-url: %s has none of brands.tsv, url_suffixes.tsv, "
                        "url_lures.tsv, confusables.tsv\n",
                dir);
        return EXIT_FAIL;
    }
    mm_url_train_data d = {.phish = phish, .benign = benign, .from = from, .until = until,
                           .fpr = fpr,
                           .benign_weight = cli_get(&a, "--benign-weight")
                                                ? atof(cli_get(&a, "--benign-weight"))
                                                : 0};
    mm_url_train_report r;
    mm_buf buf = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = mm_url_train_from_data(&d, &o, dict, &buf, &r, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
        goto out;
    }
    fprintf(stderr,
            "train-url: %zu phishing rows %s%s..%s (%zu distinct trained, %zu unparsable), "
            "%zu benign URLs from %zu domains (validation %zu domains, %zu URLs; test %zu "
            "domains never read)\n",
            r.rows, from ? from : "", from ? "" : "start", until, r.phish, r.unparsable, r.benign,
            r.train_domains, r.valid_domains, r.valid_urls, r.test_domains);
    FILE *f = fopen(outp, "wb");
    if (f == NULL || fwrite(buf.data, 1, buf.len, f) != buf.len || fclose(f) != 0) {
        fprintf(stderr, "mamoru train-url: cannot write %s\n", outp);
        rc = EXIT_FAIL;
        goto out;
    }
    printf("{\"out\":\"%s\",\"features\":\"%s\",\"hash_bits\":%d,\"epochs\":%d,"
           "\"phish\":%zu,\"benign\":%zu,\"benign_weight\":%.4f,\"validation_urls\":%zu,"
           "\"threshold\":%.6f,\"threshold_point\":%.6f,\"bytes\":%zu,\"seconds\":%.1f}\n",
           outp, o.features == MM_URL_FEATURES_FULL ? "full" : "baseline", o.hash_bits, o.epochs,
           r.phish, r.benign, r.benign_weight, r.valid_urls, r.threshold, r.threshold_point, buf.len,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
out:
    mm_buf_free(&buf);
    mm_url_model_free(dict);
    return rc;
}
