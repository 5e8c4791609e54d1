/* Tests for src/intel/audit.c: an intact chain verifies; editing a row's
 * detail, deleting a middle row, deleting the last row and rewriting a
 * row's hash are each detected, with the id where the chain breaks. The
 * tampering is done with raw SQL on the database file, as an attacker
 * with file access would. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mamoru/intel.h"

static const uint8_t key[16] = "0123456789abcdef";
static char path[64];
static mm_store *st;

static void setup(void)
{
    snprintf(path, sizeof path, "/tmp/mamoru-audit-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
    for (int i = 1; i <= 10; i++) {
        char detail[32];
        snprintf(detail, sizeof detail, "entry number %d", i);
        cr_assert_eq(mm_audit_append(st, 7, "lookup.personal", "indicator:1", detail, &e), MM_OK,
                     "%s", e.message);
    }
}

static void teardown(void)
{
    mm_store_close(st);
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

TestSuite(intel_audit, .init = setup, .fini = teardown);

static void raw_sql(const char *sql)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
    cr_assert_eq(sqlite3_changes(db), 1, "tampering touched one row: %s", sql);
    sqlite3_close(db);
}

static mm_audit_result verify(mm_status want)
{
    mm_audit_result res;
    mm_error e;
    mm_error_clear(&e);
    cr_assert_eq(mm_audit_verify(st, &res, &e), want, "%s %s", e.message, res.reason);
    if (want != MM_OK)
        cr_assert_str_eq(e.field, "audit");
    return res;
}

Test(intel_audit, intact_chain_verifies)
{
    mm_audit_result r = verify(MM_OK);
    cr_assert_eq(r.checked, 10);
    cr_assert_eq(r.first_bad, 0);
    mm_error e;
    cr_assert_eq(mm_audit_append(st, 0, "", "x", "y", &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "action");
    cr_assert_eq(mm_audit_append(st, 0, "a", NULL, NULL, &e), MM_OK);
    cr_assert_eq(verify(MM_OK).checked, 11);
}

Test(intel_audit, store_writes_append_entries)
{
    mm_arena *a = mm_arena_new(0);
    mm_org o;
    cr_assert_eq(mm_org_add(st, "Bank", MM_ROLE_BANK, a, &o, NULL, NULL), MM_OK);
    mm_report r = {.kind = MM_KIND_DOMAIN,
                   .value = "evil.example",
                   .category = "phishing",
                   .confidence = -1,
                   .org_id = o.id};
    mm_indicator ind;
    cr_assert_eq(mm_store_report(st, &r, a, &ind, NULL, NULL), MM_OK);
    cr_assert_eq(mm_store_report(st, &r, a, &ind, NULL, NULL), MM_OK);
    cr_assert_eq(mm_store_set_status(st, ind.id, MM_IND_CONFIRMED, o.id, a, NULL, NULL), MM_OK);
    /* org.add, org.key, indicator.report, indicator.sighting, indicator.status */
    cr_assert_eq(verify(MM_OK).checked, 15);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *q;
    cr_assert_eq(
        sqlite3_prepare_v2(db, "SELECT action FROM audit WHERE id > 10 ORDER BY id", -1, &q, NULL),
        SQLITE_OK);
    const char *want[] = {"org.add", "org.key", "indicator.report", "indicator.sighting",
                          "indicator.status"};
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
        cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), want[i]);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    mm_arena_free(a);
}

Test(intel_audit, edited_detail_is_detected)
{
    raw_sql("UPDATE audit SET detail = 'nothing to see' WHERE id = 4");
    mm_audit_result r = verify(MM_ECONFLICT);
    cr_assert_eq(r.first_bad, 4);
    cr_assert_eq(r.checked, 3);
}

Test(intel_audit, edited_org_is_detected)
{
    raw_sql("UPDATE audit SET org_id = 8 WHERE id = 9");
    cr_assert_eq(verify(MM_ECONFLICT).first_bad, 9);
}

Test(intel_audit, deleted_middle_row_is_detected)
{
    raw_sql("DELETE FROM audit WHERE id = 5");
    mm_audit_result r = verify(MM_ECONFLICT);
    cr_assert_eq(r.first_bad, 5);
    cr_assert(strstr(r.reason, "missing"), "%s", r.reason);
}

Test(intel_audit, deleted_first_row_is_detected)
{
    raw_sql("DELETE FROM audit WHERE id = 1");
    cr_assert_eq(verify(MM_ECONFLICT).first_bad, 1);
}

Test(intel_audit, deleted_last_row_is_detected)
{
    raw_sql("DELETE FROM audit WHERE id = 10");
    mm_audit_result r = verify(MM_ECONFLICT);
    cr_assert_eq(r.first_bad, 10);
    cr_assert_eq(r.checked, 9);
    cr_assert(strstr(r.reason, "tail"), "%s", r.reason);
}

Test(intel_audit, rewritten_hash_breaks_the_next_link)
{
    /* an attacker edits entry 6 and recomputes its hash: entry 7 no longer links */
    raw_sql("UPDATE audit SET detail = 'forged', hash = "
            "'1111111111111111111111111111111111111111111111111111111111111111' WHERE id = 6");
    cr_assert_eq(verify(MM_ECONFLICT).first_bad, 6);
}

Test(intel_audit, renumbered_rows_are_detected)
{
    raw_sql("DELETE FROM audit WHERE id = 3");
    raw_sql("UPDATE audit SET id = 3 WHERE id = 4");
    cr_assert_eq(verify(MM_ECONFLICT).first_bad, 3);
}
