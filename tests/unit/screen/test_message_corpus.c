/* Floors on the evaluation corpora (issue 4 §6): the full message screener
 * (rules + shipped classifier) on the Japanese corpus and the blind set,
 * and on the held-out split of the public English SMS corpora when
 * ../shared/data is present. A regression in any detector that costs recall
 * or adds false positives fails here; bench/eval_messages prints the full
 * per-category table. Floors are the figures reached when this was written
 * minus a small margin (see the report in docs/reasons.md). */
#include <stdio.h>
#include <stdlib.h>

/* Reached when written (rules + classifier): ja_blind2 first run recall
 * 0.950 (38/40), FPR 0.049 (2/41); after the 2026-11-27 mechanism rules
 * (which looked at its misses, so it is no longer blind) recall 1.000,
 * FPR 0.024 (1/41); all three sets recall 0.991, FPR 0.009. Floors leave
 * one or two messages of slack. */
#define FLOOR_BLIND_RECALL 0.95
#define FLOOR_BLIND_FPR 0.05
#define FLOOR_ALL_RECALL 0.975
#define FLOOR_ALL_FPR 0.015

#include "mamoru/ingest_message.h"
#include "msg_fixture.h"

typedef struct tally {
    const mm_screen_ctx *ctx;
    mm_arena *a;
    int heldout; /* 0: every example; N: only mm_text_heldout(N) */
    size_t pos, neg, tp, fp;
} tally;

static int count(const mm_labelled *ex, void *user)
{
    tally *t = user;
    if (t->heldout && !mm_text_heldout(ex->text, ex->len, t->heldout))
        return 0;
    mm_arena_reset(t->a);
    const char *ch = ex->channel;
    bool post = strcmp(ch, "post") == 0; /* an SNS / job-board post: mm_screen_post */
    if (strcmp(ch, "sms") && strcmp(ch, "email") && strcmp(ch, "sns_dm") && strcmp(ch, "app"))
        ch = "sms";
    mm_message m = {.channel = ch, .text = ex->text, .text_len = ex->len};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(post ? mm_screen_post(t->ctx, ex->text, ex->len, t->a, &v, &e)
                      : mm_screen_message(t->ctx, &m, t->a, &v, &e),
                 MM_OK, "line %zu: %s", ex->line, e.message);
    bool flagged = v.action != MM_VERDICT_ALLOW;
    if (ex->label) {
        t->pos++;
        t->tp += flagged;
    } else {
        t->neg++;
        t->fp += flagged;
    }
    return 0;
}

static tally run(const mm_screen_ctx *ctx, const char *path, int heldout, bool *present)
{
    tally t = {.ctx = ctx, .a = mm_arena_new(1 << 16), .heldout = heldout};
    mm_error e = {0};
    mm_status st = mm_labelled_read(path, count, &t, NULL, &e);
    *present = st == MM_OK;
    mm_arena_free(t.a);
    return t;
}

static void floors(const char *name, const tally *t, double min_recall, double max_fpr)
{
    double recall = (double)t->tp / (double)t->pos, fpr = (double)t->fp / (double)t->neg;
    cr_log_info("%s: recall %.3f (%zu/%zu), FPR %.4f (%zu/%zu)", name, recall, t->tp, t->pos, fpr,
                t->fp, t->neg);
    cr_expect_geq(recall, min_recall, "%s: recall %.3f < %.3f", name, recall, min_recall);
    cr_expect_leq(fpr, max_fpr, "%s: FPR %.4f > %.4f", name, fpr, max_fpr);
}

/* A set that must be present, with at least min_neg genuine messages. */
static void required_floors(const mm_screen_ctx *ctx, const char *path, int heldout, size_t min_neg,
                            const char *name, double min_recall, double max_fpr)
{
    bool ok;
    tally t = run(ctx, path, heldout, &ok);
    cr_assert(ok, "%s missing", path);
    cr_assert_geq(t.neg, min_neg);
    floors(name, &t, min_recall, max_fpr);
}

