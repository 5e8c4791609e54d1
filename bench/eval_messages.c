/*
 * eval_messages.c — precision, recall and false-positive rate of message
 * screening, per category and overall, on mamoru's Japanese corpus
 * (tests/corpus/NAME.tsv) and the public English SMS corpora in ../shared/data
 * (UCI SMS Spam Collection, Mishra & Soni smishing set).
 *
 * A message counts as flagged when the verdict's action is not "allow"
 * (score >= the warn threshold). Three configurations are reported so the
 * classifier's share can be judged honestly:
 *   rules        phrases + co-occurrence rules + extraction + sender checks,
 *                no classifier (nothing here was fitted to the corpus
 *                automatically; the phrase lists were written by hand);
 *   full/held    rules + the shipped classifier, ONLY on the held-out split
 *                (mm_text_heldout 30%: data/message_model.bin was trained
 *                with `mamoru train --holdout 30`, so it never saw these);
 *   full/all     rules + classifier on everything (training data included:
 *                optimistic, shown for reference only).
 * --verbose lists the misclassified messages, except those of ja_blind3.tsv to
 * ja_blind20.tsv: those sets are kept blind (nothing may be tuned on them), so
 * only their totals are printed (ja_blind5 to 20: not even per category).
 * First runs, for the record (rules + classifier, recall at FPR <= 0.5% /
 * at the shipped warn threshold recall, FPR): ja_blind5 0.771 / -, ja_blind6
 * (2026-11-27, at c887cd2) 0.564 (score >= 91) / 0.923, 13.2% (12 of 91
 * genuine flagged). End of session 4 (rules fixed on five new development
 * sets, never on these): ja_blind5 0.857 / 0.957, 2.5%; ja_blind6 0.590 /
 * 0.910, 8.8%; ja_blind7 (first run) 0.820 (score >= 77) / 0.955, 4.6%.
 * ja_blind8 first run (2026-11-27, at 00b9d47): 0.728 (score >= 71) / 0.870,
 * 11.3% (12 of 106 genuine flagged); rules alone 0.587 / 0.826, 9.4%.
 * End of session 5 (rules fixed on ja_dev_hard5-7, never on these), rules +
 * classifier: ja_blind5 0.857 / 0.971, 1.3%; ja_blind6 0.577 / 0.910, 6.6%;
 * ja_blind7 0.820 / 0.955, 0.9%; ja_blind8 0.739 / 0.880, 8.5%; ja_blind9
 * (first run, at 5f2202f) 0.753 (score >= 80) / 0.921, 1.0% (1 of 102).
 * End of session 6 (rules fixed on ja_dev_hard8-11 and on texts written
 * against the rules, never on these), at a4c7ee9: ja_blind5 0.857 / 0.986,
 * 1.3%; ja_blind6 0.590 / 0.910, 4.4%; ja_blind7 0.831 / 0.966, 0.9%;
 * ja_blind8 0.750 / 0.880, 8.5%; ja_blind9 0.910 / 0.910, 0.0%; ja_blind10
 * (first run) 0.565 (score >= 93) / 0.880, 2.9% (3 of 103).
 * Session 7 (rules fixed on ja_dev_hard12 only), at 9d0080d: ja_blind5
 * 0.871 / 0.986, 1.3%; ja_blind6 to 10 unchanged; ja_blind11 (first run)
 * 0.576 (score >= 86) / 0.847, 1.8% (2 of 109); rules alone 0.706 (score
 * >= 61) / 0.800, 1.8%.
 * Session 8 (rules fixed on ja_dev_hard13-16 and on texts written against
 * the rules, never on these), at 8aa6a76: ja_blind5 0.871 / 1.000, 1.3%;
 * ja_blind6 0.590 / 0.923, 4.4%; ja_blind7 0.831 / 0.966, 0.9%; ja_blind8
 * 0.761 / 0.913, 8.5%; ja_blind9 0.921 / 0.921, 0.0%; ja_blind10 0.228
 * (score >= 99; was 0.565 at >= 93: one genuine message now scores higher)
 * / 0.891, 1.9%; ja_blind11 0.576 / 0.847, 1.8%; ja_blind12 (first run)
 * 0.809 (score >= 73) / 0.926, 5.0% (6 of 121); rules alone 0.681 (score
 * >= 70) / 0.851, 4.1%.
 * Session 9 (rules fixed on ja_dev_hard17-20, never on these), at the end:
 * ja_blind5 to 9, 11 and 12 unchanged; ja_blind10 0.250 (score >= 99) /
 * 0.891, 1.9%; ja_blind13 (first run) 0.624 (score >= 89) / 0.925, 1.6%
 * (2 of 122); rules alone 0.462 (score >= 89) / 0.828, 1.6%.
 * Session 10 (rules fixed on ja_dev_hard21), at 5757b05: ja_blind13 0.645
 * (score >= 89) / 0.925, 1.6%; ja_blind14 (first run) 0.485 (score >= 91)
 * / 0.883, 2.3% (3 of 133); rules alone 0.291 (score >= 91) / 0.738, 0.8%.
 * End of session 10 (rules fixed on ja_dev_hard21-23), at 4425d62:
 * ja_blind5 0.871 / 1.000, 1.3%; ja_blind6 0.590 / 0.923, 3.3%; ja_blind7
 * 0.843 / 0.966, 0.9%; ja_blind8 0.761 / 0.913, 1.9% (was 8.5%: made-up
 * numbers no longer warn alone); ja_blind9 0.921 / 0.921, 0.0%; ja_blind10
 * 0.250 / 0.891, 1.9%; ja_blind11 0.576 / 0.847, 1.8%; ja_blind12 0.809 /
 * 0.926, 5.0%; ja_blind13 0.634 / 0.925, 0.8%; ja_blind14 0.476 / 0.883,
 * 2.3%; ja_blind15 (first run, longer messages and asks without the
 * obvious words) 0.538 (score >= 87) / 0.925, 3.0% (4 of 135); rules alone
 * 0.387 / 0.764, 1.5%.
 * Session 13, at 868acc8: ja_blind16 (first run; a third foreign
 * residents in eight languages, a third 2025-26 phishing waves) 0.710
 * (score >= 75) / 0.870, 0.8% (1 of 130); rules alone 0.600 / 0.760, 0.8%.
 * Session 14, at b6ffd45: ja_blind17 (first run; 2025-26 smishing of
 * brands, offices and police, plain-worded crime jobs, a sixth in residents'
 * languages) 0.600 (score >= 93) / 0.970, 2.3% (3 of 130); rules alone
 * 0.370 / 0.940, 2.3%.
 * Session 15, at 32c1e19: ja_blind18 (first run; every category weighted
 * like 2025 losses, 2025-26 pretexts, 15% of the genuine in English): at
 * the shipped warn threshold 0.960, 1.5% (2 of 130); rules alone 0.870,
 * 1.5%.
 * Session 15, at dcfff1a: ja_blind19 (first run; the long tail without
 * the obvious words, polite DMs that ask only at the end, real numbers or
 * domains beside another link): 0.920, 1.5% (2 of 130); rules alone
 * 0.770, 0.8%.
 * Session 15, at a9c9d5b (after the dev31-dev33 fixes): ja_blind20 (first
 * run; a realistic 2026 mix, a fifth in residents' languages, half of the
 * fraud without alarm words): 0.880, 3.1% (4 of 130); rules alone 0.810,
 * 3.1%.
 * tests/corpus/ja_genuine_train.tsv and en_notices_train.tsv are classifier
 * training data (like ja_messages.tsv): only their held-out 30 % is
 * evaluated honestly. Since session 11 so are the development sets
 * (ja_dev_hard*): their figures guard against regressions, they no longer
 * measure the classifier. The blind sets were never given to the trainer.
 * tests/corpus/ja_blind.tsv, when present, was written after the rules were
 * frozen and is reported on its own; the classifier was not trained on it,
 * so its "rules + classifier" figures are held-out figures as a whole.
 *
 * A corpus line whose channel is "post" (ja_posts_dev.tsv) is screened
 * with mm_screen_post, as an SNS or job-board post; the others with
 * mm_screen_message.
 *
 *   build/bench/eval_messages [--verbose] [--data DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_message.h"
#include "mamoru/screen_message.h"

#define MAXCAT 32

typedef struct counts {
    char name[32];
    size_t pos, neg, tp, fp;
} counts;

typedef struct run {
    const mm_screen_ctx *ctx;
    int mode; /* 0 all, 1 held-out only */
    counts cat[MAXCAT];
    size_t ncat;
    counts total;
    mm_arena *a;
    bool verbose;
    const char *label;
    int *score; /* per message, for the recall at FPR <= 0.5 % sweep */
    char *lab;
    size_t n, cap;
} run;

