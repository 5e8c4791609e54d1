/*
 * store.c — opening the SQLite intelligence store: pragmas, schema
 * migrations, the prepared-statement cache, write transactions, counts.
 *
 * SQLite runs in WAL mode with synchronous=FULL so an acknowledged write
 * survives kill -9 and power loss while readers never block the writer.
 * The schema is a list of migrations applied in order and recorded in a
 * schema_version table, so an old file is upgraded in place on open and a
 * newer file is refused. Statements are prepared once per handle and
 * reused (SQLITE_PREPARE_PERSISTENT): preparing is the dominant cost of a
 * small INSERT, and bulk imports must reach 100k rows/s.
 *
 * Schema notes: kind, status and distribution are stored as the stable enum
 * numbers of core.h / intel.h (CHECKed); the audit table uses AUTOINCREMENT
 * and audit_head mirrors its last entry so truncating the tail is detected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/params.h>

#include "intel/store_int.h"

/* ---- schema ---------------------------------------------------------- */

static const char *const migrations[] = {
    /* 1: indicators, organisations, keys, evidence, audit */
    "CREATE TABLE orgs ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role INTEGER NOT NULL CHECK (role BETWEEN 0 AND 9),"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE api_keys ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  key_hash TEXT NOT NULL UNIQUE," /* SHA-256 hex of the key; the key itself is never stored */
    "  created INTEGER NOT NULL,"
    "  revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX api_keys_org ON api_keys(org_id);"
    "CREATE TABLE indicators ("
    "  id INTEGER PRIMARY KEY," /* rows are never deleted, so ids are never reused */
    "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 11),"
    "  canonical TEXT NOT NULL,"      /* keyed hash (hex) for personal kinds */
    "  display TEXT,"                 /* masked for personal kinds; NULL = same as canonical */
    "  hash TEXT NOT NULL,"           /* published hash */
    "  hash_prefix INTEGER NOT NULL," /* first two bytes of hash */
    "  hashed INTEGER NOT NULL,"
    "  category TEXT NOT NULL,"
    "  status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 4),"
    "  confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100),"
    "  distribution INTEGER NOT NULL CHECK (distribution BETWEEN 0 AND 3),"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL,"
    "  sightings INTEGER NOT NULL,"
    "  reporters INTEGER NOT NULL,"
    "  holder_hash TEXT,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  UNIQUE (kind, canonical));"
    /* The k-anonymity index is filled lazily (see store_indicators.c,
     * hash_index_catch_up): maintaining a b-tree keyed by random hash
     * prefixes on every insert cost ~40% of bulk-import time. */
    "CREATE TABLE hash_index ("
    "  kind INTEGER NOT NULL,"
    "  prefix INTEGER NOT NULL,"
    "  id INTEGER NOT NULL," /* no foreign key: checking it costs a random read per row */
    "  PRIMARY KEY (kind, prefix, id)) WITHOUT ROWID;"
    "CREATE TABLE hash_index_state ("
    "  one INTEGER PRIMARY KEY CHECK (one = 1),"
    "  upto INTEGER NOT NULL);" /* every indicator with id <= upto is in hash_index */
    "INSERT INTO hash_index_state VALUES (1, 0);"
    "CREATE TABLE indicator_orgs ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicators(id),"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  count INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  PRIMARY KEY (indicator_id, org_id)) WITHOUT ROWID;"
    "CREATE TABLE evidence ("
    "  id INTEGER PRIMARY KEY,"
    "  indicator_id INTEGER NOT NULL REFERENCES indicators(id),"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  text TEXT NOT NULL,"
    "  created INTEGER NOT NULL);"
    "CREATE INDEX evidence_indicator ON evidence(indicator_id);"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  ts INTEGER NOT NULL,"
    "  org_id INTEGER NOT NULL," /* 0 = the operator / system; no foreign key */
    "  action TEXT NOT NULL,"
    "  object TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  prev_hash BLOB NOT NULL," /* 32 bytes */
    "  hash BLOB NOT NULL);"
    "CREATE TABLE audit_head ("
    "  one INTEGER PRIMARY KEY CHECK (one = 1),"
    "  last_id INTEGER NOT NULL,"
    "  last_hash TEXT NOT NULL);"
    "INSERT INTO audit_head VALUES (1, 0, "
    "'0000000000000000000000000000000000000000000000000000000000000000');",
    /* payments (issue 5): payment events, requests between organisations,
     * frozen-account notices. Code in store_payments.c, store_requests.c. */
    "CREATE TABLE payments ("
    "  seq INTEGER PRIMARY KEY," /* insertion order: ties in time keep it */
    "  ext_id TEXT NOT NULL UNIQUE,"
    "  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 8),"
    "  ts INTEGER NOT NULL,"
    "  amount INTEGER NOT NULL CHECK (amount >= 0),"
    "  from_account TEXT, from_name_hash TEXT, from_age INTEGER NOT NULL,"
    "  from_customer_hash TEXT,"
    "  to_account TEXT, to_name_hash TEXT, to_age INTEGER NOT NULL,"
    "  to_customer_hash TEXT,"
    "  channel TEXT,"
    "  flags TEXT," /* comma-separated */
    "  requester_hash TEXT,"
    "  session TEXT,"
    "  created INTEGER NOT NULL);"
    "CREATE INDEX payments_ts ON payments(ts, seq);"
    "CREATE INDEX payments_from ON payments(from_account, ts) WHERE from_account IS NOT NULL;"
    "CREATE INDEX payments_to ON payments(to_account, ts) WHERE to_account IS NOT NULL;"
    "CREATE TABLE requests ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 3),"  /* freeze inquiry suspension takedown */
    "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 4)," /* sent ack done refused cancelled */
    "  from_org INTEGER NOT NULL REFERENCES orgs(id),"
    "  to_org INTEGER NOT NULL REFERENCES orgs(id),"
    "  subject_kind INTEGER NOT NULL CHECK (subject_kind BETWEEN 0 AND 11),"
    "  subject TEXT NOT NULL," /* canonical value (keyed hash for personal kinds) */
    "  amount INTEGER NOT NULL CHECK (amount >= 0),"
    "  case_ref TEXT,"
    "  note TEXT,"
    "  deadline INTEGER NOT NULL,"
    "  answer TEXT,"
    "  created INTEGER NOT NULL,"
    "  acknowledged INTEGER NOT NULL DEFAULT 0,"
    "  closed INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL);"
    "CREATE INDEX requests_to ON requests(to_org, state);"
    "CREATE INDEX requests_from ON requests(from_org, state);"
    "CREATE TABLE dic_notices ("
    "  record_no TEXT NOT NULL,"
    "  notice TEXT NOT NULL," /* kind of notice: start, not_crime, ... */
    "  account TEXT NOT NULL,"
    "  holder_hash TEXT,"
    "  amount INTEGER NOT NULL,"
    "  suspended INTEGER NOT NULL,"
    "  published INTEGER NOT NULL,"
    "  indicator_id INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  PRIMARY KEY (record_no, notice));"
    "CREATE INDEX dic_notices_account ON dic_notices(account);",
    /* phishing-site operations (issue 3): passive DNS, takedown requests to
     * hosting providers, the full-hash index of the hash-prefix feed. Code
     * in store_pdns.c, store_takedown.c, store_feeds.c. */
    "CREATE TABLE pdns ("
    "  domain TEXT NOT NULL," /* canonical A-label host */
    "  ip TEXT NOT NULL,"     /* inet_ntop form */
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  cert TEXT," /* lower-case hex certificate fingerprint, latest seen */
    "  PRIMARY KEY (domain, ip)) WITHOUT ROWID;"
    "CREATE INDEX pdns_ip ON pdns(ip, domain);"
    "CREATE INDEX pdns_cert ON pdns(cert) WHERE cert IS NOT NULL;"
    "CREATE TABLE takedowns ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  url TEXT NOT NULL," /* canonical URL */
    "  host TEXT NOT NULL,"
    "  provider TEXT NOT NULL,"
    "  brand TEXT NOT NULL,"
    "  indicator_id INTEGER," /* the url indicator, when listed */
    "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  note TEXT,"
    "  requested INTEGER NOT NULL,"
    "  acknowledged INTEGER NOT NULL DEFAULT 0,"
    "  closed INTEGER NOT NULL DEFAULT 0," /* taken down or refused */
    "  updated INTEGER NOT NULL);"
    "CREATE INDEX takedowns_url ON takedowns(url, provider);"
    "CREATE TABLE takedown_events ("
    "  id INTEGER PRIMARY KEY,"
    "  takedown_id INTEGER NOT NULL REFERENCES takedowns(id),"
    "  state INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"       /* when it happened (may be back-dated) */
    "  recorded INTEGER NOT NULL," /* when it was written */
    "  org_id INTEGER NOT NULL,"
    "  note TEXT);"
    "CREATE INDEX takedown_events_td ON takedown_events(takedown_id);"
    "CREATE TABLE feed_hash ("
    "  prefix INTEGER NOT NULL," /* first four bytes of hash, big-endian */
    "  id INTEGER NOT NULL,"     /* indicator */
    "  hash BLOB NOT NULL,"      /* SHA-256 of the Safe Browsing expression */
    "  PRIMARY KEY (prefix, id)) WITHOUT ROWID;"
    "CREATE TABLE feed_hash_state ("
    "  one INTEGER PRIMARY KEY CHECK (one = 1),"
    "  upto INTEGER NOT NULL);" /* every indicator with id <= upto has been considered */
    "INSERT INTO feed_hash_state VALUES (1, 0);",
    /* 4: recent sightings of phone numbers, one row per report (call
     * bursts, issue 4 §3). Only reports seen within the activity horizon
     * are logged and old rows are pruned: see store_activity.c. */
    "CREATE TABLE sightings ("
    "  indicator_id INTEGER NOT NULL," /* no foreign key: a random read per row */
    "  org_id INTEGER NOT NULL,"
    "  seen_at INTEGER NOT NULL);"
    "CREATE INDEX sightings_seen ON sightings(seen_at);",
    /* 5: numbers reported by more than one organisation within the
     * activity horizon ("hot"), so reading the activity skips the
     * single-organisation floods of a list import (store_activity.c) */
    "CREATE INDEX sightings_indicator ON sightings(indicator_id, seen_at);"
    "CREATE TABLE sightings_hot ("
    "  indicator_id INTEGER PRIMARY KEY,"
    "  since INTEGER NOT NULL);" /* seen_at of the newest report that found another org */
    "INSERT OR IGNORE INTO sightings_hot SELECT indicator_id, max(seen_at) FROM sightings "
    "  GROUP BY indicator_id HAVING count(DISTINCT org_id) > 1;",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ---- statement cache ------------------------------------------------- */