Test(message_corpus, japanese_floors)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    cr_assert(mm_message_model_has_classifier(ctx.message), "data/message_model.bin missing");
    bool ok;
    tally dev = run(&ctx, "tests/corpus/ja_messages.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_messages.tsv missing");
    cr_assert_geq(dev.pos, 200);
    tally b1 = run(&ctx, "tests/corpus/ja_blind.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_blind.tsv missing");
    tally blind = run(&ctx, "tests/corpus/ja_blind2.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_blind2.tsv missing");
    tally all = dev;
    all.pos += b1.pos + blind.pos, all.neg += b1.neg + blind.neg;
    all.tp += b1.tp + blind.tp, all.fp += b1.fp + blind.fp;
    cr_assert_geq(all.pos, 300, "the issue asks for >= 300 fraud messages");
    cr_assert_geq(all.neg, 300, "the issue asks for >= 300 benign messages");
    floors("ja_messages (rules tuned on it)", &dev, 0.97, 0.01);
    /* 0.985 with the feature-set-1 classifier, 0.956 (65/68) since URLs are
     * one placeholder to it: three of its links were caught by the
     * spelling of the corpus's ".example" domains, not by their wording */
    floors("ja_blind (rules fixed on it after its first run)", &b1, 0.92, 0.03);
    floors("ja_blind2 (rules fixed on its misses on 2026-11-27)", &blind, FLOOR_BLIND_RECALL,
           FLOOR_BLIND_FPR);
    floors("Japanese, all three sets", &all, FLOOR_ALL_RECALL, FLOOR_ALL_FPR);
    /* ja_blind3: first run 1.000 / 0.104, after the msgquality changes 0.958
     * (46/48) / 0.104 (5/48); its errors' mechanisms fixed by msgblind
     * (denials, no channel, .apk, reported speech): 1.000 / 0.000 */
    tally b3 = run(&ctx, "tests/corpus/ja_blind3.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_blind3.tsv missing");
    floors("ja_blind3 (its errors' mechanisms fixed on 2026-11-27)", &b3, 0.95, 0.03);
    /* ja_blind4: first run 0.964 / 0.228, after the msgblind changes 0.964
     * (54/56) / 0.123 (7/57), after msgfpr (genuine Japanese training data,
     * published numbers cap the classifier) 0.982 (55/56) / 0.053 (3/57),
     * after the notice-word phrases 0.982 / 0.035 (2/57), after warning
     * words stopped covering an unquoted lure 1.000 / 0.035; never tuned
     * on, its messages never listed */
    tally b4 = run(&ctx, "tests/corpus/ja_blind4.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_blind4.tsv missing");
    floors("ja_blind4 (never tuned or trained on)", &b4, 0.95, 0.06);
    /* ja_blind5 (70/80, written without reading the rules): first and only
     * run 0.943 (66/70) / 0.050 (4/80); never tuned on, totals only */
    tally b5 = run(&ctx, "tests/corpus/ja_blind5.tsv", 0, &ok);
    if (ok)
        floors("ja_blind5 (never tuned or trained on)", &b5, 0.92, 0.07);
    /* ja_blind6 (78/91) first run 0.923 / 0.132, end of session 4 0.910 /
     * 0.088; ja_blind7 (89/108) first run, end of session 4: 0.955 / 0.046.
     * Never tuned on, totals only: regression floors */
    tally b6 = run(&ctx, "tests/corpus/ja_blind6.tsv", 0, &ok);
    if (ok)
        floors("ja_blind6 (never tuned or trained on)", &b6, 0.88, 0.10);
    tally b7 = run(&ctx, "tests/corpus/ja_blind7.tsv", 0, &ok);
    if (ok)
        floors("ja_blind7 (never tuned or trained on)", &b7, 0.93, 0.06);
    /* the held-out 30 % of the genuine-heavy training supplement: 26/26,
     * 4/86 flagged (all by rules; the classifier flags none of them), 1/86
     * after the notice-word phrase and claim-word fixes, 0/86 after the
     * offline-settlement and refund-office rules (msgrules) */
    required_floors(&ctx, "tests/corpus/ja_genuine_train.tsv", 30, 60,
                    "ja_genuine_train, held-out 30%", 0.95, 0.02);
    /* English notices: before they were trained on, 13 of 63 genuine ones
     * were flagged (all by the classifier); held out now 2/13 */
    required_floors(&ctx, "tests/corpus/en_notices_train.tsv", 30, 10,
                    "en_notices_train, held-out 30%", 0.95, 0.2);
    /* 140 genuine notices in the fraud's own vocabulary, never trained on:
     * 5 + 2 + 1 flagged at the three parts' first runs (all by rules), 3
     * after the phrase and name-tag fixes, 0 after msgrules (a resolved
     * bill, a bill paid with the mailed slip, a dormant broker account) */
    tally hard = run(&ctx, "tests/corpus/ja_genuine_hard.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_genuine_hard.tsv missing");
    cr_assert_geq(hard.neg, 140);
    double hfpr = (double)hard.fp / (double)hard.neg;
    cr_log_info("ja_genuine_hard: FPR %.3f (%zu/%zu)", hfpr, hard.fp, hard.neg);
    cr_expect_leq(hfpr, 0.02, "FPR %.3f on hard genuine notices", hfpr);
    /* 40 fraud messages in fresh wording, never trained on: 39 at the
     * first run, 40 after 抽選で選ばれ became a prize claim */
    tally fresh = run(&ctx, "tests/corpus/ja_fraud_fresh.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_fraud_fresh.tsv missing");
    cr_assert_geq(fresh.pos, 40);
    double frec = (double)fresh.tp / (double)fresh.pos;
    cr_log_info("ja_fraud_fresh: recall %.3f (%zu/%zu)", frec, fresh.tp, fresh.pos);
    cr_expect_geq(frec, 0.95, "recall %.3f on fresh fraud", frec);
    /* ja_dev_hard (67 fraud / 171 hard genuine, session 4, a development
     * set: rules were fixed on it): first run 0.940 (63/67) / 0.076
     * (13/171); after the fixes 1.000 / 0.029 (5, all by the classifier);
     * with the later rules 1.000 / 0.006 (1) */
    required_floors(&ctx, "tests/corpus/ja_dev_hard.tsv", 0, 150, "ja_dev_hard (rules fixed on it)",
                    0.95, 0.04);
    /* ja_dev_hard2 (72 fraud / 172 genuine, mostly DMs and app messages,
     * session 4, a development set): first run 0.764 (55/72) / 0.035
     * (6/172); after the fixes 1.000 / 0.012 (2, by the classifier) */
    required_floors(&ctx, "tests/corpus/ja_dev_hard2.tsv", 0, 150,
                    "ja_dev_hard2 (rules fixed on it)", 0.95, 0.03);
    /* ja_dev_hard3 (90 fraud / 163 genuine, small organisations' SMS and
     * e-mail and their imitations, session 4, a development set): first run
     * 0.900 (81/90) / 0.104 (17/163); after the fixes 1.000 / 0.074 (12:
     * English notices of unknown organisations, mostly by the classifier) */
    required_floors(&ctx, "tests/corpus/ja_dev_hard3.tsv", 0, 150,
                    "ja_dev_hard3 (rules fixed on it)", 0.95, 0.09);
    /* en_notices_dev (50 fraud / 201 genuine English notices of small
     * organisations, session 4; kept out of training, rules fixed on its
     * fraud misses): first run 0.580 (29/50) / 0.045; now 0.960 / 0.040 */
    required_floors(&ctx, "tests/corpus/en_notices_dev.tsv", 0, 180,
                    "en_notices_dev (rules fixed on it)", 0.92, 0.05);
    /* ja_dev_hard4 (92 fraud / 177 genuine, frequent traffic and new fraud
     * styles — QR codes, fake shops, recovery scams — session 4, a
     * development set): first run 0.837 (77/92) / 0.051 (9/177); after the
     * fixes 1.000 / 0.028 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard4.tsv", 0, 150,
                    "ja_dev_hard4 (rules fixed on it)", 0.95, 0.04);
    /* ja_dev_hard5 (100 fraud / 150 genuine, wide style spread, session 5,
     * a development set): first run 0.940 (94/100) / 0.047 (7/150); after
     * the fixes 0.980 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard5.tsv", 0, 140,
                    "ja_dev_hard5 (rules fixed on it)", 0.95, 0.02);
    /* ja_dev_hard6 (100 fraud / 154 genuine, the long tail: inheritance,
     * donations, sextortion, rentals, safe accounts, wrong numbers…, session
     * 5, a development set): first run 0.810 (81/100) / 0.026 (4/154);
     * after the fixes 0.970 / 0.006 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard6.tsv", 0, 140,
                    "ja_dev_hard6 (rules fixed on it)", 0.95, 0.02);
    /* ja_dev_hard7 (100 fraud / 150 genuine conversations — DMs, marketplace
     * and dating chats — session 5, a development set): first run 0.850
     * (85/100) / 0.053 (8/150); after the fixes 1.000 / 0.007 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard7.tsv", 0, 140,
                    "ja_dev_hard7 (rules fixed on it)", 0.95, 0.02);
    /* ja_dev_hard8 (80 fraud / 161 genuine: calls transcribed to text and
     * long e-mails and threads, session 6, a development set): first run
     * 0.838 (67/80) / 0.050 (8/161); after the fixes 1.000 / 0.031 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard8.tsv", 0, 150,
                    "ja_dev_hard8 (rules fixed on it)", 0.95, 0.04);
    /* ja_dev_hard9 (90 fraud / 145 genuine aimed at residents, in English,
     * Chinese, Vietnamese, Portuguese, Korean, Nepali, Tagalog/Indonesian
     * and kana-only Japanese, session 6, a development set): first run
     * 0.622 (56/90) / 0.014 (2/145), its English and Chinese half already
     * seen; after the fixes 1.000 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard9.tsv", 0, 140,
                    "ja_dev_hard9 (rules fixed on it)", 0.95, 0.02);
    /* ja_dev_hard10 (94 fraud / 152 genuine: business e-mail, paper letters
     * transcribed, short SMS, session 6, a development set): first run
     * 0.926 (87/94) / 0.099 (15/152); after the fixes 0.968 / 0.039 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard10.tsv", 0, 140,
                    "ja_dev_hard10 (rules fixed on it)", 0.95, 0.05);
    /* ja_dev_hard11 (95 fraud / 150 genuine: shops, ads, giveaways,
     * tickets and posts, session 6, a development set): first run 0.884
     * (84/95) / 0.073 (11/150); after the fixes 1.000 / 0.020 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard11.tsv", 0, 140,
                    "ja_dev_hard11 (rules fixed on it)", 0.95, 0.03);
    /* ja_dev_hard12 (77 fraud / 175 genuine: real urgent demands — 督促,
     * collections, suspensions, freezes, court mail — and fraud making the
     * same asks, session 7, a development set): first run 0.935 (72/77) /
     * 0.069 (12/175); after the fixes 1.000 / 0.046 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard12.tsv", 0, 140,
                    "ja_dev_hard12 (rules fixed on it)", 0.95, 0.06);
    /* ja_dev_hard13 (81 fraud / 152 genuine: fraud with few of the classic
     * words — marketplace buyers, CEO groups, celebrity managers, rentals,
     * オレオレ with a cold — and the same settings done honestly, session 8,
     * a development set): first run 0.679 (55/81) / 0.020 (3/152); after
     * the fixes 1.000 / 0.007 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard13.tsv", 0, 140,
                    "ja_dev_hard13 (rules fixed on it)", 0.95, 0.02);
    /* ja_dev_hard14 (82 fraud / 150 genuine: the home life of older people
     * and foreign residents — 点検商法, 押し買い, 送りつけ, surveys asking for
     * the pension bank, 脱退一時金, residence cards — and honest letters,
     * inspections and invoices, session 8, a development set): first run
     * 0.780 (64/82) / 0.040 (6/150); after the fixes 0.988 / 0.027 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard14.tsv", 0, 140,
                    "ja_dev_hard14 (rules fixed on it)", 0.95, 0.04);
    /* ja_dev_hard15 (82 fraud / 150 genuine: young people's channels —
     * 闇バイト slang, お金配り, sextortion, game trades, scouting fees, パパ活,
     * 情報商材 — and friends' chats, club fees, eKYC and warnings quoting
     * the slang, session 8, a development set): first run (part 1 before
     * its fixes, part 2 after them) 0.744 (35/47) and 0.800 (74/82 overall
     * at part 2's first run) / 0.027; after the fixes 1.000 / 0.020 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard15.tsv", 0, 140,
                    "ja_dev_hard15 (rules fixed on it)", 0.95, 0.03);
    /* ja_dev_hard16 (90 fraud / 150 genuine, every message at most ~90
     * characters, session 8, a development set): first run 0.867 (78/90)
     * / 0.000; after the fixes 0.978 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard16.tsv", 0, 140,
                    "ja_dev_hard16 (rules fixed on it)", 0.95, 0.02);
    /* ja_dev_hard17 (80 fraud / 150 genuine: B2B payee changes and renewals,
     * tourists, call transcripts, life events, lotteries with payment
     * deadlines, free courses, session 9, a development set): first run
     * 0.888 (71/80) / 0.113 (17/150); after the fixes 0.975 / 0.060. Its
     * genuine renewals, drivers' mobiles and family chats stay hard. */
    required_floors(&ctx, "tests/corpus/ja_dev_hard17.tsv", 0, 140,
                    "ja_dev_hard17 (rules fixed on it)", 0.95, 0.07);
    /* ja_dev_hard18 (54 fraud / 201 genuine that legitimately ask for money,
     * codes, identity or urgency — dunning, court notices, tax arrears,
     * freezes, margin calls, family requests — and fraud imitating each,
     * session 9, a development set): first run 0.833 (45/54) / 0.090
     * (18/201); after the fixes 0.963 / 0.055 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard18.tsv", 0, 190,
                    "ja_dev_hard18 (rules fixed on it)", 0.93, 0.06);
    /* ja_dev_hard19 (80 fraud / 150 genuine for foreign residents, in
     * Vietnamese, Chinese, English, Portuguese, Tagalog, Indonesian, Nepali
     * and Korean: account buying, parcel mules, visa fixers, underground
     * remittance, pension "agents", session 9, a development set): first
     * run 0.550 (44/80) / 0.033 (5/150); after the fixes 1.000 / 0.027 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard19.tsv", 0, 140,
                    "ja_dev_hard19 (rules fixed on it)", 0.95, 0.04);
    /* ja_dev_hard20 (35 fraud / 42 genuine, smaller than briefed: mobile
     * payments, QR codes, wallet drainers, seed phrases, airdrops, session
     * 9, a development set): first run 0.829 (29/35) / 0.048 (2/42); after
     * the fixes 0.971 / 0.048 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard20.tsv", 0, 40,
                    "ja_dev_hard20 (rules fixed on it)", 0.93, 0.05);
    /* ja_dev_hard21 (80 fraud / 132 genuine: call and voicemail
     * transcripts in regional speech, online-shop owners; session 10, a
     * development set): first run 0.838 (67/80) / 0.053 (7/132); after
     * the fixes 0.913 / 0.038 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard21.tsv", 0, 125,
                    "ja_dev_hard21 (rules fixed on it)", 0.89, 0.05);
    /* ja_dev_hard22 (82 fraud / 133 genuine: mobile payments and crypto at
     * full size, session 10, a development set): first run 0.854 (70/82) /
     * 0.030 (4/133); after the fixes 0.878 / 0.015 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard22.tsv", 0, 125,
                    "ja_dev_hard22 (rules fixed on it)", 0.85, 0.03);
    /* ja_dev_hard23 (62 fraud / 161 genuine: the strict operating point —
     * genuine dunning, court, tax, utility, carrier, exchange and SaaS
     * notices and their imitations; session 10, a development set): first
     * run 0.952 (59/62; two misses were .invalid links, changed to .test) /
     * 0.081 (13/161); after the fixes 1.000 / 0.037 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard23.tsv", 0, 155,
                    "ja_dev_hard23 (rules fixed on it)", 0.95, 0.045);
    /* ja_dev_hard24 (70 fraud / 130 genuine: fraud whose every turn is in
     * 「」 dialogue, business fraud — CEO impersonation, supplier account
     * changes, directory and trademark invoices; session 10, a development
     * set): first run 0.843 (59/70) / 0.077 (10/130); after the session-11
     * fixes 1.000 / 0.023 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard24.tsv", 0, 125,
                    "ja_dev_hard24 (rules fixed on it)", 0.97, 0.035);
    /* ja_dev_hard25 (80 fraud / 130 genuine: foreign residents in nine
     * languages — fake immigration notices, account and SIM buying, parcel
     * and cash-carrying jobs, remittance lockouts — with their genuine
     * notices and warnings; session 13, a development set, not in the
     * classifier's training data): first run 0.688 (55/80) / 0.046
     * (6/130); after the fixes 0.988 / 0.015 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard25.tsv", 0, 125,
                    "ja_dev_hard25 (rules fixed on it)", 0.95, 0.031);
    /* ja_dev_hard26 (90 fraud / 130 genuine: chats pasted with speaker
     * turns and long e-mails where the ask is the only tell, and genuine
     * mail that sounds alarming; session 13, a development set, not in the
     * classifier's training data): first run 0.944 (85/90) / 0.069
     * (9/130); after the fixes 0.989 / 0.015 (one of the two left is a
     * genuine notice printing an unassigned 090-0000 number, read as
     * spoofed) */
    required_floors(&ctx, "tests/corpus/ja_dev_hard26.tsv", 0, 125,
                    "ja_dev_hard26 (rules fixed on it)", 0.95, 0.031);
    /* ja_dev_hard27 (100 fraud / 130 genuine: short smishing of 2025-26 —
     * a brand's name and a link, often nothing else — and the genuine SMS,
     * OTPs and app notices it imitates; session 13, a development set, not
     * in the classifier's training data): first run 0.900 (90/100) / 0.008
     * (1/130); after the fixes 0.970 / 0.008 (two of the three misses give
     * an unassigned 050-0000 number to call, an artifact) */
    required_floors(&ctx, "tests/corpus/ja_dev_hard27.tsv", 0, 125,
                    "ja_dev_hard27 (rules fixed on it)", 0.94, 0.016);
    /* ja_dev_hard28 (80 fraud / 130 genuine: call-screening transcripts,
     * voicemail and family summaries of calls; session 13, a development
     * set, not in the classifier's training data): first run 0.875 (70/80)
     * / 0.069 (9/130); after the fixes 0.900 / 0.069 (delivery drivers'
     * voicemail from mobiles left as they are) */
    required_floors(&ctx, "tests/corpus/ja_dev_hard28.tsv", 0, 125,
                    "ja_dev_hard28 (rules fixed on it)", 0.86, 0.08);
    /* ja_dev_hard29 (90 fraud / 130 genuine: person-to-person sales,
     * recovery scams, SIM swaps, investment withdrawals; session 14, a
     * development set, not in the classifier's training data): first run
     * 0.944 (85/90) / 0.015 (2/130); after the fixes 1.000 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard29.tsv", 0, 125,
                    "ja_dev_hard29 (rules fixed on it)", 0.97, 0.016);
    /* ja_dev_hard30 (80 fraud / 120 genuine long e-mails: 2025-26 phishing
     * and the genuine mail it imitates; session 14, a development set, not
     * in the classifier's training data): first run 0.975 (78/80) / 0.075
     * (9/120); after the fixes 0.988 / 0.017 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard30.tsv", 0, 115,
                    "ja_dev_hard30 (rules fixed on it)", 0.96, 0.035);
    /* ja_dev_hard31 (80 fraud / 120 genuine: person-to-person sales, DM
     * jobs, family impersonation on LINE, callback scams, a sixth for
     * foreign residents; session 15, a development set, not in the
     * classifier's training data): first run 0.925 (74/80) / 0.000
     * (0/120), rules alone 0.700; after the fixes 1.000 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard31.tsv", 0, 115,
                    "ja_dev_hard31 (rules fixed on it)", 0.97, 0.017);
    /* ja_dev_hard32 (80 fraud / 120 genuine: fraud aimed at foreign
     * residents in eight languages and Easy Japanese; session 15, a
     * development set, not in the classifier's training data): first run
     * 0.850 (68/80) / 0.017 (2/120), rules alone 0.738; after the fixes
     * 1.000 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard32.tsv", 0, 115,
                    "ja_dev_hard32 (rules fixed on it)", 0.97, 0.017);
    /* ja_dev_hard33 (80 fraud / 120 genuine: the long tail without the
     * obvious words — business e-mail fraud, recovery scams, search-ad
     * support, subsidies and loans, repairs, disaster appeals; session 15,
     * a development set, not in the classifier's training data): first
     * run 0.800 (64/80) / 0.025 (3/120), rules alone 0.525; after the
     * fixes 0.913 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard33.tsv", 0, 115,
                    "ja_dev_hard33 (rules fixed on it)", 0.88, 0.017);
    /* ja_dev_hard34 (80 fraud / 120 genuine short SMS and app notices:
     * 2025-26 brand smishing and the genuine notices of the same senders;
     * session 15, a development set, not in the classifier's training
     * data): first run 0.925 (74/80) / 0.008 (1/120), rules alone 0.838;
     * after the fixes 1.000 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard34.tsv", 0, 115,
                    "ja_dev_hard34 (rules fixed on it)", 0.97, 0.017);
    /* ja_dev_hard35 (80 fraud / 120 genuine: a realistic 2026 mix, half of
     * the fraud subtle, a fifth in residents' languages; session 15, a
     * development set, not in the classifier's training data): first run
     * 0.938 (75/80) / 0.050 (6/120), rules alone 0.888; after the fixes
     * 1.000 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard35.tsv", 0, 115,
                    "ja_dev_hard35 (rules fixed on it)", 0.97, 0.017);
    /* ja_dev_hard36 (80 fraud / 120 genuine: business mail — supplier
     * account changes, invoices never ordered, renewals, fake authorities;
     * session 16, a development set, not in the classifier's training
     * data): first run 0.900 (72/80) / 0.042 (5/120), rules alone 0.750;
     * after the fixes 0.975 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard36.tsv", 0, 115,
                    "ja_dev_hard36 (rules fixed on it)", 0.95, 0.017);
    /* ja_dev_hard37 (80 fraud / 120 genuine: 2026 fraud off the classic
     * templates — app installs, QR codes, video-call police, off-platform
     * tickets, fake shops, hotel card re-entry; a quarter in residents'
     * languages; session 17, a development set, not in the classifier's
     * training data): first run 0.838 (67/80) / 0.008 (1/120), rules alone
     * 0.763; after the fixes 1.000 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard37.tsv", 0, 115,
                    "ja_dev_hard37 (rules fixed on it)", 0.95, 0.017);
    /* ja_dev_hard38 (80 fraud / 120 genuine: messages to foreign residents,
     * half in English, the rest in Japanese, Korean, Portuguese, Tagalog,
     * Thai, Burmese, Sinhala and Bengali; session 17, a development set,
     * not in the classifier's training data): first run 0.713 (57/80) /
     * 0.017 (2/120), rules alone 0.613; after the fixes 1.000 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard38.tsv", 0, 115,
                    "ja_dev_hard38 (rules fixed on it)", 0.95, 0.017);
    /* ja_dev_hard39 (80 fraud / 120 genuine: SNS, marketplaces and
     * creators — off-platform deals, hijacked accounts asking for codes,
     * fake collaborations, task jobs, crypto giveaways, sextortion;
     * session 17, a development set, not in the classifier's training
     * data): first run 0.963 (77/80) / 0.033 (4/120), rules alone 0.725;
     * after the fixes 0.988 / 0.025 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard39.tsv", 0, 115,
                    "ja_dev_hard39 (rules fixed on it)", 0.95, 0.034);
    /* ja_dev_hard40 (80 fraud / 120 genuine: public bodies, utilities and
     * courts — census, マイナ, pension, tax, NHK, benefits, lawsuits,
     * utility stoppage, inspections; session 17, a development set, not
     * in the classifier's training data): first run 0.913 (73/80) / 0.008
     * (1/120), rules alone 0.763; after the fixes 0.975 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard40.tsv", 0, 115,
                    "ja_dev_hard40 (rules fixed on it)", 0.95, 0.017);
    /* ja_dev_hard41 (80 fraud / 120 genuine: money accounts and payments —
     * banks, cards and 3-D Secure codes, payment apps, NISA, crypto
     * exchanges, loans, insurance; session 18, a development set, not in
     * the classifier's training data): first run 0.913 (73/80) / 0.017
     * (2/120), rules alone 0.813; after the fixes 0.988 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard41.tsv", 0, 115,
                    "ja_dev_hard41 (rules fixed on it)", 0.95, 0.017);
    /* ja_dev_hard42 (80 fraud / 120 genuine: travel, tickets, events and
     * ふるさと納税 — booking-platform card re-entry, delay compensation,
     * ticket resale, visa and Visit Japan Web fees, in Japanese, English,
     * Chinese and Korean; session 18, a development set, not in the
     * classifier's training data): first run 0.838 (67/80) / 0.017
     * (2/120), rules alone 0.638; after the fixes 0.950 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard42.tsv", 0, 115,
                    "ja_dev_hard42 (rules fixed on it)", 0.93, 0.017);
    /* ja_dev_hard43 (80 fraud / 120 genuine: homes, cars and daily
     * services — rentals, moving, repairs, traffic fines, parking, 出張買取,
     * lines, school fees, clinics; session 18, a development set, not in
     * the classifier's training data): first run 0.838 (67/80) / 0.017
     * (2/120), rules alone 0.613; after the fixes 0.913 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard43.tsv", 0, 115,
                    "ja_dev_hard43 (rules fixed on it)", 0.9, 0.017);
    /* ja_dev_hard44–46 (80 fraud / 120 genuine each; session 19,
     * development sets, not in the classifier's training data). 44: work,
     * shops and small businesses — first run 0.875 (70/80) / 0.017
     * (2/120), rules alone 0.625; after the fixes 0.950 / 0.008. 45: older
     * people and their families — first run 0.825 / 0.050, rules alone
     * 0.675; after 0.938 / 0.008. 46: young people and students — first
     * run 0.838 / 0.033, rules alone 0.600; after 0.988 / 0.017 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard44.tsv", 0, 115,
                    "ja_dev_hard44 (rules fixed on it)", 0.93, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard45.tsv", 0, 115,
                    "ja_dev_hard45 (rules fixed on it)", 0.92, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard46.tsv", 0, 115,
                    "ja_dev_hard46 (rules fixed on it)", 0.97, 0.017);
    /* ja_dev_hard47–49 (80 fraud / 120 genuine each; session 19). 47:
     * shopping and e-commerce — first run 0.888 / 0.008, rules alone
     * 0.700; after 0.938 / 0.008. 48: phones, internet and IT support —
     * first run 0.950 / 0.050, rules alone 0.825; after 0.988 / 0.025. 49:
     * disasters, donations and public campaigns — first run 0.925 /
     * 0.025, rules alone 0.788; after 0.975 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard47.tsv", 0, 115,
                    "ja_dev_hard47 (rules fixed on it)", 0.92, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard48.tsv", 0, 115,
                    "ja_dev_hard48 (rules fixed on it)", 0.97, 0.03);
    required_floors(&ctx, "tests/corpus/ja_dev_hard49.tsv", 0, 115,
                    "ja_dev_hard49 (rules fixed on it)", 0.96, 0.017);
    /* ja_dev_hard50–52 (80 fraud / 120 genuine each; session 19). 50:
     * investment fraud and recovery scams — first run 0.813 / 0.025,
     * rules alone 0.650; after 0.975 / 0.000. 51: hijacked accounts and
     * impersonated friends — first run 0.838 / 0.033, rules alone 0.625;
     * after 0.988 / 0.017. 52: health, medicine, insurance and care —
     * first run 0.850 / 0.008, rules alone 0.675; after 0.950 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard50.tsv", 0, 115,
                    "ja_dev_hard50 (rules fixed on it)", 0.96, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard51.tsv", 0, 115,
                    "ja_dev_hard51 (rules fixed on it)", 0.97, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard52.tsv", 0, 115,
                    "ja_dev_hard52 (rules fixed on it)", 0.93, 0.017);
    /* ja_dev_hard53–54 (80 fraud / 120 genuine each; session 19). 53:
     * foreign residents, second round — first run 0.888 / 0.092, rules
     * alone 0.675; after 0.950 / 0.017. 54: land, real estate and
     * inheritance — first run 0.788 / 0.017, rules alone 0.475; after
     * 0.875 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard53.tsv", 0, 115,
                    "ja_dev_hard53 (rules fixed on it)", 0.93, 0.025);
    required_floors(&ctx, "tests/corpus/ja_dev_hard54.tsv", 0, 115,
                    "ja_dev_hard54 (rules fixed on it)", 0.85, 0.017);
    /* ja_dev_hard55–56 (80 fraud / 120 genuine each; session 20). 55:
     * dating apps, matchmaking and sextortion — first run 0.850 / 0.025,
     * rules alone 0.613; after 0.925 / 0.008. 56: schools, PTA, clubs and
     * neighbourhood associations — first run 0.838 / 0.017, rules alone
     * 0.738; after 0.875 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard55.tsv", 0, 115,
                    "ja_dev_hard55 (rules fixed on it)", 0.92, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard56.tsv", 0, 115,
                    "ja_dev_hard56 (rules fixed on it)", 0.87, 0.017);
    /* ja_dev_hard57–58 (80 fraud / 120 genuine each; session 20). 57:
     * crypto exchanges, wallets and NFTs — first run 0.963 / 0.033, rules
     * alone 0.788; after 0.988 / 0.025. 58: convenience stores, prepaid
     * cards and payment numbers — first run 0.863 / 0.033, rules alone
     * 0.700; after 0.975 / 0.017 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard57.tsv", 0, 115,
                    "ja_dev_hard57 (rules fixed on it)", 0.97, 0.034);
    required_floors(&ctx, "tests/corpus/ja_dev_hard58.tsv", 0, 115,
                    "ja_dev_hard58 (rules fixed on it)", 0.96, 0.025);
    /* ja_dev_hard59–60 (80 fraud / 120 genuine each; session 20). 59:
     * companies (CEO fraud, corporate phishing) — first run 0.838 / 0.033,
     * rules alone 0.663; after 0.900 / 0.025. 60: loans and debts — first
     * run 0.863 / 0.008, rules alone 0.475; after 0.950 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard59.tsv", 0, 115,
                    "ja_dev_hard59 (rules fixed on it)", 0.89, 0.034);
    required_floors(&ctx, "tests/corpus/ja_dev_hard60.tsv", 0, 115,
                    "ja_dev_hard60 (rules fixed on it)", 0.94, 0.017);
    /* ja_dev_hard61 (80 fraud / 120 genuine; session 20): everything in
     * Easy Japanese — first run 0.725 / 0.008, rules alone 0.513; after
     * 0.863 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard61.tsv", 0, 115,
                    "ja_dev_hard61 (rules fixed on it)", 0.86, 0.017);
    /* ja_dev_hard62–64 (80 fraud / 120 genuine each; session 21). 62:
     * public offices, courts and official notices — first run 0.950 /
     * 0.058, after 1.000 / 0.025. 63: creators, influencers and fans —
     * first run 0.925 / 0.042, after 0.975 / 0.025. 64: obfuscated fraud
     * (spaced links, symbols, romaji) — first run 0.913 / 0.050, after
     * 0.988 / 0.017 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard62.tsv", 0, 115,
                    "ja_dev_hard62 (rules fixed on it)", 0.98, 0.034);
    required_floors(&ctx, "tests/corpus/ja_dev_hard63.tsv", 0, 115,
                    "ja_dev_hard63 (rules fixed on it)", 0.97, 0.034);
    required_floors(&ctx, "tests/corpus/ja_dev_hard64.tsv", 0, 115,
                    "ja_dev_hard64 (rules fixed on it)", 0.98, 0.025);
    /* ja_dev_hard65–67 (80 fraud / 120 genuine each; session 21). 65:
     * spiritual sales, temples, funerals, weddings — first run 0.900 /
     * 0.017, after 0.938 / 0.017. 66: English to tourists, students and
     * workers — first run 0.925 / 0.025, after 0.988 / 0.008. 67:
     * collectibles, consoles, cards and pets — first run 0.825 / 0.058,
     * after 0.950 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard65.tsv", 0, 115,
                    "ja_dev_hard65 (rules fixed on it)", 0.93, 0.025);
    required_floors(&ctx, "tests/corpus/ja_dev_hard66.tsv", 0, 115,
                    "ja_dev_hard66 (rules fixed on it)", 0.98, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard67.tsv", 0, 115,
                    "ja_dev_hard67 (rules fixed on it)", 0.94, 0.017);
    /* ja_dev_hard68–70 (80 fraud / 120 genuine each; session 21). 68:
     * roads, cars and transport — first run 0.888 / 0.017, after 1.000 /
     * 0.000. 69: AI-era fraud (deepfakes, voice clones, AI courses) — first
     * run 0.900 / 0.017, after 0.975 / 0.000. 70: towns, farms and local
     * businesses — first run 0.925 / 0.017, after 0.963 / 0.008 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard68.tsv", 0, 115,
                    "ja_dev_hard68 (rules fixed on it)", 0.98, 0.009);
    required_floors(&ctx, "tests/corpus/ja_dev_hard69.tsv", 0, 115,
                    "ja_dev_hard69 (rules fixed on it)", 0.97, 0.009);
    required_floors(&ctx, "tests/corpus/ja_dev_hard70.tsv", 0, 115,
                    "ja_dev_hard70 (rules fixed on it)", 0.95, 0.017);
    /* ja_dev_hard71–73 (80 fraud / 120 genuine each; session 21). 71:
     * securities-account takeovers and net banks — first run 0.950 /
     * 0.008, after 0.975 / 0.008. 72: Chinese- and Korean-speaking
     * residents — first run 0.763 / 0.042, after 0.950 / 0.025. 73: elderly
     * care and nursing homes — first run 0.913 / 0.000, after 0.938 /
     * 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard71.tsv", 0, 115,
                    "ja_dev_hard71 (rules fixed on it)", 0.97, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard72.tsv", 0, 115,
                    "ja_dev_hard72 (rules fixed on it)", 0.94, 0.034);
    required_floors(&ctx, "tests/corpus/ja_dev_hard73.tsv", 0, 115,
                    "ja_dev_hard73 (rules fixed on it)", 0.93, 0.009);
    /* ja_dev_hard74–76 (80 fraud / 120 genuine each; session 21). 74:
     * universities and scholarships — first run 0.963 / 0.025, after 0.975
     * / 0.000. 75: unnatural, machine-translated Japanese — first run
     * 0.988 / 0.042, after 1.000 / 0.042. 76: messages under 70 characters
     * — first run 0.913 / 0.033, after 0.938 / 0.033 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard74.tsv", 0, 115,
                    "ja_dev_hard74 (rules fixed on it)", 0.97, 0.009);
    required_floors(&ctx, "tests/corpus/ja_dev_hard75.tsv", 0, 115,
                    "ja_dev_hard75 (rules fixed on it)", 0.99, 0.05);
    required_floors(&ctx, "tests/corpus/ja_dev_hard76.tsv", 0, 115,
                    "ja_dev_hard76 (rules fixed on it)", 0.93, 0.042);
    /* ja_dev_hard77–79 (80 fraud / 120 genuine each; session 21). 77:
     * beauty, diet drugs and private clinics — first run 0.838 / 0.008,
     * after 0.850 / 0.008. 78: gambling, lotteries and racing tips — first
     * run 0.925 / 0.017, after 0.950 / 0.008. 79: the gig economy — first
     * run 0.950 / 0.000, after 0.975 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard77.tsv", 0, 115,
                    "ja_dev_hard77 (rules fixed on it)", 0.84, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard78.tsv", 0, 115,
                    "ja_dev_hard78 (rules fixed on it)", 0.94, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard79.tsv", 0, 115,
                    "ja_dev_hard79 (rules fixed on it)", 0.97, 0.009);
    /* ja_dev_hard80–82 (80 fraud / 120 genuine each; session 22). 80:
     * sports, fitness and the outdoors — first run 0.913 / 0.033, after
     * 0.925 / 0.008. 81: families with children — first run 0.950 /
     * 0.017, after 0.988 / 0.008. 82: small businesses' websites, domains
     * and ads — first run 0.975 / 0.033, after 1.000 / 0.017 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard80.tsv", 0, 115,
                    "ja_dev_hard80 (rules fixed on it)", 0.92, 0.009);
    required_floors(&ctx, "tests/corpus/ja_dev_hard81.tsv", 0, 115,
                    "ja_dev_hard81 (rules fixed on it)", 0.98, 0.009);
    required_floors(&ctx, "tests/corpus/ja_dev_hard82.tsv", 0, 115,
                    "ja_dev_hard82 (rules fixed on it)", 0.99, 0.017);
    /* ja_dev_hard83–85 (session 22). 83: energy and the home — first run
     * 0.950 / 0.025, after 0.988 / 0.017. 84: subscriptions and streaming
     * — first run 0.863 / 0.017, after 0.975 / 0.000. 85: employees and job
     * seekers — first run 0.838 / 0.008, after 0.925 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard83.tsv", 0, 115,
                    "ja_dev_hard83 (rules fixed on it)", 0.98, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard84.tsv", 0, 115,
                    "ja_dev_hard84 (rules fixed on it)", 0.97, 0.009);
    required_floors(&ctx, "tests/corpus/ja_dev_hard85.tsv", 0, 115,
                    "ja_dev_hard85 (rules fixed on it)", 0.92, 0.009);
    /* ja_dev_hard86–88 (session 22). 86: travel paperwork abroad and
     * inbound — first run 0.963 / 0.058, after 0.988 / 0.017. 87:
     * crowdfunding, NPOs and donations — first run 0.875 / 0.050, after
     * 0.938 / 0.008. 88: buy-back shops and 押し買い — first run 0.750 /
     * 0.008, after 0.825 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_dev_hard86.tsv", 0, 115,
                    "ja_dev_hard86 (rules fixed on it)", 0.98, 0.017);
    required_floors(&ctx, "tests/corpus/ja_dev_hard87.tsv", 0, 115,
                    "ja_dev_hard87 (rules fixed on it)", 0.93, 0.009);
    required_floors(&ctx, "tests/corpus/ja_dev_hard88.tsv", 0, 115,
                    "ja_dev_hard88 (rules fixed on it)", 0.82, 0.009);
    /* ja_posts_dev (90 recruitment posts / 130 genuine posts: slang in
     * disguise, a third with no slang at all, account and SIM buying in
     * residents' languages; job ads, warnings and news quoting the slang;
     * session 13, screened with mm_screen_post): first run 0.578 (52/90)
     * / 0.123 (16/130); after the fixes 0.856 / 0.023; after session 15's
     * 0.956 / 0.000 */
    required_floors(&ctx, "tests/corpus/ja_posts_dev.tsv", 0, 125,
                    "ja_posts_dev (rules fixed on it)", 0.92, 0.016);
    /* ja_posts_dev2 (80 recruitment and task-scam posts without the known
     * slang / 120 genuine look-alikes: job ads, moving help, phones sold,
     * warnings and news; session 15, screened with mm_screen_post): first
     * run 0.500 (40/80) / 0.025 (3/120); after session 16's mule roles,
     * courier tasks, pay-first jobs and Chinese / English forms 1.000 /
     * 0.000 */
    required_floors(&ctx, "tests/corpus/ja_posts_dev2.tsv", 0, 115,
                    "ja_posts_dev2 (rules fixed on it)", 0.95, 0.017);
    mm_screen_ctx_unload(&ctx);
}

