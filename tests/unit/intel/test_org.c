/* Tests for src/intel/org.c: adding organisations, duplicate and bad
 * names, key format, authentication with good, bad, malformed and extra
 * keys, and that only SHA-256 of a key reaches the database. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mamoru/intel.h"

static const uint8_t key[16] = "0123456789abcdef";
static char path[64];
static mm_store *st;
static mm_arena *ar;

static void setup(void)
{
    snprintf(path, sizeof path, "/tmp/mamoru-org-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
    ar = mm_arena_new(0);
}

static void teardown(void)
{
    mm_store_close(st);
    mm_arena_free(ar);
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

TestSuite(intel_org, .init = setup, .fini = teardown);

static bool key_shape_ok(const char *k)
{
    if (strlen(k) != 43 || strncmp(k, "mm_", 3) != 0)
        return false;
    for (int i = 3; i < 43; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyz234567", k[i]))
            return false;
    return true;
}

Test(intel_org, add_find_list)
{
    mm_org o;
    char *k = NULL;
    mm_error e;
    cr_assert_eq(mm_org_add(st, "警視庁", MM_ROLE_POLICE, ar, &o, &k, &e), MM_OK, "%s", e.message);
    cr_assert_gt(o.id, 0);
    cr_assert_str_eq(o.name, "警視庁");
    cr_assert_eq(o.role, MM_ROLE_POLICE);
    cr_assert(key_shape_ok(k), "key %s", k);
    cr_assert_eq(mm_org_add(st, "Example Bank", MM_ROLE_BANK, ar, NULL, NULL, &e), MM_OK);

    mm_org f;
    cr_assert_eq(mm_org_find(st, "Example Bank", ar, &f, &e), MM_OK);
    cr_assert_eq(f.role, MM_ROLE_BANK);
    cr_assert_eq(mm_org_find(st, "Nobody", ar, &f, &e), MM_ENOTFOUND);
    cr_assert_str_eq(e.field, "name");

    mm_org *v;
    size_t n;
    cr_assert_eq(mm_org_list(st, ar, &v, &n, &e), MM_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(v[0].name, "警視庁");
    cr_assert_str_eq(v[1].name, "Example Bank");
}

Test(intel_org, duplicate_and_bad_names)
{
    mm_error e;
    cr_assert_eq(mm_org_add(st, "Example Bank", MM_ROLE_BANK, ar, NULL, NULL, &e), MM_OK);
    cr_assert_eq(mm_org_add(st, "Example Bank", MM_ROLE_CARRIER, ar, NULL, NULL, &e), MM_EEXIST);
    cr_assert_str_eq(e.field, "name");
    cr_assert(strstr(e.message, "Example Bank"));

    char long_name[200];
    memset(long_name, 'a', 101);
    long_name[101] = '\0';
    char hundred[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(hundred, "あ"); /* 100 characters, 300 bytes: allowed */
    static const struct {
        const char *name;
        mm_status want;
    } cases[] = {
        {"", MM_EINVAL}, {NULL, MM_EINVAL}, {"tab\tname", MM_EINVAL}, {"\xff\xfe", MM_EINVAL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(mm_org_add(st, cases[i].name, MM_ROLE_BANK, ar, NULL, NULL, &e), cases[i].want,
                     "case %zu", i);
        cr_assert_str_eq(e.field, "name");
    }
    cr_assert_eq(mm_org_add(st, long_name, MM_ROLE_BANK, ar, NULL, NULL, &e), MM_EINVAL);
    cr_assert_eq(mm_org_add(st, hundred, MM_ROLE_BANK, ar, NULL, NULL, &e), MM_OK, "%s", e.message);
    cr_assert_eq(mm_org_add(st, "x", MM_ROLE__COUNT, ar, NULL, NULL, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "role");
}

Test(intel_org, authenticate_good_and_bad_keys)
{
    mm_org o, who;
    char *k1 = NULL, *k2 = NULL;
    mm_error e;
    cr_assert_eq(mm_org_add(st, "Carrier", MM_ROLE_CARRIER, ar, &o, &k1, &e), MM_OK);
    cr_assert_eq(mm_org_authenticate(st, k1, ar, &who, &e), MM_OK, "%s", e.message);
    cr_assert_eq(who.id, o.id);
    cr_assert_eq(who.role, MM_ROLE_CARRIER);
    cr_assert_str_eq(who.name, "Carrier");

    cr_assert_eq(mm_org_new_key(st, o.id, ar, &k2, &e), MM_OK);
    cr_assert(key_shape_ok(k2));
    cr_assert_str_neq(k1, k2);
    cr_assert_eq(mm_org_authenticate(st, k2, ar, &who, &e), MM_OK);
    cr_assert_eq(who.id, o.id);
    cr_assert_eq(mm_org_authenticate(st, k1, ar, &who, &e), MM_OK, "old key still valid");
    cr_assert_eq(mm_org_new_key(st, 999, ar, &k2, &e), MM_ENOTFOUND);

    char wrong[44];
    strcpy(wrong, k1);
    wrong[20] = wrong[20] == 'a' ? 'b' : 'a';
    const char *bad[] = {wrong,
                         "",
                         NULL,
                         "mm_short",
                         "xx_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                         "mm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(mm_org_authenticate(st, bad[i], ar, &who, &e), MM_EAUTH, "case %zu", i);
        cr_assert_str_eq(e.field, "api_key");
        if (bad[i] && strlen(bad[i]) > 10)
            cr_assert_null(strstr(e.message, bad[i] + 6), "the key is not echoed");
    }
}

Test(intel_org, keys_are_stored_only_as_sha256)
{
    char *k = NULL;
    cr_assert_eq(mm_org_add(st, "Bank", MM_ROLE_BANK, ar, NULL, &k, NULL), MM_OK);
    char h[65];
    mm_sha256_hex(k, strlen(k), h);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT key_hash FROM api_keys", -1, &q, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), h);
    sqlite3_finalize(q);
    /* the key appears in no column of any table */
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT (SELECT count(*) FROM api_keys WHERE key_hash = ?1) "
                                    "+ (SELECT count(*) FROM audit WHERE detail LIKE '%' || ?1 "
                                    "|| '%' OR object LIKE '%' || ?1 || '%') "
                                    "+ (SELECT count(*) FROM orgs WHERE name = ?1)",
                                    -1, &q, NULL),
                 SQLITE_OK);
    sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
}
