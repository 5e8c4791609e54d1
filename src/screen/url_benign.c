/*
 * url_benign.c — benign example URLs made from popular DOMAINS, and the
 * split of those domains into train / validation / test.
 *
 * Why synthesise: the benign data we have (../shared/data/benign-domains)
 * is a list of domains, while phishing examples are whole URLs. A model
 * trained on bare "https://D/" benign URLs would learn "any path at all =
 * phishing", and one trained on a handful of fixed paths would learn those
 * paths. So each domain gets eight URLs drawn from one generator of the
 * ordinary shapes of real sites — bare and www. roots, service subdomains
 * (m., shop., info., member., login., my., …), paths of words, slugs,
 * dates, numeric and hex ids, file names, and queries (search, paging,
 * tracking, continue=/redirect= parameters). Words phishing kits also use
 * (login, signin, member, mypage, account, verify, secure, payment) appear
 * on benign sites as they do on real ones, so the model cannot learn them
 * as phishing on their own. The generator is seeded by the domain's hash:
 * train-url and bench/eval_url build exactly the same URLs, and the test
 * domains' URLs come from the same generator as the training ones (what
 * differs is the domain, never the recipe).
 *
 * The split is by domain (all eight URLs of a domain fall on one side), by
 * a salted XXH3 of the domain: 50% train, 20% validation (threshold and
 * hyper-parameter choice only), 30% test (never trained on, never used to
 * choose anything). The salt makes this split independent of the earlier
 * one (bit 0 of the unsalted hash) whose test half had been looked at.
 */
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "screen/url_internal.h"

#define SPLIT_SALT 0x6d616d6f72753276ull /* "mamoru2v" */

static const char *benign_base(const char *d, char *buf, size_t cap)
{
    size_t n = 0;
    while (*d == ' ' || *d == '\t')
        d++;
    for (const char *p = d; *p && n + 1 < cap; p++)
        buf[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ' ' || buf[n - 1] == '\r' ||
                     buf[n - 1] == '\t'))
        n--;
    buf[n] = '\0';
    return strncmp(buf, "www.", 4) == 0 ? buf + 4 : buf;
}

mm_url_split mm_url_benign_split(const char *domain)
{
    char buf[512];
    const char *b = benign_base(domain, buf, sizeof buf);
    uint64_t r = XXH3_64bits_withSeed(b, strlen(b), SPLIT_SALT) % 10;
    return r < 3 ? MM_URL_SPLIT_TEST : r < 5 ? MM_URL_SPLIT_CALIB : MM_URL_SPLIT_TRAIN;
}

/* ---- the generator ------------------------------------------------------------ */

static const char *const subs[] = {
    "m",      "mobile", "shop",    "store",  "blog",    "news",   "support", "help",
    "login",  "account", "accounts", "member", "members", "my",     "mypage",  "secure",
    "auth",   "id",     "info",    "mail",   "app",     "api",    "static",  "cdn",
    "img",    "images", "video",   "jp",     "ja",      "en",     "www2",    "portal",
    "service", "pay",   "docs",    "dev",    "community", "forum", "search", "careers",
    "corp",   "ir",     "global",  "event",  "campaign", "faq",   "order",   "web",
};
#define NSUBS (sizeof subs / sizeof subs[0])

static const char *const words[] = {
    "about",    "news",     "products", "product",  "category", "help",     "support",
    "login",    "signin",   "signup",   "member",   "members",  "mypage",   "account",
    "accounts", "user",     "users",    "profile",  "settings", "security", "verify",
    "secure",   "auth",     "billing",  "payment",  "checkout", "cart",     "order",
    "orders",   "search",   "jp",       "ja",       "en",       "en-us",    "ja-jp",
    "docs",     "blog",     "articles", "article",  "item",     "items",    "dp",
    "watch",    "video",    "videos",   "images",   "static",   "assets",   "js",
    "css",      "wp-content", "uploads", "media",   "shop",     "store",    "service",
    "services", "info",     "contact",  "faq",      "company",  "privacy",  "terms",
    "press",    "ir",       "careers",  "jobs",     "event",    "events",   "campaign",
    "detail",   "list",     "top",      "home",     "index",    "feed",     "rss",
    "tag",      "tags",     "topics",   "update",   "download", "app",      "apps",
    "card",     "point",    "points",   "mail",     "inquiry",  "guide",    "sports",
    "weather",  "travel",   "recipe",   "music",    "game",     "games",    "movie",
};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const exts[] = {".html", ".htm", ".php", ".aspx", ".jsp",
                                   ".png",  ".jpg", ".js",  ".css",  ".pdf"};
#define NEXTS (sizeof exts / sizeof exts[0])

