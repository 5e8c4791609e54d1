/* Tests for src/intel/store.c and store_indicators.c: reports and
 * sightings, batches with bad rows, lookup through normalisation, personal
 * data never stored in clear (checked by reading every table and the raw
 * files), status transitions, list paging and visibility, hash ranges,
 * reopening, and concurrent writers on one handle. Each test uses its own
 * temporary database file under /tmp. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mamoru/intel.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static char path[64];
static mm_store *st;
static mm_arena *ar;
static int64_t org_police, org_bank, org_carrier, org_vendor;

static void remove_db(void)
{
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static int64_t add_org(const char *name, mm_role role)
{
    mm_org o;
    char *k = NULL;
    mm_error e;
    cr_assert_eq(mm_org_add(st, name, role, ar, &o, &k, &e), MM_OK, "%s", e.message);
    return o.id;
}

static void setup(void)
{
    snprintf(path, sizeof path, "/tmp/mamoru-store-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    unlink(path); /* let SQLite create it */
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
    ar = mm_arena_new(0);
    org_police = add_org("Tokyo MPD", MM_ROLE_POLICE);
    org_bank = add_org("Example Bank", MM_ROLE_BANK);
    org_carrier = add_org("Example Mobile", MM_ROLE_CARRIER);
    org_vendor = add_org("Filter Co", MM_ROLE_FILTERING_VENDOR);
}

static void teardown(void)
{
    mm_store_close(st);
    st = NULL;
    mm_arena_free(ar);
    remove_db();
}

static mm_report rep(mm_kind kind, const char *value, int64_t org)
{
    return (mm_report){
        .kind = kind, .value = value, .category = "phishing", .confidence = -1, .org_id = org};
}

TestSuite(intel_store, .init = setup, .fini = teardown);

Test(intel_store, open_sets_schema_and_rejects_short_key)
{
    cr_assert_geq(mm_store_schema_version(st), 1); /* later issues append migrations */
    mm_store *s2 = NULL;
    mm_error e;
    mm_store_config bad = {.hmac_key = key, .hmac_key_len = 8};
    cr_assert_eq(mm_store_open(":memory:", &bad, &s2, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "hmac_key");
    cr_assert_null(s2);
    mm_store_close(NULL);
}

Test(intel_store, report_new_then_sightings)
{
    mm_indicator ind;
    bool created = false;
    mm_error e;
    mm_report r = rep(MM_KIND_PHONE, "090-1234-5678", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, &created, &e), MM_OK, "%s", e.message);
    cr_assert(created);
    cr_assert_str_eq(ind.canonical, "+819012345678");
    cr_assert_eq(ind.status, MM_IND_REPORTED);
    cr_assert_eq(ind.confidence, 50);
    cr_assert_eq(ind.distribution, MM_DIST_MEMBERS);
    cr_assert_eq(ind.sightings, 1);
    cr_assert_eq(ind.reporters, 1);
    cr_assert_eq(ind.org_id, org_bank);
    cr_assert_not(ind.hashed);
    int64_t id = ind.id;

    /* same org again: a sighting, still one reporter */
    r.confidence = 80;
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, &created, &e), MM_OK);
    cr_assert_not(created);
    cr_assert_eq(ind.id, id);
    cr_assert_eq(ind.sightings, 2);
    cr_assert_eq(ind.reporters, 1);
    cr_assert_eq(ind.confidence, 80);

    /* another org, written differently, lower confidence, later */
    mm_report r2 = rep(MM_KIND_PHONE, "+81 90 1234 5678", org_carrier);
    r2.confidence = 30;
    r2.seen_at = ind.last_seen + 100;
    r2.category = "refund"; /* the first reporter's category stays */
    cr_assert_eq(mm_store_report(st, &r2, ar, &ind, &created, &e), MM_OK);
    cr_assert_not(created);
    cr_assert_eq(ind.sightings, 3);
    cr_assert_eq(ind.reporters, 2);
    cr_assert_eq(ind.confidence, 80);
    cr_assert_eq(ind.last_seen, r2.seen_at);
    cr_assert_str_eq(ind.category, "phishing");
    cr_assert_eq(ind.org_id, org_bank);

    int64_t ni = 0, no = 0;
    cr_assert_eq(mm_store_count(st, &ni, &no, &e), MM_OK);
    cr_assert_eq(ni, 1);
    cr_assert_eq(no, 4);
}

