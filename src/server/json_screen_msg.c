/*
 * json_screen_msg.c — the request bodies of message, call and post
 * screening, turned into the structs of screen_message.h. Shared by the API
 * (POST /v1/screen/message|call|post and their /batch forms) and the CLI's
 * `--jsonl` mode, so both accept exactly the same objects and refuse the
 * same mistakes: a wrong type or an unknown field is MM_EINVAL naming the
 * field ("recipient.age", "links[2].href", ...), never silently ignored.
 *
 *   message: {"channel"?, "sender"?, "display_name"?, "subject"?, "text",
 *             "links"?: [{"href", "text"?}], "auth_results"?,
 *             "recipient"?: {"age"?, "intl_optout"?}}
 *   call:    {"caller", "claimed_name"?, "via_gateway"?,
 *             "callee"?: {"age"?, "intl_optout"?}}
 *   post:    {"text"}
 */
#include <string.h>

#include "mamoru/screen_message.h"
#include "mamoru/server.h"

static bool known(const char *key, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(key, *names) == 0)
            return true;
    return false;
}

static mm_status only(const json_t *obj, const char *const *names, const char *prefix,
                      mm_error *err)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val)
    {
        (void)val;
        if (!known(key, names))
            return mm_error_set(err, MM_EINVAL, key, "unknown field '%s%.60s'", prefix, key);
    }
    return MM_OK;
}

/* Optional string member: NULL when absent or null. */
static mm_status opt_string(const json_t *obj, const char *name, const char **out, size_t *len,
                            mm_error *err)
{
    json_t *v = json_object_get(obj, name);
    *out = NULL;
    if (len)
        *len = 0;
    if (v == NULL || json_is_null(v))
        return MM_OK;
    if (!json_is_string(v))
        return mm_error_set(err, MM_EINVAL, name, "\"%s\" must be a string", name);
    *out = json_string_value(v);
    if (len)
        *len = json_string_length(v);
    else if (strlen(*out) != json_string_length(v))
        return mm_error_set(err, MM_EINVAL, name, "\"%s\" contains a NUL character", name);
    return MM_OK;
}

static mm_status recipient(const json_t *obj, const char *field, mm_recipient *r, mm_error *err)
{
    memset(r, 0, sizeof *r);
    json_t *v = json_object_get(obj, field);
    if (v == NULL || json_is_null(v))
        return MM_OK;
    char name[48];
    if (!json_is_object(v))
        return mm_error_set(err, MM_EINVAL, field, "\"%s\" must be an object", field);
    static const char *const keys[] = {"age", "intl_optout", NULL};
    char prefix[40];
    snprintf(prefix, sizeof prefix, "%s.", field);
    mm_status st = only(v, keys, prefix, err);
    if (st != MM_OK) {
        snprintf(name, sizeof name, "%.20s.%.26s", field, err->field);
        memcpy(err->field, name, sizeof err->field);
        return st;
    }
    json_t *age = json_object_get(v, "age");
    if (age && !json_is_null(age)) {
        snprintf(name, sizeof name, "%s.age", field);
        if (!json_is_integer(age) || json_integer_value(age) < 0 || json_integer_value(age) > 150)
            return mm_error_set(err, MM_EINVAL, name, "\"%s\" must be an integer 0..150", name);
        r->age = (int)json_integer_value(age);
    }
    json_t *o = json_object_get(v, "intl_optout");
    if (o && !json_is_null(o)) {
        snprintf(name, sizeof name, "%s.intl_optout", field);
        if (!json_is_boolean(o))
            return mm_error_set(err, MM_EINVAL, name, "\"%s\" must be true or false", name);
        r->intl_optout = json_is_true(o);
    }
    return MM_OK;
}