static counts *cat_of(run *r, const char *name)
{
    for (size_t i = 0; i < r->ncat; i++)
        if (strcmp(r->cat[i].name, name) == 0)
            return &r->cat[i];
    if (r->ncat == MAXCAT)
        return &r->cat[MAXCAT - 1];
    counts *c = &r->cat[r->ncat++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    return c;
}

static int one(const mm_labelled *ex, void *user)
{
    run *r = user;
    if (r->mode == 1 && !mm_text_heldout(ex->text, ex->len, 30))
        return 0;
    mm_arena_reset(r->a);
    const char *ch = ex->channel;
    bool post = strcmp(ch, "post") == 0; /* an SNS / job-board post: mm_screen_post */
    if (strcmp(ch, "sms") && strcmp(ch, "email") && strcmp(ch, "sns_dm") && strcmp(ch, "app"))
        ch = "sms";
    mm_message m = {.channel = ch, .text = ex->text, .text_len = ex->len};
    mm_verdict v;
    mm_error e;
    if ((post ? mm_screen_post(r->ctx, ex->text, ex->len, r->a, &v, &e)
              : mm_screen_message(r->ctx, &m, r->a, &v, &e)) != MM_OK) {
        fprintf(stderr, "%s line %zu: %s\n", ex->source, ex->line, e.message);
        return 0;
    }
    bool flagged = v.action != MM_VERDICT_ALLOW;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        int *sc = realloc(r->score, cap * sizeof *sc);
        char *lb = sc ? realloc(r->lab, cap) : NULL;
        if (sc)
            r->score = sc;
        if (lb) {
            r->lab = lb;
            r->cap = cap;
        }
    }
    if (r->n < r->cap) {
        r->score[r->n] = v.score;
        r->lab[r->n++] = (char)ex->label;
    }
    counts *c = cat_of(r, ex->category);
    counts *cs[2] = {c, &r->total};
    for (int k = 0; k < 2; k++) {
        if (ex->label) {
            cs[k]->pos++;
            cs[k]->tp += flagged;
        } else {
            cs[k]->neg++;
            cs[k]->fp += flagged;
        }
    }
    if (r->verbose && flagged != (ex->label == 1))
        printf("  %s %-20s score %3d %-20s %.*s\n", ex->label ? "FN" : "FP", ex->category, v.score,
               v.category, (int)(ex->len > 150 ? 150 : ex->len), ex->text);
    return 0;
}

