/*
 * org.c — member organisations and their API keys.
 *
 * An organisation has a unique name and one role (police, bank, ...); the
 * role decides what it may do through the access matrix. API keys are
 * "mm_" + 40 base32 characters (200 bits from getrandom), shown once when
 * issued; only their SHA-256 is stored, so a copy of the database does not
 * let anyone call the API. A fast unkeyed hash is enough here because the
 * key itself carries 200 bits of entropy — there is nothing to brute-force.
 * Every change is written to the audit log in the same transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "intel/store_int.h"

#define KEY_PREFIX "mm_"
#define KEY_CHARS 40
#define KEY_LEN (3 + KEY_CHARS)

/* RFC 4648 base32 alphabet, lower case. */
static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

/* Fill out (KEY_LEN + 1 bytes) with a fresh key. 256 is a multiple of 32,
 * so byte & 31 is uniform. */
static mm_status new_key(char *out, mm_error *err)
{
    unsigned char rnd[KEY_CHARS];
    size_t got = 0;
    while (got < sizeof rnd) {
        ssize_t n = getrandom(rnd + got, sizeof rnd - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mm_error_set(err, MM_EIO, "api_key", "getrandom failed: %s", strerror(errno));
        }
        got += (size_t)n;
    }
    memcpy(out, KEY_PREFIX, 3);
    for (int i = 0; i < KEY_CHARS; i++)
        out[3 + i] = b32[rnd[i] & 31];
    out[KEY_LEN] = '\0';
    memset(rnd, 0, sizeof rnd);
    return MM_OK;
}

/* Name: valid UTF-8, 1..100 characters, no control characters. */
static mm_status check_name(const char *name, mm_error *err)
{
    if (name == NULL || name[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "name", "organisation name is empty");
    size_t len = strlen(name);
    if (len > 400 || mm_utf8_validate(name, len, NULL) != MM_OK)
        return mm_error_set(err, MM_EINVAL, "name",
                            "organisation name '%.60s' is not valid "
                            "UTF-8 of at most 100 characters",
                            name);
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f)
            return mm_error_set(err, MM_EINVAL, "name",
                                "organisation name '%.60s' contains a control character", name);
        if ((c & 0xc0) != 0x80)
            chars++;
    }
    if (chars > 100)
        return mm_error_set(err, MM_EINVAL, "name",
                            "organisation name '%.60s…' has %zu characters (at most 100)", name,
                            chars);
    return MM_OK;
}

/* Insert a key row for org_id and audit it; inside a transaction. */
static mm_status add_key_tx(mm_store *s, int64_t org_id, mm_arena *a, char **api_key, mm_error *err)
{
    char key[KEY_LEN + 1], hash[65];
    mm_status rc = new_key(key, err);
    if (rc != MM_OK)
        return rc;
    mm_sha256_hex(key, KEY_LEN, hash);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO api_keys (org_id, key_hash, created) VALUES (?1, ?2, ?3)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare key insert");
        goto out;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_text(st, 2, hash, 64, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, s->now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_sql_error(s, err, "insert api key");
        goto out;
    }
    char object[32], detail[64];
    snprintf(object, sizeof object, "org:%lld", (long long)org_id);
    snprintf(detail, sizeof detail, "key_id=%lld key_sha256=%.12s",
             (long long)sqlite3_last_insert_rowid(s->db), hash);
    if ((rc = audit_append_tx(s, 0, "org.key", object, detail, err)) != MM_OK)
        goto out;
    if (api_key) {
        *api_key = mm_arena_strdup(a, key);
        if (*api_key == NULL)
            rc = mm_error_set(err, MM_ENOMEM, "api_key", "out of memory");
    }
out:
    sqlite3_finalize(st);
    memset(key, 0, sizeof key);
    return rc;
}

/* Find an org by a one-parameter query; MM_ENOTFOUND when absent. */
static mm_status org_query(mm_store *s, const char *sql, const char *text, int64_t id, mm_arena *a,
                           mm_org *out, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sql_error(s, err, "prepare organisation query");
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        if (out) {
            out->id = sqlite3_column_int64(st, 0);
            out->name = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
            out->role = (mm_role)sqlite3_column_int(st, 2);
            out->created = sqlite3_column_int64(st, 3);
            if (out->name == NULL)
                rc = mm_error_set(err, MM_ENOMEM, "name", "out of memory");
        }
    } else if (step == SQLITE_DONE) {
        if (text)
            rc = mm_error_set(err, MM_ENOTFOUND, "name", "no organisation named '%.80s'", text);
        else
            rc = mm_error_set(err, MM_ENOTFOUND, "org_id", "no organisation with id %lld",
                              (long long)id);
    } else {
        rc = store_sql_error(s, err, "query organisation");
    }
    sqlite3_finalize(st);
    return rc;
}

