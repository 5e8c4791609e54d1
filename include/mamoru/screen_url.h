/*
 * screen_url.h — phishing URL verdicts (issue 3 §1): blocklist lookups of
 * every Safe-Browsing expression, brand look-alikes (homoglyphs, typos,
 * dnstwist permutation classes, brand names in subdomain or path, brand +
 * lure words), structural signals (IP host, port, free hosting, dynamic
 * DNS, shorteners, risky TLDs, punycode) and a trained risk model for the
 * many phishing URLs that name no brand at all.
 *
 * Pure: the model is parsed from buffers (the CLI and server read the files
 * through src/ingest/load_screen.c), screening allocates only from the
 * caller's arena and takes no lock. Training (`mamoru train-url`) is pure
 * computation too; reading the corpora is the CLI's job.
 */
#ifndef MAMORU_SCREEN_URL_H
#define MAMORU_SCREEN_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/screen.h"

/* ---- the model: dictionaries + classifier ------------------------------ */

/* The buffers mm_url_model_parse reads. Any may be NULL (length 0): that
 * part of the detector is then off (no brands → no look-alikes, no model
 * file → no risk model). Texts are TSV as described in each file's header:
 *   brands       data/brands.tsv     brand, group, aliases, domains, keywords
 *   suffixes     data/url_suffixes.tsv   suffix, class
 *   lures        data/url_lures.tsv      word, meaning
 *   confusables  data/confusables.tsv    code point, prototype, name
 *   model        data/url_model.bin      (binary, see url_model.c)        */
typedef struct mm_url_model_src {
    const char *brands;
    size_t brands_len;
    const char *suffixes;
    size_t suffixes_len;
    const char *lures;
    size_t lures_len;
    const char *confusables;
    size_t confusables_len;
    const void *model;
    size_t model_len;
} mm_url_model_src;

/* Build the immutable URL model (strings copied; the buffers may be freed
 * afterwards). A malformed line → MM_EINVAL with field "brands" /
 * "url_suffixes" / "url_lures" / "confusables" and the line number; a bad
 * model file → MM_EINVAL with field "url_model" and the byte offset.
 * Free with mm_url_model_free. */
mm_status mm_url_model_parse(const mm_url_model_src *src, mm_url_model **out, mm_error *err);
void mm_url_model_free(mm_url_model *m); /* NULL is a no-op */

/* Is label (e.g. a JPCERT/CC brand label) the brand named brand, by its
 * name or one of its aliases in brands.tsv? For evaluations. */
bool mm_url_brand_matches(const mm_url_model *m, const char *brand, const char *label);

/* Counts, for tests and `mamoru screen url --help`. */
size_t mm_url_model_brand_count(const mm_url_model *m);
bool mm_url_model_has_classifier(const mm_url_model *m);

/* ---- screening --------------------------------------------------------- */

/* Screen one URL. Canonicalises it (Safe Browsing), looks every host-suffix
 * × path-prefix expression up as kind url, the host and its parents down to
 * the registrable domain as kind domain, an IP host as kind ip (ctx->snap
 * may be NULL: no lookups), then adds look-alike, structure and model
 * reasons (ctx->url may be NULL: lookups only). Reasons name the rule
 * (code + detail) and, when there is one, the brand. The brand's own
 * domains and their subdomains get no look-alike or model reason. Fills
 * *out (finished: score, action, category, warning). MM_EINVAL naming
 * field "url" when the URL cannot be parsed. */
mm_status mm_screen_url(const mm_screen_ctx *ctx, const char *url, mm_arena *a, mm_verdict *out,
                        mm_error *err);

/* mm_screen_url of n URLs at once, for batch callers (JSONL files, the
 * /batch route): the blocklist lookups of all n go through
 * mm_url_lookup_batch, so their memory misses overlap. out[i], st[i] and
 * err[i] are what mm_screen_url(ctx, urls[i], a, &out[i], &err[i]) gives —
 * the same verdict, reason for reason (tests/unit/screen/
 * test_url_screen_batch.c holds the two to that). urls[i] may be NULL (a
 * line the caller already refused): st[i] = MM_EINVAL and err[i] is left
 * as it is (the caller's own error for that line). err may be NULL.
 * Every verdict of the batch lives in a until it is reset. Returns MM_OK,
 * or MM_EINVAL / MM_ENOMEM when the whole batch failed (each st[i] says so
 * too). */
