/*
 * test_json_indicator.c — the API's JSON mapping (src/server/json_indicator.c):
 * report objects are checked field by field with the field named in the
 * error, and personal kinds never expose their canonical value.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "server/internal.h"

typedef struct {
    const char *json;
    const char *field; /* NULL = must parse */
} report_case;

Test(server_json, report_from_json_table)
{
    static const report_case cases[] = {
        {"{\"kind\":\"phone\",\"value\":\"090-1234-5678\",\"category\":\"refund\"}", NULL},
        {"{\"kind\":\"url\",\"value\":\"http://x.example/\",\"category\":\"phishing\","
         "\"status\":\"confirmed\",\"confidence\":90,\"distribution\":\"public\","
         "\"evidence\":\"sms\",\"expires\":\"2030-01-01T00:00:00Z\"}",
         NULL},
        {"{\"kind\":\"url\",\"value\":\"x\",\"category\":\"phishing\",\"expires\":1893456000}", NULL},
        {"{\"kind\":\"url\",\"value\":\"x\",\"category\":\"phishing\",\"status\":null,"
         "\"confidence\":null,\"expires\":null}",
         NULL},
        {"{\"value\":\"x\",\"category\":\"phishing\"}", "kind"},
        {"{\"kind\":\"fax\",\"value\":\"x\",\"category\":\"phishing\"}", "kind"},
        {"{\"kind\":7,\"value\":\"x\",\"category\":\"phishing\"}", "kind"},
        {"{\"kind\":\"phone\",\"category\":\"phishing\"}", "value"},
        {"{\"kind\":\"phone\",\"value\":\"\",\"category\":\"phishing\"}", "value"},
        {"{\"kind\":\"phone\",\"value\":[],\"category\":\"phishing\"}", "value"},
        {"{\"kind\":\"phone\",\"value\":\"x\"}", "category"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"Phishing\"}", "category"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"status\":\"new\"}", "status"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"status\":true}", "status"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"distribution\":\"all\"}",
         "distribution"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"confidence\":\"9\"}",
         "confidence"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"confidence\":101}", "confidence"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"confidence\":50.0}",
         "confidence"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"evidence\":{}}", "evidence"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"expires\":\"soon\"}", "expires"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"expires\":0}", "expires"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"expires\":[1]}", "expires"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"expires\":\"1960-01-01T00:00:00Z\"}",
         "expires"},
        {"{\"kind\":\"phone\",\"value\":\"x\",\"category\":\"p\",\"colour\":1}", "colour"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_error_t je;
        json_t *o = json_loads(cases[i].json, 0, &je);
        cr_assert_not_null(o, "case %zu does not parse: %s", i, je.text);
        mm_report r;
        mm_error e;
        mm_error_clear(&e);
        mm_status rc = mm_server_report_from_json(o, &r, &e);
        if (cases[i].field == NULL) {
            cr_expect_eq(rc, MM_OK, "case %zu: %s (%s)", i, e.message, e.field);
        } else {
            cr_expect_eq(rc, MM_EINVAL, "case %zu should fail", i);
            cr_expect_str_eq(e.field, cases[i].field, "case %zu: field '%s', want '%s'", i,
                             e.field, cases[i].field);
            cr_expect_neq(e.message[0], '\0', "case %zu: empty message", i);
        }
        json_decref(o);
    }
}

Test(server_json, report_from_json_values)
{
    json_t *o = json_loads("{\"kind\":\"url\",\"value\":\"http://x/\",\"category\":\"phishing\","
                           "\"confidence\":90,\"expires\":\"2030-01-01T09:00:00+09:00\"}",
                           0, NULL);
    mm_report r;
    cr_assert_eq(mm_server_report_from_json(o, &r, NULL), MM_OK);
    cr_expect_eq(r.kind, MM_KIND_URL);
    cr_expect_str_eq(r.value, "http://x/");
    cr_expect_str_eq(r.category, "phishing");
    cr_expect_eq(r.confidence, 90);
    cr_expect_eq(r.expires, 1893456000);
    cr_expect_null(r.status);
    cr_expect_null(r.distribution);
    json_decref(o);

    o = json_loads("{\"kind\":\"phone\",\"value\":\"1\",\"category\":\"p\"}", 0, NULL);
    cr_assert_eq(mm_server_report_from_json(o, &r, NULL), MM_OK);
    cr_expect_eq(r.confidence, -1, "absent confidence means 'store default'");
    cr_expect_eq(r.expires, 0);
    json_decref(o);

    json_t *arr = json_array();
    mm_error e;
    cr_expect_eq(mm_server_report_from_json(arr, &r, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "body");
    json_decref(arr);
}

static mm_indicator sample(mm_kind kind, bool hashed)
{
    mm_indicator ind = {0};
    ind.id = 7;
    ind.kind = kind;
    ind.canonical = hashed ? "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                           : "+819012345678";
    ind.display = hashed ? "4111 **** **** 1111" : "+819012345678";
    ind.hash = "1a6b11636c100461195e06ad283191b6c17d78c731e597d59ea4e03f74d6051d";
    ind.hashed = hashed;
    ind.category = "refund";
    ind.status = MM_IND_CONFIRMED;
    ind.confidence = 80;
    ind.distribution = MM_DIST_SECTOR;
    ind.first_seen = 1743498000;
    ind.last_seen = 1743498060;
    ind.expires = 0;
    ind.sightings = 3;
    ind.reporters = 2;
    ind.created = 1743498000;
    ind.updated = 1743498060;
    return ind;
}

Test(server_json, indicator_json_fields)
{
    mm_indicator ind = sample(MM_KIND_PHONE, false);
    json_t *o = mm_server_indicator_json(&ind);
    cr_assert_not_null(o);
    cr_expect_eq(json_integer_value(json_object_get(o, "id")), 7);
    cr_expect_str_eq(json_string_value(json_object_get(o, "kind")), "phone");
    cr_expect_str_eq(json_string_value(json_object_get(o, "canonical")), "+819012345678");
    cr_expect(json_is_false(json_object_get(o, "hashed")));
    cr_expect_str_eq(json_string_value(json_object_get(o, "status")), "confirmed");
    cr_expect_str_eq(json_string_value(json_object_get(o, "distribution")), "sector");
    cr_expect_str_eq(json_string_value(json_object_get(o, "first_seen")), "2025-04-01T09:00:00Z");
    cr_expect_str_eq(json_string_value(json_object_get(o, "last_seen")), "2025-04-01T09:01:00Z");
    cr_expect(json_is_null(json_object_get(o, "expires")));
    cr_expect_eq(json_integer_value(json_object_get(o, "sightings")), 3);
    cr_expect_eq(json_integer_value(json_object_get(o, "reporters")), 2);
    cr_expect_null(json_object_get(o, "org_id"), "the reporting organisation is not exposed");
    cr_expect_eq(json_object_size(o), 17);
    json_decref(o);
}

Test(server_json, personal_kinds_hide_canonical)
{
    static const mm_kind personal[] = {MM_KIND_CARD, MM_KIND_IDENTITY, MM_KIND_POSTAL_ADDRESS};
    for (size_t i = 0; i < 3; i++) {
        mm_indicator ind = sample(personal[i], true);
        json_t *o = mm_server_indicator_json(&ind);
        cr_expect(json_is_null(json_object_get(o, "canonical")), "kind %d", personal[i]);
        cr_expect(json_is_true(json_object_get(o, "hashed")));
        cr_expect_str_eq(json_string_value(json_object_get(o, "display")), "4111 **** **** 1111");
        json_decref(o);
    }
    /* even if the store forgot to set hashed, a personal kind stays hidden */
    mm_indicator ind = sample(MM_KIND_CARD, false);
    json_t *o = mm_server_indicator_json(&ind);
    cr_expect(json_is_null(json_object_get(o, "canonical")));
    json_decref(o);
}
