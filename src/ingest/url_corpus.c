/*
 * url_corpus.c — reading the corpora the URL risk model is trained and
 * evaluated on: JPCERT/CC phishurl-list CSV files (date,URL,description)
 * and benign popular-domain lists (one domain a line, or Kikobeats' JSON
 * array of {rootDomain}).
 *
 * Why here and not in the CLI: `mamoru train-url` and bench/eval_url must
 * read exactly the same rows with exactly the same date filter, or the
 * evaluation would not be of the model that was shipped. Directories are
 * walked in sorted order so a run is reproducible.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mamoru/ingest.h"

/* One CSV field starting at *p (RFC 4180 quotes), copied into out. */
static const char *csv_field(const char *p, const char *end, char *out, size_t cap)
{
    size_t o = 0;
    if (p < end && *p == '"') {
        p++;
        while (p < end) {
            if (*p == '"') {
                if (p + 1 < end && p[1] == '"') {
                    if (o + 1 < cap)
                        out[o++] = '"';
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            if (o + 1 < cap)
                out[o++] = *p;
            p++;
        }
        while (p < end && *p != ',')
            p++;
    } else {
        while (p < end && *p != ',') {
            if (o + 1 < cap)
                out[o++] = *p;
            p++;
        }
    }
    out[o] = '\0';
    return p < end ? p + 1 : NULL; /* past the comma, or NULL at the end */
}

static mm_status read_csv(const char *path, mm_url_corpus_fn fn, void *user, mm_error *err)
{
    char *buf;
    size_t len;
    mm_status st = mm_read_file(path, &buf, &len, err);
    if (st != MM_OK)
        return st;
    size_t lineno = 0;
    char date[64], url[8192], brand[512];
    for (const char *p = buf, *end = buf + len; p < end;) {
        /* a quoted field may hold a newline: find the line end outside quotes */
        const char *le = p;
        bool q = false;
        while (le < end && (q || *le != '\n')) {
            if (*le == '"')
                q = !q;
            le++;
        }
        const char *next = le < end ? le + 1 : end;
        if (le > p && le[-1] == '\r')
            le--;
        lineno++;
        if (lineno == 1 || le == p) {
            p = next;
            continue;
        }
        const char *f = csv_field(p, le, date, sizeof date);
        f = f ? csv_field(f, le, url, sizeof url) : NULL;
        if (f)
            csv_field(f, le, brand, sizeof brand);
        if (f == NULL || strlen(date) < 10) {
            p = next;
            continue; /* not a data row */
        }
        mm_url_corpus_row r;
        /* "2024/12/02 10:36:00" → "2024-12-02" */
        memcpy(r.date, date, 10);
        r.date[4] = r.date[7] = '-';
        r.date[10] = '\0';
        r.url = url;
        r.brand = brand;
        r.source = path;
        r.line = lineno;
        int stop = fn(&r, user);
        if (stop) {
            free(buf);
            return MM_OK;
        }
        p = next;
    }
    free(buf);
    return MM_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Files ending in .csv under dir, recursively, sorted. */
static mm_status walk(const char *dir, mm_url_corpus_fn fn, void *user, mm_error *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return mm_error_set(err, MM_ENOTFOUND, "phish", "%s: cannot open directory", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    mm_status st = MM_OK;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (nn == NULL) {
                st = MM_ENOMEM;
                break;
            }
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && st == MM_OK; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        size_t l = strlen(names[i]);
        if (S_ISDIR(sb.st_mode))
            st = walk(path, fn, user, err);
        else if (l > 4 && strcmp(names[i] + l - 4, ".csv") == 0 &&
                 strncmp(names[i], "derived_", 8) != 0)
            st = read_csv(path, fn, user, err);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st == MM_ENOMEM ? mm_error_set(err, st, "phish", "out of memory") : st;
}

mm_status mm_url_corpus_read(const char *path, mm_url_corpus_fn fn, void *user, mm_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return mm_error_set(err, MM_ENOTFOUND, "phish", "%s: no such file or directory", path);
    return S_ISDIR(sb.st_mode) ? walk(path, fn, user, err) : read_csv(path, fn, user, err);
}

mm_status mm_url_benign_read(const char *path, mm_url_domain_fn fn, void *user, mm_error *err)
{
    char *buf;
    size_t len;
    mm_status st = mm_read_file(path, &buf, &len, err);
    if (st != MM_OK)
        return st;
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t' || buf[i] == '\r'))
        i++;
    if (i < len && buf[i] == '[') { /* [{"rootDomain": ...}, ...] */
        json_error_t je;
        json_t *arr = json_loadb(buf, len, 0, &je);
        free(buf);
        if (!json_is_array(arr)) {
            json_decref(arr);
            return mm_error_set(err, MM_EINVAL, "benign", "%s: line %d: %s", path, je.line,
                                je.text);
        }
        size_t k;
        json_t *o;
        json_array_foreach(arr, k, o)
        {
            const char *d = json_string_value(json_object_get(o, "rootDomain"));
            if (d && fn(d, user))
                break;
        }
        json_decref(arr);
        return MM_OK;
    }
    for (char *p = buf, *end = buf + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        *le = '\0';
        if (le > p && le[-1] == '\r')
            le[-1] = '\0';
        if (*p && *p != '#' && fn(p, user))
            break;
        p = nl ? nl + 1 : end;
    }
    free(buf);
    return MM_OK;
}