mm_status mm_screen_url_batch(const mm_screen_ctx *ctx, const char *const *urls, size_t n,
                              mm_arena *a, mm_verdict *out, mm_status *st, mm_error *err);

/* The brand part of mm_screen_url for a bare host name, as passive DNS or a
 * zone file sees it (same-IP discovery, src/intel/discover.c, through a
 * callback): the verdict of "http://HOST/" without blocklist lookups and
 * without the structural reasons — URL_LOOKALIKE, URL_BRAND_IN_SUBDOMAIN,
 * URL_BRAND_LURE and, when with_model, URL_RISK_MODEL added to out (not
 * finished). As in mm_screen_url, a host that is a brand's own domain or
 * under one gets no look-alike reason, and no model reason when its
 * registrable domain is the brand's. *own_brand (may be NULL) gets the
 * brand whose own registrable domain host is or is under (not a bucket
 * under a public suffix the brand runs, x.s3.ap-northeast-1.amazonaws.com),
 * else NULL.
 * MM_EINVAL (field "host") when host is not a host name. */
mm_status mm_url_host_lookalike(const mm_url_model *m, const char *host, bool with_model,
                                mm_arena *a, mm_verdict *out, const char **own_brand,
                                mm_error *err);

/* Reason codes this detector emits (documented in docs/reasons.md):
 * URL_LISTED, DOMAIN_LISTED, IP_LISTED, URL_LOOKALIKE, URL_BRAND_IN_SUBDOMAIN,
 * URL_BRAND_IN_PATH, URL_BRAND_LURE, URL_IP_HOST, URL_UNUSUAL_PORT,
 * URL_FREE_HOSTING, URL_DYNAMIC_DNS, URL_SHORTENER, URL_RISKY_TLD,
 * URL_PUNYCODE, URL_SUFFIX_IN_SUBDOMAIN, URL_RISK_MODEL. */

/* Only the blocklist part of mm_screen_url (no look-alike, no model): the
 * reasons URL_LISTED / DOMAIN_LISTED / IP_LISTED added to out (not
 * finished). Returns the number of hits, or a negative mm_status. For
 * callers and benchmarks that want the lookups alone. */
int mm_url_lookup(const mm_snapshot *snap, const mm_url *u, mm_arena *a, mm_verdict *out);

/* mm_url_lookup of n parsed URLs at once: reasons go to out[i] (initialised
 * by the caller), hits[i] gets URL i's hit count or a negative mm_status.
 * Same reasons in the same order as n calls of mm_url_lookup, several
 * times faster at millions of listed values: the keys of up to 16 URLs
 * are hashed and prefetched before any is compared, so their memory misses
 * overlap. Returns MM_OK, or MM_ENOMEM / MM_EINVAL for the whole batch. */
int mm_url_lookup_batch(const mm_snapshot *snap, const mm_url *u, size_t n, mm_arena *a,
                        mm_verdict *out, int *hits);

/* The risk model's probability that url is phishing (0..1), without the
 * rest of the verdict. MM_ENOTFOUND when the model has no classifier. */
mm_status mm_url_risk(const mm_url_model *m, const char *url, mm_arena *a, double *p,
                      mm_error *err);

/* ---- training (`mamoru train-url`) -------------------------------------- */

/* Feature sets: the shipped model (character 1–5-grams of host and path
 * separately, host-label and path tokens, structure bins) and the issue's
 * baseline (character 2–5-grams of the whole URL, nothing else). */
typedef enum mm_url_features {
    MM_URL_FEATURES_FULL = 1,
    MM_URL_FEATURES_BASELINE = 2,
} mm_url_features;

