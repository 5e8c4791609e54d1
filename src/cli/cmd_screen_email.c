/*
 * cmd_screen_email.c — `mamoru screen email < FILE.eml`: one e-mail (RFC
 * 5322 + MIME) parsed and screened, its verdict printed as one JSON line;
 * `--jsonl` reads one request object a line ({"raw": …} or
 * {"raw_base64": …}, as POST /v1/screen/email takes) and prints one line
 * each, in order, a bad line giving {"line": N, "error": {…}} without
 * stopping the batch; `--parsed` prints what the parser decoded instead of
 * screening (sender, subject, text, links, flags), for analysts checking
 * what the screener saw.
 *
 * Thin on purpose: parsing is mm_email_parse, screening mm_email_screen;
 * this file only reads stdin or a file and prints JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/email.h"

static const cli_command screen_email_cmd = {
    "screen email", "screen an e-mail message",
    "mamoru screen email [FILE.eml|-] [--db PATH] [--age N] [--intl-optout] [--parsed]\n"
    "mamoru screen email --jsonl [--db PATH]   (stdin: one {\"raw\": \"...\"} or\n"
    "                                         {\"raw_base64\": \"...\"} per line)\n"
    "  reads the message from FILE or stdin and prints the verdict as one JSON line\n"
    "  (action, score, category, reasons, warning); --parsed prints the decoded\n"
    "  message instead (from, display_name, subject, text, links, auth_results, flags)",
    NULL};

static const char *const FLAG_NAMES[] = {"truncated",   "bad_boundary",   "bad_header",
                                         "bad_from",    "duplicate_from", "duplicate_subject",
                                         "bad_charset", "decode_errors",  "html_only",
                                         "hidden_html", "plain_decoy"};

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

/* The decoded message as JSON (for --parsed). */
static json_t *parsed_json(const mm_email_msg *m)
{
    json_t *o = json_object();
    set_str(o, "from", m->from);
    set_str(o, "from_addr", m->from_addr);
    set_str(o, "display_name", m->display_name);
    set_str(o, "reply_to", m->reply_to);
    set_str(o, "return_path", m->return_path);
    set_str(o, "subject", m->subject);
    set_str(o, "message_id", m->message_id);
    json_object_set_new(o, "text", json_stringn(m->text, m->text_len));
    json_t *ls = json_array();
    for (size_t i = 0; i < m->nlinks; i++) {
        json_t *l = json_object();
        set_str(l, "href", m->links[i].href);
        set_str(l, "text", m->links[i].text);
        json_array_append_new(ls, l);
    }
    json_object_set_new(o, "links", ls);
    set_str(o, "auth_results", m->auth_results);
    json_object_set_new(o, "received", json_integer(m->received));
    json_object_set_new(o, "parts", json_integer(m->nparts));
    json_t *as = json_array();
    for (size_t i = 0; i < m->nattachments; i++) {
        json_t *x = json_object();
        set_str(x, "content_type", m->attachments[i].content_type);
        set_str(x, "filename", m->attachments[i].filename);
        json_object_set_new(x, "size", json_integer((json_int_t)m->attachments[i].size));
        json_array_append_new(as, x);
    }
    json_object_set_new(o, "attachments", as);
    json_t *fs = json_array();
    for (size_t b = 0; b < sizeof FLAG_NAMES / sizeof FLAG_NAMES[0]; b++)
        if (m->flags & (1u << b))
            json_array_append_new(fs, json_string(FLAG_NAMES[b]));
    json_object_set_new(o, "flags", fs);
    return o;
}

typedef struct jsonl_ctx {
    const mm_screen_ctx *ctx;
    bool parsed;
} jsonl_ctx;

static json_t *screen_line(void *p, json_t *in, mm_arena *a, mm_error *e)
{
    const jsonl_ctx *c = p;
    mm_email_msg m;
    mm_recipient r;
    mm_verdict v;
    if (mm_email_request_parse(in, a, &m, &r, e) != MM_OK)
        return NULL;
    if (c->parsed)
        return parsed_json(&m);
    return mm_email_screen(c->ctx, &m, &r, a, &v, e) == MM_OK ? cli_verdict_json(&v) : NULL;
}

int cmd_screen_email(int argc, char **argv)
{
    static const char *const values[] = {"--age", NULL};
    static const char *const flags[] = {"--jsonl", "--parsed", "--intl-optout", NULL};
    cli_args a;
    int rc = cli_parse(argc, argv, values, flags, &a, &screen_email_cmd);
    if (rc || a.help)
        return rc;
    bool jsonl = cli_flag(&a, "--jsonl"), parsed = cli_flag(&a, "--parsed");
    if (a.common.npositional > (jsonl ? 0 : 1)) {
        fprintf(stderr, "mamoru screen email: expected %s\nusage: %s\n",
                jsonl ? "no FILE with --jsonl (requests come from stdin)" : "at most one FILE",
                screen_email_cmd.usage);
        return EXIT_USAGE;
    }
    mm_recipient r = {0};
    long long age = cli_int_opt(&a, "--age", 0, 150);
    if (age == -1)
        return EXIT_USAGE;
    if (age >= 0)
        r.age = (int)age;
    r.intl_optout = cli_flag(&a, "--intl-optout");

    /* the detectors' data (phrase database, models) take a while to load:
     * only when screening, and only once the message parsed */
    cli_screen_env env;
    memset(&env, 0, sizeof env);
    if (jsonl) {
        if (!parsed && (rc = cli_screen_open(&a, &env)))
            return rc;
        jsonl_ctx c = {&env.ctx, parsed};
        rc = cli_jsonl_each("screen email", JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, "line",
                            screen_line, &c);
        if (!parsed)
            cli_screen_close(&env);
        return rc;
    }
    const char *path = a.common.npositional ? a.common.positional[0] : "-";
    size_t len = 0;
    char *raw = cli_read_file(path, &len);
    if (raw == NULL)
        return EXIT_FAIL;
    mm_arena *ar = mm_arena_new(0);
    mm_email_msg m;
    mm_verdict v;
    mm_error e;
    mm_error_clear(&e);
    mm_status st = ar ? mm_email_parse(raw, len, ar, &m, &e)
                      : mm_error_set(&e, MM_ENOMEM, "", "out of memory");
    if (st == MM_OK && parsed) {
        json_t *j = parsed_json(&m);
        cli_print_json(stdout, j);
        json_decref(j);
    } else if (st == MM_OK) {
        if ((rc = cli_screen_open(&a, &env)) == 0) {
            if ((st = mm_email_screen(&env.ctx, &m, &r, ar, &v, &e)) == MM_OK)
                cli_print_verdict(stdout, &v);
            cli_screen_close(&env);
        }
    }
    if (st != MM_OK)
        rc = cli_fail(&e, st);
    mm_arena_free(ar);
    free(raw);
    return rc;
}
