/*
 * ingest_message.h — reading labelled message corpora for training and
 * evaluating the message classifier (`mamoru train`, bench/eval_messages,
 * tests): mamoru's own corpus TSV, label<TAB>text files (UCI SMS Spam
 * Collection) and label,TEXT,… CSV (Mishra & Soni smishing set).
 */
#ifndef MAMORU_INGEST_MESSAGE_H
#define MAMORU_INGEST_MESSAGE_H

#include <stddef.h>

#include "mamoru/core.h"

/* One labelled example. Strings are valid until the callback returns. */
typedef struct mm_labelled {
    int label;            /* 1 fraud / spam / smishing / phishing, 0 benign / ham */
    const char *category; /* corpus TSV: the 手口 column; else "spam" / "smishing" / "ham" */
    const char *channel;  /* corpus TSV: channel column; else "sms" */
    const char *text;     /* leading blanks trimmed */
    size_t len;
    const char *source; /* corpus TSV: source column; else the file name */
    size_t line;        /* 1-based line (CSV: record) number */
} mm_labelled;

/* Returning non-zero from the callback stops the read. */
typedef int (*mm_labelled_fn)(const mm_labelled *ex, void *user);

/* Read path by its form: "*.csv" → CSV with a header (label first, text
 * second, RFC 4180 quoting); otherwise TSV — 5 columns (label, category,
 * channel, text, source) or 2 (label, text). '#' lines are skipped; a line
 * whose label is not recognised is skipped and counted in *skipped (may be
 * NULL). MM_ENOTFOUND / MM_EIO naming the file when it cannot be read. */
mm_status mm_labelled_read(const char *path, mm_labelled_fn fn, void *user, size_t *skipped,
                           mm_error *err);

#endif
