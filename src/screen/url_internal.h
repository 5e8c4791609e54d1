/*
 * url_internal.h — what the src/screen/url_*.c files share: the layout of
 * mm_url_model, the parsed view of one URL (url_parts), and the entry
 * point of each concern (lookup, look-alike, structure, model).
 *
 * Why one private header: the URL detector is split by concern so each
 * file stays one idea, but they all read the same model and the same
 * parsed URL; keeping both definitions here keeps screen_url.h the
 * contract with callers and nothing more.
 */
#ifndef MAMORU_SCREEN_URL_INTERNAL_H
#define MAMORU_SCREEN_URL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/norm.h"
#include "mamoru/screen_url.h"

/* ---- string → value map (url_data.c) ------------------------------------ */

/* Open addressing on XXH3 of the key; keys are copied into one pool. Used
 * for own domains, suffix classes and skeletons — all built once at parse. */
typedef struct strmap_slot {
    uint64_t hash; /* 0 = empty */
    uint32_t off;  /* key offset in pool */
    uint32_t len;
    uint32_t value;
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    size_t mask, count;
    char *pool;
    size_t pool_len, pool_cap;
} strmap;

/* Insert (first value wins for an existing key). MM_OK or MM_ENOMEM. */
mm_status url_strmap_put(strmap *m, const char *k, size_t len, uint32_t value);
/* Value of k, or -1 when absent. */
int64_t url_strmap_get(const strmap *m, const char *k, size_t len);
void url_strmap_free(strmap *m);

/* ---- Aho-Corasick over bytes (url_data.c) ------------------------------- */

typedef struct acmatch {
    uint32_t id;    /* pattern id */
    uint32_t start; /* byte offsets in the scanned text */
    uint32_t end;
} acmatch;

typedef struct acauto {
    uint8_t cls[256];  /* byte → class (0 = byte in no pattern) */
    uint32_t nclass;
    uint32_t *next;    /* nstates × nclass transitions (complete DFA) */
    uint32_t *out;     /* per state: first output index in outs, or UINT32_MAX */
    uint32_t *outs;    /* pairs (pattern id, next output index) */
    uint32_t *plen;    /* pattern lengths */
    uint32_t nstates, npat;
} acauto;

/* Build from patterns (bytes, matched as given — callers lower-case). */
mm_status url_ac_build(acauto *ac, const char *const *pat, const size_t *len, size_t n);
/* All matches in text (up to cap); returns how many were found (≤ cap). */
size_t url_ac_scan(const acauto *ac, const char *text, size_t len, acmatch *out, size_t cap);
void url_ac_free(acauto *ac);

/* ---- the model ---------------------------------------------------------- */

typedef struct url_brand {
    char *name;
    char *group;
    char **aliases;
    size_t naliases;
} url_brand;

typedef struct url_keyword {
    char *text; /* lower-case bytes */
    uint32_t len;
    uint32_t brand;
    bool token; /* "=kw": whole token only */
    bool ascii;
} url_keyword;

/* A label a look-alike imitates by typo or homoglyph: own-domain labels
 * and keywords of 5+ characters. */
typedef struct url_target {
    char *label;
    uint32_t len;
    uint32_t brand;
    bool own_label; /* first label of an own domain (TLD swap applies) */
    uint32_t mask;  /* letters present (a-z bits 0-25, digit 26, other 27): a cheap typo filter */
} url_target;

typedef enum url_suffix_class {
    URL_SFX_FREE_HOSTING = 1,
    URL_SFX_DYNDNS,
    URL_SFX_SHORTENER,
    URL_SFX_RISKY_TLD,
} url_suffix_class;

typedef struct url_confusable {
    uint32_t cp;
    char proto[12]; /* NUL-terminated prototype, [a-z0-9-] */
} url_confusable;

/* The classifier as loaded from url_model.bin. */
typedef struct url_classifier {
    uint32_t version;
    uint32_t features; /* mm_url_features */
    uint32_t hash_bits;
    float bias;
    float threshold; /* probability at which URL_RISK_MODEL warns */
    float *w;        /* 1 << hash_bits weights */
} url_classifier;

