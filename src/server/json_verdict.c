/*
 * json_verdict.c — the API's name for the verdict's JSON form. The form
 * itself is written once, in src/ingest/verdict_json.c (mm_verdict_to_json),
 * because the payment JSON of src/ingest prints the same object and ingest
 * may not depend on the server; src/server/verdict_text.c writes the same
 * bytes without jansson for the hot single-message routes.
 */
#include "mamoru/ingest.h"
#include "mamoru/server.h"

json_t *mm_server_verdict_json(const mm_verdict *v)
{
    return mm_verdict_to_json(v, NULL);
}