Test(intel_store, sighting_status_follows_legal_upgrades)
{
    mm_indicator ind;
    mm_report r = rep(MM_KIND_DOMAIN, "example-phish.test", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, NULL, NULL), MM_OK);
    cr_assert_eq(ind.status, MM_IND_REPORTED);
    r.status = "confirmed";
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, NULL, NULL), MM_OK);
    cr_assert_eq(ind.status, MM_IND_CONFIRMED);
    r.status = "reported"; /* not an upgrade: ignored, the sighting still counts */
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, NULL, NULL), MM_OK);
    cr_assert_eq(ind.status, MM_IND_CONFIRMED);
    cr_assert_eq(ind.sightings, 3);
}

Test(intel_store, invalid_reports_name_the_field)
{
    static char big[4200];
    memset(big, 'x', sizeof big - 1);
    struct {
        const char *field;
        mm_report r;
    } cases[] = {
        {"category", {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "Phishing"}},
        {"category", {.kind = MM_KIND_URL, .value = "http://a.test/", .category = ""}},
        {"category", {.kind = MM_KIND_URL, .value = "http://a.test/", .category = NULL}},
        {"category",
         {.kind = MM_KIND_URL,
          .value = "http://a.test/",
          .category = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}},
        {"confidence",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .confidence = 101}},
        {"confidence",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .confidence = -2}},
        {"evidence",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .evidence = big}},
        {"evidence",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .evidence = "\xff"}},
        {"expires",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .expires = -1}},
        {"status",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .status = "actioned"}},
        {"status",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .status = "bogus"}},
        {"distribution",
         {.kind = MM_KIND_URL,
          .value = "http://a.test/",
          .category = "x",
          .distribution = "everyone"}},
        {"seen_at",
         {.kind = MM_KIND_URL, .value = "http://a.test/", .category = "x", .seen_at = -5}},
        {"value", {.kind = MM_KIND_PHONE, .value = "call me", .category = "x"}},
        {"value", {.kind = MM_KIND_PHONE, .value = "", .category = "x"}},
        {"value", {.kind = MM_KIND_CARD, .value = "4111 1111 1111 1112", .category = "x"}},
        {"kind", {.kind = MM_KIND__COUNT, .value = "x", .category = "x"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_report r = cases[i].r;
        if (r.org_id == 0)
            r.org_id = org_bank;
        mm_error e;
        mm_error_clear(&e);
        cr_assert_eq(mm_store_report(st, &r, ar, NULL, NULL, &e), MM_EINVAL, "case %zu", i);
        cr_assert_str_eq(e.field, cases[i].field, "case %zu: field %s (%s)", i, e.field, e.message);
    }
    mm_report r = rep(MM_KIND_URL, "http://a.test/", 9999);
    mm_error e;
    cr_assert_eq(mm_store_report(st, &r, ar, NULL, NULL, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "org_id");
    cr_assert(strstr(e.message, "9999"));
    int64_t ni = -1;
    cr_assert_eq(mm_store_count(st, &ni, NULL, NULL), MM_OK);
    cr_assert_eq(ni, 0, "nothing written by failed reports");
}

Test(intel_store, batch_keeps_good_rows_around_a_bad_one)
{
    mm_report r[5] = {
        rep(MM_KIND_URL, "http://evil.example/login", org_bank),
        rep(MM_KIND_PHONE, "0120-123-456", org_bank),
        rep(MM_KIND_PHONE, "not a number", org_bank),
        rep(MM_KIND_DOMAIN, "evil.example", org_bank),
        rep(MM_KIND_PHONE, "0120123456", org_carrier), /* same as row 1: sighting */
    };
    r[3].category = "BAD";
    mm_indicator out[5];
    bool created[5];
    mm_status codes[5];
    mm_error errs[5], e;
    cr_assert_eq(mm_store_report_batch(st, r, 5, ar, out, created, codes, errs, &e), MM_OK);
    cr_assert_eq(codes[0], MM_OK);
    cr_assert_eq(codes[1], MM_OK);
    cr_assert_eq(codes[2], MM_EINVAL);
    cr_assert_str_eq(errs[2].field, "value");
    cr_assert_eq(codes[3], MM_EINVAL);
    cr_assert_str_eq(errs[3].field, "category");
    cr_assert_eq(codes[4], MM_OK);
    cr_assert(created[0] && created[1] && !created[2] && !created[3] && !created[4]);
    cr_assert_eq(out[4].id, out[1].id);
    cr_assert_eq(out[4].reporters, 2);
    int64_t ni;
    cr_assert_eq(mm_store_count(st, &ni, NULL, NULL), MM_OK);
    cr_assert_eq(ni, 2);
    /* NULL outputs are allowed */
    cr_assert_eq(mm_store_report_batch(st, r, 2, NULL, NULL, NULL, NULL, NULL, &e), MM_OK);
    cr_assert_eq(mm_store_report_batch(st, r, 0, NULL, NULL, NULL, NULL, NULL, &e), MM_OK);
}

/* Large batches are prepared on a second thread: the results must be the
 * same as row by row, bad rows anywhere (first, middle, last) included. */
Test(intel_store, large_batch_with_bad_rows_everywhere)
{
    enum { N = 300 };
    static mm_report r[N];
    static char vals[N][48];
    static mm_indicator out[N];
    static bool created[N];
    static mm_status codes[N];
    static mm_error errs[N];
    for (int i = 0; i < N; i++) {
        snprintf(vals[i], sizeof vals[i], "090-2%03d-%04d", i / 100, i);
        r[i] = rep(MM_KIND_PHONE, vals[i], org_bank);
    }
    r[0].value = "no digits";
    r[150].category = "Bad Category";
    r[151].org_id = 4242;
    r[N - 1].confidence = 200;
    r[200].value = r[10].value; /* a duplicate inside the batch: a sighting */
    mm_error e;
    cr_assert_eq(mm_store_report_batch(st, r, N, ar, out, created, codes, errs, &e), MM_OK, "%s",
                 e.message);
    cr_assert_eq(codes[0], MM_EINVAL);
    cr_assert_str_eq(errs[0].field, "value");
    cr_assert_eq(codes[150], MM_EINVAL);
    cr_assert_str_eq(errs[150].field, "category");
    cr_assert_eq(codes[151], MM_EINVAL);
    cr_assert_str_eq(errs[151].field, "org_id");
    cr_assert_eq(codes[N - 1], MM_EINVAL);
    cr_assert_str_eq(errs[N - 1].field, "confidence");
    int ok = 0;
    for (int i = 0; i < N; i++) {
        if (codes[i] != MM_OK)
            continue;
        ok++;
        int j = i == 200 ? 10 : i;
        char want[40];
        snprintf(want, sizeof want, "+81902%03d%04d", j / 100, j);
        cr_assert_str_eq(out[i].canonical, want, "row %d", i);
        cr_assert_eq(created[i], i != 200, "row %d", i);
    }
    cr_assert_eq(ok, N - 4);
    cr_assert_eq(out[200].id, out[10].id);
    cr_assert_eq(out[200].sightings, 2);
    int64_t ni;
    cr_assert_eq(mm_store_count(st, &ni, NULL, NULL), MM_OK);
    cr_assert_eq(ni, N - 5);
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK, "%s", e.message);
}