static const char *const stmt_sql[ST__COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_HEAD_GET] = "SELECT last_id, last_hash FROM audit_head WHERE one = 1",
    [ST_HEAD_SET] = "UPDATE audit_head SET last_id = ?1, last_hash = ?2 WHERE one = 1",
    [ST_AUDIT_INSERT] = "INSERT INTO audit (id, ts, org_id, action, object, detail, prev_hash, "
                        "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_ORG_EXISTS] = "SELECT 1 FROM orgs WHERE id = ?1",
    [ST_IND_FIND] = "SELECT id, status FROM indicators WHERE kind = ?1 AND canonical = ?2",
    [ST_IND_INSERT] =
        "INSERT INTO indicators (kind, canonical, display, hash, hash_prefix, hashed, category, "
        "status, confidence, distribution, org_id, first_seen, last_seen, expires, sightings, "
        "reporters, holder_hash, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?12, ?13, 1, 1, ?14, ?15, ?15) ON CONFLICT (kind, canonical) DO NOTHING",
    [ST_IND_SIGHTING] =
        "UPDATE indicators SET sightings = sightings + 1, reporters = reporters + ?2, "
        "first_seen = min(first_seen, ?3), last_seen = max(last_seen, ?3), "
        "confidence = max(confidence, ?4), status = ?5, "
        "expires = CASE WHEN expires = 0 THEN 0 WHEN ?6 = 0 THEN expires "
        "ELSE max(expires, ?6) END, "
        "holder_hash = coalesce(holder_hash, ?7), updated = ?8 WHERE id = ?1",
    [ST_IND_GET] = "SELECT " MM_IND_COLS " FROM indicators WHERE id = ?1",
    [ST_IND_SET_STATUS] = "UPDATE indicators SET status = ?2, updated = ?3 WHERE id = ?1",
    [ST_IO_INSERT] = "INSERT OR IGNORE INTO indicator_orgs (indicator_id, org_id, count, "
                     "last_seen) VALUES (?1, ?2, 1, ?3)",
    [ST_IO_BUMP] = "UPDATE indicator_orgs SET count = count + 1, last_seen = max(last_seen, ?3) "
                   "WHERE indicator_id = ?1 AND org_id = ?2",
    [ST_EVIDENCE_INSERT] =
        "INSERT INTO evidence (indicator_id, org_id, text, created) VALUES (?1, ?2, ?3, ?4)",
    /* ?7 is a bit mask over (kind * 4 + distribution) of what the caller's
     * role may see; its own and co-reported indicators are always visible. */
    [ST_IND_LIST] = "SELECT " MM_IND_COLS " FROM indicators i WHERE id > ?1 "
                    "AND (?2 < 0 OR kind = ?2) AND (?3 IS NULL OR category = ?3) "
                    "AND (?4 < 0 OR status = ?4) AND updated >= ?5 "
                    "AND (((?7 >> (kind * 4 + distribution)) & 1) = 1 OR org_id = ?6 "
                    "     OR EXISTS (SELECT 1 FROM indicator_orgs o WHERE o.indicator_id = i.id "
                    "                AND o.org_id = ?6)) "
                    "ORDER BY id LIMIT ?8",
    [ST_HASH_RANGE] = "SELECT i.hash FROM hash_index h JOIN indicators i ON i.id = h.id "
                      "WHERE h.kind = ?1 AND h.prefix = ?2 AND i.status IN (0, 1, 2) "
                      "AND (i.expires = 0 OR i.expires > ?3) AND i.distribution IN (0, 1) "
                      "ORDER BY i.hash",
    /* sightings log (store_activity.c) */
    [ST_SIGHT_INSERT] = "INSERT INTO sightings (indicator_id, org_id, seen_at) VALUES (?1, ?2, ?3)",
    [ST_SIGHT_PRUNE] = "DELETE FROM sightings WHERE seen_at < ?1",
    [ST_SIGHT_OTHER] = "SELECT 1 FROM indicator_orgs WHERE indicator_id = ?1 AND org_id <> ?2 "
                       "AND last_seen >= ?3 LIMIT 1",
    [ST_SIGHT_HOT] = "INSERT INTO sightings_hot (indicator_id, since) VALUES (?1, ?2) "
                     "ON CONFLICT (indicator_id) DO UPDATE SET since = max(since, excluded.since)",
    [ST_SIGHT_PRUNE_HOT] = "DELETE FROM sightings_hot WHERE since < ?1",
    [ST_AUTH] = "SELECT o.id, o.name, o.role, o.created FROM api_keys k "
                "JOIN orgs o ON o.id = k.org_id WHERE k.key_hash = ?1 AND k.revoked = 0",
};

