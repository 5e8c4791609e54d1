/*
 * screen_message.h — screening at first contact: SMS, e-mail bodies, SNS
 * and app messages, recruitment posts and calls (issue 4).
 *
 * Pure: everything here works on the immutable mm_screen_ctx (snapshot +
 * message model) and allocates from the caller's arena. E-mail parsing
 * (MIME, charsets, HTML) lives in src/ingest/email*.c and hands the decoded
 * text, links and authentication results to mm_screen_message.
 */
#ifndef MAMORU_SCREEN_MESSAGE_H
#define MAMORU_SCREEN_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/norm.h"
#include "mamoru/screen.h"

/* Who receives the message or call. */
typedef struct mm_recipient {
    int age;           /* 0 = unknown */
    bool intl_optout;  /* has opted out of international calls */
} mm_recipient;

/* A link found in HTML: where it goes, and what the reader sees. */
typedef struct mm_link {
    const char *href;
    const char *text; /* visible text, may be NULL */
} mm_link;

typedef struct mm_message {
    const char *channel;  /* "sms", "email", "sns_dm", "app" */
    const char *sender;   /* phone, short code, e-mail address or platform account id; may be NULL */
    const char *display_name; /* e-mail From display name, may be NULL */
    const char *subject;  /* e-mail subject, may be NULL */
    const char *text;     /* UTF-8 body (e-mail: decoded text) */
    size_t text_len;
    const mm_link *links; /* links from HTML parts (href + visible text), may be NULL */
    size_t nlinks;
    const char *auth_results; /* raw Authentication-Results header value(s), may be NULL */
    mm_recipient recipient;
} mm_message;

/* Screen one message. Fills *out (reasons with spans into msg->text,
 * score, action, category, warning). MM_EINVAL for invalid UTF-8 etc. */
mm_status mm_screen_message(const mm_screen_ctx *ctx, const mm_message *msg, mm_arena *a,
                            mm_verdict *out, mm_error *err);

/* Is this SNS / job-site post crime recruitment (闇バイト)? */
mm_status mm_screen_post(const mm_screen_ctx *ctx, const char *text, size_t len, mm_arena *a,
                         mm_verdict *out, mm_error *err);

typedef struct mm_call {
    const char *caller;       /* as displayed / signalled */
    const char *claimed_name; /* caller-id name claim, e.g. "警察", may be NULL */
    bool via_gateway;         /* arrived through an international or IP gateway */
    mm_recipient callee;
    int64_t now; /* unix seconds of the call, for the burst windows; 0 = the time
                    the snapshot's activity table was built */
} mm_call;

/* Screen one call. Reasons: PHONE_LISTED, CALL_SIGHTING_BURST (many
 * organisations reported the number recently: the snapshot's activity
 * table, see mm_call_burst_eval), CALL_SPOOFED_NUMBER, CALL_POLICE_SPOOF,
 * CALL_OFFICIAL_SPOOF, CALL_OFFICIAL_CLAIM, CALL_INTL_OPTOUT,
 * CALL_INTL_ELDERLY, CALL_INTERNATIONAL (docs/reasons.md). */
mm_status mm_screen_call(const mm_screen_ctx *ctx, const mm_call *call, mm_arena *a,
                         mm_verdict *out, mm_error *err);

/* ---- call bursts (src/screen/call_burst.c, pure) -------------------------
 * A burst is many DISTINCT organisations reporting one number within a
 * short window: fraud rings call through a list of victims in hours, and
 * each carrier or bank whose customer was called reports the number. Many
 * reports from one organisation are not a burst (one carrier's filter may
 * repeat itself). Windows end at now; a sighting up to
 * MM_BURST_FUTURE_SLACK seconds after now (clock skew) still counts. */
#define MM_BURST_SHORT_WINDOW 3600       /* 1 h: MM_BURST_SHORT_ORGS orgs make a burst */
#define MM_BURST_SHORT_ORGS 3
#define MM_BURST_LONG_WINDOW (24 * 3600) /* 24 h: MM_BURST_LONG_ORGS orgs make a burst */
#define MM_BURST_LONG_ORGS 5
#define MM_BURST_FUTURE_SLACK 300

typedef struct mm_call_burst {
    int weight;         /* 0 = no burst; else the reason's weight (rises with
                           organisations and with how recent the last report is) */
    int window_hours;   /* window the figures below are for: 1 or 24 */
    int reports, orgs;  /* sightings and distinct organisations in that window */
    int64_t last_seen;  /* newest sighting not after now + slack, 0 = none */
} mm_call_burst;

