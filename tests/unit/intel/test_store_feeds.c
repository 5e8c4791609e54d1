/* Tests for src/intel/store_feeds.c: what a feed reads (public url/domain/ip
 * only, confirmed/actioned and not expired), paging, the U.X cursor and
 * deltas since it (times set directly in SQLite), and the full-hash index
 * (lazy catch-up, status checked at query time). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/feeds.h"
#include "mamoru/intel_phish.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static char path[64];
static mm_store *st;
static mm_arena *ar;
static int64_t org;
static int64_t ids[8];

static int64_t report(mm_kind kind, const char *value, const char *status, const char *dist)
{
    mm_report r = {.kind = kind, .value = value, .category = "phishing", .status = status,
                   .distribution = dist, .confidence = -1, .org_id = org};
    mm_indicator ind;
    bool created;
    mm_error e;
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, &created, &e), MM_OK, "%s", e.message);
    return ind.id;
}

static void sql(const char *q)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(db, q, NULL, NULL, &msg), SQLITE_OK, "%s: %s", q, msg);
    sqlite3_close(db);
}

static void setup(void)
{
    snprintf(path, sizeof path, "/tmp/mamoru-feeds-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    unlink(path);
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
    ar = mm_arena_new(0);
    mm_org o;
    char *k;
    cr_assert_eq(mm_org_add(st, "cert", MM_ROLE_ANALYST, ar, &o, &k, &e), MM_OK);
    org = o.id;
    ids[0] = report(MM_KIND_DOMAIN, "evil.example", "confirmed", "public");
    ids[1] = report(MM_KIND_DOMAIN, "maybe.example", "reported", "public");
    ids[2] = report(MM_KIND_DOMAIN, "members.example", "confirmed", "members");
    ids[3] = report(MM_KIND_PHONE, "090-1234-5678", "confirmed", "public");
    ids[4] = report(MM_KIND_URL, "http://phish.example.net/login", "confirmed", "public");
    ids[5] = report(MM_KIND_IP, "192.0.2.9", "confirmed", "public");
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

TestSuite(intel_store_feeds, .init = setup, .fini = teardown);

static size_t list_ids(const mm_feed_query *q0, int64_t *out)
{
    mm_feed_query q = *q0;
    size_t total = 0;
    for (;;) {
        mm_indicator *v;
        size_t n;
        int64_t next;
        mm_error e;
        cr_assert_eq(mm_store_feed_list(st, &q, ar, &v, &n, &next, &e), MM_OK, "%s", e.message);
        for (size_t i = 0; i < n; i++)
            out[total++] = v[i].id;
        if (next == 0)
            break;
        q.after_id = next;
    }
    return total;
}

Test(intel_store_feeds, full_list_is_public_active_feed_kinds)
{
    int64_t got[16];
    mm_feed_query q = {.kinds = MM_FEED_KINDS_ALL, .limit = 1}; /* one per page: paging */
    size_t n = list_ids(&q, got);
    cr_assert_eq(n, 3);
    cr_assert_eq(got[0], ids[0]);
    cr_assert_eq(got[1], ids[4]);
    cr_assert_eq(got[2], ids[5]);
    q.kinds = MM_FEED_KIND(MM_KIND_DOMAIN);
    cr_assert_eq(list_ids(&q, got), 1);
    /* the phone bit is ignored: never a personal or non-web kind */
    q.kinds = MM_FEED_KIND(MM_KIND_PHONE);
    cr_assert_eq(list_ids(&q, got), 0);
    mm_error e;
    mm_indicator *v;
    size_t k;
    int64_t next;
    q.limit = 0;
    cr_assert_eq(mm_store_feed_list(st, &q, ar, &v, &k, &next, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "limit");
}