mm_status store_sql_error(mm_store *s, mm_error *err, const char *what)
{
    return mm_error_set(err, MM_EIO, "store", "%s: %s", what,
                        s && s->db ? sqlite3_errmsg(s->db) : "no database");
}

sqlite3_stmt *store_stmt(mm_store *s, enum store_stmt which, mm_error *err)
{
    sqlite3_stmt *st = s->st[which];
    if (st == NULL) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
            SQLITE_OK) {
            store_sql_error(s, err, "prepare");
            return NULL;
        }
        s->st[which] = st;
        return st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

mm_status store_exec(mm_store *s, const char *sql, mm_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        mm_error_set(err, MM_EIO, "store", "%.200s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return MM_EIO;
    }
    return MM_OK;
}

/* Step a statement that returns no rows; reset it afterwards. */
static mm_status step_done(mm_store *s, sqlite3_stmt *st, mm_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return store_sql_error(s, err, what);
    return MM_OK;
}

/* ---- hashing with cached contexts ----------------------------------- */

void store_hex(const unsigned char *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static bool crypto_init(mm_store *s)
{
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    s->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    s->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (s->mac == NULL || s->sha256 == NULL)
        return false;
    for (int i = 0; i < 2; i++) {
        store_crypto *c = &s->cx[i];
        c->hmac = EVP_MAC_CTX_new(s->mac);
        c->md = EVP_MD_CTX_new();
        c->sha256 = s->sha256;
        c->key = s->key;
        c->keylen = s->keylen;
        if (c->hmac == NULL || c->md == NULL || !EVP_MAC_init(c->hmac, s->key, s->keylen, params))
            return false;
    }
    return true;
}

static void crypto_free(mm_store *s)
{
    for (int i = 0; i < 2; i++) {
        EVP_MAC_CTX_free(s->cx[i].hmac);
        EVP_MD_CTX_free(s->cx[i].md);
    }
    EVP_MAC_free(s->mac);
    EVP_MD_free(s->sha256);
}

/* On an OpenSSL failure (out of memory) fall back to the one-shot forms,
 * which produce the same value. */
void store_hmac_hex(store_crypto *c, const void *data, size_t len, char out[65])
{
    unsigned char md[32];
    size_t n = 0;
    if (EVP_MAC_init(c->hmac, NULL, 0, NULL) && EVP_MAC_update(c->hmac, data, len) &&
        EVP_MAC_final(c->hmac, md, &n, sizeof md) && n == 32)
        store_hex(md, 32, out);
    else
        mm_hmac_hex(c->key, c->keylen, data, len, out);
}

void store_sha256(store_crypto *c, const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 0;
    if (!(EVP_DigestInit_ex(c->md, c->sha256, NULL) && EVP_DigestUpdate(c->md, data, len) &&
          EVP_DigestFinal_ex(c->md, out, &n) && n == 32))
        EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void store_sha256_hex(store_crypto *c, const void *data, size_t len, char out[65])
{
    unsigned char md[32];
    store_sha256(c, data, len, md);
    store_hex(md, 32, out);
}

size_t store_fmt_i64(char *out, int64_t v)
{
    char tmp[24];
    size_t n = 0, len = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = tmp[--n];
    out[len] = '\0';
    return len;
}

int64_t store_now(void)
{
    return (int64_t)time(NULL);
}

/* ---- transactions ---------------------------------------------------- */

mm_status store_tx_begin(mm_store *s, mm_error *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_BEGIN, err);
    if (st == NULL)
        return MM_EIO;
    mm_status rc = step_done(s, st, err, "begin transaction");
    if (rc != MM_OK)
        return rc;
    s->now = store_now();
    /* The head is re-read in every transaction: another process (the CLI)
     * may have appended since. */
    st = store_stmt(s, ST_HEAD_GET, err);
    if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
        if (st)
            store_sql_error(s, err, "read audit head");
        if (st)
            sqlite3_reset(st);
        store_tx_rollback(s);
        return MM_EIO;
    }
    s->audit_last_id = sqlite3_column_int64(st, 0);
    const unsigned char *h = sqlite3_column_text(st, 1);
    snprintf(s->audit_last_hash, sizeof s->audit_last_hash, "%s", h ? (const char *)h : "");
    sqlite3_reset(st);
    s->audit_dirty = 0;
    s->audit_bin_ok = 0;
    return MM_OK;
}