static void print_row(const counts *c)
{
    double rec = c->pos ? (double)c->tp / (double)c->pos : 0;
    double fpr = c->neg ? (double)c->fp / (double)c->neg : 0;
    double prec = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
    printf("  %-22s %6zu %6zu %6zu %6zu ", c->name, c->pos, c->neg, c->tp, c->fp);
    if (c->tp + c->fp)
        printf(" %9.3f", prec);
    else
        printf(" %9s", "-");
    if (c->pos)
        printf(" %7.3f", rec);
    else
        printf(" %7s", "-");
    if (c->neg)
        printf(" %7.4f\n", fpr);
    else
        printf(" %7s\n", "-");
}

static void evaluate(const char *title, const char *path, const mm_screen_ctx *ctx, int mode,
                     bool verbose, bool per_category)
{
    run r = {.ctx = ctx, .mode = mode, .a = mm_arena_new(1 << 16), .verbose = verbose};
    snprintf(r.total.name, sizeof r.total.name, "ALL");
    mm_error e;
    size_t skipped = 0;
    printf("\n%s\n", title); /* before the misclassified lines of --verbose */
    mm_status st = mm_labelled_read(path, one, &r, &skipped, &e);
    if (st != MM_OK) {
        printf("SKIP: %s\n", e.message);
        mm_arena_free(r.a);
        return;
    }
    printf("  %-22s %6s %6s %6s %6s %9s %7s %7s\n", "category", "fraud", "benign", "TP", "FP",
           "precision", "recall", "FPR");
    if (per_category)
        for (size_t i = 0; i < r.ncat; i++)
            print_row(&r.cat[i]);
    print_row(&r.total);
    /* the operating point: the lowest score threshold flagging at
     * most 0.5 % of the benign messages (on a set of ~50 benign: none) */
    size_t neg = 0, pos = 0;
    for (size_t i = 0; i < r.n; i++)
        r.lab[i] ? pos++ : neg++;
    int best = 101;
    for (int t = 100; t >= 1; t--) {
        size_t fp = 0;
        for (size_t i = 0; i < r.n; i++)
            fp += !r.lab[i] && r.score[i] >= t;
        if (neg && (double)fp / (double)neg > 0.005)
            break;
        best = t;
    }
    size_t tp = 0;
    for (size_t i = 0; i < r.n; i++)
        tp += r.lab[i] && r.score[i] >= best;
    if (pos && neg)
        printf("  recall at FPR <= 0.5%%: %.3f (score >= %d)\n", (double)tp / (double)pos, best);
    free(r.score);
    free(r.lab);
    mm_arena_free(r.a);
}