/* Evaluate the sightings s[0..n) (any order; at most MM_ACTIVITY_MAX are
 * read) at time now. Fills *out; when no window reaches its threshold,
 * weight is 0 and the figures are those of the 24 h window. */
void mm_call_burst_eval(const mm_sighting *s, size_t n, int64_t now, mm_call_burst *out);


/* ---- the message model (src/screen/message_model.c) ----------------------
 * Phrase families (data/phrases/NAME.tsv), brands and their real domains
 * (data/brands.tsv), official numbers (data/official_numbers.tsv), TLDs for
 * bare domains (data/message_tlds.tsv), URL shorteners and the text
 * classifier (data/message_model.bin), all parsed from buffers (the files
 * are read by src/ingest/load_message.c). Build it with _new, the _add_*
 * calls, then _compile (one Vectorscan database for every phrase and brand
 * keyword). Immutable after compile and safe to share between threads:
 * Vectorscan scratch space comes from a lock-free pool inside the model.
 * Free with mm_message_model_free (NULL is a no-op). */
mm_message_model *mm_message_model_new(void);
void mm_message_model_free(mm_message_model *m);

/* One family file: lines "pattern<TAB>weight<TAB>signal<TAB>note" ('#'
 * comments). pattern is a literal written as people write it (normalised
 * here with mm_norm_text, so "お荷物" also matches "ｵ荷物") or "re:" + a
 * regular expression over normalised text (katakana, lower case). weight
 * 0..100 is what the phrase alone says (0 = only a signal for the rules);
 * signal names what the phrase is evidence of ("delivery_claim",
 * "urgency", ...). A malformed line → MM_EINVAL naming the family and line. */
mm_status mm_message_model_add_phrases(mm_message_model *m, const char *family, const char *tsv,
                                       size_t len, mm_error *err);
/* data/brands.tsv (brand, group, aliases, domains, keywords). */
mm_status mm_message_model_add_brands(mm_message_model *m, const char *tsv, size_t len,
                                      mm_error *err);
/* data/official_numbers.tsv (number, owner, kind). */
mm_status mm_message_model_add_officials(mm_message_model *m, const char *tsv, size_t len,
                                         mm_error *err);
/* One host or TLD a line: list "tlds" (bare domains ending in one are
 * extracted) or "shorteners" (hosts whose links hide the destination). For
 * shorteners, "host<TAB>shortener" lines of data/url_suffixes.tsv are
 * accepted too (other classes are skipped). List "banks": lines
 * "code<TAB>name,name" (data/message_banks.tsv). */
mm_status mm_message_model_add_list(mm_message_model *m, const char *list, const char *tsv,
                                    size_t len, mm_error *err);
/* The classifier file written by `mamoru train` (versioned, checked).
 * buf NULL and len 0 remove the classifier (rules only, for evaluation). */
mm_status mm_message_model_set_classifier(mm_message_model *m, const void *buf, size_t len,
                                          mm_error *err);
/* Compile the phrase database and resolve the rules. MM_EINVAL naming the
 * family and pattern when Vectorscan refuses one. */
mm_status mm_message_model_compile(mm_message_model *m, mm_error *err);
/* Compiling ~1,400 patterns takes ~0.4 s (seconds under ASan), so callers
 * may keep the compiled database: the same as _compile, but when cache
 * holds a database serialised by an earlier call for exactly the same
 * expressions and Vectorscan version it is loaded instead; otherwise the
 * patterns are compiled and, when out is non-NULL, the serialised database
 * is written to out (empty when nothing new was compiled). cache may be
 * NULL. The key names what is compiled: 32 hex digits, stable across runs. */
mm_status mm_message_model_compile_cached(mm_message_model *m, const void *cache,
                                          size_t cache_len, mm_buf *out, mm_error *err);
mm_status mm_message_model_cache_key(const mm_message_model *m, char key[33], mm_error *err);

/* Bank accounts written with the branch's name ("○○銀行 渋谷支店 普通
 * 1234567") are resolved through the Zengin list z (branch names
 * normalised and indexed here; z itself is not kept) and become canonical,
 * so they are looked up. Without it they stay partial (MM_EXTRACT_PARTIAL).
 * Call before sharing the model; NULL or an empty list removes the index.
 * mm_screen_ctx_set_zengin does the same for a loaded context's model. */
mm_status mm_message_model_set_branches(mm_message_model *m, const mm_zengin *z, mm_error *err);
mm_status mm_screen_ctx_set_zengin(mm_screen_ctx *ctx, const mm_zengin *z, mm_error *err);

