/*
 * peer_loadgen.c — the load generator of the peer benchmark
 * (bench/bench_spam_peers.sh): one client, in C, for all three servers —
 * mamoru (POST /v1/screen/email), rspamd (POST /checkv2, the kit's envelope
 * headers) and spamd (SPAMC/1.5 SYMBOLS) — doing what the kit's Python
 * client does: one TCP connection per message as rspamc / spamc do, closed
 * loop (N in flight) or open loop (Poisson arrivals, latency measured from
 * the scheduled send time, so a slow server cannot hide its queue).
 *
 * Why: the kit's asyncio client tops out near 1,000 connections a second
 * on one core — below half of what `mamoru serve` handles, so neither
 * mamoru's capacity nor its "latency at 50 % load" could be measured with
 * it — and measuring mamoru with a different client than the peers would
 * not be a side-by-side comparison. This one is a single epoll loop. A
 * reply is complete at its Content-Length (HTTP) or at EOF (spamd closes),
 * as in the kit's client. Server CPU is the whole process tree's (rspamd
 * and spamd fork workers; reaped children through the root's cutime), peak
 * memory the sum of VmHWM over the tree, both from /proc; the JSON printed
 * uses the kit's field names, and --dump-results writes the kit's
 * per-message verdict file ({"id": [action, score, [codes]]}).
 *   peer_loadgen --port P --corpus DIR [--proto mamoru|rspamd|spamd]
 *                [--envelope TSV] [--key K] [--path /v1/screen/email]
 *                [--concurrency C | --rate R] [--count N | --repeat R]
 *                [--limit N] [--pid PID] [--seed S] [--label L]
 *                [--dump-results FILE]
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/core.h"
#include "mamoru/ingest.h"

typedef enum proto { P_MAMORU, P_RSPAMD, P_SPAMD } proto;

typedef struct req {
    char *id; /* file name without .eml */
    char *data;
    size_t len;
} req;

typedef struct conn {
    int fd;
    size_t req_ix;
    size_t sent;
    double sched, start;
    char *resp; /* the reply so far (heap, grows) */
    size_t got, cap;
    bool busy;
} conn;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- /proc: the server's process tree ------------------------------------- */

/* Appends pid and its descendants (through /proc/PID/task/TID/children). */
static void tree(int pid, int **out, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *out = realloc(*out, *cap * sizeof **out);
    }
    (*out)[(*n)++] = pid;
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/task", pid);
    DIR *d = opendir(p);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char cp[320];
        snprintf(cp, sizeof cp, "/proc/%d/task/%s/children", pid, e->d_name);
        FILE *f = fopen(cp, "r");
        int child;
        while (f && fscanf(f, "%d", &child) == 1)
            tree(child, out, n, cap);
        if (f)
            fclose(f);
    }
    closedir(d);
}

/* CPU seconds of pid's tree (the root's reaped children included), of
 * which *sys_s in the kernel; the sums of VmHWM and VmRSS over the tree in
 * KiB when hwm_kb / rss_kb. */
static double server_cpu(int pid, double *sys_s, long *hwm_kb, long *rss_kb)
{
    int *pids = NULL;
    size_t n = 0, cap = 0;
    tree(pid, &pids, &n, &cap);
    unsigned long long ticks = 0, sys = 0;
    if (hwm_kb)
        *hwm_kb = 0;
    if (rss_kb)
        *rss_kb = 0;
    for (size_t i = 0; i < n; i++) {
        char p[64], buf[2048];
        snprintf(p, sizeof p, "/proc/%d/stat", pids[i]);
        FILE *f = fopen(p, "r");
        if (f == NULL)
            continue;
        size_t got = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[got] = '\0';
        char *r = strrchr(buf, ')');
        unsigned long ut = 0, st = 0;
        long cut = 0, cst = 0;
        if (r == NULL ||
            sscanf(r + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %ld %ld", &ut, &st,
                   &cut, &cst) != 4)
            continue;
        ticks += ut + st + (i == 0 ? (unsigned long)cut + (unsigned long)cst : 0);
        sys += st + (i == 0 ? (unsigned long)cst : 0);
        snprintf(p, sizeof p, "/proc/%d/status", pids[i]);
        f = fopen(p, "r");
        while (f && fgets(buf, sizeof buf, f)) {
            if (hwm_kb && strncmp(buf, "VmHWM:", 6) == 0)
                *hwm_kb += atol(buf + 6);
            if (rss_kb && strncmp(buf, "VmRSS:", 6) == 0)
                *rss_kb += atol(buf + 6);
        }
        if (f)
            fclose(f);
    }
    free(pids);
    *sys_s = (double)sys / (double)sysconf(_SC_CLK_TCK);
    return (double)ticks / (double)sysconf(_SC_CLK_TCK);
}

