/*
 * store_dic.c — the record of frozen-account notices (DIC 公告) already
 * applied, so importing the same notice file again changes nothing (no
 * second sighting, no second edge) and a retraction can be traced back
 * to the notice that caused it.
 */
#include <stdio.h>
#include <string.h>

#include "intel/store_int.h"
#include "mamoru/payment.h"

mm_status mm_store_dic_seen(mm_store *s, const char *record_no, const char *notice, bool *seen,
                            mm_error *err)
{
    *seen = false;
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM dic_notices WHERE record_no = ?1 AND notice = ?2",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare notice lookup");
    } else {
        sqlite3_bind_text(st, 1, record_no, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, notice, -1, SQLITE_STATIC);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW)
            *seen = true;
        else if (r != SQLITE_DONE)
            rc = store_sql_error(s, err, "notice lookup");
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_dic_record(mm_store *s, const char *record_no, const char *notice,
                              const char *account, int64_t amount, int64_t suspended,
                              int64_t published, int64_t indicator_id, mm_error *err)
{
    if (record_no == NULL || record_no[0] == '\0' || strlen(record_no) > 64)
        return mm_error_set(err, MM_EINVAL, "record_no", "record number must be 1..64 bytes");
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = store_tx_begin(s, err);
    if (rc != MM_OK)
        goto out;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT OR IGNORE INTO dic_notices (record_no, notice, account, amount, "
                           "suspended, published, indicator_id, created) VALUES "
                           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare notice insert");
        store_tx_rollback(s);
        goto out;
    }
    sqlite3_bind_text(st, 1, record_no, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, notice, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, amount);
    sqlite3_bind_int64(st, 5, suspended);
    sqlite3_bind_int64(st, 6, published);
    sqlite3_bind_int64(st, 7, indicator_id);
    sqlite3_bind_int64(st, 8, s->now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_sql_error(s, err, "insert notice");
        store_tx_rollback(s);
        goto out;
    }
    char object[96];
    snprintf(object, sizeof object, "dic:%.64s", record_no);
    if ((rc = audit_append_tx(s, 0, "dic.notice", object, notice, err)) != MM_OK) {
        store_tx_rollback(s);
        goto out;
    }
    rc = store_tx_commit(s, err);
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}
