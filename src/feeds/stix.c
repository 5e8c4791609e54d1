/*
 * stix.c — the STIX 2.1 feed: a bundle holding one identity (mamoru, the
 * producer) and one indicator SDO per url/domain/ip indicator, with a
 * STIX pattern ([url:value = '…'], [domain-name:value = '…'],
 * [ipv4-addr:value = '…'] / ipv6-addr).
 *
 * Ids are deterministic UUIDv5 (RFC 4122 §4.3, SHA-1) under a fixed mamoru
 * namespace, of "kind:canonical": the same indicator always has the same
 * STIX id, so a delta's object replaces the consumer's earlier copy (newer
 * "modified" wins) and a removal is the same object with "revoked": true.
 * The JSON is written by hand, streamed page by page: a bundle of millions
 * of objects never sits in a DOM.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "mamoru/feeds.h"

/* The namespace of every mamoru STIX id (a fixed, random UUID). */
static const unsigned char stix_ns[16] = {0x2f, 0x1c, 0x6c, 0x8e, 0x6a, 0x3b, 0x5d, 0x1e,
                                          0x9c, 0x57, 0x3b, 0x8d, 0x0f, 0x4a, 0x1e, 0x62};
#define IDENTITY_CREATED "2025-01-01T00:00:00.000Z"

/* UUIDv5 of the name a + b under stix_ns as text (36 chars + NUL). The
 * name comes in two parts so a long canonical value is never copied. */
static void uuid5_ctx(EVP_MD_CTX *c, const char *a, const char *b, char out[37])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    bool ok = c && EVP_DigestInit_ex(c, EVP_sha1(), NULL) &&
              EVP_DigestUpdate(c, stix_ns, sizeof stix_ns) && EVP_DigestUpdate(c, a, strlen(a)) &&
              EVP_DigestUpdate(c, b, strlen(b)) && EVP_DigestFinal_ex(c, md, &n) && n >= 16;
    if (!ok)
        memset(md, 0, 16);
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 */
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10],
             md[11], md[12], md[13], md[14], md[15]);
}

/* The same with a context of its own (one-off ids). */
static void uuid5(const char *a, const char *b, char out[37])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uuid5_ctx(c, a, b, out);
    EVP_MD_CTX_free(c);
}

/* Indicator id with a caller's digest context (reused across a page). */
static void stix_id_ctx(EVP_MD_CTX *c, mm_kind kind, const char *canonical, char out[64])
{
    char name[48], u[37];
    snprintf(name, sizeof name, "%s:", mm_kind_name(kind) ? mm_kind_name(kind) : "?");
    uuid5_ctx(c, name, canonical ? canonical : "", u);
    snprintf(out, 64, "indicator--%s", u);
}

void mm_feed_stix_id(mm_kind kind, const char *canonical, char out[64])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    stix_id_ctx(c, kind, canonical, out);
    EVP_MD_CTX_free(c);
}

/* STIX timestamps carry milliseconds: "2025-01-02T03:04:05.000Z". */
static void stix_time(int64_t t, char out[40])
{
    time_t tt = (time_t)(t > 0 ? t : 0);
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, 40, "%Y-%m-%dT%H:%M:%S.000Z", &tm) == 0)
        snprintf(out, 40, "1970-01-01T00:00:00.000Z");
}

/* s as a JSON string body (no quotes): escapes ", \ and control bytes. */
static mm_status json_escape(mm_buf *b, const char *s)
{
    mm_status rc = MM_OK;
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == MM_OK; p++) {
        if (*p == '"' || *p == '\\') {
            char e[3] = {'\\', (char)*p, 0};
            rc = mm_buf_puts(b, e);
        } else if (*p < 0x20) {
            rc = mm_buf_printf(b, "\\u%04x", *p);
        } else {
            rc = mm_buf_putc(b, (char)*p);
        }
    }
    return rc;
}

/* s as a STIX pattern string literal body: \ → \\, ' → \' (then JSON). */
static mm_status pattern_literal(mm_buf *b, const char *s)
{
    mm_buf tmp = {0};
    mm_status rc = MM_OK;
    for (const char *p = s; *p && rc == MM_OK; p++) {
        if (*p == '\\' || *p == '\'')
            rc = mm_buf_putc(&tmp, '\\');
        if (rc == MM_OK)
            rc = mm_buf_putc(&tmp, *p);
    }
    if (rc == MM_OK)
        rc = json_escape(b, tmp.data ? tmp.data : "");
    mm_buf_free(&tmp);
    return rc;
}

