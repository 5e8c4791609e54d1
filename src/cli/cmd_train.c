/*
 * cmd_train.c — `mamoru train --in labelled.tsv[,more] --out model.bin`:
 * trains the message classifier (character n-gram logistic regression,
 * src/screen/message_classifier.c) and writes the versioned model file
 * that data/message_model.bin ships.
 *
 * Input files, one example a line:
 *   corpus TSV   label<TAB>category<TAB>channel<TAB>text<TAB>source   (tests/corpus/)
 *   plain TSV    label<TAB>text                                      (UCI SMS Spam Collection)
 *   CSV (*.csv)  label,TEXT,...  with RFC 4180 quoting                (Mishra & Soni smishing)
 * Labels fraud / spam / smishing / phishing / 1 are positive; benign / ham / 0
 * negative; '#' lines and a header line are skipped. --holdout P keeps the
 * examples whose text hashes into the first P percent out of training
 * (mm_text_heldout), so bench/eval_messages can measure on them honestly.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/ingest_message.h"
#include "mamoru/screen_message.h"

static const cli_command train_cmd = {
    "train", "train the message classifier",
    "mamoru train --in FILE[,FILE...] --out MODEL [--holdout PERCENT] [--bits 14-20]\n"
    "             [--epochs N] [--fpr RATE | --threshold P]\n"
    "  FILE: corpus TSV (label,category,channel,text,source), label<TAB>text, or CSV (.csv)",
    NULL};

typedef struct train_state {
    mm_text_trainer *t;
    int holdout;
    size_t used, held, skipped;
} train_state;

static int add_example(const mm_labelled *ex, void *user)
{
    train_state *s = user;
    if (s->holdout > 0 && mm_text_heldout(ex->text, ex->len, s->holdout)) {
        s->held++;
        return 0;
    }
    mm_error e;
    if (mm_text_trainer_add(s->t, ex->text, ex->len, ex->label, &e) == MM_OK)
        s->used++;
    else
        s->skipped++;
    return 0;
}

static int read_file(train_state *s, const char *path)
{
    mm_error e;
    mm_error_clear(&e);
    mm_status st = mm_labelled_read(path, add_example, s, &s->skipped, &e);
    return st == MM_OK ? 0 : cli_fail(&e, st);
}

int cmd_train(int argc, char **argv)
{
    static const char *const values[] = {"--in",     "--out",       "--holdout", "--bits",
                                         "--epochs", "--threshold", "--fpr",     NULL};
    cli_args a;
    int rc = cli_parse(argc, argv, values, NULL, &a, &train_cmd);
    if (rc || a.help)
        return rc;
    const char *in = cli_get(&a, "--in"), *out = cli_get(&a, "--out");
    if (in == NULL || out == NULL || a.common.npositional) {
        fprintf(stderr, "mamoru train: --in and --out are required\nusage: %s\n", train_cmd.usage);
        return EXIT_USAGE;
    }
    mm_train_opts o = MM_TRAIN_DEFAULTS;
    long long v;
    if ((v = cli_int_opt(&a, "--bits", 14, 20)) == -1)
        return EXIT_USAGE;
    if (v >= 0)
        o.hash_bits = (int)v;
    if ((v = cli_int_opt(&a, "--epochs", 1, 200)) == -1)
        return EXIT_USAGE;
    if (v >= 0)
        o.epochs = (int)v;
    long long hold = cli_int_opt(&a, "--holdout", 0, 90);
    if (hold == -1)
        return EXIT_USAGE;
    const char *th = cli_get(&a, "--threshold");
    if (th) {
        char *end;
        o.threshold = strtod(th, &end);
        if (*end || !(o.threshold > 0 && o.threshold < 1)) {
            fprintf(stderr, "mamoru train: --threshold: '%s' is not a probability in (0,1)\n", th);
            return EXIT_USAGE;
        }
    }
    const char *fpr = cli_get(&a, "--fpr");
    if (fpr) {
        char *end;
        o.fpr = strtod(fpr, &end);
        if (*end || !(o.fpr >= 0 && o.fpr < 0.5)) {
            fprintf(stderr, "mamoru train: --fpr: '%s' is not a rate in [0,0.5)\n", fpr);
            return EXIT_USAGE;
        }
    } else if (th) {
        o.fpr = 0; /* an explicit threshold is used as given */
    }
    train_state s = {.t = mm_text_trainer_new(&o), .holdout = hold > 0 ? (int)hold : 0};
    if (s.t == NULL)
        return EXIT_FAIL;
    char *list = strdup(in);
    rc = 0;
    for (char *save = NULL, *f = strtok_r(list, ",", &save); f && !rc;
         f = strtok_r(NULL, ",", &save))
        rc = read_file(&s, f);
    free(list);
    mm_error e;
    mm_error_clear(&e);
    mm_buf model = {0};
    mm_status st = MM_OK;
    if (!rc && (st = mm_text_trainer_fit(s.t, &e)) == MM_OK &&
        (st = mm_text_trainer_save(s.t, &model, &e)) == MM_OK) {
        FILE *f = fopen(out, "wb");
        if (f == NULL || fwrite(model.data, 1, model.len, f) != model.len || fclose(f) != 0) {
            fprintf(stderr, "mamoru train: cannot write %s\n", out);
            rc = EXIT_FAIL;
        } else {
            printf("trained on %zu examples (%zu fraud, %zu benign); %zu held out, %zu skipped; "
                   "threshold %.4f; wrote %s (%zu bytes)\n",
                   s.used, mm_text_trainer_count(s.t, 1), mm_text_trainer_count(s.t, 0), s.held,
                   s.skipped, mm_text_trainer_threshold(s.t), out, model.len);
        }
    }
    if (st != MM_OK)
        rc = cli_fail(&e, st);
    mm_buf_free(&model);
    mm_text_trainer_free(s.t);
    return rc;
}