mm_status store_tx_commit(mm_store *s, mm_error *err)
{
    mm_status rc;
    if (s->audit_dirty) {
        sqlite3_stmt *st = store_stmt(s, ST_HEAD_SET, err);
        if (st == NULL) {
            store_tx_rollback(s);
            return MM_EIO;
        }
        sqlite3_bind_int64(st, 1, s->audit_last_id);
        sqlite3_bind_text(st, 2, s->audit_last_hash, -1, SQLITE_STATIC);
        rc = step_done(s, st, err, "update audit head");
        if (rc != MM_OK) {
            store_tx_rollback(s);
            return rc;
        }
        s->audit_dirty = 0;
    }
    sqlite3_stmt *st = store_stmt(s, ST_COMMIT, err);
    if (st == NULL) {
        store_tx_rollback(s);
        return MM_EIO;
    }
    rc = step_done(s, st, err, "commit");
    if (rc != MM_OK)
        store_tx_rollback(s);
    return rc;
}

void store_tx_rollback(mm_store *s)
{
    s->audit_dirty = 0;
    if (sqlite3_get_autocommit(s->db))
        return; /* SQLite already rolled back (e.g. after SQLITE_FULL) */
    sqlite3_stmt *st = store_stmt(s, ST_ROLLBACK, NULL);
    if (st) {
        sqlite3_step(st);
        sqlite3_reset(st);
    }
}