struct mm_url_model {
    url_brand *brands;
    size_t nbrands;
    strmap own;      /* host suffix → brand */
    strmap own_wild; /* label of "label.*" → brand */
    url_keyword *kw;
    size_t nkw;
    acauto kw_ac; /* over all keywords */
    url_target *targets;
    size_t ntargets;
    /* typo candidates by first byte: typo_ix[typo_at[b] .. typo_at[b + 1])
     * are the indices (ascending) of the targets starting with byte b that
     * typos are checked against (not own labels, 6+ bytes) */
    uint32_t *typo_ix;
    uint32_t typo_at[257];
    strmap skel;  /* skeleton of a target label → target index (≥ ntargets: keyword index) */
    strmap words; /* every ASCII keyword and target label → brand: exact names, never typos */
    strmap suffix; /* suffix → url_suffix_class */
    char **lures;
    uint32_t *lure_len;
    size_t nlures;
    acauto lure_ac;
    url_confusable *conf; /* sorted by cp */
    size_t nconf;
    const char *ascii_map[128]; /* prototype of each ASCII byte (NULL = itself) */
    url_classifier *clf;        /* NULL when no model file */
};

/* ---- one URL, parsed once --------------------------------------------- */

typedef struct url_parts {
    mm_url u;
    const char *host; /* canonical ASCII host (u.host) */
    size_t host_len;
    const char *reg; /* registrable domain, NULL for IP hosts and bare suffixes */
    size_t reg_len;
    const char *suffix; /* public suffix ("co.jp") or NULL */
    const char *label;  /* registrable minus suffix: the label the owner chose */
    size_t label_len;
    size_t sub_len; /* bytes of host before the registrable domain (no trailing dot) */
    bool idn;       /* some label is an A-label (xn--) */
    char *pathq;    /* decoded, lower-cased path + "?" + query (arena) */
    size_t pathq_len;
} url_parts;

/* Canonicalise and split. MM_EINVAL (field "url") when it cannot be parsed. */
mm_status url_parts_parse(const char *url, mm_arena *a, url_parts *p, mm_error *err);

/* Suffix class of host (most specific match), 0 when none; *which gets the
 * matching suffix (may be NULL). */
int url_suffix_class_of(const mm_url_model *m, const char *host, size_t len, const char **which,
                        size_t *which_len);

/* Is the host one of a brand's own domains (or a subdomain of one)?
 * Returns the brand index or -1. */
int url_own_brand(const mm_url_model *m, const url_parts *p);
/* Is the REGISTRABLE domain itself one of a brand's own domains (not merely
 * a host under a platform the brand runs, like a public-suffix bucket)? */
bool url_own_registrable(const mm_url_model *m, const url_parts *p);

/* Skeleton (UTS #39-style, table restricted to [a-z0-9-] prototypes) of a
 * UTF-8 string into out (cap bytes, NUL-terminated). Returns its length,
 * or 0 when it does not fit. */
size_t url_skeleton(const mm_url_model *m, const char *s, size_t len, char *out, size_t cap);

/* ---- the concerns --------------------------------------------------------- */

mm_status url_lookalike_reasons(const mm_url_model *m, const url_parts *p, mm_arena *a,
                                mm_verdict *v);
mm_status url_structure_reasons(const mm_url_model *m, const url_parts *p, mm_arena *a,
                                mm_verdict *v);
mm_status url_model_reasons(const mm_url_model *m, const url_parts *p, mm_arena *a,
                            mm_verdict *v);

/* Classifier features of one URL: hashed bucket indices (with repeats) into
 * out and their values into val (cap entries each); returns the count.
 * dict may be NULL. */
size_t url_features(const mm_url_model *dict, const url_parts *p, mm_url_features set, int bits,
                    uint32_t *out, float *val, size_t cap);
#define URL_MAX_FEATURES 2048

/* Parse / free the binary model file. */
mm_status url_classifier_parse(const void *buf, size_t len, url_classifier **out, mm_error *err);
void url_classifier_free(url_classifier *c);
/* Logistic score of a feature list. */
double url_classifier_prob(const url_classifier *c, const uint32_t *f, const float *v, size_t n);

/* float16 conversion (IEEE half, round to nearest even). */
uint16_t url_f32_to_f16(float f);
float url_f16_to_f32(uint16_t h);

#endif
