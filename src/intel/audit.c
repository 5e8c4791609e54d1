/*
 * audit.c — the append-only, hash-chained audit log.
 *
 * Entry i stores hash_i = SHA-256(hash_{i-1} | id | ts | org | action |
 * object | detail), where '|' is a NUL byte (fields are C strings, so the
 * encoding is unambiguous: text cannot be moved from one field to the next
 * without changing the hash). Entry 1 links to 64 zeros. Ids come from the
 * chain itself (last id + 1) and must be consecutive, so deleting a row in
 * the middle leaves a gap; the one-row audit_head table holds the last id and
 * hash and is updated in the same transaction as every append, so cutting
 * rows off the tail is detected too. Store writes append their entries
 * inside their own transaction (audit_append_tx); mm_audit_append is the
 * stand-alone form for callers that log reads of personal data.
 *
 * Limits: the chain is unkeyed, as intel.h specifies; someone who can write
 * the file can rebuild the whole chain and the head. Export the head hash
 * to a place they cannot write (another node, a ticket) to close that gap.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/store_int.h"

static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Hash one entry into bin (32 bytes) and hex (64 hex + NUL). MM_ENOMEM
 * when a very long detail cannot be buffered. */
static mm_status entry_hash(mm_store *s, const char *prev, int64_t id, int64_t ts, int64_t org,
                            const char *action, const char *object, const char *detail,
                            unsigned char bin[32], char out[65])
{
    char nums[3][24];
    int nl[3];
    nl[0] = (int)store_fmt_i64(nums[0], id);
    nl[1] = (int)store_fmt_i64(nums[1], ts);
    nl[2] = (int)store_fmt_i64(nums[2], org);
    const char *parts[7] = {prev, nums[0], nums[1], nums[2], action, object, detail};
    size_t lens[7] = {strlen(prev),   (size_t)nl[0],  (size_t)nl[1], (size_t)nl[2],
                      strlen(action), strlen(object), strlen(detail)};
    size_t total = 0;
    for (int i = 0; i < 7; i++)
        total += lens[i] + 1;
    char stackbuf[1024];
    char *buf = total <= sizeof stackbuf ? stackbuf : malloc(total);
    if (buf == NULL)
        return MM_ENOMEM;
    size_t off = 0;
    for (int i = 0; i < 7; i++) {
        memcpy(buf + off, parts[i], lens[i]);
        off += lens[i];
        buf[off++] = '\0';
    }
    store_sha256(&s->cx[0], buf, off - 1, bin); /* no separator after the last field */
    store_hex(bin, 32, out);
    if (buf != stackbuf)
        free(buf);
    return MM_OK;
}

/* 64 hex digits → 32 bytes (the chain stores hashes as blobs; a
 * malformed head is caught by verification, not here). */
static void unhex(const char *hex, unsigned char out[32])
{
    for (int i = 0; i < 32; i++) {
        unsigned v = 0;
        for (int j = 0; j < 2; j++) {
            char c = hex[2 * i + j];
            v = v * 16 + (unsigned)(c >= '0' && c <= '9'   ? c - '0'
                                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                           : 0);
        }
        out[i] = (unsigned char)v;
    }
}

/* A 32-byte blob column as hex; "" for anything else. */
static void blob_hex(sqlite3_stmt *st, int col, char out[65])
{
    out[0] = '\0';
    if (sqlite3_column_type(st, col) == SQLITE_BLOB && sqlite3_column_bytes(st, col) == 32)
        store_hex(sqlite3_column_blob(st, col), 32, out);
}

mm_status audit_append_tx(mm_store *s, int64_t org_id, const char *action, const char *object,
                          const char *detail, mm_error *err)
{
    int64_t id = s->audit_last_id + 1;
    char hash[65];
    unsigned char bin[32];
    if (!s->audit_bin_ok) {
        unhex(s->audit_last_hash, s->audit_last_bin);
        s->audit_bin_ok = 1;
    }
    if (entry_hash(s, s->audit_last_hash, id, s->now, org_id, action, object, detail, bin, hash) !=
        MM_OK)
        return mm_error_set(err, MM_ENOMEM, "audit", "out of memory hashing audit entry");
    sqlite3_stmt *st = store_stmt(s, ST_AUDIT_INSERT, err);
    if (st == NULL)
        return MM_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, s->now);
    sqlite3_bind_int64(st, 3, org_id);
    sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, object, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 7, s->audit_last_bin, 32, SQLITE_STATIC);
    sqlite3_bind_blob(st, 8, bin, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return store_sql_error(s, err, "append audit entry");
    s->audit_last_id = id;
    memcpy(s->audit_last_hash, hash, 65);
    memcpy(s->audit_last_bin, bin, 32);
    s->audit_dirty = 1;
    return MM_OK;
}