mm_status store_org_check(mm_store *s, int64_t org_id, mm_error *err)
{
    if (org_id > 0 && org_id == s->known_org)
        return MM_OK;
    if (org_id <= 0)
        return mm_error_set(err, MM_EINVAL, "org_id", "organisation id %lld does not exist",
                            (long long)org_id);
    sqlite3_stmt *st = store_stmt(s, ST_ORG_EXISTS, err);
    if (st == NULL)
        return MM_EIO;
    sqlite3_bind_int64(st, 1, org_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        s->known_org = org_id;
        return MM_OK;
    }
    if (rc != SQLITE_DONE)
        return store_sql_error(s, err, "look up organisation");
    return mm_error_set(err, MM_EINVAL, "org_id", "organisation id %lld does not exist",
                        (long long)org_id);
}

/* ---- rows ------------------------------------------------------------ */

static const char *col_str(sqlite3_stmt *st, int col, mm_arena *a, int *oom)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (t == NULL)
        return NULL;
    char *p = mm_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, col));
    if (p == NULL)
        *oom = 1;
    return p;
}

mm_status store_row_to_indicator(sqlite3_stmt *st, mm_arena *a, mm_indicator *out)
{
    int oom = 0;
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->kind = (mm_kind)sqlite3_column_int(st, 1);
    out->canonical = col_str(st, 2, a, &oom);
    out->display = col_str(st, 3, a, &oom);
    out->hash = col_str(st, 4, a, &oom);
    out->hashed = sqlite3_column_int(st, 5) != 0;
    out->category = col_str(st, 6, a, &oom);
    out->status = (mm_ind_status)sqlite3_column_int(st, 7);
    out->confidence = sqlite3_column_int(st, 8);
    out->distribution = (mm_distribution)sqlite3_column_int(st, 9);
    out->org_id = sqlite3_column_int64(st, 10);
    out->first_seen = sqlite3_column_int64(st, 11);
    out->last_seen = sqlite3_column_int64(st, 12);
    out->expires = sqlite3_column_int64(st, 13);
    out->sightings = sqlite3_column_int64(st, 14);
    out->reporters = sqlite3_column_int64(st, 15);
    out->holder_hash = col_str(st, 16, a, &oom);
    out->created = sqlite3_column_int64(st, 17);
    out->updated = sqlite3_column_int64(st, 18);
    return oom ? MM_ENOMEM : MM_OK;
}

