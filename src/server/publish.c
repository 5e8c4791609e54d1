/*
 * publish.c — keeps the published snapshot close to the store: one
 * background thread rebuilds it (mm_snapshot_build) and swaps it in
 * (mm_snapshot_publish) after writes, at most once per 200 ms.
 *
 * Why a thread and a dirty flag rather than a rebuild per write: a bulk
 * import commits thousands of rows a second, and a rebuild walks the whole
 * store. Writers only set a flag under a mutex and signal; the thread
 * coalesces every write that arrived while it slept or built into the next
 * build, so the snapshot trails the store by at most ~200 ms plus one build
 * and readers never wait (publishing is one atomic pointer swap).
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "server/internal.h"

static int64_t now_ms(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Build and publish one snapshot; false (logged) when the build failed. */
static bool rebuild(mm_server_publisher *p, mm_error *err)
{
    mm_snapshot *snap = NULL;
    if (mm_snapshot_build(p->store, &snap, err) != MM_OK)
        return false;
    size_t entries = mm_snapshot_count(snap);
    mm_snapshot_publish(snap); /* takes over our reference */
    atomic_store(&p->entries, (uint64_t)entries);
    atomic_store(&p->published_ms, now_ms(CLOCK_REALTIME));
    atomic_fetch_add(&p->builds, 1);
    return true;
}

static void *publisher_main(void *arg)
{
    mm_server_publisher *p = arg;
    int64_t last = now_ms(CLOCK_MONOTONIC);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->dirty && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop && !p->dirty)
            break;
        /* rate limit: wait out the rest of the 200 ms since the last build
         * (a stop request cuts the wait short) */
        int64_t wait = last + MM_SERVER_PUBLISH_MIN_MS - now_ms(CLOCK_MONOTONIC);
        if (wait > 0 && !p->stop) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += wait / 1000;
            until.tv_nsec += (wait % 1000) * 1000000;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            int rc = 0;
            while (!p->stop && rc != ETIMEDOUT)
                rc = pthread_cond_timedwait(&p->cv, &p->mu, &until);
        }
        p->dirty = false;
        pthread_mutex_unlock(&p->mu);
        mm_error e;
        mm_error_clear(&e);
        if (!rebuild(p, &e)) {
            fprintf(stderr, "mamoru: snapshot rebuild failed: %s\n", e.message);
            pthread_mutex_lock(&p->mu);
            p->dirty = true; /* try again after the next interval */
            last = now_ms(CLOCK_MONOTONIC);
            if (p->stop)
                break;
            continue;
        }
        last = now_ms(CLOCK_MONOTONIC);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

mm_status mm_server_publish_start(mm_server_publisher *p, mm_store *store, mm_error *err)
{
    p->store = store;
    p->dirty = false;
    p->stop = false;
    p->running = false;
    if (!rebuild(p, err))
        return err ? err->code : MM_EIO;
    if (pthread_mutex_init(&p->mu, NULL) != 0)
        return mm_error_set(err, MM_ENOMEM, "", "cannot create the publisher mutex");
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        return mm_error_set(err, MM_ENOMEM, "", "cannot create the publisher condition");
    }
    if (pthread_create(&p->thread, NULL, publisher_main, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        return mm_error_set(err, MM_EIO, "", "cannot start the snapshot publisher thread");
    }
    p->running = true;
    return MM_OK;
}

void mm_server_publish_dirty(mm_server_publisher *p)
{
    if (!p->running)
        return;
    pthread_mutex_lock(&p->mu);
    p->dirty = true;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void mm_server_publish_stop(mm_server_publisher *p)
{
    if (!p->running)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    p->running = false;
}
