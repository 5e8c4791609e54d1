/*
 * common.c — option parsing, config file, store opening and JSON output
 * shared by every `mamoru` subcommand.
 *
 * The config file is deliberately simple (`key = value`, `#` comments) so
 * operators can write it by hand; unknown keys are errors, not ignored, so
 * a typo never silently leaves a default in force.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

static bool in_list(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

int cli_parse(int argc, char **argv, const char *const *value_opts, const char *const *flag_opts,
              cli_args *out, const cli_command *cmd)
{
    memset(out, 0, sizeof *out);
    out->common.config = getenv("MAMORU_CONFIG");
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            printf("usage: %s\n", cmd->usage);
            out->help = true;
            return 0;
        }
        if (strcmp(arg, "--json") == 0) {
            out->common.json = true;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0 || strcmp(arg, "--") == 0 || arg[2] == '\0') {
            if (out->common.npositional >= 8) {
                fprintf(stderr, "mamoru %s: too many arguments\nusage: %s\n", cmd->name,
                        cmd->usage);
                return EXIT_USAGE;
            }
            out->common.positional[out->common.npositional++] = arg;
            continue;
        }
        char name[64];
        const char *eq = strchr(arg, '=');
        size_t nl = eq ? (size_t)(eq - arg) : strlen(arg);
        if (nl >= sizeof name)
            nl = sizeof name - 1;
        memcpy(name, arg, nl);
        name[nl] = '\0';
        bool is_common = strcmp(name, "--db") == 0 || strcmp(name, "--config") == 0;
        if (is_common || in_list(value_opts, name)) {
            const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (val == NULL) {
                fprintf(stderr, "mamoru %s: option %s needs a value\nusage: %s\n", cmd->name,
                        name, cmd->usage);
                return EXIT_USAGE;
            }
            if (strcmp(name, "--db") == 0)
                out->common.db = val;
            else if (strcmp(name, "--config") == 0)
                out->common.config = val;
            else if (out->n < 24) {
                out->names[out->n] = NULL;
                for (const char *const *v = value_opts; *v; v++)
                    if (strcmp(*v, name) == 0)
                        out->names[out->n] = *v;
                out->values[out->n++] = val;
            }
            continue;
        }
        if (in_list(flag_opts, name)) {
            if (out->n < 24) {
                for (const char *const *v = flag_opts; *v; v++)
                    if (strcmp(*v, name) == 0)
                        out->names[out->n] = *v;
                out->values[out->n++] = "1";
            }
            continue;
        }
        fprintf(stderr, "mamoru %s: unknown option '%s'\nusage: %s\n", cmd->name, arg,
                cmd->usage);
        return EXIT_USAGE;
    }
    return 0;
}

const char *cli_get(const cli_args *a, const char *name)
{
    const char *v = NULL;
    for (int i = 0; i < a->n; i++)
        if (a->names[i] && strcmp(a->names[i], name) == 0)
            v = a->values[i];
    return v;
}

bool cli_flag(const cli_args *a, const char *name)
{
    return cli_get(a, name) != NULL;
}

int cli_exit_code(mm_status st)
{
    switch (st) {
    case MM_OK: return EXIT_OK;
    case MM_EINVAL:
    case MM_ELIMIT:
    case MM_EEXIST:
    case MM_ECONFLICT:
    case MM_EDENIED: return EXIT_USAGE;
    case MM_ENOTFOUND: return EXIT_NOTFOUND;
    default: return EXIT_FAIL;
    }
}

int cli_fail(const mm_error *err, mm_status st)
{
    if (err->field[0])
        fprintf(stderr, "mamoru: %s: %s\n", err->field, err->message);
    else
        fprintf(stderr, "mamoru: %s\n", err->message[0] ? err->message : mm_status_name(st));
    return cli_exit_code(st);
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "mamoru: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    mm_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (mm_buf_append(&b, chunk, n) != MM_OK) {
            fprintf(stderr, "mamoru: %s: out of memory\n", path);
            mm_buf_free(&b);
            b.data = NULL;
            break;
        }
    }
    bool bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        fprintf(stderr, "mamoru: %s: read error\n", path);
        mm_buf_free(&b);
        return NULL;
    }
    if (b.data == NULL && !bad)
        mm_buf_append(&b, "", 0);
    *len = b.len;
    return b.data;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Hex string → key bytes; returns length or -1. */