/* A write that fails half-way through a (threaded) batch rolls the whole
 * batch back: nothing is kept, every row reports the failure. */
Test(intel_store, failed_write_rolls_back_the_whole_batch)
{
    enum { N = 200 };
    static mm_report r[N];
    static char vals[N][48];
    static mm_status codes[N];
    for (int i = 0; i < N; i++) {
        snprintf(vals[i], sizeof vals[i], "http://batch.example/%d", i);
        r[i] = rep(MM_KIND_URL, vals[i], org_bank);
    }
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db,
                              "CREATE TRIGGER boom BEFORE INSERT ON indicators "
                              "WHEN NEW.canonical = 'http://batch.example/120' "
                              "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);
    mm_error e;
    mm_status rc = mm_store_report_batch(st, r, N, NULL, NULL, NULL, codes, NULL, &e);
    cr_assert_eq(rc, MM_EIO);
    cr_assert(strstr(e.message, "row 120"), "%s", e.message);
    for (int i = 0; i < N; i++)
        cr_assert_eq(codes[i], MM_EIO);
    int64_t ni;
    cr_assert_eq(mm_store_count(st, &ni, NULL, NULL), MM_OK);
    cr_assert_eq(ni, 0);
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK, "%s", e.message);
    /* the handle still works afterwards */
    mm_report ok = rep(MM_KIND_URL, "http://fine.example/", org_bank);
    cr_assert_eq(mm_store_report(st, &ok, ar, NULL, NULL, &e), MM_OK, "%s", e.message);
}

