/*
 * verdict_json.c — the one JSON form of a verdict: what the API answers
 * (POST /v1/screen/…, /v1/payments), what `mamoru screen …` prints and what
 * payment JSONL streams get back, so a client needs one parser for all.
 *
 * {"id"?,"action","score","category","reasons":[{code,category?,detail?,
 *  weight,span?,indicator?,brand?,text_ja?,audience?}],"warning":{ja,en}?}
 *
 * Why here: the server (mm_server_verdict_json) and the payment JSON of
 * this module (mm_payment_verdict_json) both need it, and ingest may not
 * depend on server; both are thin wrappers now. A member is written when
 * the reason has it, so one form serves every detector (only payment rules
 * set text_ja/audience; only URL and message detectors set span/brand).
 * src/server/verdict_text.c writes the same bytes without jansson and
 * tests/unit/server/test_verdict_text.c holds the two together: change both.
 */
#include "mamoru/ingest.h"

json_t *mm_verdict_to_json(const mm_verdict *v, const char *id)
{
    json_t *j = json_object();
    if (j == NULL)
        return NULL;
    if (id)
        json_object_set_new(j, "id", json_string(id));
    json_object_set_new(j, "action", json_string(mm_verdict_action_name(v->action)));
    json_object_set_new(j, "score", json_integer(v->score));
    json_object_set_new(j, "category", json_string(v->category ? v->category : "none"));
    json_t *rs = json_array();
    for (size_t i = 0; i < v->nreasons; i++) {
        const mm_reason *r = &v->reasons[i];
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(r->code));
        if (r->category)
            json_object_set_new(o, "category", json_string(r->category));
        if (r->detail)
            json_object_set_new(o, "detail", json_string(r->detail));
        json_object_set_new(o, "weight", json_integer(r->weight));
        if (r->span_end > r->span_start)
            json_object_set_new(o, "span", json_pack("[I,I]", (json_int_t)r->span_start,
                                                     (json_int_t)r->span_end));
        if (r->indicator_id)
            json_object_set_new(o, "indicator", json_integer(r->indicator_id));
        if (r->brand)
            json_object_set_new(o, "brand", json_string(r->brand));
        if (r->text_ja)
            json_object_set_new(o, "text_ja", json_string(r->text_ja));
        if (r->audience)
            json_object_set_new(o, "audience", json_string(r->audience));
        json_array_append_new(rs, o);
    }
    json_object_set_new(j, "reasons", rs);
    if (v->warning_ja || v->warning_en)
        json_object_set_new(j, "warning",
                            json_pack("{s:s?,s:s?}", "ja", v->warning_ja, "en", v->warning_en));
    return j;
}