/* Busy and total ticks of cpu0 and cpu1 from /proc/stat (busy counts steal). */
static void cpu_ticks(unsigned long long busy[2], unsigned long long total[2])
{
    FILE *f = fopen("/proc/stat", "r");
    char line[512];
    busy[0] = busy[1] = total[0] = total[1] = 0;
    while (f && fgets(line, sizeof line, f)) {
        int c;
        unsigned long long v[8] = {0};
        if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu", &c, &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7]) == 9 &&
            c >= 0 && c < 2) {
            unsigned long long t = 0;
            for (int k = 0; k < 8; k++)
                t += v[k];
            total[c] = t;
            busy[c] = t - v[3] - v[4];
        }
    }
    if (f)
        fclose(f);
}

/* ---- requests --------------------------------------------------------------- */

/* envelope.tsv (id, ip, helo, mail_from, rcpt_to), read once: the rspamd
 * headers of each id ("IP: …\r\nHelo: …\r\n…"), one a line of *ids / *hdrs. */
typedef struct envelope {
    char **ids, **hdrs;
    size_t n;
} envelope;

static void envelope_load(const char *tsv, envelope *env)
{
    FILE *f = tsv ? fopen(tsv, "r") : NULL;
    char line[2048];
    size_t cap = 0;
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *c[5];
        char *s = line;
        int k = 0;
        for (; k < 5 && s; k++) {
            c[k] = s;
            s = strchr(s, '\t');
            if (s)
                *s++ = '\0';
        }
        if (k != 5)
            continue;
        if (env->n == cap) {
            cap = cap ? cap * 2 : 256;
            env->ids = realloc(env->ids, cap * sizeof *env->ids);
            env->hdrs = realloc(env->hdrs, cap * sizeof *env->hdrs);
        }
        mm_buf b = {0};
        mm_buf_printf(&b, "IP: %s\r\nHelo: %s\r\nHostname: %s\r\nFrom: %s\r\nRcpt: %s\r\n", c[1],
                      c[2], c[2], c[3], c[4]);
        env->ids[env->n] = strdup(c[0]);
        env->hdrs[env->n++] = b.data;
    }
    if (f)
        fclose(f);
}

static const char *envelope_of(const envelope *env, const char *id)
{
    for (size_t i = 0; i < env->n; i++)
        if (strcmp(env->ids[i], id) == 0)
            return env->hdrs[i];
    return NULL;
}

static void build_request(proto pr, const char *path, const char *key, const char *env,
                          const char *id, const char *body, size_t blen, req *r)
{
    mm_buf b = {0};
    if (pr == P_MAMORU)
        mm_buf_printf(
            &b,
            "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: message/rfc822\r\n"
            "Authorization: Bearer %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
            path, key, blen);
    else if (pr == P_RSPAMD)
        mm_buf_printf(&b,
                      "POST /checkv2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %zu\r\n"
                      "Queue-Id: bench%s\r\n%s\r\n",
                      blen, id, env ? env : "");
    else
        mm_buf_printf(&b, "SYMBOLS SPAMC/1.5\r\nContent-length: %zu\r\nUser: bench\r\n\r\n", blen);
    mm_buf_append(&b, body, blen);
    r->data = b.data;
    r->len = b.len;
}

/* ---- replies ------------------------------------------------------------------ */

/* HTTP: the reply is complete once the head and Content-Length body bytes
 * are in; *body_off / *status are set then. spamd: only EOF completes. */
static bool http_complete(const conn *c, size_t *body_off, int *status)
{
    const char *end = memmem(c->resp, c->got, "\r\n\r\n", 4);
    if (end == NULL)
        return false;
    size_t head = (size_t)(end - c->resp) + 4;
    if (sscanf(c->resp, "HTTP/1.%*d %d", status) != 1)
        *status = 0;
    long long cl = -1;
    for (const char *p = c->resp; p && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        if (*p == '\n')
            p++;
        if (strncasecmp(p, "Content-Length:", 15) == 0)
            cl = atoll(p + 15);
    }
    *body_off = head;
    return cl >= 0 && c->got >= head + (size_t)cl;
}

