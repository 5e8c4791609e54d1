/* Tests for the sightings log and the activity side table
 * (src/intel/store_activity.c, snapshot_activity.c): recent phone reports
 * are logged one row each, back-dated ones and other kinds are not; the
 * read keeps the newest MM_ACTIVITY_PER_ORG per organisation and leaves
 * false positives out; mm_snapshot_build attaches the table; lookups
 * compare the value, whatever order the rows came in. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/intel.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";

static void report(mm_store *st, int64_t org, mm_kind kind, const char *value, int64_t seen,
                   mm_arena *a, mm_indicator *out)
{
    mm_error e = {0};
    mm_report r = {.kind = kind,
                   .value = value,
                   .category = "refund",
                   .confidence = -1,
                   .org_id = org,
                   .seen_at = seen};
    cr_assert_eq(mm_store_report(st, &r, a, out, NULL, &e), MM_OK, "%s: %s", value, e.message);
}

static size_t count_for(const mm_sighting_row *rows, size_t n, const char *canon, int64_t org)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].canonical, canon) == 0 && (org == 0 || rows[i].s.org_id == org))
            c++;
    return c;
}

Test(intel_activity, log_read_and_snapshot)
{
    mm_store *st;
    mm_error e = {0};
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    cr_assert_eq(mm_store_open(":memory:", &cfg, &st, &e), MM_OK, "%s", e.message);
    mm_arena *a = mm_arena_new(0);
    mm_org o[4];
    const char *names[] = {"KDDI", "Docomo", "SoftBank", "Rakuten"};
    for (int i = 0; i < 4; i++)
        cr_assert_eq(mm_org_add(st, names[i], MM_ROLE_CARRIER, a, &o[i], NULL, &e), MM_OK);
    int64_t now = (int64_t)time(NULL);
    mm_indicator ind;
    /* a burst: three carriers within minutes */
    for (int i = 0; i < 3; i++)
        report(st, o[i].id, MM_KIND_PHONE, "090-1111-2222", now - 60 * i, a, &ind);
    /* one carrier, many times: logged, but one organisation is no burst,
     * so the number is not read back ... */
    for (int i = 0; i < MM_ACTIVITY_PER_ORG + 5; i++)
        report(st, o[3].id, MM_KIND_PHONE, "090-3333-4444", now - i, a, &ind);
    mm_sighting_row *rows;
    size_t n;
    cr_assert_eq(mm_store_recent_sightings(st, MM_KIND_PHONE, now - MM_ACTIVITY_HORIZON,
                                           MM_ACTIVITY_PER_ORG, a, &rows, &n, &e),
                 MM_OK, "%s", e.message);
    cr_expect_eq(count_for(rows, n, "+819033334444", 0), 0, "one organisation: not hot");
    cr_expect_eq(count_for(rows, n, "+819011112222", 0), 3);
    /* ... until a second organisation reports it: then its newest
     * MM_ACTIVITY_PER_ORG and the other's one are */
    report(st, o[0].id, MM_KIND_PHONE, "090-3333-4444", now - 40, a, &ind);
    /* back-dated beyond the horizon: not logged (an old list import) */
    report(st, o[0].id, MM_KIND_PHONE, "090-5555-6666", now - MM_ACTIVITY_HORIZON - 10, a, &ind);
    /* other kinds: not logged */
    report(st, o[0].id, MM_KIND_DOMAIN, "bad.example", 0, a, &ind);
    /* a false positive: left out */
    report(st, o[0].id, MM_KIND_PHONE, "090-7777-8888", 0, a, &ind);
    report(st, o[1].id, MM_KIND_PHONE, "090-7777-8888", 0, a, &ind);
    cr_assert_eq(mm_store_set_status(st, ind.id, MM_IND_FALSE_POSITIVE, o[0].id, a, NULL, &e),
                 MM_OK);

    cr_assert_eq(mm_store_recent_sightings(st, MM_KIND_PHONE, now - MM_ACTIVITY_HORIZON,
                                           MM_ACTIVITY_PER_ORG, a, &rows, &n, &e),
                 MM_OK, "%s", e.message);
    cr_expect_eq(count_for(rows, n, "+819011112222", 0), 3);
    cr_expect_eq(count_for(rows, n, "+819033334444", o[3].id), MM_ACTIVITY_PER_ORG);
    cr_expect_eq(count_for(rows, n, "+819033334444", o[0].id), 1);
    cr_expect_eq(count_for(rows, n, "+819055556666", 0), 0);
    cr_expect_eq(count_for(rows, n, "+819077778888", 0), 0);
    cr_expect_eq(n, 3 + MM_ACTIVITY_PER_ORG + 1);
    /* newest first within one number; the kept ones are the newest */
    for (size_t i = 1; i < n; i++)
        if (strcmp(rows[i].canonical, rows[i - 1].canonical) == 0)
            cr_expect_leq(rows[i].s.at, rows[i - 1].s.at);
    for (size_t i = 0; i < n; i++)
        if (rows[i].s.org_id == o[3].id)
            cr_expect_gt(rows[i].s.at, now - MM_ACTIVITY_PER_ORG);
    /* a narrower since leaves older rows out */
    cr_assert_eq(mm_store_recent_sightings(st, MM_KIND_PHONE, now - 90, 1, a, &rows, &n, &e),
                 MM_OK);
    cr_expect_eq(count_for(rows, n, "+819011112222", 0), 2);
    cr_expect_eq(count_for(rows, n, "+819033334444", 0), 2);

    /* the snapshot carries it */
    mm_snapshot *snap = NULL;
    cr_assert_eq(mm_snapshot_build(st, &snap, &e), MM_OK, "%s", e.message);
    const mm_activity *act = mm_snapshot_activity(snap);
    cr_assert_not_null(act);
    cr_expect_eq(mm_activity_values(act), 2);
    cr_expect_geq(mm_activity_built_at(act), now);
    const mm_sighting *s;
    size_t ns;
    cr_assert(mm_activity_lookup(act, "+819011112222", 13, &s, &ns));
    cr_expect_eq(ns, 3);
    cr_expect_eq(s[0].at, now);
    cr_expect_eq(s[2].at, now - 120);
    cr_expect(!mm_activity_lookup(act, "+819055556666", 13, &s, &ns));
    cr_expect_eq(ns, 0);
    cr_expect_gt(mm_snapshot_bytes(snap), mm_activity_bytes(act));
    mm_snapshot_release(snap);

    /* pruning deletes by time */
    int64_t deleted = -1;
    cr_assert_eq(mm_store_prune_sightings(st, now - 30, &deleted, &e), MM_OK);
    /* the two older reports of 090-1111-2222 and the second carrier's of
     * 090-3333-4444; the first carrier's are all under 30 s old */
    cr_expect_eq(deleted, 3, "deleted %ld", (long)deleted);
    /* the hot marks went with them (both numbers turned hot over 30 s
     * ago), so nothing is read back until another organisation reports */
    cr_assert_eq(mm_store_recent_sightings(st, MM_KIND_PHONE, 0, 1000, a, &rows, &n, &e), MM_OK);
    cr_expect_eq(n, 0);
    report(st, o[1].id, MM_KIND_PHONE, "090-3333-4444", now, a, &ind);
    cr_assert_eq(mm_store_recent_sightings(st, MM_KIND_PHONE, 0, 1000, a, &rows, &n, &e), MM_OK);
    cr_expect_eq(count_for(rows, n, "+819033334444", o[3].id), MM_ACTIVITY_PER_ORG + 5);
    cr_expect_eq(count_for(rows, n, "+819033334444", o[1].id), 1);
    cr_expect_eq(n, MM_ACTIVITY_PER_ORG + 6);
    mm_arena_free(a);
    mm_store_close(st);
}