static int parse_hex_key(const char *s, uint8_t *out, size_t cap)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r'))
        n--;
    if (n % 2 || n / 2 > cap || n / 2 < 16)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return (int)(n / 2);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

static int config_set(cli_config *cfg, const char *path, int line, const char *key, const char *val)
{
    char *end = NULL;
    if (strcmp(key, "db") == 0)
        snprintf(cfg->db, sizeof cfg->db, "%s", val);
    else if (strcmp(key, "listen") == 0)
        snprintf(cfg->listen, sizeof cfg->listen, "%s", val);
    else if (strcmp(key, "zengin_dir") == 0)
        snprintf(cfg->zengin_dir, sizeof cfg->zengin_dir, "%s", val);
    else if (strcmp(key, "web_dir") == 0)
        snprintf(cfg->web_dir, sizeof cfg->web_dir, "%s", val);
    else if (strcmp(key, "data_dir") == 0)
        snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s", val);
    else if (strcmp(key, "hmac_key") == 0) {
        int n = parse_hex_key(val, cfg->hmac_key, sizeof cfg->hmac_key);
        if (n < 0) {
            fprintf(stderr, "mamoru: %s:%d: hmac_key must be 32 to 128 hex digits\n", path, line);
            return EXIT_USAGE;
        }
        cfg->hmac_key_len = (size_t)n;
    } else if (strcmp(key, "max_body_bytes") == 0 || strcmp(key, "request_timeout_s") == 0 ||
               strcmp(key, "threads") == 0) {
        long v = strtol(val, &end, 10);
        if (end == val || *end != '\0' || v <= 0 || v > 1L << 32) {
            fprintf(stderr, "mamoru: %s:%d: %s must be a positive integer, got '%s'\n", path,
                    line, key, val);
            return EXIT_USAGE;
        }
        if (key[0] == 'm')
            cfg->max_body = v;
        else if (key[0] == 'r')
            cfg->timeout_s = (int)v;
        else
            cfg->threads = (int)v;
    } else {
        fprintf(stderr,
                "mamoru: %s:%d: unknown setting '%s' (known: db, listen, hmac_key, zengin_dir, "
                "web_dir, data_dir, max_body_bytes, request_timeout_s, threads)\n",
                path, line, key);
        return EXIT_USAGE;
    }
    return 0;
}

static int read_config_file(const char *path, cli_config *cfg)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "mamoru: config %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    char line[2048];
    int ln = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        ln++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            fprintf(stderr, "mamoru: %s:%d: expected 'key = value', got '%.60s'\n", path, ln, s);
            rc = EXIT_USAGE;
            break;
        }
        *eq = '\0';
        rc = config_set(cfg, path, ln, trim(s), trim(eq + 1));
    }
    fclose(f);
    return rc;
}

/* Key file next to the database: created with a random key when missing. */
static int load_key_file(cli_config *cfg)
{
    if (strcmp(cfg->db, ":memory:") == 0) {
        cfg->hmac_key_len = 32;
        return getrandom(cfg->hmac_key, 32, 0) == 32 ? 0 : EXIT_FAIL;
    }
    char path[1100];
    snprintf(path, sizeof path, "%s.key", cfg->db);
    FILE *f = fopen(path, "r");
    if (f) {
        char hex[300] = {0};
        size_t n = fread(hex, 1, sizeof hex - 1, f);
        fclose(f);
        hex[n] = '\0';
        int k = parse_hex_key(hex, cfg->hmac_key, sizeof cfg->hmac_key);
        if (k < 0) {
            fprintf(stderr, "mamoru: key file %s is not 32-128 hex digits\n", path);
            return EXIT_FAIL;
        }
        cfg->hmac_key_len = (size_t)k;
        return 0;
    }
    uint8_t key[32];
    if (getrandom(key, sizeof key, 0) != sizeof key)
        return EXIT_FAIL;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        fprintf(stderr, "mamoru: cannot create key file %s: %s\n", path, strerror(errno));
        return EXIT_FAIL;
    }
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", key[i]);
    hex[64] = '\n';
    bool ok = write(fd, hex, 65) == 65 && fsync(fd) == 0;
    close(fd);
    if (!ok)
        return EXIT_FAIL;
    memcpy(cfg->hmac_key, key, 32);
    cfg->hmac_key_len = 32;
    return 0;
}