Test(intel_store, lookup_finds_differently_written_values)
{
    mm_report r = rep(MM_KIND_PHONE, "090-1234-5678", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, NULL, NULL, NULL), MM_OK);
    static const char *same[] = {"+81 90 1234 5678", "09012345678", "０９０－１２３４－５６７８",
                                 "+81-90-1234-5678"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        mm_indicator ind;
        mm_error e;
        cr_assert_eq(mm_store_lookup(st, MM_KIND_PHONE, same[i], ar, &ind, &e), MM_OK, "%s: %s",
                     same[i], e.message);
        cr_assert_str_eq(ind.canonical, "+819012345678");
    }
    mm_error e;
    cr_assert_eq(mm_store_lookup(st, MM_KIND_PHONE, "090-1234-5679", ar, NULL, &e), MM_ENOTFOUND);
    cr_assert_eq(mm_store_lookup(st, MM_KIND_PHONE, "hello", ar, NULL, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "value");
    cr_assert_eq(mm_store_get(st, 12345, ar, NULL, &e), MM_ENOTFOUND);
}

/* Read every column of every table, and the raw database and WAL bytes,
 * looking for needle. */
static bool db_contains(const char *needle)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *t;
    cr_assert_eq(
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &t, NULL),
        SQLITE_OK);
    bool found = false;
    int tables = 0;
    while (sqlite3_step(t) == SQLITE_ROW) {
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", sqlite3_column_text(t, 0));
        sqlite3_stmt *q;
        cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
        tables++;
        while (sqlite3_step(q) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(q); c++) {
                const unsigned char *v = sqlite3_column_text(q, c);
                if (v && strstr((const char *)v, needle))
                    found = true;
            }
        sqlite3_finalize(q);
        sqlite3_free(sql);
    }
    sqlite3_finalize(t);
    sqlite3_close(db);
    cr_assert_geq(tables, 8);
    const char *suffix[] = {"", "-wal"};
    for (int i = 0; i < 2; i++) {
        char p[96];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        FILE *f = fopen(p, "rb");
        if (f == NULL)
            continue;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *buf = malloc((size_t)n + 1);
        cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
        fclose(f);
        if (memmem(buf, (size_t)n, needle, strlen(needle)))
            found = true;
        free(buf);
    }
    return found;
}