/* mamoru / rspamd JSON → [action, score, [codes]]; spamd → ["True", 5.2, [syms]] */
static json_t *verdict_of(proto pr, const char *body, size_t len, const char *head)
{
    json_t *codes = json_array();
    if (pr == P_SPAMD) {
        const char *s = strstr(head, "Spam: ");
        char yes[16] = "";
        double score = 0;
        if (s == NULL || sscanf(s, "Spam: %15s ; %lf", yes, &score) != 2) {
            json_decref(codes);
            return NULL;
        }
        char *copy = strndup(body, len), *save = NULL;
        for (char *t = strtok_r(copy, ",\r\n ", &save); t; t = strtok_r(NULL, ",\r\n ", &save))
            json_array_append_new(codes, json_string(t));
        free(copy);
        return json_pack("[s,f,o]", yes, score, codes);
    }
    json_t *j = json_loadb(body, len, 0, NULL);
    if (j == NULL) {
        json_decref(codes);
        return NULL;
    }
    if (pr == P_RSPAMD) {
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(j, "symbols"), k, v)
            json_array_append_new(codes, json_string(k));
    } else {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(j, "reasons"), i, r)
            json_array_append(codes, json_object_get(r, "code"));
    }
    json_t *out = json_pack(
        "[O,O,o]", json_object_get(j, "action") ? json_object_get(j, "action") : json_null(),
        json_object_get(j, "score") ? json_object_get(j, "score") : json_null(), codes);
    json_decref(j);
    return out;
}

static int cmp_json_str(const void *a, const void *b)
{
    const char *x = json_string_value(*(json_t *const *)a);
    const char *y = json_string_value(*(json_t *const *)b);
    return strcmp(x ? x : "", y ? y : "");
}

