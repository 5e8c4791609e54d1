/*
 * auth.c — who is calling and what they may do: the Authorization: Bearer
 * key is resolved by the store (mm_org_authenticate, which keeps only key
 * hashes), the role × kind × action matrix (mm_access_allowed) decides
 * 403s, the distribution rules (mm_access_visible) decide what a caller may
 * see, and reads of personal data leave an audit entry (or are refused
 * when the entry cannot be written).
 *
 * Why 404 rather than 403 for invisible indicators: a 403 would confirm
 * that the value is listed, which is exactly what distribution hides.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "server/internal.h"

/* Cache lookup: copies the org into rq->org (name in the arena) on a hit. */
static bool cache_get(mm_request *rq, const unsigned char sha[32])
{
    mm_auth_cache *c = &rq->srv->auth;
    mm_auth_cache_entry *e = &c->slot[sha[0]];
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    if (e->expires > (int64_t)time(NULL) && memcmp(e->key_sha, sha, 32) == 0) {
        rq->org.id = e->org_id;
        rq->org.role = e->role;
        rq->org.created = e->created;
        rq->org.name = mm_arena_strdup(rq->arena, e->name);
        hit = rq->org.name != NULL;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

static void cache_put(mm_request *rq, const unsigned char sha[32])
{
    mm_auth_cache *c = &rq->srv->auth;
    mm_auth_cache_entry *e = &c->slot[sha[0]];
    pthread_mutex_lock(&c->mu);
    memcpy(e->key_sha, sha, 32);
    e->org_id = rq->org.id;
    e->role = rq->org.role;
    e->created = rq->org.created;
    snprintf(e->name, sizeof e->name, "%s", rq->org.name ? rq->org.name : "");
    e->expires = (int64_t)time(NULL) + MM_AUTH_CACHE_TTL_S;
    pthread_mutex_unlock(&c->mu);
}

bool mm_server_authenticate(mm_request *rq)
{
    const char *h =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (h == NULL || *h == '\0') {
        mm_server_reply_error(rq, MM_EAUTH, "authorization",
                              "missing Authorization header; send 'Authorization: Bearer <key>'");
        return false;
    }
    if (strncasecmp(h, "Bearer ", 7) != 0) {
        mm_server_reply_error(rq, MM_EAUTH, "authorization",
                              "Authorization must use the Bearer scheme");
        return false;
    }
    const char *key = h + 7;
    while (*key == ' ')
        key++;
    size_t n = strlen(key);
    while (n > 0 && key[n - 1] == ' ')
        n--;
    if (n == 0 || n > 200) {
        mm_server_reply_error(rq, MM_EAUTH, "authorization", "empty or oversized API key");
        return false;
    }
    unsigned char sha[32];
    unsigned shalen = 0;
    const EVP_MD *md = rq->srv->auth.sha256;
    if (md == NULL || !EVP_Digest(key, n, sha, &shalen, md, NULL))
        SHA256((const unsigned char *)key, n, sha);
    if (cache_get(rq, sha))
        return true;
    char *k = mm_arena_strndup(rq->arena, key, n);
    mm_error e;
    mm_error_clear(&e);
    mm_status rc = k ? mm_org_authenticate(rq->srv->store, k, rq->arena, &rq->org, &e)
                     : mm_error_set(&e, MM_ENOMEM, "", "out of memory");
    if (rc == MM_OK) {
        cache_put(rq, sha);
        return true;
    }
    if (rc == MM_EAUTH || rc == MM_ENOTFOUND || rc == MM_EINVAL) {
        /* never echo the key back */
        mm_server_reply_error(rq, MM_EAUTH, "authorization", "unknown or revoked API key");
        return false;
    }
    mm_server_reply_mm_error(rq, &e);
    return false;
}

bool mm_server_allow(mm_request *rq, mm_kind kind, mm_action action)
{
    if (mm_access_allowed(rq->org.role, kind, action))
        return true;
    mm_server_reply_error(rq, MM_EDENIED, "kind", "role %s may not %s indicators of kind %s",
                          mm_role_name(rq->org.role) ? mm_role_name(rq->org.role) : "?",
                          mm_action_name(action) ? mm_action_name(action) : "?",
                          mm_kind_name(kind) ? mm_kind_name(kind) : "?");
    return false;
}

bool mm_server_visible(const mm_request *rq, const mm_indicator *ind)
{
    return mm_access_visible(rq->org.role, rq->org.id, ind->kind, ind->distribution,
                             ind->org_id);
}

bool mm_server_audit_read(mm_request *rq, const mm_indicator *ind)
{
    if (!mm_kind_is_personal(ind->kind))
        return true;
    char object[48];
    snprintf(object, sizeof object, "indicator:%lld", (long long)ind->id);
    char detail[96];
    snprintf(detail, sizeof detail, "%s %s", rq->method, mm_server_route_name(rq->route));
    mm_error e;
    mm_error_clear(&e);
    if (mm_audit_append(rq->srv->store, rq->org.id, "indicator.read", object, detail, &e) ==
        MM_OK)
        return true;
    /* no audit entry, no personal data */
    mm_server_reply_mm_error(rq, &e);
    return false;
}