Test(intel_store, personal_data_is_never_stored_in_clear)
{
    mm_report r[4] = {
        rep(MM_KIND_CARD, "4111 1111 1111 1111", org_bank),
        rep(MM_KIND_POSTAL_ADDRESS, "東京都千代田区霞が関9-9-9", org_bank),
        rep(MM_KIND_BANK_ACCOUNT, "0001-001-1-1234567 ヤマダタロウ", org_bank),
        rep(MM_KIND_IDENTITY, "山田 花子|1950-01-02", org_bank),
    };
    r[0].evidence = "card seen at a fake shop";
    mm_indicator out[4];
    mm_status codes[4];
    mm_error errs[4];
    cr_assert_eq(mm_store_report_batch(st, r, 4, ar, out, NULL, codes, errs, NULL), MM_OK);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(codes[i], MM_OK, "row %d: %s %s", i, errs[i].field, errs[i].message);
    cr_assert(out[0].hashed);
    cr_assert_eq(strlen(out[0].canonical), 64);
    cr_assert_str_eq(out[0].display, "****1111");
    char h[65];
    mm_hmac_hex(key, sizeof key, "4111111111111111", 16, h);
    cr_assert_str_eq(out[0].canonical, h);
    cr_assert_str_eq(out[0].hash, h);
    cr_assert(out[1].hashed);
    cr_assert_str_eq(out[1].display, "東…");
    cr_assert(out[3].hashed);
    cr_assert_not(out[2].hashed);
    cr_assert_str_eq(out[2].canonical, "0001-001-1-1234567");
    cr_assert_not_null(out[2].holder_hash);
    cr_assert_eq(strlen(out[2].holder_hash), 64);

    /* found again through lookup, from the plain value */
    mm_indicator ind;
    cr_assert_eq(mm_store_lookup(st, MM_KIND_CARD, "4111-1111-1111-1111", ar, &ind, NULL), MM_OK);
    cr_assert_eq(ind.id, out[0].id);

    static const char *secrets[] = {"4111111111111111", "4111 1111",    "霞が関", "9-9-9",
                                    "ヤマダ",           "ヤマダタロウ", "山田",   "1950-01-02"};
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        cr_assert_not(db_contains(secrets[i]), "'%s' found in the database", secrets[i]);
    cr_assert(db_contains("****1111"), "the check itself can see stored text");
    cr_assert(db_contains("card seen at a fake shop"));
}

Test(intel_store, status_transitions_are_enforced_and_audited)
{
    mm_indicator ind;
    mm_report r = rep(MM_KIND_URL, "http://phish.example/a", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, NULL, NULL), MM_OK);
    int64_t id = ind.id;
    mm_error e;
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_CONFIRMED, org_police, ar, &ind, &e), MM_OK);
    cr_assert_eq(ind.status, MM_IND_CONFIRMED);
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_CONFIRMED, org_police, ar, &ind, &e), MM_OK,
                 "same -> same is a no-op");
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_REPORTED, org_police, ar, &ind, &e),
                 MM_ECONFLICT);
    cr_assert_str_eq(e.field, "status");
    cr_assert(strstr(e.message, "confirmed") && strstr(e.message, "reported"), "%s", e.message);
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_ACTIONED, org_police, ar, NULL, &e), MM_OK);
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_FALSE_POSITIVE, 0, ar, &ind, &e), MM_OK);
    cr_assert_eq(ind.status, MM_IND_FALSE_POSITIVE);
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_EXPIRED, org_police, ar, &ind, &e),
                 MM_ECONFLICT);
    cr_assert_eq(mm_store_set_status(st, 999, MM_IND_EXPIRED, org_police, ar, &ind, &e),
                 MM_ENOTFOUND);
    cr_assert_eq(mm_store_set_status(st, id, MM_IND__COUNT, org_police, ar, &ind, &e), MM_EINVAL);
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_EXPIRED, 4242, ar, &ind, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "org_id");
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK, "%s", e.message);
    /* 4 orgs × (org.add + org.key) + report + 3 status changes */
    cr_assert_eq(res.checked, 12);
}

static size_t list_all(mm_role role, int64_t org, int kind, int64_t *ids, size_t max)
{
    size_t total = 0;
    int64_t cursor = 0;
    int pages = 0;
    do {
        mm_list_query q = {
            .kind = kind, .status = -1, .cursor = cursor, .limit = 10, .role = role, .org_id = org};
        mm_indicator *v;
        size_t n;
        mm_error e;
        cr_assert_eq(mm_store_list(st, &q, ar, &v, &n, &cursor, &e), MM_OK, "%s", e.message);
        cr_assert_leq(n, 10);
        for (size_t i = 0; i < n; i++) {
            if (total > 0)
                cr_assert_gt(v[i].id, ids[total - 1]);
            cr_assert_lt(total, max);
            ids[total++] = v[i].id;
        }
        cr_assert(pages++ < 100);
    } while (cursor != 0);
    return total;
}