static const char *const keys[] = {"q",     "id",      "page",     "ref",      "lang",
                                   "utm_source", "utm_medium", "utm_campaign", "s",
                                   "p",     "sort",    "category", "continue", "redirect",
                                   "returnUrl", "from", "type",     "v",        "hl",
                                   "session", "token", "code",     "item",     "cid"};
#define NKEYS (sizeof keys / sizeof keys[0])

typedef struct gen {
    uint64_t s;
    char *buf;
    size_t n, cap;
} gen;

static uint64_t rnd(gen *g)
{
    g->s ^= g->s << 13;
    g->s ^= g->s >> 7;
    g->s ^= g->s << 17;
    return g->s;
}

static uint32_t below(gen *g, uint32_t n)
{
    return (uint32_t)(rnd(g) % n);
}

static void put(gen *g, const char *s)
{
    size_t l = strlen(s);
    if (g->n + l + 1 > g->cap)
        l = g->cap - g->n - 1;
    memcpy(g->buf + g->n, s, l);
    g->n += l;
    g->buf[g->n] = '\0';
}

static void put_digits(gen *g, uint32_t len)
{
    char d[24];
    for (uint32_t i = 0; i < len && i < 20; i++)
        d[i] = (char)('0' + (i == 0 ? 1 + below(g, 9) : below(g, 10)));
    d[len < 20 ? len : 20] = '\0';
    put(g, d);
}

static void put_hex(gen *g, uint32_t len)
{
    static const char hx[] = "0123456789abcdef";
    char d[40];
    for (uint32_t i = 0; i < len && i < 32; i++)
        d[i] = hx[below(g, 16)];
    d[len < 32 ? len : 32] = '\0';
    put(g, d);
}

static void put_slug(gen *g)
{
    uint32_t k = 2 + below(g, 4);
    for (uint32_t i = 0; i < k; i++) {
        if (i)
            put(g, "-");
        put(g, words[below(g, NWORDS)]);
    }
}

static void segment(gen *g)
{
    switch (below(g, 10)) {
    case 0:
        put_digits(g, 1 + below(g, 8));
        break;
    case 1:
        put_hex(g, 8 + below(g, 25));
        break;
    case 2:
        put_slug(g);
        break;
    case 3: {
        char d[16];
        snprintf(d, sizeof d, "%u/%02u", 2015 + below(g, 10), 1 + below(g, 12));
        put(g, d);
        break;
    }
    default:
        put(g, words[below(g, NWORDS)]);
    }
}

static void path(gen *g)
{
    uint32_t depth = below(g, 5); /* 0..4 segments */
    for (uint32_t i = 0; i < depth; i++) {
        put(g, "/");
        segment(g);
    }
    uint32_t end = below(g, 6);
    if (end == 0) { /* a file name */
        put(g, "/");
        put(g, below(g, 3) == 0 ? "index" : words[below(g, NWORDS)]);
        put(g, exts[below(g, NEXTS)]);
    } else if (end == 1) {
        put(g, "/"); /* directory */
    }
    if (below(g, 10) < 4) {
        uint32_t nq = 1 + below(g, 3);
        for (uint32_t i = 0; i < nq; i++) {
            put(g, i ? "&" : "?");
            put(g, keys[below(g, NKEYS)]);
            put(g, "=");
            switch (below(g, 4)) {
            case 0:
                put_digits(g, 1 + below(g, 7));
                break;
            case 1:
                put_hex(g, 6 + below(g, 27));
                break;
            case 2:
                put(g, "%2F");
                put(g, words[below(g, NWORDS)]);
                break;
            default:
                put(g, words[below(g, NWORDS)]);
            }
        }
    }
}

size_t mm_url_benign_urls(const char *domain, mm_arena *a, const char **out, size_t cap)
{
    char buf[512], u[1024];
    const char *b = benign_base(domain, buf, sizeof buf);
    if (*b == '\0' || cap < MM_URL_BENIGN_PER_DOMAIN)
        return 0;
    gen g = {XXH3_64bits(b, strlen(b)) | 1, u, 0, sizeof u};
    out[0] = mm_arena_printf(a, "https://%s/", b);
    out[1] = mm_arena_printf(a, "https://www.%s/", b);
    for (int i = 2; i < MM_URL_BENIGN_PER_DOMAIN; i++) {
        g.n = 0;
        u[0] = '\0';
        put(&g, below(&g, 8) == 0 ? "http://" : "https://");
        uint32_t h = below(&g, 10);
        if (h < 3) {
            put(&g, "www.");
        } else if (h < 7) {
            put(&g, subs[below(&g, NSUBS)]);
            put(&g, ".");
        }
        put(&g, b);
        path(&g);
        out[i] = mm_arena_strdup(a, u);
    }
    for (int i = 0; i < MM_URL_BENIGN_PER_DOMAIN; i++)
        if (out[i] == NULL)
            return 0;
    return MM_URL_BENIGN_PER_DOMAIN;
}