static void identity_id(char out[64])
{
    char u[37];
    uuid5("identity:mamoru", "", u);
    snprintf(out, 64, "identity--%s", u);
}

mm_status mm_feed_stix_begin(const mm_feed_opts *o, mm_buf *out)
{
    char cur[48], since[48], name[128], u[37], ident[64];
    mm_feed_cursor_format(&o->cursor, cur);
    mm_feed_cursor_format(&o->since, since);
    snprintf(name, sizeof name, "bundle:%s:%s", o->delta ? since : "full", cur);
    uuid5(name, "", u);
    identity_id(ident);
    return mm_buf_printf(out,
                         "{\"type\":\"bundle\",\"id\":\"bundle--%s\",\"objects\":["
                         "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"%s\","
                         "\"created\":\"" IDENTITY_CREATED "\",\"modified\":\"" IDENTITY_CREATED
                         "\",\"name\":\"mamoru\",\"identity_class\":\"system\"}",
                         u, ident);
}

/* The STIX object type and its name in the "name" property. */
static const char *pattern_type(const mm_indicator *ind)
{
    switch (ind->kind) {
    case MM_KIND_URL: return "url";
    case MM_KIND_DOMAIN: return "domain-name";
    case MM_KIND_IP: return strchr(ind->canonical, ':') ? "ipv6-addr" : "ipv4-addr";
    default: return NULL;
    }
}

mm_status mm_feed_stix_objects(const mm_indicator *items, size_t n, const mm_feed_opts *o,
                               mm_buf *out)
{
    char ident[64];
    identity_id(ident);
    EVP_MD_CTX *md = EVP_MD_CTX_new(); /* one per page: allocating per object costs more */
    if (md == NULL)
        return MM_ENOMEM;
    mm_status rc = MM_OK;
    for (size_t i = 0; i < n && rc == MM_OK; i++) {
        const mm_indicator *ind = &items[i];
        const char *type = ind->canonical ? pattern_type(ind) : NULL;
        if (type == NULL)
            continue;
        bool active = mm_feed_active(ind, o->now);
        if (!active && !o->delta)
            continue;
        char id[64], created[40], modified[40], from[40], until[40];
        stix_id_ctx(md, ind->kind, ind->canonical, id);
        int64_t c = ind->created > 0 ? ind->created : ind->first_seen;
        int64_t m = ind->updated > c ? ind->updated : c;
        int64_t f = ind->first_seen > 0 ? ind->first_seen : c;
        stix_time(c, created);
        stix_time(m, modified);
        stix_time(f, from);
        rc = mm_buf_printf(out,
                           ",{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"%s\","
                           "\"created_by_ref\":\"%s\",\"created\":\"%s\",\"modified\":\"%s\","
                           "\"name\":\"",
                           id, ident, created, modified);
        if (rc == MM_OK)
            rc = json_escape(out, ind->category ? ind->category : "fraud");
        if (rc == MM_OK)
            rc = mm_buf_printf(out, " %s\",\"indicator_types\":[\"malicious-activity\"],"
                                    "\"pattern\":\"[%s:value = '",
                               mm_kind_name(ind->kind), type);
        if (rc == MM_OK)
            rc = pattern_literal(out, ind->canonical);
        if (rc == MM_OK)
            rc = mm_buf_printf(out,
                               "']\",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\","
                               "\"valid_from\":\"%s\"",
                               from);
        if (rc == MM_OK && ind->expires > f) {
            stix_time(ind->expires, until);
            rc = mm_buf_printf(out, ",\"valid_until\":\"%s\"", until);
        }
        if (rc == MM_OK)
            rc = mm_buf_printf(out, ",\"confidence\":%d,\"labels\":[\"",
                               ind->confidence < 0 ? 0 : ind->confidence > 100 ? 100 : ind->confidence);
        if (rc == MM_OK)
            rc = json_escape(out, ind->category ? ind->category : "fraud");
        if (rc == MM_OK)
            rc = mm_buf_printf(out, "\"]%s}", active ? "" : ",\"revoked\":true");
    }
    EVP_MD_CTX_free(md);
    return rc;
}

mm_status mm_feed_stix_end(mm_buf *out)
{
    return mm_buf_puts(out, "]}\n");
}