static void mkdir_parent(const char *path)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755); /* one level is enough for var/ */
    }
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A default directory ("data", "web") is looked for in the working
 * directory first, then beside the binary as the build lays it out
 * (build/mamoru and build/asan/mamoru: the checkout is one or two levels
 * up), so `mamoru serve` started elsewhere keeps its dictionaries, models
 * and console instead of silently screening without them. */
static void resolve_default_dir(char *dir, size_t size)
{
    if (is_dir(dir))
        return;
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return;
    *slash = '\0';
    static const char *const up[] = {"/..", "/../..", ""};
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
        char cand[2200];
        snprintf(cand, sizeof cand, "%s%s/%s", exe, up[i], dir);
        if (is_dir(cand) && strlen(cand) < size) {
            snprintf(dir, size, "%s", cand);
            return;
        }
    }
}

int cli_check_data_dir(const char *dir, bool explicit)
{
    if (is_dir(dir))
        return 0;
    if (explicit) {
        fprintf(stderr, "mamoru: data_dir: '%s' is not a directory\n", dir);
        return EXIT_USAGE;
    }
    fprintf(stderr,
            "mamoru: warning: data_dir: no '%s' directory here or beside the binary; screening "
            "runs without its dictionaries, warnings and models (set data_dir in the config or "
            "pass --data DIR)\n",
            dir);
    return 0;
}

int cli_load_config(const cli_opts *o, cli_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->db, sizeof cfg->db, "var/mamoru.db");
    snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1:8080");
    snprintf(cfg->web_dir, sizeof cfg->web_dir, "web");
    snprintf(cfg->data_dir, sizeof cfg->data_dir, "data");
    const char *zd = getenv("MAMORU_ZENGIN_DIR");
    snprintf(cfg->zengin_dir, sizeof cfg->zengin_dir, "%s",
             zd ? zd : "../shared/data/zengin-code");
    cfg->max_body = 8L << 20;
    cfg->timeout_s = 30;
    cfg->threads = 2;
    if (o->config) {
        int rc = read_config_file(o->config, cfg);
        if (rc)
            return rc;
    }
    if (o->db)
        snprintf(cfg->db, sizeof cfg->db, "%s", o->db);
    cfg->data_dir_set = strcmp(cfg->data_dir, "data") != 0;
    if (!cfg->data_dir_set)
        resolve_default_dir(cfg->data_dir, sizeof cfg->data_dir);
    if (strcmp(cfg->web_dir, "web") == 0)
        resolve_default_dir(cfg->web_dir, sizeof cfg->web_dir);
    if (cfg->hmac_key_len == 0) {
        if (strcmp(cfg->db, ":memory:") != 0)
            mkdir_parent(cfg->db);
        return load_key_file(cfg);
    }
    return 0;
}

/* Zengin code list from zengin_dir, or NULL when the files are absent. */
mm_zengin *cli_load_zengin(const char *dir)
{
    char bp[1100], brp[1100];
    snprintf(bp, sizeof bp, "%s/banks.tsv", dir);
    snprintf(brp, sizeof brp, "%s/branches_all.tsv", dir);
    if (access(bp, R_OK) != 0 || access(brp, R_OK) != 0)
        return NULL;
    size_t bl = 0, brl = 0;
    char *b = cli_read_file(bp, &bl);
    char *br = b ? cli_read_file(brp, &brl) : NULL;
    mm_zengin *z = NULL;
    mm_error err = {0};
    if (b && br && mm_zengin_parse(b, bl, br, brl, &z, &err) != MM_OK)
        fprintf(stderr, "mamoru: warning: Zengin code list in %s not usable: %s\n", dir,
                err.message);
    free(b);
    free(br);
    return z;
}

int cli_open_store(cli_config *cfg, mm_store **out, mm_zengin **codes)
{
    *codes = cli_load_zengin(cfg->zengin_dir);
    if (strcmp(cfg->db, ":memory:") != 0)
        mkdir_parent(cfg->db);
    mm_store_config sc = {
        .hmac_key = cfg->hmac_key, .hmac_key_len = cfg->hmac_key_len, .zengin = *codes};
    mm_error err = {0};
    mm_status st = mm_store_open(cfg->db, &sc, out, &err);
    if (st != MM_OK) {
        mm_zengin_free(*codes);
        *codes = NULL;
        fprintf(stderr, "mamoru: cannot open store %s: %s\n", cfg->db, err.message);
        return EXIT_FAIL;
    }
    return 0;
}

void cli_print_json(FILE *f, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    if (s) {
        fputs(s, f);
        fputc('\n', f);
        free(s);
    }
}