mm_status mm_audit_append(mm_store *s, int64_t org_id, const char *action, const char *object,
                          const char *detail, mm_error *err)
{
    if (action == NULL || action[0] == '\0' || strlen(action) > 64)
        return mm_error_set(err, MM_EINVAL, "action", "audit action '%.80s' must be 1..64 bytes",
                            action ? action : "");
    if (object == NULL)
        object = "";
    if (detail == NULL)
        detail = "";
    if (strlen(object) > 256)
        return mm_error_set(err, MM_EINVAL, "object", "audit object '%.40s…' over 256 bytes",
                            object);
    if (strlen(detail) > 8192)
        return mm_error_set(err, MM_EINVAL, "detail", "audit detail '%.40s…' over 8192 bytes",
                            detail);
    pthread_mutex_lock(&s->mu);
    mm_status rc = store_tx_begin(s, err);
    if (rc == MM_OK) {
        rc = audit_append_tx(s, org_id, action, object, detail, err);
        if (rc == MM_OK)
            rc = store_tx_commit(s, err);
        else
            store_tx_rollback(s);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

static void fail(mm_audit_result *res, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(mm_audit_result *res, int64_t id, const char *fmt, ...)
{
    res->first_bad = id;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->reason, sizeof res->reason, fmt, ap);
    va_end(ap);
}

/* Walk the chain inside one read transaction. res->first_bad is the lowest
 * id at which the log stops being an intact chain: an edited entry, the id
 * of a deleted one, or the first id cut off the tail. */
static mm_status verify_locked(mm_store *s, mm_audit_result *res, mm_error *err)
{
    sqlite3_stmt *hs = NULL, *st = NULL;
    mm_status rc = MM_OK;
    int64_t head_id = 0;
    char head_hash[65] = "";
    if (sqlite3_prepare_v2(s->db, "SELECT last_id, last_hash FROM audit_head WHERE one = 1", -1,
                           &hs, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT id, ts, org_id, action, object, detail, prev_hash, hash "
                           "FROM audit ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare audit verification");
        goto out;
    }
    if (sqlite3_step(hs) == SQLITE_ROW) {
        head_id = sqlite3_column_int64(hs, 0);
        const unsigned char *h = sqlite3_column_text(hs, 1);
        snprintf(head_hash, sizeof head_hash, "%s", h ? (const char *)h : "");
    } else {
        fail(res, 1, "audit head row is missing");
        goto out;
    }

    char prev[65];
    memcpy(prev, zero_hash, 65);
    int64_t expect = 1;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *f[3];
        for (int i = 0; i < 3; i++) {
            const unsigned char *t = sqlite3_column_text(st, 3 + i);
            f[i] = t ? (const char *)t : "";
        }
        char linked[65], stored[65];
        blob_hex(st, 6, linked);
        blob_hex(st, 7, stored);
        if (id != expect) {
            fail(res, expect, "entry %lld is missing (next entry is %lld)", (long long)expect,
                 (long long)id);
            goto out;
        }
        if (strcmp(linked, prev) != 0) {
            fail(res, id, "entry %lld does not link to entry %lld", (long long)id,
                 (long long)id - 1);
            goto out;
        }
        char h[65];
        unsigned char hb[32];
        if (entry_hash(s, prev, id, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), f[0],
                       f[1], f[2], hb, h) != MM_OK) {
            rc =
                mm_error_set(err, MM_ENOMEM, "audit", "out of memory at entry %lld", (long long)id);
            goto out;
        }
        if (strcmp(stored, h) != 0) {
            fail(res, id, "entry %lld was modified (hash does not match)", (long long)id);
            goto out;
        }
        memcpy(prev, h, 65);
        res->checked++;
        expect++;
    }
    if (step != SQLITE_DONE) {
        rc = store_sql_error(s, err, "read audit log");
        goto out;
    }
    int64_t last = expect - 1;
    if (head_id > last) {
        fail(res, last + 1, "entries %lld..%lld were removed from the tail", (long long)last + 1,
             (long long)head_id);
    } else if (head_id < last) {
        fail(res, head_id + 1, "entries %lld..%lld were added outside the store",
             (long long)head_id + 1, (long long)last);
    } else if (strcmp(head_hash, prev) != 0) {
        fail(res, last > 0 ? last : 1, "audit head does not match entry %lld", (long long)last);
    }
out:
    sqlite3_finalize(hs);
    sqlite3_finalize(st);
    return rc;
}

mm_status mm_audit_verify(mm_store *s, mm_audit_result *res, mm_error *err)
{
    memset(res, 0, sizeof *res);
    pthread_mutex_lock(&s->mu);
    mm_status rc = store_exec(s, "BEGIN", err);
    if (rc == MM_OK) {
        rc = verify_locked(s, res, err);
        store_exec(s, "COMMIT", NULL);
    }
    pthread_mutex_unlock(&s->mu);
    if (rc != MM_OK)
        return rc;
    if (res->first_bad != 0)
        return mm_error_set(err, MM_ECONFLICT, "audit", "audit log tampered at entry %lld: %s",
                            (long long)res->first_bad, res->reason);
    return MM_OK;
}