/* Genuine notices with links (order, statement, municipal, reservation):
 * when written 3 of 40 flagged (rules + classifier), 22 of 40 before the
 * URL risk model was capped inside messages. */
Test(message_corpus, genuine_notices_with_links)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    bool ok;
    tally t = run(&ctx, "tests/corpus/ja_benign_links.tsv", 0, &ok);
    cr_assert(ok, "tests/corpus/ja_benign_links.tsv missing");
    cr_assert_geq(t.neg, 40);
    double fpr = (double)t.fp / (double)t.neg;
    cr_log_info("ja_benign_links: FPR %.3f (%zu/%zu)", fpr, t.fp, t.neg);
    cr_expect_leq(fpr, 0.10, "FPR %.3f on genuine notices with links", fpr);
    mm_screen_ctx_unload(&ctx);
}

Test(message_corpus, english_heldout_floors)
{
    const char *shared = getenv("MAMORU_SHARED_DATA");
    char uci[512], mishra[512];
    snprintf(uci, sizeof uci, "%s/sms-spam-uci/SMSSpamCollection",
             shared ? shared : "../shared/data");
    snprintf(mishra, sizeof mishra, "%s/sms-smishing-mishra/Dataset_5971.csv",
             shared ? shared : "../shared/data");
    FILE *f = fopen(uci, "r");
    if (f == NULL)
        cr_skip_test("../shared/data/sms-spam-uci not present");
    fclose(f);
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    bool ok;
    /* the 30% the shipped classifier was not trained on (`mamoru train --holdout 30`) */
    tally t = run(&ctx, uci, 30, &ok);
    cr_assert(ok);
    floors("UCI SMS spam, held-out 30%", &t, 0.93, 0.004);
    t = run(&ctx, mishra, 30, &ok);
    if (ok)
        floors("Mishra smishing+spam, held-out 30%", &t, 0.95, 0.004);
    mm_screen_ctx_unload(&ctx);
}
