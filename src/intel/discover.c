/*
 * discover.c — scoring and ranking for same-IP discovery: which domains
 * seen next to confirmed phishing hosts in passive DNS are likely
 * unreported phishing sites too.
 *
 * The mechanism, not the wording: an operator re-uses what costs money or
 * effort — a server (same IP, the more so when few domains live there), a
 * TLS certificate (near proof of one operator), a registration campaign
 * (first seen within days), the brand it impersonates (keywords, typos of
 * the brand's own domains, lure words). Each is a reason with a weight,
 * combined noisy-OR like screening verdicts. The look-alike check is
 * simple on purpose (keywords, edit distance ≤ 2, lures): the full URL
 * detector (src/screen) needs a screening context, which this analyst's
 * batch query over the store does not have. Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/discover_int.h"
#include "mamoru/norm.h"

#define MAX_BRANDS 1024
#define MAX_ITEMS 64 /* domains or keywords per brand */

typedef struct brand {
    char *name;
    char *domains[MAX_ITEMS]; /* registrable domains; "label.*" → wild[] */
    int ndomains;
    char *wild[MAX_ITEMS]; /* "amazon" of "amazon.*" */
    int nwild;
    char *kw[MAX_ITEMS]; /* ASCII keywords */
    bool whole[MAX_ITEMS]; /* "=kw": only as a whole token */
    int nkw;
} brand;

struct mm_discover_brands {
    brand *b;
    size_t n;
    char **lures;
    size_t nlures;
};

/* ---- parsing ------------------------------------------------------------------- */

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static bool ascii_kw(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

/* Split a comma list into items (malloc'd); "-" is empty. */
static int split_list(const char *s, size_t n, char **out, int max, bool *whole, bool kw)
{
    int k = 0;
    if (n == 1 && s[0] == '-')
        return 0;
    for (size_t i = 0; i < n && k < max;) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        const char *it = s + i;
        size_t len = j - i;
        while (len && *it == ' ')
            it++, len--;
        while (len && it[len - 1] == ' ')
            len--;
        bool w = false;
        if (kw && len > 1 && it[0] == '=') {
            w = true;
            it++;
            len--;
        }
        if (len > 0 && (!kw || ascii_kw(it, len))) {
            out[k] = dupn(it, len);
            if (out[k] == NULL)
                return -1;
            if (whole)
                whole[k] = w;
            k++;
        }
        i = j + 1;
    }
    return k;
}

void mm_discover_brands_free(mm_discover_brands *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++) {
        brand *x = &b->b[i];
        free(x->name);
        for (int k = 0; k < x->ndomains; k++)
            free(x->domains[k]);
        for (int k = 0; k < x->nwild; k++)
            free(x->wild[k]);
        for (int k = 0; k < x->nkw; k++)
            free(x->kw[k]);
    }
    for (size_t i = 0; i < b->nlures; i++)
        free(b->lures[i]);
    free(b->lures);
    free(b->b);
    free(b);
}

size_t mm_discover_brands_count(const mm_discover_brands *b)
{
    return b ? b->n : 0;
}

