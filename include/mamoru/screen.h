/*
 * screen.h — the screening core's shared vocabulary: verdicts, reasons,
 * scoring, warning texts, and the read-only context every detector gets.
 *
 * Pure: detectors take an immutable context plus one input and return a
 * verdict allocated from the caller's arena; no I/O, no locks. Dictionaries
 * and models are parsed from buffers here; reading the files is the
 * caller's job (src/ingest/load_*.c, used by the CLI and the server).
 *
 * Each detector lives in its own header (screen_url.h, screen_message.h,
 * screen_payment.h, ...) and fills an mm_verdict through mm_verdict_add.
 */
#ifndef MAMORU_SCREEN_H
#define MAMORU_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/intel.h"

typedef enum mm_verdict_action {
    MM_VERDICT_ALLOW = 0,
    MM_VERDICT_WARN,
    MM_VERDICT_HOLD,
    MM_VERDICT_BLOCK,
} mm_verdict_action;

const char *mm_verdict_action_name(mm_verdict_action a); /* "allow", "warn", "hold", "block" */

/* One piece of evidence. code is a stable upper-case string from the table
 * in docs/reasons.md (URL_LISTED, PHONE_LISTED, TEXT_DELIVERY_LURE, ...).
 * weight 0..100 is how strongly it alone indicates fraud. span is a byte
 * range in the ORIGINAL input (0,0 when not applicable). */
typedef struct mm_reason {
    const char *code;
    const char *category; /* the 手口 this reason points to, or NULL */
    const char *detail;   /* human text (English), may quote the matched value */
    int weight;
    uint32_t span_start, span_end;
    int64_t indicator_id; /* listed indicator behind it, 0 = none */
    const char *brand;    /* impersonated brand, or NULL */
    const char *text_ja;  /* Japanese text for the clerk or customer (payment rules), or NULL */
    const char *audience; /* who text_ja is for: "clerk" or "customer", or NULL */
} mm_reason;

typedef struct mm_verdict {
    mm_verdict_action action;
    int score;            /* 0..100 */
    const char *category; /* category of the strongest reason, "none" when clean */
    mm_reason *reasons;
    size_t nreasons;
    size_t cap;
    const char *warning_ja; /* from the warnings table by category, or NULL */
    const char *warning_en;
} mm_verdict;

/* Score thresholds: score >= block → block, >= hold → hold, >= warn → warn. */
typedef struct mm_thresholds {
    int warn, hold, block;
} mm_thresholds;
#define MM_THRESHOLDS_DEFAULT ((mm_thresholds){.warn = 40, .hold = 70, .block = 85})

void mm_verdict_init(mm_verdict *v);
/* Append a copy of r (strings are NOT copied: keep them in the arena or
 * static). MM_ENOMEM when the arena is exhausted. */
mm_status mm_verdict_add(mm_verdict *v, mm_arena *a, const mm_reason *r);
/* Combine the reasons into score and action: score = 100·(1 − Π(1 − wᵢ/100)),
 * so independent evidence accumulates but never exceeds 100; category =
 * that of the heaviest reason with a category; action from thresholds.
 * Call once, after all detectors have added their reasons. */
void mm_verdict_finish(mm_verdict *v, const mm_thresholds *t);

/* ---- warning texts (data/warnings.tsv: category \t ja \t en) ------------ */

typedef struct mm_warnings mm_warnings;
/* Parse the TSV text; strings are copied. Lines starting '#' are comments.
 * A malformed line → MM_EINVAL naming the line number. */
mm_status mm_warnings_parse(const char *tsv, size_t len, mm_warnings **out, mm_error *err);
void mm_warnings_free(mm_warnings *w);
/* Fill v->warning_ja / _en from v->category (falls back to "default"). */
void mm_warnings_apply(const mm_warnings *w, mm_verdict *v);

/* ---- the read-only context detectors share ------------------------------ */

/* Opaque per-detector data, defined by each detector's own header. Any may
 * be NULL: a detector then uses what it has (e.g. the snapshot only). */
typedef struct mm_url_model mm_url_model;         /* brands, look-alike rules, URL classifier */
typedef struct mm_message_model mm_message_model; /* phrase families, text classifier */
typedef struct mm_payment_rules mm_payment_rules; /* payment thresholds */

typedef struct mm_screen_ctx {
    const mm_snapshot *snap; /* listed indicators; may be NULL */
    const mm_url_model *url;
    const mm_message_model *message;
    const mm_payment_rules *payment;
    const mm_warnings *warnings;
    mm_thresholds thresholds;
} mm_screen_ctx;

#endif