Test(intel_store_feeds, cursor_and_deltas)
{
    char q[256];
    snprintf(q, sizeof q, "UPDATE indicators SET updated = 1000 + id * 1000");
    sql(q);
    int64_t now = (int64_t)time(NULL);
    mm_feed_cursor c;
    mm_error e;
    cr_assert_eq(mm_store_feed_cursor(st, MM_FEED_KINDS_ALL, now, &c, &e), MM_OK);
    /* public url/domain/ip rows: ids 1, 2, 5, 6 → U = 7000 */
    cr_assert_eq(c.updated, 1000 + ids[5] * 1000);
    cr_assert_eq(c.expired, 0);
    int64_t got[16];
    mm_feed_query dq = {.kinds = MM_FEED_KINDS_ALL, .delta = true, .since = {.updated = 2000 + 1000},
                        .now = now, .limit = 100};
    /* updated >= 3000: the reported domain (id 2) and the url and ip; the
     * members-only domain and the phone never */
    size_t n = list_ids(&dq, got);
    cr_assert_eq(n, 3);
    cr_assert_eq(got[0], ids[1]);
    bool changed = false;
    cr_assert_eq(mm_store_feed_changed(st, MM_FEED_KINDS_ALL, &c, now, &changed, &e), MM_OK);
    cr_assert(changed, "rows at exactly U count as changed (sent again)");
    mm_feed_cursor after = {.updated = c.updated + 1};
    cr_assert_eq(mm_store_feed_changed(st, MM_FEED_KINDS_ALL, &after, now, &changed, &e), MM_OK);
    cr_assert_not(changed);
    /* the url expires: a delta since the old cursor carries it (a removal),
     * and the new cursor's X covers it */
    snprintf(q, sizeof q, "UPDATE indicators SET expires = %lld WHERE id = %lld",
             (long long)(now - 5), (long long)ids[4]);
    sql(q);
    cr_assert_eq(mm_store_feed_changed(st, MM_FEED_KINDS_ALL, &after, now, &changed, &e), MM_OK);
    cr_assert(changed);
    dq.since = after;
    n = list_ids(&dq, got);
    cr_assert_eq(n, 1);
    cr_assert_eq(got[0], ids[4]);
    cr_assert_eq(mm_store_feed_cursor(st, MM_FEED_KINDS_ALL, now, &c, &e), MM_OK);
    cr_assert_eq(c.expired, now - 5);
    c.updated++;
    cr_assert_eq(mm_store_feed_changed(st, MM_FEED_KINDS_ALL, &c, now, &changed, &e), MM_OK);
    cr_assert_not(changed);
    /* and the full list no longer has it */
    mm_feed_query fq = {.kinds = MM_FEED_KINDS_ALL, .now = now, .limit = 100};
    cr_assert_eq(list_ids(&fq, got), 2);
}

Test(intel_store_feeds, fullhash_index)
{
    unsigned char h[32];
    cr_assert(mm_feed_expression_hash(MM_KIND_DOMAIN, "evil.example", ar, h));
    uint32_t p = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    cr_assert_eq(p, 0xf001957cu); /* sha256("evil.example/"), from Python's hashlib */
    mm_fullhash *f;
    size_t n;
    mm_error e;
    cr_assert_eq(mm_store_fullhash(st, p, MM_FEED_KINDS_ALL, mm_feed_expression_hash, ar, &f, &n,
                                   &e),
                 MM_OK, "%s", e.message);
    cr_assert_eq(n, 1);
    cr_assert_eq(memcmp(f[0].hash, h, 32), 0);
    cr_assert_eq(f[0].id, ids[0]);
    cr_assert_str_eq(f[0].category, "phishing");
    /* a kind the caller may not list is not answered */
    cr_assert_eq(mm_store_fullhash(st, p, MM_FEED_KIND(MM_KIND_URL), mm_feed_expression_hash, ar,
                                   &f, &n, &e),
                 MM_OK);
    cr_assert_eq(n, 0);
    /* a new indicator is picked up by the next query; a false positive drops out */
    int64_t id = report(MM_KIND_URL, "http://new.example/x", "confirmed", "public");
    cr_assert(mm_feed_expression_hash(MM_KIND_URL, "http://new.example/x", ar, h));
    p = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    cr_assert_eq(mm_store_fullhash(st, p, MM_FEED_KINDS_ALL, mm_feed_expression_hash, ar, &f, &n,
                                   &e),
                 MM_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(f[0].id, id);
    mm_indicator ind;
    cr_assert_eq(mm_store_set_status(st, id, MM_IND_FALSE_POSITIVE, org, ar, &ind, &e), MM_OK);
    cr_assert_eq(mm_store_fullhash(st, p, MM_FEED_KINDS_ALL, mm_feed_expression_hash, ar, &f, &n,
                                   &e),
                 MM_OK);
    cr_assert_eq(n, 0);
}