static mm_status parse_brand_line(brand *x, const char *line, size_t len, mm_error *err,
                                  size_t lineno)
{
    const char *col[5];
    size_t clen[5];
    int nc = 0;
    for (size_t i = 0, start = 0; i <= len && nc < 5; i++) {
        if (i == len || line[i] == '\t') {
            col[nc] = line + start;
            clen[nc++] = i - start;
            start = i + 1;
        }
    }
    if (nc != 5 || clen[0] == 0)
        return mm_error_set(err, MM_EINVAL, "brands",
                            "line %zu: expected 5 tab-separated columns (brand, group, aliases, "
                            "domains, keywords)",
                            lineno);
    memset(x, 0, sizeof *x);
    if ((x->name = dupn(col[0], clen[0])) == NULL)
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    char *doms[MAX_ITEMS];
    int nd = split_list(col[3], clen[3], doms, MAX_ITEMS, NULL, false);
    if (nd < 0)
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    for (int i = 0; i < nd; i++) {
        size_t dl = strlen(doms[i]);
        if (dl > 2 && strcmp(doms[i] + dl - 2, ".*") == 0) {
            doms[i][dl - 2] = '\0';
            x->wild[x->nwild++] = doms[i];
        } else {
            for (char *c = doms[i]; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
            x->domains[x->ndomains++] = doms[i];
        }
    }
    x->nkw = split_list(col[4], clen[4], x->kw, MAX_ITEMS, x->whole, true);
    if (x->nkw < 0)
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    return MM_OK;
}

mm_status mm_discover_brands_parse(const char *brands, size_t blen, const char *lures,
                                   size_t llen, mm_discover_brands **out, mm_error *err)
{
    *out = NULL;
    mm_discover_brands *b = calloc(1, sizeof *b);
    if (b == NULL)
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    b->b = calloc(MAX_BRANDS, sizeof *b->b);
    b->lures = calloc(256, sizeof *b->lures);
    if (b->b == NULL || b->lures == NULL) {
        mm_discover_brands_free(b);
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    }
    mm_status rc = MM_OK;
    size_t lineno = 0;
    for (size_t i = 0; brands && i < blen && rc == MM_OK;) {
        const char *nl = memchr(brands + i, '\n', blen - i);
        size_t end = nl ? (size_t)(nl - brands) : blen;
        size_t len = end - i;
        const char *line = brands + i;
        lineno++;
        if (len && line[len - 1] == '\r')
            len--;
        if (len > 0 && line[0] != '#') {
            if (b->n == MAX_BRANDS)
                rc = mm_error_set(err, MM_ELIMIT, "brands", "more than %d brands", MAX_BRANDS);
            else if ((rc = parse_brand_line(&b->b[b->n], line, len, err, lineno)) == MM_OK)
                b->n++;
            else
                b->n++; /* free what was parsed */
        }
        i = end + 1;
    }
    lineno = 0;
    for (size_t i = 0; lures && i < llen && rc == MM_OK;) {
        const char *nl = memchr(lures + i, '\n', llen - i);
        size_t end = nl ? (size_t)(nl - lures) : llen;
        const char *line = lures + i;
        size_t len = strcspn(line, "\t\r\n");
        if (len > end - i)
            len = end - i;
        lineno++;
        if (len > 0 && line[0] != '#' && ascii_kw(line, len) && b->nlures < 256 &&
            (b->lures[b->nlures] = dupn(line, len)) != NULL)
            b->nlures++;
        else if (len > 0 && line[0] != '#' && !ascii_kw(line, len) &&
                 (unsigned char)line[0] < 0x80)
            rc = mm_error_set(err, MM_EINVAL, "lures", "line %zu: '%.*s' is not a lure word",
                              lineno, (int)(len > 40 ? 40 : len), line);
        i = end + 1;
    }
    if (rc != MM_OK) {
        mm_discover_brands_free(b);
        return rc;
    }
    *out = b;
    return MM_OK;
}

/* ---- look-alike score ----------------------------------------------------------- */

/* Optimal string alignment distance, capped: returns cap + 1 when above. */
static int edit_distance(const char *a, size_t n, const char *b, size_t m, int cap)
{
    if (n > 63 || m > 63)
        return cap + 1;
    if ((n > m ? n - m : m - n) > (size_t)cap)
        return cap + 1;
    int d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int rowmin = cap + 1;
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > cap)
            return cap + 1;
    }
    return d[n][m];
}

/* Typos allowed for a target of len letters: none below 5, 1 up to 6, 2 above. */
static int typo_cap(size_t len)
{
    return len < 5 ? 0 : len < 7 ? 1 : 2;
}

/* host is d or a subdomain of d */
static bool under(const char *host, const char *d)
{
    size_t hl = strlen(host), dl = strlen(d);
    return hl == dl ? strcmp(host, d) == 0
                    : hl > dl && host[hl - dl - 1] == '.' && strcmp(host + hl - dl, d) == 0;
}

/* Registrable domain and its first label (arena strings); false when the
 * host has none (a public suffix, or not a valid name). */