Test(intel_store, list_pages_with_cursor_and_honours_visibility)
{
    char buf[64];
    for (int i = 0; i < 25; i++) {
        snprintf(buf, sizeof buf, "http://site%d.example/", i);
        mm_report r = rep(MM_KIND_URL, buf, org_bank);
        cr_assert_eq(mm_store_report(st, &r, ar, NULL, NULL, NULL), MM_OK);
    }
    int64_t ids[64];
    cr_assert_eq(list_all(MM_ROLE_BANK, org_bank, -1, ids, 64), 25);

    /* one per distribution, reported by the carrier */
    const char *dists[] = {"public", "members", "sector", "police"};
    for (int i = 0; i < 4; i++) {
        snprintf(buf, sizeof buf, "09011110%03d", i);
        mm_report r = rep(MM_KIND_PHONE, buf, org_carrier);
        r.distribution = dists[i];
        cr_assert_eq(mm_store_report(st, &r, ar, NULL, NULL, NULL), MM_OK);
    }
    /* phones visible per role: carrier (reporter) 4; police 4; bank (may report
     * phones, so sector) 3; vendor (public only) 1; retailer-role org 3. */
    cr_assert_eq(list_all(MM_ROLE_CARRIER, org_carrier, MM_KIND_PHONE, ids, 64), 4);
    cr_assert_eq(list_all(MM_ROLE_POLICE, org_police, MM_KIND_PHONE, ids, 64), 4);
    cr_assert_eq(list_all(MM_ROLE_BANK, org_bank, MM_KIND_PHONE, ids, 64), 3);
    cr_assert_eq(list_all(MM_ROLE_FILTERING_VENDOR, org_vendor, MM_KIND_PHONE, ids, 64), 1);
    cr_assert_eq(list_all(MM_ROLE_ANALYST, 0, MM_KIND_PHONE, ids, 64), 3);
    /* a co-reporter sees the police-only one too */
    mm_report r = rep(MM_KIND_PHONE, "09011110003", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, NULL, NULL, NULL), MM_OK);
    cr_assert_eq(list_all(MM_ROLE_BANK, org_bank, MM_KIND_PHONE, ids, 64), 4);
    /* vendor: 0 urls (members) */
    cr_assert_eq(list_all(MM_ROLE_FILTERING_VENDOR, org_vendor, MM_KIND_URL, ids, 64), 0);

    /* filters and bad queries */
    mm_list_query q = {.kind = -1, .status = MM_IND_CONFIRMED, .limit = 10, .role = MM_ROLE_POLICE};
    mm_indicator *v;
    size_t n;
    int64_t next;
    mm_error e;
    cr_assert_eq(mm_store_list(st, &q, ar, &v, &n, &next, &e), MM_OK);
    cr_assert_eq(n, 0);
    q.status = -1;
    q.category = "refund";
    cr_assert_eq(mm_store_list(st, &q, ar, &v, &n, &next, &e), MM_OK);
    cr_assert_eq(n, 0);
    q.limit = 0;
    cr_assert_eq(mm_store_list(st, &q, ar, &v, &n, &next, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "limit");
    q.limit = 1001;
    cr_assert_eq(mm_store_list(st, &q, ar, &v, &n, &next, &e), MM_EINVAL);
}

