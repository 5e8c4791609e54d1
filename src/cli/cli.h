/*
 * cli.h — shared plumbing of the `mamoru` command: option parsing, the
 * config file, opening the store, and JSON output helpers.
 *
 * Exit codes (documented in README): 0 ok, 1 runtime failure (I/O, store),
 * 2 bad input or usage, 3 not found (lookup), 4 tampering detected (audit).
 */
#ifndef MAMORU_CLI_H
#define MAMORU_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "mamoru/core.h"
#include "mamoru/ingest.h"
#include "mamoru/intel.h"
#include "mamoru/norm.h"
#include "mamoru/screen.h"
#include "mamoru/server.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_NOTFOUND = 3, EXIT_TAMPERED = 4 };

/* Options every subcommand understands. */
typedef struct cli_opts {
    const char *db;          /* --db PATH (default var/mamoru.db) */
    const char *config;      /* --config FILE (default $MAMORU_CONFIG) */
    bool json;               /* --json */
    const char *positional[8];
    int npositional;
} cli_opts;

/* Settings from the config file (key = value lines). */
typedef struct cli_config {
    char db[1024];
    char listen[256];
    uint8_t hmac_key[64];
    size_t hmac_key_len;
    char zengin_dir[1024];
    char web_dir[1024];
    char data_dir[1024];
    bool data_dir_set; /* data_dir came from the config file, not the default */
    long max_body;
    int timeout_s;
    int threads;
} cli_config;

/* A command: name, one-line summary, usage text, entry point. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;
    int (*run)(int argc, char **argv);
} cli_command;

/* Parse argv (after the subcommand name). spec lists extra value-taking
 * options "--kind,--value,..." that are returned through get_opt. Unknown
 * options → usage error. Returns 0 or EXIT_USAGE (message printed). */
typedef struct cli_args {
    cli_opts common;
    const char *names[24];
    const char *values[24];
    int n;
    bool help;
} cli_args;
int cli_parse(int argc, char **argv, const char *const *value_opts, const char *const *flag_opts,
              cli_args *out, const cli_command *cmd);
const char *cli_get(const cli_args *a, const char *name); /* value or NULL */
bool cli_flag(const cli_args *a, const char *name);

/* Print "mamoru: <field>: <message>" to stderr; returns the exit code for st. */
int cli_fail(const mm_error *err, mm_status st);
int cli_exit_code(mm_status st);

/* Load config (path may be NULL) with defaults, fill db from opts. The HMAC
 * key comes from the config or from "<db>.key" (created, mode 0600, when
 * missing). Returns 0 or an exit code (message printed). */
int cli_load_config(const cli_opts *o, cli_config *cfg);
/* data_dir missing: an error (EXIT_USAGE, naming it) when it was given
 * explicitly, otherwise a warning that screening runs without its data. */
int cli_check_data_dir(const char *dir, bool explicit);

/* Zengin bank code list from dir, or NULL when its files are absent. */
mm_zengin *cli_load_zengin(const char *dir);

/* Open the store described by cfg (loads the Zengin list when present). */
int cli_open_store(cli_config *cfg, mm_store **out, mm_zengin **codes);

/* Read a whole file (or stdin for "-"). Caller frees. NULL + message on error. */
char *cli_read_file(const char *path, size_t *len);

/* Print json compactly followed by newline. */
void cli_print_json(FILE *f, json_t *j);

/* The organisation the CLI acts as: --org NAME, or the built-in
 * "local-operator" analyst organisation (created on first use). */
int cli_resolve_org(mm_store *s, const char *name, mm_arena *a, int64_t *org_id);
/* Integer option in [lo, hi]: -2 when absent, -1 (message printed) when bad. */
long long cli_int_opt(const cli_args *a, const char *name, long long lo, long long hi);

/* What `mamoru screen …` needs: config, detectors' data, and (with --db)
 * the store and a snapshot of it. */