typedef struct mm_url_train_opts {
    mm_url_features features;
    int hash_bits;        /* 16..22; default 18 (chosen on the 2023 validation year) */
    int epochs;           /* default 2 */
    double rate;          /* AdaGrad base rate, default 0.05 */
    double l2;            /* per-update L2 shrink, default 1e-7 */
    double benign_weight; /* weight of a benign example (class balance), default 1 */
    uint64_t seed;        /* example order shuffling */
    double damping;       /* phishing examples sharing a registrable domain (one campaign)
                             weigh n^-damping each: 0 = off, 0.5 = 1/sqrt(n); default 0 */
} mm_url_train_opts;
#define MM_URL_TRAIN_DEFAULTS                                                                      \
    ((mm_url_train_opts){.features = MM_URL_FEATURES_FULL, .hash_bits = 18, .epochs = 2,           \
                         .rate = 0.05, .l2 = 1e-7, .benign_weight = 1.0, .seed = 1})

typedef struct mm_url_trainer mm_url_trainer;

/* A trainer using dict's suffix classes for the structure features (dict
 * may be NULL: those features are then absent — use the same dictionaries
 * at training and at screening). NULL when out of memory. */
mm_url_trainer *mm_url_trainer_new(const mm_url_train_opts *o, const mm_url_model *dict);
void mm_url_trainer_free(mm_url_trainer *t);
/* Add one labelled example (label 1 = phishing, 0 = benign). A URL that
 * does not parse → MM_EINVAL (skip it and go on). */
mm_status mm_url_trainer_add(mm_url_trainer *t, const char *url, int label, mm_error *err);
/* The same with an example weight (> 0; e.g. recency: newer months weigh more). */
mm_status mm_url_trainer_add_weighted(mm_url_trainer *t, const char *url, int label,
                                      double weight, mm_error *err);
size_t mm_url_trainer_count(const mm_url_trainer *t, int label);
/* Change the benign class weight before fit (e.g. once the class sizes are known). */
void mm_url_trainer_set_benign_weight(mm_url_trainer *t, double w);
/* Logistic regression by AdaGrad SGD over the examples added so far. */
mm_status mm_url_trainer_fit(mm_url_trainer *t, mm_error *err);
/* Probability with the weights learnt so far (after fit). */
double mm_url_trainer_predict(mm_url_trainer *t, const char *url);
/* Decision threshold stored in the model file: the probability at which
 * URL_RISK_MODEL starts to warn. */
void mm_url_trainer_set_threshold(mm_url_trainer *t, double threshold);
/* Serialise the model file (versioned, float16 weights) into out. */
mm_status mm_url_trainer_save(const mm_url_trainer *t, mm_buf *out, mm_error *err);

/* ---- benign examples (shared by train-url and bench/eval_url) ------------- */

/* Which part of the benign data a popular domain belongs to, decided by a
 * salted XXH3 of the domain (lower case, leading "www." dropped) so that
 * the parts are disjoint by DOMAIN: 30% MM_URL_SPLIT_TEST (never trained
 * on, never used to choose anything), 20% MM_URL_SPLIT_CALIB (validation:
 * threshold and hyper-parameters only), 50% MM_URL_SPLIT_TRAIN. */
typedef enum mm_url_split {
    MM_URL_SPLIT_TRAIN = 0,
    MM_URL_SPLIT_CALIB,
    MM_URL_SPLIT_TEST,
} mm_url_split;
mm_url_split mm_url_benign_split(const char *domain);

/* The benign URLs synthesised from one popular domain D (base = D without a
 * leading "www."): https://base/, https://www.base/, and six more drawn by
 * a generator seeded with the domain's hash — the bare, www. or a service
 * subdomain (m., shop., info., member., login., …) and a path of ordinary
 * site shapes (words incl. login/member/account, slugs, dates, numeric and
 * hex ids, file names, search/paging/tracking/continue= queries); see
 * src/screen/url_benign.c. Fills out (cap >= MM_URL_BENIGN_PER_DOMAIN) with
 * arena strings; returns the count (MM_URL_BENIGN_PER_DOMAIN, 0 on error). */
#define MM_URL_BENIGN_PER_DOMAIN 8
size_t mm_url_benign_urls(const char *domain, mm_arena *a, const char **out, size_t cap);

#endif