mm_status mm_server_message_from_json(const json_t *obj, mm_arena *a, mm_message *m, mm_error *err)
{
    memset(m, 0, sizeof *m);
    if (!json_is_object(obj))
        return mm_error_set(err, MM_EINVAL, "body", "expected a JSON object");
    static const char *const keys[] = {"channel", "sender",       "display_name", "subject", "text",
                                       "links",   "auth_results", "recipient",    NULL};
    mm_status st = only(obj, keys, "", err);
    if (st == MM_OK)
        st = opt_string(obj, "channel", &m->channel, NULL, err);
    if (st == MM_OK)
        st = opt_string(obj, "sender", &m->sender, NULL, err);
    if (st == MM_OK)
        st = opt_string(obj, "display_name", &m->display_name, NULL, err);
    if (st == MM_OK)
        st = opt_string(obj, "subject", &m->subject, NULL, err);
    if (st == MM_OK)
        st = opt_string(obj, "auth_results", &m->auth_results, NULL, err);
    if (st == MM_OK)
        st = opt_string(obj, "text", &m->text, &m->text_len, err);
    if (st == MM_OK && m->text == NULL)
        st = mm_error_set(err, MM_EINVAL, "text", "\"text\" (a string) is required");
    if (st == MM_OK)
        st = recipient(obj, "recipient", &m->recipient, err);
    if (st != MM_OK)
        return st;
    if (m->channel == NULL)
        m->channel = "sms";
    json_t *links = json_object_get(obj, "links");
    if (links == NULL || json_is_null(links))
        return MM_OK;
    if (!json_is_array(links))
        return mm_error_set(err, MM_EINVAL, "links", "\"links\" must be an array of objects");
    size_t n = json_array_size(links);
    mm_link *l = mm_arena_calloc(a, n ? n : 1, sizeof *l);
    if (l == NULL)
        return mm_error_set(err, MM_ENOMEM, "links", "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(links, i);
        char f[48];
        snprintf(f, sizeof f, "links[%zu]", i);
        if (!json_is_object(o))
            return mm_error_set(err, MM_EINVAL, f, "%s must be an object {href, text}", f);
        static const char *const lk[] = {"href", "text", NULL};
        char prefix[64];
        snprintf(prefix, sizeof prefix, "%.40s.", f);
        if ((st = only(o, lk, prefix, err)) != MM_OK)
            return st;
        if ((st = opt_string(o, "href", &l[i].href, NULL, err)) != MM_OK ||
            (st = opt_string(o, "text", &l[i].text, NULL, err)) != MM_OK) {
            char name[48];
            snprintf(name, sizeof name, "%.20s.%.20s", f, err->field);
            memcpy(err->field, name, sizeof err->field);
            return st;
        }
        if (l[i].href == NULL)
            return mm_error_set(err, MM_EINVAL, f, "%s.href (a string) is required", f);
    }
    m->links = l;
    m->nlinks = n;
    return MM_OK;
}

mm_status mm_server_call_from_json(const json_t *obj, mm_call *c, mm_error *err)
{
    memset(c, 0, sizeof *c);
    if (!json_is_object(obj))
        return mm_error_set(err, MM_EINVAL, "body", "expected a JSON object");
    static const char *const keys[] = {"caller", "claimed_name", "via_gateway", "callee", NULL};
    mm_status st = only(obj, keys, "", err);
    if (st == MM_OK)
        st = opt_string(obj, "caller", &c->caller, NULL, err);
    if (st == MM_OK && c->caller == NULL)
        st = mm_error_set(err, MM_EINVAL, "caller", "\"caller\" (a string) is required");
    if (st == MM_OK)
        st = opt_string(obj, "claimed_name", &c->claimed_name, NULL, err);
    if (st == MM_OK)
        st = recipient(obj, "callee", &c->callee, err);
    json_t *g = json_object_get(obj, "via_gateway");
    if (st == MM_OK && g && !json_is_null(g)) {
        if (!json_is_boolean(g))
            st = mm_error_set(err, MM_EINVAL, "via_gateway",
                              "\"via_gateway\" must be true or false");
        else
            c->via_gateway = json_is_true(g);
    }
    return st;
}

mm_status mm_server_post_from_json(const json_t *obj, const char **text, size_t *len, mm_error *err)
{
    *text = NULL;
    *len = 0;
    if (!json_is_object(obj))
        return mm_error_set(err, MM_EINVAL, "body", "expected a JSON object");
    static const char *const keys[] = {"text", NULL};
    mm_status st = only(obj, keys, "", err);
    if (st == MM_OK)
        st = opt_string(obj, "text", text, len, err);
    if (st == MM_OK && *text == NULL)
        st = mm_error_set(err, MM_EINVAL, "text", "\"text\" (a string) is required");
    return st;
}