/* ---- open / close ---------------------------------------------------- */

static int read_version(mm_store *s)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "SELECT version FROM schema_version", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Apply every migration newer than the file's version, each in its own
 * transaction together with the version bump. */
static mm_status migrate(mm_store *s, mm_error *err)
{
    mm_status rc = store_exec(s,
                              "BEGIN IMMEDIATE;"
                              "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT "
                              "NULL);"
                              "INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS "
                              "(SELECT 1 FROM schema_version);"
                              "COMMIT;",
                              err);
    if (rc != MM_OK) {
        store_exec(s, "ROLLBACK", NULL);
        return rc;
    }
    int v = read_version(s);
    if (v < 0)
        return store_sql_error(s, err, "read schema version");
    if (v > NMIGRATIONS)
        return mm_error_set(err, MM_EIO, "store",
                            "database schema version %d is newer than this program (%d)", v,
                            NMIGRATIONS);
    for (int i = v; i < NMIGRATIONS; i++) {
        if ((rc = store_exec(s, "BEGIN IMMEDIATE", err)) != MM_OK)
            return rc;
        char bump[80];
        snprintf(bump, sizeof bump, "UPDATE schema_version SET version = %d", i + 1);
        if ((rc = store_exec(s, migrations[i], err)) != MM_OK ||
            (rc = store_exec(s, bump, err)) != MM_OK ||
            (rc = store_exec(s, "COMMIT", err)) != MM_OK) {
            store_exec(s, "ROLLBACK", NULL);
            return rc;
        }
    }
    s->version = read_version(s);
    return MM_OK;
}

