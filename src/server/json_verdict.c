/*
 * json_verdict.c — the one JSON form of a verdict, shared by the API
 * (POST /v1/screen/…) and the CLI (`mamoru screen …` prints the same
 * object), so a client can switch between them without a second parser.
 *
 * {"action","score","category","reasons":[{code,category?,detail?,weight,
 *  span?,indicator?,brand?}],"warning":{ja,en}?}
 */
#include "mamoru/server.h"

json_t *mm_server_verdict_json(const mm_verdict *v)
{
    json_t *j = json_object();
    if (j == NULL)
        return NULL;
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
        json_array_append_new(rs, o);
    }
    json_object_set_new(j, "reasons", rs);
    if (v->warning_ja || v->warning_en)
        json_object_set_new(j, "warning",
                            json_pack("{s:s?,s:s?}", "ja", v->warning_ja, "en", v->warning_en));
    return j;
}
