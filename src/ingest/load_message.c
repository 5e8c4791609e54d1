/*
 * load_message.c — reads the message detector's files from the data
 * directory and builds its model (the parsing itself is pure, in
 * src/screen/message_model.c):
 *
 *   phrases/NAME.tsv        one 手口 family per file (NAME is its category)
 *   brands.tsv              brands and their real domains (shared with the URL detector)
 *   official_numbers.tsv    numbers official bodies use (call screening)
 *   message_tlds.tsv        TLDs that make a bare "name.tld" a link
 *   message_banks.tsv       bank names → Zengin codes
 *   url_suffixes.tsv        its "shortener" lines (shared with the URL detector)
 *   message_model.bin       the n-gram classifier (`mamoru train`)
 *
 * No phrases directory → no model (screening then uses the snapshot only).
 * The compiled phrase database is cached per user, compiled in a child
 * process when no copy fits (see compile_with_cache).
 * Families load in file-name order, so the model is the same on every run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_message.h"

typedef mm_status (*add_fn)(mm_message_model *m, const char *buf, size_t len, mm_error *err);

/* Read dir/name and hand it to fn; a missing file is fine unless required. */
static mm_status load_one(mm_message_model *m, const char *dir, const char *name, add_fn fn,
                          const char *list, mm_error *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%.900s/%.60s", dir, name);
    char *buf;
    size_t len;
    mm_status st = mm_read_file(path, &buf, &len, err);
    if (st == MM_ENOTFOUND) {
        mm_error_clear(err);
        return MM_OK;
    }
    if (st != MM_OK)
        return st;
    st = list ? mm_message_model_add_list(m, list, buf, len, err) : fn(m, buf, len, err);
    free(buf);
    if (st != MM_OK) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        mm_error_set(err, st, err->field, "%.200s: %.200s", path, msg);
    }
    return st;
}

/* Where compiled phrase databases are kept between runs: $MAMORU_CACHE_DIR,
 * else $XDG_CACHE_HOME/mamoru, else $HOME/.cache/mamoru; candidate 1 is
 * always /tmp/mamoru-cache-UID, the fallback when the first is not
 * writable (a read-only or missing home in CI). */