Test(intel_store, hash_range_returns_published_hashes)
{
    mm_indicator ph, url;
    mm_report r = rep(MM_KIND_PHONE, "090-1234-5678", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, &ph, NULL, NULL), MM_OK);
    r = rep(MM_KIND_URL, "http://phish.example/x", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, &url, NULL, NULL), MM_OK);
    char h[65];
    mm_hmac_hex(key, sizeof key, "+819012345678", 13, h);
    cr_assert_str_eq(ph.hash, h, "enumerable kinds publish a keyed hash");
    mm_sha256_hex(url.canonical, strlen(url.canonical), h);
    cr_assert_str_eq(url.hash, h, "others publish SHA-256");

    unsigned prefix;
    sscanf(ph.hash, "%4x", &prefix);
    char **v;
    size_t n;
    mm_error e;
    cr_assert_eq(mm_store_hash_range(st, MM_KIND_PHONE, (uint16_t)prefix, ar, &v, &n, &e), MM_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(v[0], ph.hash);
    cr_assert_eq(mm_store_hash_range(st, MM_KIND_URL, (uint16_t)prefix, ar, &v, &n, &e), MM_OK);
    cr_assert_eq(n, 0, "kinds are separate");
    cr_assert_eq(mm_store_hash_range(st, MM_KIND_PHONE, (uint16_t)(prefix ^ 1), ar, &v, &n, &e),
                 MM_OK);
    cr_assert_eq(n, 0);
    /* indicators added after a range query are found by the next one */
    mm_indicator ph2;
    r = rep(MM_KIND_PHONE, "090-8765-4321", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, &ph2, NULL, NULL), MM_OK);
    unsigned prefix2;
    sscanf(ph2.hash, "%4x", &prefix2);
    cr_assert_eq(mm_store_hash_range(st, MM_KIND_PHONE, (uint16_t)prefix2, ar, &v, &n, &e), MM_OK);
    cr_assert_geq(n, 1);
    bool seen = false;
    for (size_t i = 0; i < n; i++)
        seen |= strcmp(v[i], ph2.hash) == 0;
    cr_assert(seen);
    /* police-only indicators are never published */
    mm_indicator ph3;
    r = rep(MM_KIND_PHONE, "090-5555-0000", org_police);
    r.distribution = "police";
    cr_assert_eq(mm_store_report(st, &r, ar, &ph3, NULL, NULL), MM_OK);
    unsigned prefix3;
    sscanf(ph3.hash, "%4x", &prefix3);
    cr_assert_eq(mm_store_hash_range(st, MM_KIND_PHONE, (uint16_t)prefix3, ar, &v, &n, &e), MM_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_neq(v[i], ph3.hash);
    /* false positives are not published */
    cr_assert_eq(mm_store_set_status(st, ph.id, MM_IND_FALSE_POSITIVE, org_police, ar, NULL, &e),
                 MM_OK);
    cr_assert_eq(mm_store_hash_range(st, MM_KIND_PHONE, (uint16_t)prefix, ar, &v, &n, &e), MM_OK);
    cr_assert_eq(n, 0);
}

Test(intel_store, survives_close_and_reopen)
{
    mm_report r = rep(MM_KIND_DOMAIN, "evil.example", org_bank);
    cr_assert_eq(mm_store_report(st, &r, ar, NULL, NULL, NULL), MM_OK);
    mm_store_close(st);
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
    cr_assert_geq(mm_store_schema_version(st), 1); /* later issues append migrations */
    int64_t ni, no;
    cr_assert_eq(mm_store_count(st, &ni, &no, &e), MM_OK);
    cr_assert_eq(ni, 1);
    cr_assert_eq(no, 4);
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK);
}

typedef struct worker {
    int base;
    int64_t org;
} worker;

static void *report_many(void *p)
{
    worker *w = p;
    mm_arena *a = mm_arena_new(0);
    char buf[64];
    if (w->base >= 2) { /* these threads send one large batch */
        mm_report r[100];
        char vals[100][64];
        mm_status codes[100];
        for (int i = 0; i < 100; i++) {
            snprintf(vals[i], sizeof vals[i], "http://t%d.example/%d", w->base, i);
            r[i] = rep(MM_KIND_URL, vals[i], w->org);
        }
        mm_status rc = mm_store_report_batch(st, r, 100, a, NULL, NULL, codes, NULL, NULL);
        mm_arena_free(a);
        for (int i = 0; i < 100; i++)
            if (codes[i] != MM_OK)
                return (void *)1;
        return rc == MM_OK ? NULL : (void *)1;
    }
    for (int i = 0; i < 100; i++) {
        snprintf(buf, sizeof buf, "http://t%d.example/%d", w->base, i);
        mm_report r = rep(MM_KIND_URL, buf, w->org);
        mm_indicator ind;
        if (mm_store_report(st, &r, a, &ind, NULL, NULL) != MM_OK)
            return (void *)1;
        mm_arena_reset(a);
    }
    mm_arena_free(a);
    return NULL;
}

Test(intel_store, threads_share_one_handle)
{
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){i, i % 2 ? org_bank : org_carrier};
        pthread_create(&t[i], NULL, report_many, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        cr_assert_null(ret);
    }
    int64_t ni;
    cr_assert_eq(mm_store_count(st, &ni, NULL, NULL), MM_OK);
    cr_assert_eq(ni, 400);
    mm_audit_result res;
    mm_error e;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK, "%s", e.message);
}