typedef struct cli_screen_env {
    cli_config cfg;
    mm_screen_ctx ctx;
    mm_store *store;
    mm_zengin *codes;
    mm_snapshot *snap;
} cli_screen_env;
int cli_screen_open(const cli_args *a, cli_screen_env *env);
/* The same with only some detectors' data: an OR of MM_LOAD_* (ingest.h). */
int cli_screen_open_parts(const cli_args *a, unsigned parts, cli_screen_env *env);

/* `--jsonl` loop shared by the screen commands: one JSON value per stdin
 * line (blank lines skipped); fn turns it into the output object, or
 * returns NULL with e filled, and an error line {"line","error"} is printed
 * instead. Invalid JSON is an error on parse_field. Prints a count of bad
 * lines to stderr; returns EXIT_OK. */
typedef json_t *(*cli_jsonl_fn)(void *ctx, json_t *in, mm_arena *a, mm_error *e);
int cli_jsonl_each(const char *what, size_t json_flags, const char *parse_field, cli_jsonl_fn fn,
                   void *ctx);
/* The same loop for detectors with a batch form: up to max lines are parsed
 * and handed to fn at once (in[i] NULL for a line that is not JSON — its
 * error is already in e[i]; leave out[i] empty), with one arena for the
 * batch (reset before each); fn fills out[i] — a JSON value (new
 * reference) or the line's text already written (compact JSON without the
 * newline, kept valid until fn is called again) — or leaves it empty with
 * e[i] filled. Lines print in input order, errors in their place, exactly
 * as cli_jsonl_each prints them (which is this with max 1). */
typedef mm_jsonl_out cli_jsonl_out; /* mamoru/ingest.h */
typedef void (*cli_jsonl_batch_fn)(void *ctx, json_t *const *in, size_t n, mm_arena *a,
                                   cli_jsonl_out *out, mm_error *e);
int cli_jsonl_batch(const char *what, size_t json_flags, const char *parse_field, size_t max,
                    cli_jsonl_batch_fn fn, void *ctx);
void cli_screen_close(cli_screen_env *env);
/* A verdict as the API returns it; and printed as one JSON line. */
json_t *cli_verdict_json(const mm_verdict *v);
void cli_print_verdict(FILE *f, const mm_verdict *v);

/* Subcommands */
int cmd_norm(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_trace(int argc, char **argv);
/* `mamoru import payments|zengin|dic` (cmd_import_payments.c); cmd_import
 * hands over when its first argument is one of these formats. */
bool cmd_import_payments_handles(const char *format);
int cmd_import_payments(int argc, char **argv);
/* issue 5: payment screening (cmd_screen_payment.c), requests between
 * organisations (cmd_request.c) */
int cmd_screen_payment(int argc, char **argv);
int cmd_request(int argc, char **argv);
/* issue 3: feeds (cmd_export_feeds.c), pDNS and JPCERT-style report imports
 * (cmd_import_pdns.c), takedowns (cmd_takedown.c), same-IP discovery
 * (cmd_discover.c) */
int cmd_export_feed(int argc, char **argv);
int cmd_import_pdns(int argc, char **argv);
int cmd_import_phish_reports(int argc, char **argv);
int cmd_takedown(int argc, char **argv);
int cmd_discover(int argc, char **argv);

/* issue 4 §2: e-mail screening (cmd_screen_email.c) */
int cmd_screen_email(int argc, char **argv);

/* issue 3 §1: URL screening (cmd_screen_url.c) and training its model (cmd_train_url.c) */
int cmd_screen_url(int argc, char **argv);
int cmd_train_url(int argc, char **argv);

/* issue 4: message, call and post screening (cmd_screen_msg.c) and training (cmd_train.c) */
int cmd_screen_sms(int argc, char **argv);
int cmd_screen_message(int argc, char **argv);
int cmd_screen_call(int argc, char **argv);
int cmd_screen_post(int argc, char **argv);
int cmd_train(int argc, char **argv);

extern const cli_command cli_commands[];
const cli_command *cli_find(const char *name);

#endif