Test(intel_activity, build_groups_unordered_rows_and_caps)
{
    static mm_sighting_row rows[MM_ACTIVITY_MAX + 40];
    size_t n = 0;
    char big[] = "+819000000001", other[] = "+819000000002";
    for (int i = 0; i < MM_ACTIVITY_MAX + 30; i++) {
        rows[n++] = (mm_sighting_row){big, {1000 + i, i % 50}};
        if (i % 100 == 0)
            rows[n++] = (mm_sighting_row){other, {5000 - i, 9}};
    }
    mm_activity *act = NULL;
    cr_assert_eq(mm_activity_build(rows, n, 7777, &act, NULL), MM_OK);
    cr_expect_eq(mm_activity_values(act), 2);
    cr_expect_eq(mm_activity_built_at(act), 7777);
    const mm_sighting *s;
    size_t ns;
    cr_assert(mm_activity_lookup(act, big, strlen(big), &s, &ns));
    cr_expect_eq(ns, MM_ACTIVITY_MAX, "capped to the newest");
    cr_expect_eq(s[0].at, 1000 + MM_ACTIVITY_MAX + 29);
    for (size_t i = 1; i < ns; i++)
        cr_expect_lt(s[i].at, s[i - 1].at);
    cr_assert(mm_activity_lookup(act, other, strlen(other), &s, &ns));
    cr_expect_eq(ns, 6);
    cr_expect_eq(s[0].org_id, 9);
    /* a prefix, a longer value, an unknown one: no hit */
    cr_expect(!mm_activity_lookup(act, big, strlen(big) - 1, &s, &ns));
    cr_expect(!mm_activity_lookup(act, "+8190000000011", 14, &s, &ns));
    cr_expect(!mm_activity_lookup(act, "+819000000003", 13, &s, &ns));
    mm_activity_free(act);
    /* empty table */
    cr_assert_eq(mm_activity_build(NULL, 0, 1, &act, NULL), MM_OK);
    cr_expect(!mm_activity_lookup(act, big, strlen(big), &s, &ns));
    mm_activity_free(act);
    mm_activity_free(NULL);
    cr_expect(!mm_activity_lookup(NULL, big, strlen(big), &s, &ns));
}