mm_status mm_org_add(mm_store *s, const char *name, mm_role role, mm_arena *a, mm_org *out,
                     char **api_key, mm_error *err)
{
    mm_status rc = check_name(name, err);
    if (rc != MM_OK)
        return rc;
    if ((unsigned)role >= MM_ROLE__COUNT)
        return mm_error_set(err, MM_EINVAL, "role", "unknown role %d", (int)role);
    if ((out || api_key) && a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the results");

    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    if ((rc = store_tx_begin(s, err)) != MM_OK)
        goto unlock;
    rc = org_query(s, "SELECT id, name, role, created FROM orgs WHERE name = ?1", name, 0, NULL,
                   NULL, NULL);
    if (rc == MM_OK) {
        rc = mm_error_set(err, MM_EEXIST, "name", "organisation '%.80s' already exists", name);
        goto rollback;
    }
    if (rc != MM_ENOTFOUND) {
        rc = store_sql_error(s, err, "look up organisation");
        goto rollback;
    }
    if (sqlite3_prepare_v2(s->db, "INSERT INTO orgs (name, role, created) VALUES (?1, ?2, ?3)", -1,
                           &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare organisation insert");
        goto rollback;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)role);
    sqlite3_bind_int64(st, 3, s->now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_sql_error(s, err, "insert organisation");
        goto rollback;
    }
    int64_t id = sqlite3_last_insert_rowid(s->db);
    char object[32];
    snprintf(object, sizeof object, "org:%lld", (long long)id);
    char *detail = sqlite3_mprintf("name=%s role=%s", name, mm_role_name(role));
    if (detail == NULL) {
        rc = mm_error_set(err, MM_ENOMEM, "name", "out of memory");
        goto rollback;
    }
    rc = audit_append_tx(s, 0, "org.add", object, detail, err);
    sqlite3_free(detail);
    if (rc != MM_OK)
        goto rollback;
    if ((rc = add_key_tx(s, id, a, api_key, err)) != MM_OK)
        goto rollback;
    if ((rc = store_tx_commit(s, err)) != MM_OK)
        goto unlock;
    if (out) {
        out->id = id;
        out->name = mm_arena_strdup(a, name);
        out->role = role;
        out->created = s->now;
        if (out->name == NULL)
            rc = mm_error_set(err, MM_ENOMEM, "name", "out of memory");
    }
    goto unlock;
rollback:
    store_tx_rollback(s);
unlock:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_org_new_key(mm_store *s, int64_t org_id, mm_arena *a, char **api_key, mm_error *err)
{
    if (api_key == NULL || a == NULL)
        return mm_error_set(err, MM_EINVAL, "api_key", "nowhere to return the new key");
    pthread_mutex_lock(&s->mu);
    mm_status rc = store_tx_begin(s, err);
    if (rc == MM_OK) {
        rc = org_query(s, "SELECT id, name, role, created FROM orgs WHERE id = ?1", NULL, org_id,
                       NULL, NULL, err);
        if (rc == MM_OK)
            rc = add_key_tx(s, org_id, a, api_key, err);
        if (rc == MM_OK)
            rc = store_tx_commit(s, err);
        else
            store_tx_rollback(s);
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_org_find(mm_store *s, const char *name, mm_arena *a, mm_org *out, mm_error *err)
{
    if (name == NULL)
        return mm_error_set(err, MM_EINVAL, "name", "organisation name is missing");
    pthread_mutex_lock(&s->mu);
    mm_status rc = org_query(s, "SELECT id, name, role, created FROM orgs WHERE name = ?1", name, 0,
                             a, out, err);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_org_list(mm_store *s, mm_arena *a, mm_org **out, size_t *n, mm_error *err)
{
    *out = NULL;
    *n = 0;
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    size_t cap = 0;
    mm_org *v = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT id, name, role, created FROM orgs ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare organisation list");
        goto out;
    }
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            mm_org *nv = mm_arena_calloc(a, ncap, sizeof *nv);
            if (nv == NULL) {
                rc = mm_error_set(err, MM_ENOMEM, "orgs", "out of memory");
                goto out;
            }
            if (v)
                memcpy(nv, v, *n * sizeof *v);
            v = nv;
            cap = ncap;
        }
        mm_org *o = &v[(*n)++];
        o->id = sqlite3_column_int64(st, 0);
        o->name = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
        o->role = (mm_role)sqlite3_column_int(st, 2);
        o->created = sqlite3_column_int64(st, 3);
        if (o->name == NULL) {
            rc = mm_error_set(err, MM_ENOMEM, "orgs", "out of memory");
            goto out;
        }
    }
    if (step != SQLITE_DONE)
        rc = store_sql_error(s, err, "list organisations");
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    if (rc == MM_OK)
        *out = v;
    else
        *n = 0;
    return rc;
}

mm_status mm_org_authenticate(mm_store *s, const char *api_key, mm_arena *a, mm_org *out,
                              mm_error *err)
{
    size_t len = api_key ? strlen(api_key) : 0;
    bool shape = len == KEY_LEN && memcmp(api_key, KEY_PREFIX, 3) == 0;
    for (size_t i = 3; shape && i < len; i++)
        shape = strchr(b32, api_key[i]) != NULL && api_key[i] != '\0';
    /* Never echo a key: quote at most its first six characters. */
    if (!shape)
        return mm_error_set(err, MM_EAUTH, "api_key",
                            "malformed API key '%.6s…' (expected mm_ + 40 base32 characters)",
                            api_key ? api_key : "");
    char hash[65];
    mm_sha256_hex(api_key, len, hash);
    pthread_mutex_lock(&s->mu);
    mm_status rc = MM_OK;
    sqlite3_stmt *st = store_stmt(s, ST_AUTH, err);
    if (st == NULL) {
        rc = MM_EIO;
        goto out;
    }
    sqlite3_bind_text(st, 1, hash, 64, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        if (out) {
            out->id = sqlite3_column_int64(st, 0);
            out->name = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
            out->role = (mm_role)sqlite3_column_int(st, 2);
            out->created = sqlite3_column_int64(st, 3);
            if (out->name == NULL)
                rc = mm_error_set(err, MM_ENOMEM, "api_key", "out of memory");
        }
    } else if (step == SQLITE_DONE) {
        rc = mm_error_set(err, MM_EAUTH, "api_key", "unknown or revoked API key '%.6s…'", api_key);
    } else {
        rc = store_sql_error(s, err, "authenticate");
    }
    sqlite3_reset(st);
out:
    pthread_mutex_unlock(&s->mu);
    return rc;
}