static void cache_dir(int which, char *out, size_t n)
{
    const char *d = getenv("MAMORU_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    if (which == 1 || !((d && *d) || (x && *x) || (h && *h)))
        snprintf(out, n, "/tmp/mamoru-cache-%d", (int)getuid());
    else if (d && *d)
        snprintf(out, n, "%s", d);
    else if (x && *x)
        snprintf(out, n, "%s/mamoru", x);
    else
        snprintf(out, n, "%s/.cache/mamoru", h);
}

/* Write buf to dir/name through a temp file and rename (readers never see
 * half a file); creates dir and its parents. Best effort. */
static bool write_cache(char *dir, const char *name, const mm_buf *buf)
{
    char path[1000], tmp[1100];
    snprintf(path, sizeof path, "%.900s/%.60s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid());
    for (char *q = dir + 1; *q; q++) /* mkdir -p */
        if (*q == '/') {
            *q = 0;
            mkdir(dir, 0700);
            *q = '/';
        }
    mkdir(dir, 0700);
    FILE *f = fopen(tmp, "wb");
    if (f && fwrite(buf->data, 1, buf->len, f) == buf->len && fclose(f) == 0)
        return rename(tmp, path) == 0;
    if (f)
        fclose(f);
    remove(tmp);
    return false;
}

/* Every edit of a phrase file compiles a new database (~20 MB) under a new
 * name; without a bound the cache grew by that much per edit (1.7 GB seen on
 * a development machine). After writing one, keep the CACHE_KEEP newest and
 * remove the rest — other data directories' copies among them, which cost a
 * recompile at worst. */
#define CACHE_KEEP 8

static int hsdb_filter(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return strncmp(d->d_name, "phrases-", 8) == 0 && n > 13 &&
           strcmp(d->d_name + n - 5, ".hsdb") == 0;
}

static void trim_cache(const char *dir)
{
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, hsdb_filter, NULL);
    if (n <= CACHE_KEEP) {
        for (int i = 0; i < n; i++)
            free(ents[i]);
        free(ents);
        return;
    }
    struct entry {
        char path[1000];
        time_t mtime;
    } *e = calloc((size_t)n, sizeof *e);
    int k = 0;
    for (int i = 0; i < n; i++) {
        struct stat sb;
        if (e) {
            snprintf(e[k].path, sizeof e[k].path, "%.900s/%.90s", dir, ents[i]->d_name);
            if (stat(e[k].path, &sb) == 0) {
                e[k].mtime = sb.st_mtime;
                k++;
            }
        }
        free(ents[i]);
    }
    free(ents);
    if (e == NULL)
        return;
    /* drop the oldest until CACHE_KEEP remain */
    for (int left = k; left > CACHE_KEEP; left--) {
        int oldest = -1;
        for (int i = 0; i < k; i++)
            if (e[i].path[0] && (oldest < 0 || e[i].mtime < e[oldest].mtime))
                oldest = i;
        if (oldest < 0)
            break;
        remove(e[oldest].path);
        e[oldest].path[0] = 0;
    }
    free(e);
}

/* Write a freshly compiled database to the first cache directory that
 * takes it, then trim that directory. */
static void store_cache(char dir[2][900], const char *name, const mm_buf *out)
{
    int w = write_cache(dir[0], name, out) ? 0 : write_cache(dir[1], name, out) ? 1 : -1;
    if (w >= 0)
        trim_cache(dir[w]);
}

/* The cached copy of name from either directory, or NULL. */
static char *read_cache(char dir[2][900], const char *name, size_t *len)
{
    char *buf = NULL;
    for (int i = 0; i < 2 && buf == NULL; i++) {
        char path[1000];
        snprintf(path, sizeof path, "%.900s/%.60s", dir[i], name);
        mm_error ignore;
        if (mm_read_file(path, &buf, len, &ignore) != MM_OK)
            buf = NULL, *len = 0;
    }
    return buf;
}

/* Compile in a child process that writes the cache, for this process to
 * load. A compile's heap is ~150 MB beyond the databases it yields, and
 * glibc keeps most of it once freed: a server that compiled in process
 * stayed at ~230 MB resident for its whole life, against ~75 MB when it
 * loaded the cache (rspamd, likewise, compiles in a helper process). Best
 * effort: when the child fails, the caller compiles here and reports any
 * error itself. */
static void compile_in_child(mm_message_model *m, char dir[2][900], const char *name)
{
    pid_t pid = fork();
    if (pid < 0)
        return;
    if (pid == 0) {
        mm_error ignore;
        mm_buf out = {0};
        if (mm_message_model_compile_cached(m, NULL, 0, &out, &ignore) == MM_OK && out.len > 0)
            store_cache(dir, name, &out);
        _exit(0); /* no atexit handlers, no stdio flushed twice */
    }
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Compile the phrase database, or load the copy an earlier run compiled
 * from exactly the same patterns (the file name is the patterns' hash, so a
 * stale copy is never used). */
static mm_status compile_with_cache(mm_message_model *m, mm_error *err)
{
    char key[33], dir[2][900], name[64];
    if (mm_message_model_cache_key(m, key, err) != MM_OK)
        return mm_message_model_compile(m, err);
    snprintf(name, sizeof name, "phrases-%s.hsdb", key);
    for (int i = 0; i < 2; i++)
        cache_dir(i, dir[i], sizeof dir[i]);
    size_t len = 0;
    char *buf = read_cache(dir, name, &len);
    if (buf == NULL) {
        compile_in_child(m, dir, name);
        buf = read_cache(dir, name, &len);
    }
    /* no usable copy (no cache writable, or a bad pattern): compile here */
    mm_buf out = {0};
    mm_status st = mm_message_model_compile_cached(m, buf, len, &out, err);
    free(buf);
    if (st == MM_OK && out.len > 0)
        store_cache(dir, name, &out);
    mm_buf_free(&out);
    return st;
}

static int tsv_filter(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 4 && strcmp(d->d_name + n - 4, ".tsv") == 0;
}

mm_status mm_message_model_load(const char *data_dir, mm_message_model **out, mm_error *err)
{
    *out = NULL;
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/phrases", data_dir);
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, tsv_filter, alphasort);
    if (n < 0)
        return MM_OK; /* no phrase families: no message model */
    mm_message_model *m = mm_message_model_new();
    mm_status st = m ? MM_OK : mm_error_set(err, MM_ENOMEM, "message_model", "out of memory");
    for (int i = 0; i < n; i++) {
        if (st == MM_OK) {
            char path[1400], family[256];
            snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
            snprintf(family, sizeof family, "%.*s", (int)(strlen(ents[i]->d_name) - 4),
                     ents[i]->d_name);
            char *buf;
            size_t len;
            st = mm_read_file(path, &buf, &len, err);
            if (st == MM_OK) {
                st = mm_message_model_add_phrases(m, family, buf, len, err);
                free(buf);
            }
        }
        free(ents[i]);
    }
    free(ents);
    if (st == MM_OK)
        st = load_one(m, data_dir, "brands.tsv", mm_message_model_add_brands, NULL, err);
    if (st == MM_OK)
        st = load_one(m, data_dir, "official_numbers.tsv", mm_message_model_add_officials, NULL,
                      err);
    if (st == MM_OK)
        st = load_one(m, data_dir, "message_tlds.tsv", NULL, "tlds", err);
    if (st == MM_OK)
        st = load_one(m, data_dir, "message_banks.tsv", NULL, "banks", err);
    if (st == MM_OK)
        st = load_one(m, data_dir, "url_suffixes.tsv", NULL, "shorteners", err);
    if (st == MM_OK) {
        char path[1200];
        snprintf(path, sizeof path, "%s/message_model.bin", data_dir);
        char *buf;
        size_t len;
        st = mm_read_file(path, &buf, &len, err);
        if (st == MM_ENOTFOUND) {
            mm_error_clear(err);
            st = MM_OK;
        } else if (st == MM_OK) {
            st = mm_message_model_set_classifier(m, buf, len, err);
            free(buf);
        }
    }
    if (st == MM_OK)
        st = compile_with_cache(m, err);
    if (st != MM_OK) {
        mm_message_model_free(m);
        return st;
    }
    *out = m;
    return MM_OK;
}