/* Counts, for tests and help texts. */
size_t mm_message_model_phrase_count(const mm_message_model *m);
bool mm_message_model_has_classifier(const mm_message_model *m);

/* ---- extraction (src/screen/message_extract.c) ---------------------------- */

enum {
    MM_EXTRACT_OBFUSCATED = 1, /* written defanged / spaced / full-width */
    MM_EXTRACT_SHORTENER = 2,  /* URL on a shortener host */
    MM_EXTRACT_IP_HOST = 4,    /* URL whose host is an IP address */
    MM_EXTRACT_PARTIAL = 8,    /* bank account without codes: not canonical */
};
/* At most this many items are extracted from one text (a 2 MB e-mail full
 * of links must not produce a 2 MB verdict). */
#define MM_EXTRACT_MAX 256

/* Something a fraudster hands over, found in a message. */
typedef struct mm_extracted {
    mm_kind kind;          /* phone, url, bank_account, crypto_address, sns_account, email */
    const char *value;     /* canonical form (what the snapshot is keyed by) */
    const char *host;      /* url / email: canonical host; NULL otherwise */
    const char *registrable; /* url / email: eTLD+1 of host, or NULL */
    uint32_t start, end;   /* byte span in the ORIGINAL text */
    int flags;             /* MM_EXTRACT_* */
    mm_phone_class phone_class; /* phone only */
    bool ends_0110;        /* phone only */
} mm_extracted;

/* Extract URLs (also defanged: hxxp, h**p, [.], (.), full-width dots and
 * slashes, spaces and line breaks inside), bare domains with a known TLD,
 * phone numbers (domestic and +CC), bank accounts, crypto addresses,
 * e-mail addresses and LINE / Telegram / Signal / WhatsApp ids. m may be
 * NULL (then bare domains need "www."). *out is an arena array. */
mm_status mm_message_extract(const mm_message_model *m, const char *text, size_t len,
                             mm_arena *a, mm_extracted **out, size_t *n, mm_error *err);

/* The classifier's probability that text is fraud (0..1).
 * MM_ENOTFOUND when the model has no classifier. */
mm_status mm_message_classify(const mm_message_model *m, const char *text, size_t len,
                              mm_arena *a, double *p, mm_error *err);

/* ---- training (`mamoru train`, src/screen/message_classifier.c) ----------- */

typedef struct mm_train_opts {
    int hash_bits;   /* 14..20, default 16 */
    int epochs;      /* default 12 */
    double rate;     /* AdaGrad base rate, default 0.2 */
    double l2;       /* L2 shrink per update, default 1e-6 */
    double threshold; /* stored decision threshold, default 0.5 (used when fpr is 0) */
    uint64_t seed;
    double fpr; /* > 0: calibrate the threshold so that this share of benign
                   examples in a 20% calibration split (fit on the other 80%)
                   reach it; then refit on everything. Default 0.002. */
} mm_train_opts;
#define MM_TRAIN_DEFAULTS                                                                          \
    ((mm_train_opts){.hash_bits = 16, .epochs = 12, .rate = 0.2, .l2 = 1e-6, .threshold = 0.5,    \
                     .seed = 1, .fpr = 0.002})

typedef struct mm_text_trainer mm_text_trainer;
mm_text_trainer *mm_text_trainer_new(const mm_train_opts *o);
void mm_text_trainer_free(mm_text_trainer *t);
/* Add one example (label 1 fraud / spam, 0 benign); the text is
 * normalised and its features kept. Invalid UTF-8 → MM_EINVAL. */
mm_status mm_text_trainer_add(mm_text_trainer *t, const char *text, size_t len, int label,
                              mm_error *err);
size_t mm_text_trainer_count(const mm_text_trainer *t, int label);
/* Logistic regression (AdaGrad SGD, class-balanced), with the threshold
 * calibration described at mm_train_opts.fpr. */
mm_status mm_text_trainer_fit(mm_text_trainer *t, mm_error *err);
/* The decision threshold that will be stored (after fit). */
double mm_text_trainer_threshold(const mm_text_trainer *t);
/* Serialise the versioned model file. */
mm_status mm_text_trainer_save(const mm_text_trainer *t, mm_buf *out, mm_error *err);
/* Deterministic held-out split: true when the text hashes (XXH64) into the
 * first `percent` of 100 buckets. Training (--holdout) skips these,
 * evaluation measures on them. */
bool mm_text_heldout(const char *text, size_t len, int percent);

#endif
