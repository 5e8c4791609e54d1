/* feed_fixture.h — a small fixed set of indicators shared by the feed
 * formatter tests (tests/unit/feeds/test_*.c). Header-only: every test file
 * gets its own static copy. */
#ifndef MAMORU_TEST_FEED_FIXTURE_H
#define MAMORU_TEST_FEED_FIXTURE_H

#include "mamoru/feeds.h"

#define FX_NOW 1750000000LL /* 2025-06-15T15:06:40Z */

static inline mm_indicator fx_ind(int64_t id, mm_kind kind, const char *canonical,
                                  mm_ind_status status, int64_t expires)
{
    mm_indicator i = {0};
    i.id = id;
    i.kind = kind;
    i.canonical = canonical;
    i.display = canonical;
    i.category = "phishing";
    i.status = status;
    i.confidence = 80;
    i.distribution = MM_DIST_PUBLIC;
    i.first_seen = FX_NOW - 86400;
    i.last_seen = FX_NOW - 3600;
    i.created = FX_NOW - 86400;
    i.updated = FX_NOW - 3600;
    i.expires = expires;
    return i;
}

/* Nine indicators: five listed, four not (reported, expired, personal kind,
 * false positive). */
static inline size_t fx_fill(mm_indicator out[9])
{
    size_t n = 0;
    out[n++] = fx_ind(1, MM_KIND_DOMAIN, "evil.example", MM_IND_CONFIRMED, 0);
    out[n++] = fx_ind(2, MM_KIND_URL, "http://phish.example.net/", MM_IND_ACTIONED, 0);
    out[n++] = fx_ind(3, MM_KIND_URL, "http://shared.example.org/login/x.php?id=1",
                      MM_IND_CONFIRMED, FX_NOW + 86400);
    out[n++] = fx_ind(4, MM_KIND_IP, "192.0.2.1", MM_IND_CONFIRMED, 0);
    out[n++] = fx_ind(5, MM_KIND_DOMAIN, "reported.example", MM_IND_REPORTED, 0);
    out[n++] = fx_ind(6, MM_KIND_DOMAIN, "expired.example", MM_IND_CONFIRMED, FX_NOW - 10);
    out[n++] = fx_ind(7, MM_KIND_PHONE, "+819012345678", MM_IND_CONFIRMED, 0);
    out[n++] = fx_ind(8, MM_KIND_URL, "http://evil.example/", MM_IND_CONFIRMED, 0);
    out[n++] = fx_ind(9, MM_KIND_DOMAIN, "fp.example", MM_IND_FALSE_POSITIVE, 0);
    return n;
}

#endif
