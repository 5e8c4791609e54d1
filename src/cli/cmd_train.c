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
#include <strings.h>

#include "cli/cli.h"
#include "mamoru/screen_message.h"

static const cli_command train_cmd = {
    "train", "train the message classifier",
    "mamoru train --in FILE[,FILE...] --out MODEL [--holdout PERCENT] [--bits 14-20]\n"
    "             [--epochs N] [--threshold P]\n"
    "  FILE: corpus TSV (label,category,channel,text,source), label<TAB>text, or CSV (.csv)",
    NULL};

static int label_of(const char *s, size_t n)
{
    static const char *const pos[] = {"fraud", "spam", "smishing", "phishing", "1"};
    static const char *const neg[] = {"benign", "ham", "0"};
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
        if (strlen(pos[i]) == n && strncasecmp(s, pos[i], n) == 0)
            return 1;
    for (size_t i = 0; i < sizeof neg / sizeof neg[0]; i++)
        if (strlen(neg[i]) == n && strncasecmp(s, neg[i], n) == 0)
            return 0;
    return -1;
}

typedef struct train_state {
    mm_text_trainer *t;
    int holdout;
    size_t used, held, skipped;
} train_state;

static void add_example(train_state *s, int label, const char *text, size_t len)
{
    while (len && (*text == ' ' || *text == '\t')) /* some corpora indent */
        text++, len--;
    if (label < 0 || len == 0) {
        s->skipped++;
        return;
    }
    if (s->holdout > 0 && mm_text_heldout(text, len, s->holdout)) {
        s->held++;
        return;
    }
    mm_error e;
    if (mm_text_trainer_add(s->t, text, len, label, &e) == MM_OK)
        s->used++;
    else
        s->skipped++;
}

/* One CSV record starting at p: label and first text field (unquoted in
 * place into buf). Returns the position after the record. */
static const char *csv_record(const char *p, const char *end, mm_buf *lab, mm_buf *txt)
{
    mm_buf_reset(lab);
    mm_buf_reset(txt);
    for (int field = 0; p < end; field++) {
        mm_buf *out = field == 0 ? lab : field == 1 ? txt : NULL;
        if (*p == '"') {
            p++;
            while (p < end) {
                if (*p == '"' && p + 1 < end && p[1] == '"') {
                    if (out)
                        mm_buf_putc(out, '"');
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    if (out)
                        mm_buf_putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
                    p++;
                }
            }
        }
        while (p < end && *p != ',' && *p != '\n') {
            if (out && *p != '\r')
                mm_buf_putc(out, *p);
            p++;
        }
        if (p >= end || *p == '\n')
            return p < end ? p + 1 : end;
        p++; /* ',' */
    }
    return end;
}

static int read_file(train_state *s, const char *path)
{
    size_t len;
    char *buf = cli_read_file(path, &len);
    if (buf == NULL)
        return EXIT_FAIL;
    size_t pl = strlen(path);
    if (pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0) {
        mm_buf lab = {0}, txt = {0};
        const char *p = buf, *end = buf + len;
        bool first = true;
        while (p < end) {
            p = csv_record(p, end, &lab, &txt);
            if (first) { /* header */
                first = false;
                continue;
            }
            if (lab.data && txt.data)
                add_example(s, label_of(lab.data, lab.len), txt.data, txt.len);
        }
        mm_buf_free(&lab);
        mm_buf_free(&txt);
    } else {
        for (char *p = buf, *end = buf + len; p < end;) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            char *le = nl ? nl : end;
            if (le > p && le[-1] == '\r')
                le--;
            if (le > p && *p != '#') {
                const char *f[5];
                size_t fl[5];
                int n = 0;
                for (char *q = p; n < 5;) {
                    char *t = memchr(q, '\t', (size_t)(le - q));
                    f[n] = q;
                    fl[n++] = (size_t)((t ? t : le) - q);
                    if (t == NULL)
                        break;
                    q = t + 1;
                }
                if (n >= 4)
                    add_example(s, label_of(f[0], fl[0]), f[3], fl[3]);
                else if (n >= 2)
                    add_example(s, label_of(f[0], fl[0]), f[1],
                                (size_t)(le - f[1]));
            }
            p = nl ? nl + 1 : end;
        }
    }
    free(buf);
    return 0;
}

int cmd_train(int argc, char **argv)
{
    static const char *const values[] = {"--in",     "--out",    "--holdout",
                                         "--bits",   "--epochs", "--threshold", NULL};
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
                   "wrote %s (%zu bytes)\n",
                   s.used, mm_text_trainer_count(s.t, 1), mm_text_trainer_count(s.t, 0), s.held,
                   s.skipped, out, model.len);
        }
    }
    if (st != MM_OK)
        rc = cli_fail(&e, st);
    mm_buf_free(&model);
    mm_text_trainer_free(s.t);
    return rc;
}