/* mm_snapshot_with_activity: the borrowing snapshot finds every indicator
 * of its base, carries only its own activity, outlives the base's last
 * reference, and a borrow of a borrow shares the original tables. */
Test(intel_activity, snapshot_with_activity_borrows_tables)
{
    static const uint8_t k2[32] = {7};
    mm_snapshot_entry e[2] = {
        {.kind = MM_KIND_PHONE,
         .canonical = "+819011112222",
         .len = 13,
         .hit = {.id = 5, .kind = MM_KIND_PHONE},
         .category = "refund"},
        {.kind = MM_KIND_DOMAIN,
         .canonical = "bad.example",
         .len = 11,
         .hit = {.id = 6, .kind = MM_KIND_DOMAIN},
         .category = "phishing"},
    };
    mm_snapshot *base = NULL, *s1 = NULL, *s2 = NULL;
    cr_assert_eq(mm_snapshot_build_from(e, 2, k2, sizeof k2, &base, NULL), MM_OK);
    mm_sighting_row r1[] = {{"+819011112222", {100, 1}}};
    mm_sighting_row r2[] = {{"+819011112222", {200, 1}}, {"+819011112222", {190, 2}}};
    mm_activity *a1 = NULL, *a2 = NULL;
    cr_assert_eq(mm_activity_build(r1, 1, 100, &a1, NULL), MM_OK);
    cr_assert_eq(mm_activity_build(r2, 2, 200, &a2, NULL), MM_OK);
    cr_assert_eq(mm_snapshot_with_activity(base, a1, &s1, NULL), MM_OK);
    cr_expect_null(mm_snapshot_activity(base), "the base is not changed");
    mm_snapshot_release(base); /* s1 keeps the tables alive */
    cr_assert_eq(mm_snapshot_with_activity(s1, a2, &s2, NULL), MM_OK);
    mm_snapshot_release(s1);
    mm_hit h;
    cr_assert(mm_snapshot_lookup(s2, MM_KIND_DOMAIN, "bad.example", 11, &h));
    cr_expect_eq(h.id, 6);
    cr_expect_str_eq(mm_snapshot_category_name(s2, h.category), "phishing");
    cr_expect(mm_snapshot_lookup(s2, MM_KIND_PHONE, "+819011112222", 13, &h));
    cr_expect_eq(mm_snapshot_count(s2), 2);
    const mm_sighting *s;
    size_t n;
    cr_assert(mm_activity_lookup(mm_snapshot_activity(s2), "+819011112222", 13, &s, &n));
    cr_expect_eq(n, 2);
    cr_expect_eq(s[0].at, 200);
    cr_expect_eq(mm_activity_built_at(mm_snapshot_activity(s2)), 200);
    mm_snapshot_release(s2); /* frees a2, then the base's tables (ASan checks both) */
}

/* A file store reads the activity through its second, read-only
 * connection: it sees every commit made before the read, also those made
 * after the connection was opened. */
Test(intel_activity, file_store_reads_through_second_connection)
{
    char dir[] = "/tmp/mamoru-activity-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/s.db", dir);
    mm_store *st;
    mm_error e = {0};
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
    mm_arena *a = mm_arena_new(0);
    mm_org o[3];
    const char *names[] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++)
        cr_assert_eq(mm_org_add(st, names[i], MM_ROLE_CARRIER, a, &o[i], NULL, &e), MM_OK);
    int64_t now = (int64_t)time(NULL);
    mm_indicator ind;
    mm_sighting_row *rows;
    size_t n;
    for (int round = 0; round < 3; round++) {
        report(st, o[round].id, MM_KIND_PHONE, "090-2222-3333", now - round, a, &ind);
        cr_assert_eq(mm_store_recent_sightings(st, MM_KIND_PHONE, now - 60, 4, a, &rows, &n, &e),
                     MM_OK, "%s", e.message);
        /* one organisation: not hot yet; then every commit is seen */
        cr_expect_eq(n, round == 0 ? 0 : (size_t)round + 1, "round %d: %zu rows", round, n);
    }
    mm_activity *act = NULL;
    cr_assert_eq(mm_activity_load(st, now, &act, &e), MM_OK, "%s", e.message);
    cr_expect_eq(mm_activity_values(act), 1);
    mm_activity_free(act);
    mm_arena_free(a);
    mm_store_close(st);
    char side[80];
    const char *sfx[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", path, sfx[i]);
        unlink(side);
    }
    rmdir(dir);
}
