/* Tests for the STIX 2.1 feed (src/feeds/stix.c): the bundle is valid JSON,
 * every indicator SDO has the required properties, ids are deterministic
 * UUIDv5 (checked against values computed independently with Python's
 * uuid.uuid5), patterns are escaped, and deltas revoke inactive rows. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <regex.h>
#include <string.h>

#include "feed_fixture.h"

static json_t *bundle(const mm_indicator *v, size_t n, bool delta)
{
    mm_feed_opts o = {.now = FX_NOW, .cursor = {.updated = 1749996400}, .delta = delta};
    mm_buf b = {0};
    cr_assert_eq(mm_feed_stix_begin(&o, &b), MM_OK);
    /* two pages, as the CLI streams them */
    cr_assert_eq(mm_feed_stix_objects(v, n / 2, &o, &b), MM_OK);
    cr_assert_eq(mm_feed_stix_objects(v + n / 2, n - n / 2, &o, &b), MM_OK);
    cr_assert_eq(mm_feed_stix_end(&b), MM_OK);
    json_error_t je;
    json_t *j = json_loadb(b.data, b.len, 0, &je);
    cr_assert_not_null(j, "invalid JSON: %s at %d\n%s", je.text, je.position, b.data);
    mm_buf_free(&b);
    return j;
}

static json_t *find(json_t *objs, const char *id)
{
    size_t i;
    json_t *o;
    json_array_foreach(objs, i, o) if (strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
        return o;
    return NULL;
}

Test(feeds_stix, bundle_is_valid_and_complete)
{
    mm_indicator v[9];
    size_t n = fx_fill(v);
    json_t *j = bundle(v, n, false);
    cr_assert_str_eq(json_string_value(json_object_get(j, "type")), "bundle");
    regex_t uuid;
    regcomp(&uuid, "^[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
            REG_EXTENDED | REG_NOSUB);
    cr_assert_eq(regexec(&uuid, json_string_value(json_object_get(j, "id")), 0, NULL, 0), 0);
    json_t *objs = json_object_get(j, "objects");
    cr_assert(json_is_array(objs));
    /* identity + the five listed url/domain/ip indicators */
    cr_assert_eq(json_array_size(objs), 6);
    json_t *ident = json_array_get(objs, 0);
    cr_assert_str_eq(json_string_value(json_object_get(ident, "type")), "identity");
    const char *ident_id = json_string_value(json_object_get(ident, "id"));
    static const char *const required[] = {"type",    "spec_version", "id",         "created",
                                           "modified", "pattern",     "pattern_type", "valid_from",
                                           "indicator_types", "created_by_ref"};
    size_t i;
    json_t *o;
    json_array_foreach(objs, i, o)
    {
        cr_assert_str_eq(json_string_value(json_object_get(o, "spec_version")), "2.1");
        cr_assert_eq(regexec(&uuid, json_string_value(json_object_get(o, "id")), 0, NULL, 0), 0,
                     "id %s", json_string_value(json_object_get(o, "id")));
        if (i == 0)
            continue;
        for (size_t r = 0; r < sizeof required / sizeof required[0]; r++)
            cr_assert_not_null(json_object_get(o, required[r]), "object %zu lacks %s", i,
                               required[r]);
        cr_assert_str_eq(json_string_value(json_object_get(o, "pattern_type")), "stix");
        cr_assert_str_eq(json_string_value(json_object_get(o, "created_by_ref")), ident_id);
        cr_assert_null(json_object_get(o, "revoked"));
        /* millisecond timestamps, modified >= created */
        const char *c = json_string_value(json_object_get(o, "created"));
        const char *m = json_string_value(json_object_get(o, "modified"));
        cr_assert_eq(strlen(c), 24);
        cr_assert_eq(c[23], 'Z');
        cr_assert_geq(strcmp(m, c), 0);
    }
    regfree(&uuid);
    json_t *d = find(objs, "indicator--b5120886-9816-5567-9e40-a9f91ddb6395");
    cr_assert_not_null(d, "deterministic id of domain:evil.example");
    cr_assert_str_eq(json_string_value(json_object_get(d, "pattern")),
                     "[domain-name:value = 'evil.example']");
    json_t *u = find(objs, "indicator--642cbc35-c10f-583c-99c1-201ea9ca3164");
    cr_assert_not_null(u);
    cr_assert_str_eq(json_string_value(json_object_get(u, "pattern")),
                     "[url:value = 'http://phish.example.net/']");
    /* valid_until only where the indicator expires */
    json_t *x = NULL;
    json_array_foreach(objs, i, o) if (strstr(json_string_value(json_object_get(o, "pattern")) ?: "",
                                              "shared.example.org")) x = o;
    cr_assert_not_null(x);
    cr_assert_str_eq(json_string_value(json_object_get(x, "valid_until")),
                     "2025-06-16T15:06:40.000Z");
    cr_assert_null(json_object_get(d, "valid_until"));
    json_decref(j);
}

Test(feeds_stix, patterns_for_each_kind_and_escaping)
{
    static const struct {
        mm_kind kind;
        const char *canonical, *pattern;
    } cases[] = {
        {MM_KIND_IP, "192.0.2.1", "[ipv4-addr:value = '192.0.2.1']"},
        {MM_KIND_IP, "2001:db8::1", "[ipv6-addr:value = '2001:db8::1']"},
        {MM_KIND_URL, "http://x.example/it's\\\"q\"", "[url:value = 'http://x.example/it\\'s\\\\\"q\"']"},
        {MM_KIND_DOMAIN, "xn--eckwd4c7c.xn--zckzah", "[domain-name:value = 'xn--eckwd4c7c.xn--zckzah']"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mm_indicator v = fx_ind(1, cases[c].kind, cases[c].canonical, MM_IND_CONFIRMED, 0);
        json_t *j = bundle(&v, 1, false);
        json_t *o = json_array_get(json_object_get(j, "objects"), 1);
        cr_assert_str_eq(json_string_value(json_object_get(o, "pattern")), cases[c].pattern);
        json_decref(j);
    }
}

Test(feeds_stix, delta_revokes_inactive_and_full_omits_them)
{
    mm_indicator v[9];
    size_t n = fx_fill(v);
    json_t *j = bundle(v, n, true);
    json_t *objs = json_object_get(j, "objects");
    /* identity + 8 url/domain/ip rows (the phone is never in a feed) */
    cr_assert_eq(json_array_size(objs), 9);
    size_t revoked = 0, i;
    json_t *o;
    json_array_foreach(objs, i, o) revoked += json_is_true(json_object_get(o, "revoked"));
    cr_assert_eq(revoked, 3, "reported, expired and false_positive are revoked");
    json_decref(j);
    /* the same indicator keeps its id whatever else changes */
    char a[64], b[64];
    mm_feed_stix_id(MM_KIND_DOMAIN, "evil.example", a);
    mm_feed_stix_id(MM_KIND_DOMAIN, "evil.example", b);
    cr_assert_str_eq(a, b);
    mm_feed_stix_id(MM_KIND_URL, "evil.example", b);
    cr_assert_str_neq(a, b);
}