int main(int argc, char **argv)
{
    bool verbose = false;
    const char *data = "data";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0)
            verbose = true;
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            data = argv[++i];
    }
    const char *shared = getenv("MAMORU_SHARED_DATA");
    if (shared == NULL)
        shared = "../shared/data";
    mm_screen_ctx full, rules;
    mm_error e;
    if (mm_screen_ctx_load(data, &full, &e) != MM_OK || mm_screen_ctx_load(data, &rules, &e)) {
        fprintf(stderr, "eval_messages: %s: %s\n", e.field, e.message);
        return 1;
    }
    mm_message_model_set_classifier((mm_message_model *)rules.message, NULL, 0, NULL);
    printf("message screening evaluation: flagged = action != allow (score >= %d)\n",
           full.thresholds.warn);
    printf("classifier: %s\n", mm_message_model_has_classifier(full.message)
                                   ? "data/message_model.bin (trained with --holdout 30)"
                                   : "none");
    /* trained: the classifier saw 70% of it, so only the held-out 30% is honest;
     * blind: totals only, never the messages (nothing may be tuned on it);
     * per_category: off for the sets whose categories are not shown either */
    static const struct {
        const char *title, *file;
        bool trained, blind, per_category;
    } ja[] = {
        {"Japanese corpus", "tests/corpus/ja_messages.tsv", true, false, true},
        {"Japanese blind set 1 (blind at its first run, used to fix rules since)",
         "tests/corpus/ja_blind.tsv", false, false, true},
        {"Japanese blind set 2 (written after the second freeze)", "tests/corpus/ja_blind2.tsv",
         false, false, true},
        {"Japanese blind set 3 (written before the msgquality changes)",
         "tests/corpus/ja_blind3.tsv", false, true, true},
        {"Japanese blind set 4 (written before the msgblind changes; never tuned on)",
         "tests/corpus/ja_blind4.tsv", false, true, true},
        {"Genuine Japanese notices with links (benign only, never trained on)",
         "tests/corpus/ja_benign_links.tsv", false, false, true},
        {"Japanese training supplement (mostly genuine; the classifier saw its other 70%)",
         "tests/corpus/ja_genuine_train.tsv", true, false, true},
        {"English notices training supplement (mostly genuine; the classifier saw its other 70%)",
         "tests/corpus/en_notices_train.tsv", true, false, true},
        {"Hard genuine Japanese notices (benign only, never trained on; phrases fixed on it)",
         "tests/corpus/ja_genuine_hard.tsv", false, false, true},
        {"Fresh Japanese fraud (fraud only, never trained on; one miss fixed on it)",
         "tests/corpus/ja_fraud_fresh.tsv", false, false, true},
        {"Hard development set (session 4; rules fixed on it, never trained on)",
         "tests/corpus/ja_dev_hard.tsv", false, false, true},
        {"Chat development set (session 4; DMs and app messages; rules fixed on it)",
         "tests/corpus/ja_dev_hard2.tsv", false, false, true},
        {"Small-organisation development set (session 4; SMS and e-mail; rules fixed on it)",
         "tests/corpus/ja_dev_hard3.tsv", false, false, true},
        {"English small-organisation notices (session 4; rules fixed on it, never trained on)",
         "tests/corpus/en_notices_dev.tsv", false, false, true},
        {"Frequent-traffic development set (session 4; QR, fake shops, recovery; rules fixed on "
         "it)",
         "tests/corpus/ja_dev_hard4.tsv", false, false, true},
        {"Wide-style development set (session 5; rules fixed on it)",
         "tests/corpus/ja_dev_hard5.tsv", false, false, true},
        {"Long-tail development set (session 5; rules fixed on it)",
         "tests/corpus/ja_dev_hard6.tsv", false, false, true},
        {"Conversation development set (session 5; DMs and chats; rules fixed on it)",
         "tests/corpus/ja_dev_hard7.tsv", false, false, true},
        {"Calls and long e-mails development set (session 6; rules fixed on it)",
         "tests/corpus/ja_dev_hard8.tsv", false, false, true},
        {"Residents' languages development set (session 6; rules fixed on it)",
         "tests/corpus/ja_dev_hard9.tsv", false, false, true},
        {"Business mail, letters and short SMS development set (session 6; rules fixed on it)",
         "tests/corpus/ja_dev_hard10.tsv", false, false, true},
        {"Shopping, ads and posts development set (session 6; rules fixed on it)",
         "tests/corpus/ja_dev_hard11.tsv", false, false, true},
        {"Urgent real demands development set (session 7; rules fixed on it)",
         "tests/corpus/ja_dev_hard12.tsv", false, false, true},
        {"Few-classic-words development set (session 8; rules fixed on it)",
         "tests/corpus/ja_dev_hard13.tsv", false, false, true},
        {"Home life of older people and foreign residents development set (session 8; rules "
         "fixed on it)",
         "tests/corpus/ja_dev_hard14.tsv", false, false, true},
        {"Young people's channels development set (session 8; rules fixed on it)",
         "tests/corpus/ja_dev_hard15.tsv", false, false, true},
        {"Short messages development set (session 8; rules fixed on it)",
         "tests/corpus/ja_dev_hard16.tsv", false, false, true},
        {"Business, tourists, call transcripts and life events development set (session 9; "
         "rules fixed on it)",
         "tests/corpus/ja_dev_hard17.tsv", false, false, true},
        {"Genuine messages that really ask for money, codes or urgency development set (session 9; "
         "rules fixed on it)",
         "tests/corpus/ja_dev_hard18.tsv", false, false, true},
        {"Foreign residents' languages development set (session 9; rules fixed on it)",
         "tests/corpus/ja_dev_hard19.tsv", false, false, true},
        {"Mobile payments, QR codes and crypto development set (session 9; rules fixed on it)",
         "tests/corpus/ja_dev_hard20.tsv", false, false, true},
        {"Call transcripts in regional speech and online-shop owners development set (session 10; "
         "rules fixed on it)",
         "tests/corpus/ja_dev_hard21.tsv", false, false, true},
        {"Mobile payments and crypto development set, full size (session 10; rules fixed on it)",
         "tests/corpus/ja_dev_hard22.tsv", false, false, true},
        {"Genuine pressure (dunning, court, tax, suspension) and its imitations development set "
         "(session 10; rules fixed on it)",
         "tests/corpus/ja_dev_hard23.tsv", false, false, true},
        {"「」 dialogue transcripts and business (B2B) fraud development set (session 10; rules "
         "fixed on it in session 11)",
         "tests/corpus/ja_dev_hard24.tsv", false, false, true},
        {"Foreign residents in nine languages development set (session 13; rules fixed on it; "
         "not in the classifier's training data)",
         "tests/corpus/ja_dev_hard25.tsv", false, false, true},
        {"Long chats and e-mails with indirect asks development set (session 13; rules fixed on "
         "it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard26.tsv", false, false, true},
        {"Short smishing and the genuine SMS it imitates development set (session 13; rules fixed "
         "on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard27.tsv", false, false, true},
        {"Call transcripts and voicemail development set (session 13; rules fixed on it; not in "
         "the classifier's training data)",
         "tests/corpus/ja_dev_hard28.tsv", false, false, true},
        {"Marketplace, recovery, SIM-swap and investment development set (session 14; rules fixed "
         "on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard29.tsv", false, false, true},
        {"Long e-mail phishing and the genuine mail it imitates development set (session 14; rules "
         "fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard30.tsv", false, false, true},
        {"Person-to-person sales, DM jobs, family impersonation and residents' messages "
         "development "
         "set (session 15; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard31.tsv", false, false, true},
        {"Foreign residents' account selling, remittance, visas, rooms and pensions development "
         "set "
         "(session 15; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard32.tsv", false, false, true},
        {"The long tail without the obvious words: business fraud, recovery, support, appeals "
         "development set (session 15; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard33.tsv", false, false, true},
        {"Short SMS and app notices: 2025-26 brand smishing and the genuine short notices "
         "development "
         "set (session 15; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard34.tsv", false, false, true},
        {"A realistic 2026 mix, half of the fraud subtle, a fifth in residents' languages "
         "development set (session 15; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard35.tsv", false, false, true},
        {"Business mail: supplier account changes, invoices never ordered, renewals, fake "
         "authorities "
         "development set (session 16; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard36.tsv", false, false, true},
        {"2026 fraud off the classic templates (app installs, QR codes, video-call police, "
         "off-platform tickets, fake shops), a quarter in residents' languages "
         "development set (session 17; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard37.tsv", false, false, true},
        {"Messages to foreign residents, half in English, the rest in eight residents' languages "
         "development set (session 17; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard38.tsv", false, false, true},
        {"SNS, marketplaces and creators: off-platform deals, hijacked accounts, fake "
         "collaborations, crypto giveaways "
         "development set (session 17; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard39.tsv", false, false, true},
        {"Public bodies, utilities and courts: census, マイナ, pension, tax, NHK, benefits, "
         "lawsuits "
         "development set (session 17; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard40.tsv", false, false, true},
        {"Money accounts and payments: banks, cards and 3-D Secure, payment apps, NISA, crypto "
         "exchanges, loans, insurance "
         "development set (session 18; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard41.tsv", false, false, true},
        {"Travel, tickets, events and ふるさと納税: booking-platform card re-entry, delay "
         "compensation, ticket resale, visa fees, in Japanese, English, Chinese, Korean "
         "development set (session 18; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard42.tsv", false, false, true},
        {"Homes, cars and daily services: rentals, moving, repairs, traffic fines, parking, "
         "出張買取, lines, school fees, clinics "
         "development set (session 18; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard43.tsv", false, false, true},
        {"Work, shops and small businesses: task side jobs, recruiters wanting ID and card photos, "
         "payroll and boss impersonation, invoices, domain and ad-account notices "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard44.tsv", false, false, true},
        {"Older people and their families: new numbers and hoarse voices, visitors for the card, "
         "cover stories for the bank, graves, entry rights, hearing aids "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard45.tsv", false, false, true},
        {"Young people and students: game trades, idol impersonation, scouting fees, 闇バイト, "
         "sextortion, age checks by card, student grants "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard46.tsv", false, false, true},
        {"Shopping and e-commerce: fake shops, order and payment phishing, subscription traps, "
         "goods sent unordered, after-payment invoices "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard47.tsv", false, false, true},
        {"Phones, internet and IT support: automated calls, SIM and eSIM tricks, fake virus "
         "warnings, remote control, carrier billing "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard48.tsv", false, false, true},
        {"Disasters, donations and public campaigns: relief money, roof inspections, crypto "
         "donations, refunds by link, tax season "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard49.tsv", false, false, true},
        {"Investment fraud and recovery scams: AI trading, fake apps, seized funds, victim relief, "
         "in Japanese, English and Chinese "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard50.tsv", false, false, true},
        {"Hijacked accounts and impersonated friends: codes asked back, vote log-ins, video bait, "
         "device linking, money sent 'by mistake' "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard51.tsv", false, false, true},
        {"Health, medicine, insurance and care: マイナ保険証, medical refunds at ATMs, unpaid "
         "fees, "
         "entry rights, ambulance 'fees' "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard52.tsv", false, false, true},
        {"Foreign residents, second round: pension lump-sum agents, visa and licence brokers, "
         "remittance, account buyers, in ten languages "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard53.tsv", false, false, true},
        {"Land, real estate and inheritance: 原野商法 second wave, boundary surveys, condominium "
         "pushes, inheritance agents, solar loans "
         "development set (session 19; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard54.tsv", false, false, true},
        {"Dating apps, matchmaking and sextortion: partners abroad, customs fees, agency fees, "
         "'I recorded you', cards for an age check "
         "development set (session 20; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard55.tsv", false, false, true},
        {"Schools, PTA, clubs and neighbourhood associations: fees to a new account, albums and "
         "photos, grants, association dues "
         "development set (session 20; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard56.tsv", false, false, true},
        {"Crypto exchanges, wallets and NFTs: withdrawals held for a fee, drainer links, seed "
         "phrases, staking apps "
         "development set (session 20; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard57.tsv", false, false, true},
        {"Convenience stores, prepaid cards and payment numbers: codes 'already used', payment "
         "numbers, store staff "
         "development set (session 20; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard58.tsv", false, false, true},
        {"Companies: CEO fraud on LINE, corporate voice phishing, changed supplier accounts, "
         "renewals, shared-file log-ins "
         "development set (session 20; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard59.tsv", false, false, true},
        {"Loans and debts: ヤミ金, person-to-person loans, salary factoring, loan fees, debt "
         "collectors "
         "development set (session 20; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard60.tsv", false, false, true},
        {"Easy Japanese (やさしい日本語) to foreign residents, all in kana with spaces: visas, "
         "taxes, "
         "parcels, jobs, loans, police "
         "development set (session 20; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard61.tsv", false, false, true},
        {"Public offices, courts, pensions, NHK, the census and My Number "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard62.tsv", false, false, true},
        {"Creators, influencers and fans: account appeals, badges, brand deals, tickets "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard63.tsv", false, false, true},
        {"Obfuscated fraud: spaced links, symbols between letters, romaji, full-width "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard64.tsv", false, false, true},
        {"Spiritual sales, fortune tellers, temples, funerals and weddings "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard65.tsv", false, false, true},
        {"English to tourists, students and workers: hotels, JR, visas, rentals, jobs "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard66.tsv", false, false, true},
        {"Collectibles and hobbies: trading cards, consoles, figures, lottery sales, pets "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard67.tsv", false, false, true},
        {"Roads, cars and transport: ETC, tolls, fines, licences, insurance, car sales "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard68.tsv", false, false, true},
        {"AI-era fraud: deepfakes, voice clones, AI trading and AI side-job courses "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard69.tsv", false, false, true},
        {"Towns, farms and local businesses: JA Bank, subsidies, minpaku, festivals, land "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard70.tsv", false, false, true},
        {"Securities-account takeovers and net banks: passkeys, one-time codes, NISA "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard71.tsv", false, false, true},
        {"Chinese- and Korean-speaking residents and visitors: embassy police, tasks, customs "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard72.tsv", false, false, true},
        {"Elderly care and nursing homes: care-home rights, cash on delivery, care managers "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard73.tsv", false, false, true},
        {"Universities, students and scholarships: JASSO, tuition, portals, internships "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard74.tsv", false, false, true},
        {"Unnatural, machine-translated Japanese from overseas groups, and genuine look-alikes "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard75.tsv", false, false, true},
        {"Very short messages (under 70 characters): one-line lures and one-line genuine texts "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard76.tsv", false, false, true},
        {"Beauty, diet drugs and private clinics: deposits, monitor prices, rebooking "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard77.tsv", false, false, true},
        {"Gambling, lotteries, racing tips and online casinos "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard78.tsv", false, false, true},
        {"The gig economy: couriers, ride-share, crowd-work and their platforms "
         "development set (session 21; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard79.tsv", false, false, true},
        {"Sports, fitness and the outdoors: race entries, gyms, golf and camping gear, fan clubs "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard80.tsv", false, false, true},
        {"Families with children: child allowance, nurseries, cram schools, games, baby goods "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard81.tsv", false, false, true},
        {"Small businesses' websites, domains, reviews and ad accounts "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard82.tsv", false, false, true},
        {"Energy and the home: power bills, subsidies, solar, smart meters, insurance repairs "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard83.tsv", false, false, true},
        {"Subscriptions and streaming: failed payments, renewals, storage, shared accounts "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard84.tsv", false, false, true},
        {"Employees and job seekers: payroll, year-end adjustment, HR portals, recruiters "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard85.tsv", false, false, true},
        {"Travel paperwork: ESTA and eTA agents, flights, baggage, eSIM, currency exchange "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard86.tsv", false, false, true},
        {"Crowdfunding, NPOs, volunteering and donations "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard87.tsv", false, false, true},
        {"Buy-back shops, pawn shops and home-visit buying (押し買い) "
         "development set (session 22; rules fixed on it; not in the classifier's training data)",
         "tests/corpus/ja_dev_hard88.tsv", false, false, true},
        {"SNS and job-board posts development set (session 13; screened with mm_screen_post; "
         "rules fixed on it)",
         "tests/corpus/ja_posts_dev.tsv", false, false, true},
        {"Posts without the known slang development set (session 15; screened with mm_screen_post; "
         "rules fixed on it in session 16)",
         "tests/corpus/ja_posts_dev2.tsv", false, false, true},
        {"Japanese blind set 5 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind5.tsv", false, true, false},
        {"Japanese blind set 6 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind6.tsv", false, true, false},
        {"Japanese blind set 7 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind7.tsv", false, true, false},
        {"Japanese blind set 8 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind8.tsv", false, true, false},
        {"Japanese blind set 9 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind9.tsv", false, true, false},
        {"Japanese blind set 10 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind10.tsv", false, true, false},
        {"Japanese blind set 11 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind11.tsv", false, true, false},
        {"Japanese blind set 12 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind12.tsv", false, true, false},
        {"Japanese blind set 13 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind13.tsv", false, true, false},
        {"Japanese blind set 14 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind14.tsv", false, true, false},
        {"Japanese blind set 15 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind15.tsv", false, true, false},
        {"Japanese blind set 16 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind16.tsv", false, true, false},
        {"Japanese blind set 17 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind17.tsv", false, true, false},
        {"Japanese blind set 18 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind18.tsv", false, true, false},
        {"Japanese blind set 19 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind19.tsv", false, true, false},
        {"Japanese blind set 20 (written without reading the rules; totals only)",
         "tests/corpus/ja_blind20.tsv", false, true, false}};
    for (size_t k = 0; k < sizeof ja / sizeof ja[0]; k++) {
        char t[200];
        bool show = verbose && !ja[k].blind;
        snprintf(t, sizeof t, "%s — rules only, all messages", ja[k].title);
        evaluate(t, ja[k].file, &rules, 0, show, ja[k].per_category);
        if (ja[k].trained) {
            snprintf(t, sizeof t, "%s — rules + classifier, held-out 30%% only", ja[k].title);
            evaluate(t, ja[k].file, &full, 1, false, true);
            snprintf(t, sizeof t, "%s — rules + classifier, all (includes training data)",
                     ja[k].title);
            evaluate(t, ja[k].file, &full, 0, false, false);
        } else { /* never trained on: all of it is held out */
            snprintf(t, sizeof t, "%s — rules + classifier (never trained on)", ja[k].title);
            evaluate(t, ja[k].file, &full, 0, show, ja[k].per_category);
        }
    }
    char uci[1024], mishra[1024];
    snprintf(uci, sizeof uci, "%s/sms-spam-uci/SMSSpamCollection", shared);
    snprintf(mishra, sizeof mishra, "%s/sms-smishing-mishra/Dataset_5971.csv", shared);
    evaluate("English UCI SMS Spam Collection — rules only", uci, &rules, 0, false, true);
    evaluate("English UCI SMS Spam Collection — rules + classifier, held-out 30%", uci, &full, 1,
             false, true);
    evaluate("English Mishra & Soni smishing — rules only", mishra, &rules, 0, false, true);
    evaluate("English Mishra & Soni smishing — rules + classifier, held-out 30%", mishra, &full, 1,
             false, true);
    mm_screen_ctx_unload(&full);
    mm_screen_ctx_unload(&rules);
    return 0;
}
