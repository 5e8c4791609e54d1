/*
 * peer_loadgen.c — an HTTP load generator in C for the peer benchmark
 * (bench/bench_spam_peers.sh), doing what the kit's Python client does —
 * one TCP connection per message, closed loop (N in flight) or open loop
 * (Poisson arrivals, latency measured from the scheduled send time, so a
 * slow server cannot hide its queue) — fast enough to load mamoru.
 *
 * Why: the kit's asyncio client tops out near 1,000 connections a second
 * on one core, below half of what `mamoru serve` handles, so "latency at
 * 50 % load" could not be measured with it. This one is a single epoll
 * loop; it reads the server's CPU time and peak RSS from /proc like the
 * kit's client, and prints one JSON object with the kit's field names.
 *   peer_loadgen --port P --corpus DIR [--key K] [--path /v1/screen/email]
 *                [--concurrency C | --rate R] [--count N] [--pid PID]
 *                [--seed S] [--label L]
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/core.h"
#include "mamoru/ingest.h"

typedef struct req {
    char *data;
    size_t len;
} req;

typedef struct conn {
    int fd;
    size_t req_ix;
    size_t sent;
    double sched, start;
    char head[512];
    size_t got;
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

/* Server CPU seconds (process and reaped children) and peak RSS in KiB. */
static double server_cpu(int pid, long *hwm_kb)
{
    char p[64], buf[2048];
    snprintf(p, sizeof p, "/proc/%d/stat", pid);
    FILE *f = fopen(p, "r");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *r = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    long cut = 0, cst = 0;
    if (r == NULL || sscanf(r + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %ld %ld",
                            &ut, &st, &cut, &cst) != 4)
        return 0;
    if (hwm_kb) {
        snprintf(p, sizeof p, "/proc/%d/status", pid);
        f = fopen(p, "r");
        while (f && fgets(buf, sizeof buf, f))
            if (strncmp(buf, "VmHWM:", 6) == 0)
                *hwm_kb = atol(buf + 6);
        if (f)
            fclose(f);
    }
    return (double)(ut + st + (unsigned long)cut + (unsigned long)cst) /
           (double)sysconf(_SC_CLK_TCK);
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
    long count = 0;
    unsigned long long seed = 1;
    const char *corpus = NULL, *key = "", *path = "/v1/screen/email", *label = "";
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
        else if (!strcmp(o, "--seed"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(o, "--corpus"))
            corpus = v;
        else if (!strcmp(o, "--key"))
            key = v;
        else if (!strcmp(o, "--path"))
            path = v;
        else if (!strcmp(o, "--label"))
            label = v;
        else {
            fprintf(stderr, "peer_loadgen: unknown option %s\n", o);
            return 2;
        }
    }
    if (port <= 0 || corpus == NULL || conc < 1 || conc > 4096) {
        fprintf(stderr, "usage: peer_loadgen --port P --corpus DIR [--key K] [--path P] "
                        "[--concurrency C | --rate R] [--count N] [--pid PID] [--label L]\n");
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
    req *reqs = calloc(nn ? nn : 1, sizeof *reqs);
    size_t nr = 0;
    for (size_t i = 0; i < nn; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", corpus, names[i]);
        char *body;
        size_t blen;
        mm_error err;
        if (mm_read_file(p, &body, &blen, &err) == MM_OK) {
            mm_buf b = {0};
            mm_buf_printf(
                &b,
                "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: message/rfc822\r\n"
                "Authorization: Bearer %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                path, key, blen);
            mm_buf_append(&b, body, blen);
            reqs[nr++] = (req){b.data, b.len};
            free(body);
        }
        free(names[i]);
    }
    free(names);
    if (nr == 0) {
        fprintf(stderr, "peer_loadgen: no .eml in %s\n", corpus);
        return 1;
    }
    if (count <= 0)
        count = (long)nr;

    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int slots = rate > 0 ? 4096 : conc;
    conn *cs = calloc((size_t)slots, sizeof *cs);
    int *free_ix = malloc((size_t)slots * sizeof *free_ix), nfree = slots;
    for (int k = 0; k < slots; k++)
        free_ix[k] = slots - 1 - k;
    double *lat = calloc((size_t)count, sizeof *lat);
    long started = 0, done = 0, ok = 0, errors = 0, inflight = 0;
    unsigned long long rng = seed * 0x9E3779B97F4A7C15ull + 1;
    long hwm = 0;
    double cpu0 = pid ? server_cpu(pid, NULL) : 0;
    double t0 = now(), next_arrival = t0;

    while (done < count) {
        /* start what is due */
        while (started < count && inflight < slots && (rate <= 0 || now() >= next_arrival)) {
            int k = free_ix[--nfree];
            conn *c = &cs[k];
            memset(c, 0, sizeof *c);
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
            bool finished = false, failed = false;
            if ((evs[i].events & EPOLLOUT) && c->sent < r->len) {
                ssize_t w = send(c->fd, r->data + c->sent, r->len - c->sent, MSG_NOSIGNAL);
                if (w > 0)
                    c->sent += (size_t)w;
                else if (w < 0 && errno != EAGAIN)
                    failed = true;
                if (c->sent == r->len) {
                    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = evs[i].data.u32};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
            if (!failed && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
                for (;;) {
                    char buf[4096];
                    ssize_t m = recv(c->fd, buf, sizeof buf, 0);
                    if (m > 0) {
                        size_t room = sizeof c->head - 1 - c->got;
                        size_t k = (size_t)m < room ? (size_t)m : room;
                        memcpy(c->head + c->got, buf, k);
                        c->got += k;
                        continue;
                    }
                    if (m == 0)
                        finished = true; /* Connection: close — the reply is complete */
                    else if (errno != EAGAIN)
                        failed = true;
                    break;
                }
            }
            if (finished || failed) {
                c->head[c->got] = '\0';
                int status = 0;
                if (!failed && sscanf(c->head, "HTTP/1.%*d %d", &status) == 1 && status == 200) {
                    lat[ok++] = now() - c->sched;
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
    double cpu = pid ? server_cpu(pid, &hwm) - cpu0 : 0;
    qsort(lat, (size_t)ok, sizeof *lat, cmp_dbl);
#define PCT(p) (ok ? lat[(size_t)((double)(ok - 1) * (p) / 100.0)] * 1000 : 0)
    printf("{\"label\":\"%s\",\"messages\":%ld,\"ok\":%ld,\"errors\":%ld,\"mode\":\"%s\","
           "\"concurrency\":%d,\"offered_rate\":%.1f,\"wall_s\":%.3f,\"msgs_per_s\":%.1f,"
           "\"server_cpu_s\":%.2f,\"msgs_per_server_cpu_s\":%.1f,\"server_peak_rss_kb\":%ld,"
           "\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}}\n",
           label, count, ok, errors, rate > 0 ? "open-poisson" : "closed", conc, rate, wall,
           (double)ok / wall, cpu, cpu > 0 ? (double)ok / cpu : 0, hwm, PCT(50), PCT(90), PCT(99),
           PCT(100));
    for (size_t i = 0; i < nr; i++)
        free(reqs[i].data);
    free(reqs);
    free(cs);
    free(free_ix);
    free(lat);
    close(ep);
    return errors ? 1 : 0;
}
