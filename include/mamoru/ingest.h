/*
 * ingest.h — reading files into the pure modules: whole-file reads and the
 * loader that builds the screening context (warning texts, and each
 * detector's dictionaries and model) from the data directory.
 *
 * Not pure: this is where file I/O for screening lives, so that src/screen
 * never touches a file. The CLI and the server both call it.
 */
#ifndef MAMORU_INGEST_H
#define MAMORU_INGEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "mamoru/core.h"
#include "mamoru/screen.h"

/* The one JSON form of a verdict (src/ingest/verdict_json.c): {"id"?,
 * action, score, category, reasons[{code, category?, detail?, weight,
 * span?, indicator?, brand?, text_ja?, audience?}], warning?}; "id" first
 * when id is not NULL (a payment event's). mm_server_verdict_json and
 * mm_payment_verdict_json are this. New reference, NULL when out of memory. */
json_t *mm_verdict_to_json(const mm_verdict *v, const char *id);

/* One group of JSONL lines (src/ingest/jsonl_group.c), shared by the CLI's
 * --jsonl loop and the server's batch routes. Lines are added until the
 * group is full (mm_jsonl_group_add returns true); in[i] is the parsed line
 * or NULL with e[i] naming parse_field; the detector fills out[i] — a JSON
 * value (new reference) or the line already written as compact text — or
 * leaves it empty with e[i] filled. After the lines are written,
 * mm_jsonl_group_clear releases them (and any out[i].json that was not
 * used) and empties the group. */
typedef struct mm_jsonl_out {
    json_t *json;
    const char *text;
    size_t len;
} mm_jsonl_out;
typedef struct mm_jsonl_group {
    json_t **in;
    mm_jsonl_out *out;
    mm_error *e;
    size_t *lineno;
    size_t n, max;
} mm_jsonl_group;
mm_status mm_jsonl_group_init(mm_jsonl_group *g, size_t max);
bool mm_jsonl_group_add(mm_jsonl_group *g, const char *line, size_t len, size_t json_flags,
                        const char *parse_field, size_t lineno);
void mm_jsonl_group_clear(mm_jsonl_group *g);
void mm_jsonl_group_free(mm_jsonl_group *g);

/* Read a whole file into a heap buffer (NUL-terminated; free() it). */
mm_status mm_read_file(const char *path, char **buf, size_t *len, mm_error *err);

/* Fill ctx (snap left NULL) from data_dir: data/warnings.tsv and every
 * detector's files. A missing optional file leaves that detector NULL; a
 * malformed one is an error naming the file and line. */
mm_status mm_screen_ctx_load(const char *data_dir, mm_screen_ctx *ctx, mm_error *err);
/* Only some of it: an OR of MM_LOAD_* bits (a command that screens URLs
 * need not compile the message model's phrase database). */
enum {
    MM_LOAD_WARNINGS = 1u << 0,
    MM_LOAD_URL = 1u << 1,
    MM_LOAD_MESSAGE = 1u << 2,
    MM_LOAD_PAYMENT = 1u << 3,
    MM_LOAD_ALL = 0xffu,
};
mm_status mm_screen_ctx_load_parts(const char *data_dir, unsigned parts, mm_screen_ctx *ctx,
                                   mm_error *err);
/* Free what mm_screen_ctx_load built (not the snapshot). Accepts zeroed ctx. */
void mm_screen_ctx_unload(mm_screen_ctx *ctx);

/* The URL detector's model from data_dir (brands.tsv, url_suffixes.tsv,
 * url_lures.tsv, confusables.tsv, url_model.bin; src/ingest/load_url.c).
 * *out stays NULL when none of the files exists. */
mm_status mm_url_model_load(const char *data_dir, mm_url_model **out, mm_error *err);
/* The same dictionaries from data_dir with the risk model taken from a
 * buffer instead of data_dir/url_model.bin (model NULL: no risk model —
 * the dictionaries train-url needs). */
mm_status mm_url_model_load_with(const char *data_dir, const void *model, size_t model_len,
                                 mm_url_model **out, mm_error *err);

/* The URL risk model from the corpora, as `mamoru train-url` builds it
 * (src/ingest/url_train_data.c): phishing rows dated in [from, until] of the
 * comma-separated phish paths, the benign URLs (mm_url_benign_urls) of the
 * TRAIN split of the comma-separated benign lists, the threshold at fpr of
 * the VALIDATION split's URLs; the TEST split is never read. dict supplies
 * the suffix/brand/lure dictionaries. The model file goes to *model. */
struct mm_url_train_opts; /* mamoru/screen_url.h */
typedef struct mm_url_train_data {
    const char *phish;    /* comma-separated files or directories */
    const char *benign;   /* comma-separated domain lists */
    const char *from;     /* "YYYY-MM" or NULL */
    const char *until;    /* "YYYY-MM" */
    double fpr;           /* threshold point on the validation URLs (0.001) */
    double benign_weight; /* <= 0: both classes weigh the same in total */
} mm_url_train_data;
typedef struct mm_url_train_report {
    size_t rows, dup, unparsable;       /* phishing rows in range, duplicates, unparsable */
    size_t phish, benign, valid_urls;   /* examples trained; validation URLs */
    size_t train_domains, valid_domains, test_domains;
    double benign_weight, threshold;
    double threshold_point; /* the plain fpr point of the validation URLs (threshold adds a
                               margin: src/ingest/url_train_data.c) */
} mm_url_train_report;
mm_status mm_url_train_from_data(const mm_url_train_data *d, const struct mm_url_train_opts *o,
                                 const mm_url_model *dict, mm_buf *model,
                                 mm_url_train_report *rep, mm_error *err);

/* Corpora of the URL risk model (src/ingest/url_corpus.c). JPCERT/CC
 * phishurl-list CSV (date,URL,description): path is a file or a directory
 * walked recursively in sorted order (*.csv, "derived_*" skipped). fn gets
 * each data row; returning non-zero stops. Row strings live until fn returns. */
typedef struct mm_url_corpus_row {
    char date[11];      /* "YYYY-MM-DD" */
    const char *url;
    const char *brand;  /* the impersonated brand as labelled */
    const char *source; /* file */
    size_t line;
} mm_url_corpus_row;
typedef int (*mm_url_corpus_fn)(const mm_url_corpus_row *r, void *user);
mm_status mm_url_corpus_read(const char *path, mm_url_corpus_fn fn, void *user, mm_error *err);
/* Benign domains: a text file (one a line, '#' comments) or a JSON array of
 * {"rootDomain": ...} objects. */
typedef int (*mm_url_domain_fn)(const char *domain, void *user);
mm_status mm_url_benign_read(const char *path, mm_url_domain_fn fn, void *user, mm_error *err);


/* The message detector's model from data_dir (phrases/NAME.tsv, brands.tsv,
 * official_numbers.tsv, message_tlds.tsv, message_banks.tsv, url_suffixes.tsv,
 * message_model.bin; src/ingest/load_message.c). *out stays NULL without a
 * phrases directory. */
mm_status mm_message_model_load(const char *data_dir, mm_message_model **out, mm_error *err);

#endif