static bool registrable(const char *host, mm_arena *a, const char **reg, const char **label)
{
    mm_domain d;
    if (mm_norm_domain(host, a, &d, NULL) != MM_OK || d.registrable == NULL)
        return false;
    *reg = d.registrable;
    size_t n = strcspn(d.registrable, ".");
    *label = mm_arena_strndup(a, d.registrable, n);
    return *label != NULL;
}

bool mm_discover_is_official(const mm_discover_brands *b, const char *host)
{
    if (b == NULL || host == NULL)
        return false;
    mm_arena *a = mm_arena_new(0);
    const char *reg = NULL, *label = NULL;
    bool have = a && registrable(host, a, &reg, &label);
    bool hit = false;
    for (size_t i = 0; i < b->n && !hit; i++) {
        const brand *x = &b->b[i];
        for (int k = 0; k < x->ndomains && !hit; k++)
            hit = under(host, x->domains[k]);
        for (int k = 0; k < x->nwild && !hit && have; k++)
            hit = strcmp(label, x->wild[k]) == 0;
    }
    mm_arena_free(a);
    return hit;
}

/* Tokens of the host without its public suffix: split at '.' and '-'. */
static size_t tokens(const char *s, size_t n, const char **tok, size_t *tlen, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max;) {
        while (i < n && (s[i] == '.' || s[i] == '-'))
            i++;
        size_t j = i;
        while (j < n && s[j] != '.' && s[j] != '-')
            j++;
        if (j > i) {
            tok[k] = s + i;
            tlen[k++] = j - i;
        }
        i = j;
    }
    return k;
}

int mm_discover_lookalike(const mm_discover_brands *b, const char *host, mm_arena *a,
                          const char **brand_out, const char **detail)
{
    *brand_out = NULL;
    *detail = NULL;
    if (b == NULL || host == NULL || mm_discover_is_official(b, host))
        return 0;
    /* the part before the public suffix ("smbc-card.secure-login" of
     * "smbc-card.secure-login.xyz"); the whole host when unknown */
    size_t n = strlen(host);
    mm_domain d;
    if (mm_norm_domain(host, a, &d, NULL) == MM_OK && d.suffix && strlen(d.suffix) < n)
        n -= strlen(d.suffix) + 1;
    const char *tok[64];
    size_t tlen[64];
    size_t nt = tokens(host, n, tok, tlen, 64);
    const char *reg = NULL, *label = NULL;
    bool have_reg = registrable(host, a, &reg, &label);
    int best = 0;
    for (size_t i = 0; i < b->n; i++) {
        const brand *x = &b->b[i];
        int w = 0;
        const char *why = NULL, *matched = NULL;
        for (int k = 0; k < x->nkw && w < 40; k++) {
            const char *kw = x->kw[k];
            size_t kl = strlen(kw);
            bool hit = false;
            if (x->whole[k]) {
                for (size_t t = 0; t < nt && !hit; t++)
                    hit = tlen[t] == kl && memcmp(tok[t], kw, kl) == 0;
            } else if (kl >= 3) {
                hit = memmem(host, n, kw, kl) != NULL;
            }
            if (hit) {
                w = 40;
                matched = kw;
                why = mm_arena_printf(a, "names the brand keyword '%s'", kw);
            }
        }
        /* typos of a keyword or of the brand's own domain label */
        for (int k = 0; k < x->nkw + x->ndomains + x->nwild && w < 35; k++) {
            char buf[64];
            const char *target;
            if (k < x->nkw) {
                target = x->kw[k];
            } else if (k < x->nkw + x->ndomains) {
                size_t l = strcspn(x->domains[k - x->nkw], ".");
                if (l >= sizeof buf)
                    continue;
                memcpy(buf, x->domains[k - x->nkw], l);
                buf[l] = '\0';
                target = buf;
            } else {
                target = x->wild[k - x->nkw - x->ndomains];
            }
            size_t tl = strlen(target);
            int cap = typo_cap(tl);
            if (cap == 0)
                continue;
            for (size_t t = 0; t <= nt && w < 35; t++) {
                const char *s = t < nt ? tok[t] : have_reg ? label : NULL;
                size_t sl = t < nt ? tlen[t] : s ? strlen(s) : 0;
                if (s == NULL || sl < 4)
                    continue;
                int dist = edit_distance(s, sl, target, tl, cap);
                if (dist >= 1 && dist <= cap) {
                    w = 35;
                    matched = mm_arena_strndup(a, s, sl);
                    why = mm_arena_printf(a, "'%.*s' is %d edit%s from '%s'", (int)sl, s, dist,
                                          dist > 1 ? "s" : "", target);
                }
            }
        }
        if (w == 0)
            continue;
        for (size_t l = 0; l < b->nlures; l++) {
            size_t ll = strlen(b->lures[l]);
            bool lure = false;
            if (matched && strstr(matched, b->lures[l]))
                continue; /* part of the brand name itself ("rakuten-card") */
            for (size_t t = 0; t < nt && !lure; t++)
                lure = tlen[t] == ll && memcmp(tok[t], b->lures[l], ll) == 0;
            if (lure) {
                w += 10;
                why = mm_arena_printf(a, "%s, with the lure word '%s'", why, b->lures[l]);
                break;
            }
        }
        if (w > best) {
            best = w;
            *brand_out = x->name;
            *detail = why;
        }
    }
    return best;
}