mm_status mm_store_open(const char *path, const mm_store_config *cfg, mm_store **out, mm_error *err)
{
    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "path", "empty store path");
    if (cfg == NULL || cfg->hmac_key == NULL || cfg->hmac_key_len < 16)
        return mm_error_set(err, MM_EINVAL, "hmac_key",
                            "HMAC key of %zu bytes is too short (need at least 16)",
                            cfg && cfg->hmac_key ? cfg->hmac_key_len : (size_t)0);
    mm_store *s = calloc(1, sizeof *s);
    if (s == NULL)
        return mm_error_set(err, MM_ENOMEM, "store", "out of memory");
    s->key = malloc(cfg->hmac_key_len);
    s->scratch = mm_arena_new(0);
    if (s->key == NULL || s->scratch == NULL) {
        free(s->key);
        mm_arena_free(s->scratch);
        free(s);
        return mm_error_set(err, MM_ENOMEM, "store", "out of memory");
    }
    memcpy(s->key, cfg->hmac_key, cfg->hmac_key_len);
    s->keylen = cfg->hmac_key_len;
    s->zengin = cfg->zengin;
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->ro_mu, NULL); /* store_activity.c */

    mm_status rc;
    if (!crypto_init(s)) {
        rc = mm_error_set(err, MM_EIO, "hmac_key", "OpenSSL cannot set up HMAC-SHA-256");
        goto fail;
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = mm_error_set(err, MM_EIO, "path", "cannot open store '%.200s': %s", path,
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    /* WAL + synchronous=FULL: a commit is on disk when it returns. The
     * larger page cache keeps the unique index hot during bulk imports;
     * checkpointing every 10,000 pages (40 MiB) instead of SQLite's 1,000
     * copies each hot index page back less often (bench_import: +5% at 1M
     * rows), and journal_size_limit gives the disk back afterwards. */
    rc = store_exec(s,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = FULL;"
                    "PRAGMA foreign_keys = ON;"
                    "PRAGMA temp_store = MEMORY;"
                    "PRAGMA cache_size = -65536;"
                    "PRAGMA wal_autocheckpoint = 10000;"
                    "PRAGMA journal_size_limit = 67108864;",
                    err);
    if (rc != MM_OK)
        goto fail;
    if ((rc = migrate(s, err)) != MM_OK)
        goto fail;
    *out = s;
    return MM_OK;
fail:
    mm_store_close(s);
    return rc;
}

void mm_store_close(mm_store *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < ST__COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->ro); /* store_activity.c */
    pthread_mutex_destroy(&s->ro_mu);
    sqlite3_close(s->db);
    if (s->key) {
        memset(s->key, 0, s->keylen);
        free(s->key);
    }
    mm_arena_free(s->scratch);
    mm_arena_free(s->prep_arena);
    free(s->prep);
    crypto_free(s);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

int mm_store_schema_version(mm_store *s)
{
    if (s == NULL)
        return 0;
    pthread_mutex_lock(&s->mu);
    int v = s->version;
    pthread_mutex_unlock(&s->mu);
    return v;
}

static mm_status count_table(mm_store *s, const char *sql, int64_t *out, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return store_sql_error(s, err, "count");
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return MM_OK;
}

mm_status mm_store_count(mm_store *s, int64_t *indicators, int64_t *orgs, mm_error *err)
{
    int64_t ni = 0, no = 0;
    pthread_mutex_lock(&s->mu);
    /* max(id) would be O(1) but over-counts nothing only while rows are
     * never deleted; count(*) is exact and fast enough for /metrics. */
    mm_status rc = count_table(s, "SELECT count(*) FROM indicators", &ni, err);
    if (rc == MM_OK)
        rc = count_table(s, "SELECT count(*) FROM orgs", &no, err);
    pthread_mutex_unlock(&s->mu);
    if (indicators)
        *indicators = ni;
    if (orgs)
        *orgs = no;
    return rc;
}
