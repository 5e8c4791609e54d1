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
 *
 * A second thread keeps call-burst sightings fresh (issue 4 §3): a full
 * build takes seconds at millions of indicators, but reading the last day
 * of phone sightings takes milliseconds. After writes it reads them
 * (mm_activity_load) and publishes a snapshot that borrows the current
 * one's indicator tables with the new activity (mm_snapshot_with_activity).
 * pub_mu orders the two threads' publications so that an activity refresh
 * never re-publishes tables older than a full build already published, and
 * every full publication triggers a refresh, since the build's own
 * activity may be older than one the refresher published meanwhile.
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
    pthread_mutex_lock(&p->pub_mu);
    mm_snapshot_publish(snap); /* takes over our reference */
    pthread_mutex_unlock(&p->pub_mu);
    atomic_store(&p->entries, (uint64_t)entries);
    atomic_store(&p->published_ms, now_ms(CLOCK_REALTIME));
    atomic_fetch_add(&p->builds, 1);
    return true;
}

/* Republish the current snapshot's tables with freshly read sightings;
 * false (logged by the caller) when reading them failed. */
static bool refresh_activity(mm_server_publisher *p, mm_error *err)
{
    mm_activity *act = NULL;
    if (mm_activity_load(p->store, (int64_t)time(NULL), &act, err) != MM_OK)
        return false;
    pthread_mutex_lock(&p->pub_mu);
    mm_snapshot *cur = mm_snapshot_acquire(), *snap = NULL;
    bool ok = true;
    if (cur == NULL)
        mm_activity_free(act);
    else if ((ok = mm_snapshot_with_activity(cur, act, &snap, err) == MM_OK))
        mm_snapshot_publish(snap);
    mm_snapshot_release(cur);
    pthread_mutex_unlock(&p->pub_mu);
    if (ok)
        atomic_fetch_add(&p->activity_refreshes, 1);
    return ok;
}

/* With p->mu held: wait out the rest of min_ms since last on cv (a stop
 * request cuts the wait short). */
static void rate_limit(mm_server_publisher *p, pthread_cond_t *cv, int64_t last, int64_t min_ms)
{
    int64_t wait = last + min_ms - now_ms(CLOCK_MONOTONIC);
    if (wait <= 0 || p->stop)
        return;
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
        rc = pthread_cond_timedwait(cv, &p->mu, &until);
}

static void *activity_main(void *arg)
{
    mm_server_publisher *p = arg;
    int64_t last = now_ms(CLOCK_MONOTONIC);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->adirty && !p->stop)
            pthread_cond_wait(&p->acv, &p->mu);
        if (p->stop)
            break; /* the full publisher's last build carries the activity */
        rate_limit(p, &p->acv, last, MM_SERVER_ACTIVITY_MIN_MS);
        p->adirty = false;
        pthread_mutex_unlock(&p->mu);
        mm_error e;
        mm_error_clear(&e);
        if (!refresh_activity(p, &e))
            fprintf(stderr, "mamoru: activity refresh failed: %s\n", e.message);
        last = now_ms(CLOCK_MONOTONIC);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
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
        /* rate limit: wait out the rest of the 200 ms since the last build */
        rate_limit(p, &p->cv, last, MM_SERVER_PUBLISH_MIN_MS);
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
        p->adirty = true; /* see the top of the file */
        pthread_cond_signal(&p->acv);
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
    p->adirty = false;
    if (pthread_mutex_init(&p->pub_mu, NULL) != 0)
        return mm_error_set(err, MM_ENOMEM, "", "cannot create the publication mutex");
    if (!rebuild(p, err)) {
        pthread_mutex_destroy(&p->pub_mu);
        return err ? err->code : MM_EIO;
    }
    mm_status rc = MM_OK;
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        rc = mm_error_set(err, MM_ENOMEM, "", "cannot create the publisher mutex");
        goto no_mu;
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        rc = mm_error_set(err, MM_ENOMEM, "", "cannot create the publisher condition");
        goto no_cv;
    }
    if (pthread_cond_init(&p->acv, NULL) != 0) {
        rc = mm_error_set(err, MM_ENOMEM, "", "cannot create the refresher condition");
        goto no_acv;
    }
    if (pthread_create(&p->thread, NULL, publisher_main, p) != 0) {
        rc = mm_error_set(err, MM_EIO, "", "cannot start the snapshot publisher thread");
        goto no_thread;
    }
    if (pthread_create(&p->athread, NULL, activity_main, p) != 0) {
        rc = mm_error_set(err, MM_EIO, "", "cannot start the activity refresher thread");
        pthread_mutex_lock(&p->mu);
        p->stop = true;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
        goto no_thread;
    }
    p->running = true;
    return MM_OK;
no_thread:
    pthread_cond_destroy(&p->acv);
no_acv:
    pthread_cond_destroy(&p->cv);
no_cv:
    pthread_mutex_destroy(&p->mu);
no_mu:
    pthread_mutex_destroy(&p->pub_mu);
    return rc;
}

void mm_server_publish_dirty(mm_server_publisher *p)
{
    if (!p->running)
        return;
    pthread_mutex_lock(&p->mu);
    p->dirty = true;
    p->adirty = true;
    pthread_cond_signal(&p->cv);
    pthread_cond_signal(&p->acv);
    pthread_mutex_unlock(&p->mu);
}

void mm_server_publish_stop(mm_server_publisher *p)
{
    if (!p->running)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->cv);
    pthread_cond_signal(&p->acv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->athread, NULL);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_cond_destroy(&p->acv);
    pthread_mutex_destroy(&p->mu);
    pthread_mutex_destroy(&p->pub_mu);
    p->running = false;
}