/* ---- ranking ---------------------------------------------------------------------- */

static int cmp_link(const void *a, const void *b)
{
    const discover_link *x = a, *y = b;
    return strcmp(x->candidate, y->candidate);
}

static int cmp_cand(const void *a, const void *b)
{
    const mm_discover_candidate *x = a, *y = b;
    if (x->score != y->score)
        return y->score - x->score;
    return strcmp(x->domain, y->domain);
}

/* Add s to a small set of strings (linear: a candidate has few seeds/IPs). */
static void set_add(const char **v, size_t *n, size_t cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(v[i], s) == 0)
            return;
    if (*n < cap)
        v[(*n)++] = s;
}

static void human_delta(int64_t s, char out[32])
{
    if (s < 0)
        s = -s;
    if (s < 3600)
        snprintf(out, 32, "%lld min", (long long)(s / 60));
    else if (s < 172800)
        snprintf(out, 32, "%lld h", (long long)(s / 3600));
    else
        snprintf(out, 32, "%lld days", (long long)(s / 86400));
}

mm_status discover_rank(const discover_link *links, size_t n, const mm_discover_brands *brands,
                        int64_t window_s, int limit, mm_arena *a, mm_discover_candidate **out,
                        size_t *nout, mm_error *err)
{
    *out = NULL;
    *nout = 0;
    if (n == 0)
        return MM_OK;
    discover_link *l = malloc(n * sizeof *l);
    if (l == NULL)
        return mm_error_set(err, MM_ENOMEM, "discover", "out of memory");
    memcpy(l, links, n * sizeof *l);
    qsort(l, n, sizeof *l, cmp_link);
    size_t ncand = 0;
    for (size_t i = 0; i < n; i++)
        ncand += i == 0 || strcmp(l[i].candidate, l[i - 1].candidate) != 0;
    mm_discover_candidate *c = mm_arena_calloc(a, ncand, sizeof *c);
    if (c == NULL) {
        free(l);
        return mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
    }
    size_t k = 0;
    mm_status rc = MM_OK;
    for (size_t i = 0; i < n && rc == MM_OK;) {
        size_t j = i;
        while (j < n && strcmp(l[j].candidate, l[i].candidate) == 0)
            j++;
        mm_discover_candidate *x = &c[k++];
        x->domain = l[i].candidate;
        x->seeds = mm_arena_calloc(a, 16, sizeof *x->seeds);
        x->ips = mm_arena_calloc(a, 16, sizeof *x->ips);
        x->reasons = mm_arena_calloc(a, 5, sizeof *x->reasons);
        if (!x->seeds || !x->ips || !x->reasons) {
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
            break;
        }
        double keep_ip = 1.0; /* Π(1 − w) over shared IPs */
        const discover_link *ip_best = NULL, *cert_link = NULL, *close = NULL;
        int ip_w_best = 0, nip_links = 0;
        int64_t best_gap = -1;
        for (size_t t = i; t < j; t++) {
            const discover_link *L = &l[t];
            set_add(x->seeds, &x->nseeds, 16, L->seed);
            if (L->cand_first > 0 && (x->first_seen == 0 || L->cand_first < x->first_seen))
                x->first_seen = L->cand_first;
            if (L->ip) {
                set_add(x->ips, &x->nips, 16, L->ip);
                int w = L->fanout <= 5 ? 35 : L->fanout <= 50 ? 25 : 15;
                keep_ip *= 1.0 - w / 100.0;
                nip_links++;
                if (w > ip_w_best) {
                    ip_w_best = w;
                    ip_best = L;
                }
            }
            if (L->cert && cert_link == NULL)
                cert_link = L;
            if (L->cand_first > 0 && L->seed_first > 0) {
                int64_t gap = L->cand_first - L->seed_first;
                if (gap < 0)
                    gap = -gap;
                if (gap <= window_s && (best_gap < 0 || gap < best_gap)) {
                    best_gap = gap;
                    close = L;
                }
            }
        }
        if (ip_best) {
            int w = (int)(100.0 * (1.0 - keep_ip) + 0.5);
            if (w > 60)
                w = 60;
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "SAME_IP",
                mm_arena_printf(a, "shares %s (%d domain%s there) with confirmed phishing host %s%s",
                                ip_best->ip, ip_best->fanout, ip_best->fanout == 1 ? "" : "s",
                                ip_best->seed,
                                nip_links > 1 ? mm_arena_printf(a, " (+%d more link%s)",
                                                                nip_links - 1,
                                                                nip_links > 2 ? "s" : "")
                                              : ""),
                w};
        }
        if (cert_link)
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "SHARED_CERT",
                mm_arena_printf(a, "serves the same TLS certificate (%.16s…) as %s",
                                cert_link->cert, cert_link->seed),
                50};
        if (close) {
            char gap[32];
            human_delta(best_gap, gap);
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "FIRST_SEEN_CLOSE",
                mm_arena_printf(a, "first seen %s %s %s", gap,
                                close->cand_first >= close->seed_first ? "after" : "before",
                                close->seed),
                best_gap <= 86400 ? 25 : 15};
        }
        /* same registrable domain as a seed (another subdomain of the kit) */
        const char *creg = NULL, *clab = NULL;
        if (registrable(x->domain, a, &creg, &clab)) {
            for (size_t s = 0; s < x->nseeds; s++) {
                const char *sreg = NULL, *slab = NULL;
                if (registrable(x->seeds[s], a, &sreg, &slab) && strcmp(sreg, creg) == 0) {
                    x->reasons[x->nreasons++] = (mm_discover_reason){
                        "SAME_REGISTRABLE",
                        mm_arena_printf(a, "same registrable domain %s as %s", creg, x->seeds[s]),
                        30};
                    break;
                }
            }
        }
        const char *why = NULL;
        int lw = mm_discover_lookalike(brands, x->domain, a, &x->brand, &why);
        if (lw > 0)
            x->reasons[x->nreasons++] = (mm_discover_reason){"LOOKALIKE", why, lw};
        if (x->brand) /* results must not point into brands, which the caller may free */
            x->brand = mm_arena_strdup(a, x->brand);
        double keep = 1.0;
        for (size_t r = 0; r < x->nreasons; r++)
            keep *= 1.0 - x->reasons[r].weight / 100.0;
        x->score = (int)(100.0 * (1.0 - keep) + 0.5);
        i = j;
    }
    free(l);
    if (rc != MM_OK)
        return rc;
    qsort(c, k, sizeof *c, cmp_cand);
    *out = c;
    *nout = limit > 0 && (size_t)limit < k ? (size_t)limit : k;
    return MM_OK;
}
