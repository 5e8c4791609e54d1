/*
 * store_int.h — the SQLite store handle shared by the store's own files
 * (store.c, store_indicators.c, org.c, audit.c, snapshot_build.c). Not a
 * public header: nothing outside src/intel includes it.
 *
 * One handle = one SQLite connection + one mutex. Every public store call
 * takes the mutex for its whole duration, so threads may share the handle
 * and a write transaction is never interleaved with another call. Prepared
 * statements are compiled once per handle (lazily) and reused, which is
 * what makes bulk imports fast.
 */
#ifndef MAMORU_INTEL_STORE_INT_H
#define MAMORU_INTEL_STORE_INT_H

#include <openssl/evp.h>
#include <pthread.h>
#include <sqlite3.h>

#include "mamoru/intel.h"

/* Cached statements; SQL text in store.c (stmt_sql). */
enum store_stmt {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_HEAD_GET,
    ST_HEAD_SET,
    ST_AUDIT_INSERT,
    ST_ORG_EXISTS,
    ST_IND_FIND,
    ST_IND_INSERT,
    ST_IND_SIGHTING,
    ST_IND_GET,
    ST_IND_SET_STATUS,
    ST_IO_INSERT,
    ST_IO_BUMP,
    ST_EVIDENCE_INSERT,
    ST_IND_LIST,
    ST_HASH_RANGE,
    ST_AUTH,
    ST_SIGHT_INSERT, /* store_activity.c */
    ST_SIGHT_PRUNE,
    ST_SIGHT_OTHER,
    ST_SIGHT_HOT,
    ST_SIGHT_PRUNE_HOT,
    ST__COUNT
};

/* HMAC-SHA-256 under the store key and SHA-256, with contexts reused
 * across calls: fetching the algorithm and allocating a context per call
 * costs several times more than hashing a short value. One set per thread. */
typedef struct store_crypto {
    EVP_MAC_CTX *hmac; /* keyed once at open */
    EVP_MD_CTX *md;
    const EVP_MD *sha256;
    const uint8_t *key;
    size_t keylen;
} store_crypto;

struct prepared;

struct mm_store {
    sqlite3 *db;
    pthread_mutex_t mu;
    uint8_t *key;
    size_t keylen;
    const mm_zengin *zengin;
    /* OpenSSL algorithms fetched once, and two sets of contexts: [0] for
     * the thread holding the mutex, [1] for the batch preparation worker */
    EVP_MAC *mac;
    EVP_MD *sha256;
    store_crypto cx[2];
    /* batch preparation (store_indicators.c): reused between batches */
    struct prepared *prep;
    size_t prep_cap;
    mm_arena *prep_arena;
    sqlite3_stmt *st[ST__COUNT];
    mm_arena *scratch; /* per-row normalisation memory, reset per row */
    int64_t known_org; /* last org id seen to exist (orgs are never deleted) */
    int version;       /* schema version after migrations */
    /* audit chain head, loaded at tx_begin, written at tx_commit */
    int64_t audit_last_id;
    char audit_last_hash[65];
    unsigned char audit_last_bin[32];
    int audit_bin_ok; /* audit_last_bin matches audit_last_hash */
    int audit_dirty;
    int64_t now;               /* unix seconds, fixed for the duration of one transaction */
    uint32_t sightings_logged; /* store_activity.c: prune every so many */
    /* store_activity.c: read-only connection for the activity read */
    pthread_mutex_t ro_mu;
    sqlite3 *ro;  /* under ro_mu */
    int ro_state; /* under ro_mu: 0 not tried, 1 open, -1 not available */
};

/* Column list read by row_to_indicator, in this order. */
#define MM_IND_COLS                                                                                \
    "id, kind, canonical, coalesce(display, canonical), hash, hashed, category, status, "          \
    "confidence, distribution, org_id, first_seen, last_seen, expires, sightings, reporters, "     \
    "holder_hash, created, updated"

/* The cached statement, reset and with bindings cleared; NULL on a prepare
 * failure (err filled). */
sqlite3_stmt *store_stmt(mm_store *s, enum store_stmt which, mm_error *err);
/* MM_EIO with SQLite's message, naming what was being done. */
mm_status store_sql_error(mm_store *s, mm_error *err, const char *what);
/* Run one SQL text (no results) outside the cache: migrations, PRAGMAs. */
mm_status store_exec(mm_store *s, const char *sql, mm_error *err);

/* Write transactions: BEGIN IMMEDIATE + audit head load; commit writes the
 * head back in the same transaction. rollback never fails. */
mm_status store_tx_begin(mm_store *s, mm_error *err);
mm_status store_tx_commit(mm_store *s, mm_error *err);
void store_tx_rollback(mm_store *s);

/* Does organisation id exist? MM_OK, MM_EINVAL (field "org_id") or MM_EIO. */
mm_status store_org_check(mm_store *s, int64_t org_id, mm_error *err);

/* Append an audit entry inside the current write transaction. */
mm_status audit_append_tx(mm_store *s, int64_t org_id, const char *action, const char *object,
                          const char *detail, mm_error *err);

/* Fill out from a statement positioned on a row of MM_IND_COLS starting at
 * column 0; strings copied into a. MM_ENOMEM when a runs out. */
mm_status store_row_to_indicator(sqlite3_stmt *st, mm_arena *a, mm_indicator *out);

/* Keyed HMAC-SHA-256 (the store's key) and SHA-256 as 64 hex + NUL (or 32
 * raw bytes), the same values as mm_hmac_hex / mm_sha256_hex. */
void store_hmac_hex(store_crypto *c, const void *data, size_t len, char out[65]);
void store_sha256(store_crypto *c, const void *data, size_t len, unsigned char out[32]);
void store_sha256_hex(store_crypto *c, const void *data, size_t len, char out[65]);
/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void store_hex(const unsigned char *p, size_t n, char *out);

/* Decimal text of v into out (at least 21 bytes), NUL-terminated; returns
 * the length. snprintf("%lld") is measurably slow on the import path. */
size_t store_fmt_i64(char *out, int64_t v);

/* Log one sighting of indicator id (store_activity.c) inside the open
 * write transaction: phone reports seen within MM_ACTIVITY_HORIZON only;
 * every other call is a no-op. Prunes old rows now and then. */
mm_status store_sighting_log(mm_store *s, mm_kind kind, int64_t id, int64_t org_id, int64_t seen,
                             mm_error *err);

/* Current time in unix seconds. */
int64_t store_now(void);

#endif