/* Sort the codes as the kit's client does (sorted(...)). */
static void sort_codes(json_t *v)
{
    json_t *codes = json_array_get(v, 2);
    size_t n = json_array_size(codes);
    if (n < 2)
        return;
    json_t **a = malloc(n * sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = json_incref(json_array_get(codes, i));
    qsort(a, n, sizeof *a, cmp_json_str);
    json_array_clear(codes);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(codes, a[i]);
    free(a);
}

static int open_conn(const struct sockaddr_in *sa)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) != 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    int port = 0, pid = 0, conc = 16;
    double rate = 0;
    long count = 0, repeat = 0, limit = 0;
    unsigned long long seed = 1;
    const char *corpus = NULL, *key = "", *path = "/v1/screen/email", *label = "";
    const char *envelope_tsv = NULL, *dump = NULL, *pname = "mamoru";
    proto pr = P_MAMORU;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (!strcmp(o, "--port"))
            port = atoi(v);
        else if (!strcmp(o, "--pid"))
            pid = atoi(v);
        else if (!strcmp(o, "--concurrency"))
            conc = atoi(v);
        else if (!strcmp(o, "--rate"))
            rate = atof(v);
        else if (!strcmp(o, "--count"))
            count = atol(v);
        else if (!strcmp(o, "--repeat"))
            repeat = atol(v);
        else if (!strcmp(o, "--limit"))
            limit = atol(v);
        else if (!strcmp(o, "--seed"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(o, "--corpus"))
            corpus = v;
        else if (!strcmp(o, "--envelope"))
            envelope_tsv = v;
        else if (!strcmp(o, "--key"))
            key = v;
        else if (!strcmp(o, "--path"))
            path = v;
        else if (!strcmp(o, "--label"))
            label = v;
        else if (!strcmp(o, "--dump-results"))
            dump = v;
        else if (!strcmp(o, "--proto")) {
            pname = v;
            if (!strcmp(v, "mamoru"))
                pr = P_MAMORU;
            else if (!strcmp(v, "rspamd"))
                pr = P_RSPAMD;
            else if (!strcmp(v, "spamd"))
                pr = P_SPAMD;
            else
                port = -1;
        } else {
            fprintf(stderr, "peer_loadgen: unknown option %s\n", o);
            return 2;
        }
    }
    if (port <= 0 || corpus == NULL || conc < 1 || conc > 4096) {
        fprintf(stderr, "usage: peer_loadgen --port P --corpus DIR [--proto mamoru|rspamd|spamd] "
                        "[--envelope TSV] [--key K] [--path P] [--concurrency C | --rate R] "
                        "[--count N | --repeat R] [--limit N] [--pid PID] [--label L] "
                        "[--dump-results FILE]\n");
        return 2;
    }
    /* requests, in file-name order */
    DIR *d = opendir(corpus);
    if (d == NULL) {
        perror(corpus);
        return 1;
    }
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".eml") == 0) {
            if (nn == cap)
                names = realloc(names, (cap = cap ? cap * 2 : 256) * sizeof *names);
            names[nn++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_str);
    if (limit > 0 && (size_t)limit < nn) {
        for (size_t i = (size_t)limit; i < nn; i++)
            free(names[i]);
        nn = (size_t)limit;
    }
    envelope env = {0};
    envelope_load(envelope_tsv, &env);
    req *reqs = calloc(nn ? nn : 1, sizeof *reqs);
    size_t nr = 0;
    for (size_t i = 0; i < nn; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", corpus, names[i]);
        char *body;
        size_t blen;
        mm_error err;
        if (mm_read_file(p, &body, &blen, &err) == MM_OK) {
            char *id = strndup(names[i], strlen(names[i]) - 4);
            build_request(pr, path, key, pr == P_RSPAMD ? envelope_of(&env, id) : NULL, id, body,
                          blen, &reqs[nr]);
            reqs[nr++].id = id;
            free(body);
        }
        free(names[i]);
    }
    free(names);
    for (size_t i = 0; i < env.n; i++) {
        free(env.ids[i]);
        free(env.hdrs[i]);
    }
    free(env.ids);
    free(env.hdrs);
    if (nr == 0) {
        fprintf(stderr, "peer_loadgen: no .eml in %s\n", corpus);
        return 1;
    }
    if (count <= 0)
        count = (long)nr * (repeat > 0 ? repeat : 1);

    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int slots = rate > 0 ? 4096 : conc;
    conn *cs = calloc((size_t)slots, sizeof *cs);
    int *free_ix = malloc((size_t)slots * sizeof *free_ix), nfree = slots;
    for (int k = 0; k < slots; k++)
        free_ix[k] = slots - 1 - k;
    double *lat = calloc((size_t)count, sizeof *lat);
    json_t *results = dump ? json_object() : NULL;
    long started = 0, done = 0, ok = 0, errors = 0, inflight = 0;
    unsigned long long rng = seed * 0x9E3779B97F4A7C15ull + 1;
    long hwm = 0, rss = 0;
    unsigned long long busy0[2], total0[2], busy1[2], total1[2];
    cpu_ticks(busy0, total0);
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    double sys0 = 0, sys1 = 0;
    double cpu0 = pid ? server_cpu(pid, &sys0, NULL, NULL) : 0;
    double t0 = now(), next_arrival = t0;

    while (done < count) {
        /* start what is due */
        while (started < count && inflight < slots && (rate <= 0 || now() >= next_arrival)) {
            int k = free_ix[--nfree];
            conn *c = &cs[k];
            char *keep = c->resp;
            size_t keep_cap = c->cap;
            memset(c, 0, sizeof *c);
            c->resp = keep;
            c->cap = keep_cap;
            c->fd = open_conn(&sa);
            c->req_ix = (size_t)(started % (long)nr);
            c->start = now();
            c->sched = rate > 0 ? next_arrival : c->start;
            started++;
            if (rate > 0) {
                rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                double u = ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
                next_arrival += -log(u) / rate;
            }
            if (c->fd < 0) {
                errors++, done++;
                free_ix[nfree++] = k;
                continue;
            }
            c->busy = true;
            inflight++;
            struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.u32 = (uint32_t)k};
            epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
        }
        int timeout = -1;
        if (rate > 0 && started < count) {
            double dt = next_arrival - now();
            timeout = dt <= 0 ? 0 : (int)(dt * 1000); /* < 1 ms: poll */
        }
        struct epoll_event evs[256];
        int n = epoll_wait(ep, evs, 256, timeout);
        for (int i = 0; i < n; i++) {
            conn *c = &cs[evs[i].data.u32];
            if (!c->busy)
                continue;
            const req *r = &reqs[c->req_ix];
            bool eof = false, failed = false, complete = false;
            if ((evs[i].events & EPOLLOUT) && c->sent < r->len) {
                ssize_t w = send(c->fd, r->data + c->sent, r->len - c->sent, MSG_NOSIGNAL);
                if (w > 0)
                    c->sent += (size_t)w;
                else if (w < 0 && errno != EAGAIN)
                    failed = true;
                if (c->sent == r->len) {
                    if (pr == P_SPAMD) /* spamc half-closes after the message */
                        shutdown(c->fd, SHUT_WR);
                    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = evs[i].data.u32};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
            size_t body_off = 0;
            int status = 0;
            if (!failed && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
                for (;;) {
                    if (c->cap - c->got < 4096 + 1) {
                        c->cap = c->cap ? c->cap * 2 : 16384;
                        c->resp = realloc(c->resp, c->cap);
                    }
                    ssize_t m = recv(c->fd, c->resp + c->got, c->cap - c->got - 1, 0);
                    if (m > 0) {
                        c->got += (size_t)m;
                        continue;
                    }
                    if (m == 0)
                        eof = true;
                    else if (errno != EAGAIN)
                        failed = true;
                    break;
                }
                c->resp[c->got] = '\0';
                if (pr != P_SPAMD && !failed)
                    complete = http_complete(c, &body_off, &status);
            }
            if (complete || eof || failed) {
                bool good = false;
                if (!failed && pr != P_SPAMD) {
                    if (!complete) /* EOF before Content-Length: take what came */
                        http_complete(c, &body_off, &status);
                    good = status == 200 && body_off > 0;
                } else if (!failed) {
                    char *nl = strstr(c->resp, "\r\n");
                    good = strncmp(c->resp, "SPAMD/", 6) == 0 && nl &&
                           memmem(c->resp, (size_t)(nl - c->resp), " 0 EX_OK", 8) != NULL;
                    char *hend = strstr(c->resp, "\r\n\r\n");
                    body_off = hend ? (size_t)(hend - c->resp) + 4 : c->got;
                }
                if (good) {
                    lat[ok++] = now() - c->sched;
                    if (results) {
                        c->resp[body_off - (body_off > 0)] = '\0'; /* head as a C string */
                        json_t *v = verdict_of(pr, c->resp + body_off, c->got - body_off, c->resp);
                        if (v) {
                            sort_codes(v);
                            json_object_set_new(results, r->id, v);
                        }
                    }
                } else {
                    errors++;
                }
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->busy = false;
                free_ix[nfree++] = (int)evs[i].data.u32;
                inflight--;
                done++;
            }
        }
    }
    double wall = now() - t0;
    double cpu = pid ? server_cpu(pid, &sys1, &hwm, &rss) - cpu0 : 0;
    getrusage(RUSAGE_SELF, &ru1);
    cpu_ticks(busy1, total1);
    double busy_pct[2];
    for (int k = 0; k < 2; k++)
        busy_pct[k] = total1[k] > total0[k]
                          ? 100.0 * (double)(busy1[k] - busy0[k]) / (double)(total1[k] - total0[k])
                          : 0;
    double client_cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
                        (double)(ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
                        (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6 +
                        (double)(ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    qsort(lat, (size_t)ok, sizeof *lat, cmp_dbl);
#define PCT(p) (ok ? lat[(size_t)((double)(ok - 1) * (p) / 100.0)] * 1000 : 0)
    printf("{\"label\":\"%s\",\"proto\":\"%s\",\"client\":\"peer_loadgen\",\"messages\":%ld,"
           "\"ok\":%ld,\"errors\":%ld,\"mode\":\"%s\","
           "\"concurrency\":%d,\"offered_rate\":%.1f,\"wall_s\":%.3f,\"msgs_per_s\":%.1f,"
           "\"server_cpu_s\":%.2f,\"server_sys_s\":%.2f,\"msgs_per_server_cpu_s\":%.1f,"
           "\"server_peak_rss_kb\":%ld,\"tree_rss_kb\":%ld,\"client_cpu_s\":%.2f,"
           "\"cpu_busy_pct\":{\"cpu0\":%.1f,\"cpu1\":%.1f},"
           "\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}}\n",
           label, pname, count, ok, errors, rate > 0 ? "open-poisson" : "closed", conc, rate, wall,
           (double)ok / wall, cpu, sys1 - sys0, cpu > 0 ? (double)ok / cpu : 0, hwm, rss,
           client_cpu, busy_pct[0], busy_pct[1], PCT(50), PCT(90), PCT(99), PCT(100));
    if (results) {
        if (json_dump_file(results, dump, JSON_COMPACT | JSON_REAL_PRECISION(10)) != 0)
            fprintf(stderr, "peer_loadgen: cannot write %s\n", dump);
        json_decref(results);
    }
    for (size_t i = 0; i < nr; i++) {
        free(reqs[i].data);
        free(reqs[i].id);
    }
    for (int k = 0; k < slots; k++)
        free(cs[k].resp);
    free(reqs);
    free(cs);
    free(free_ix);
    free(lat);
    close(ep);
    return errors ? 1 : 0;
}
