/*
 * message_claim_latin.c — the organisation an English message names, and
 * whether a link is on that name's own domain.
 *
 * message_claim.c romanises a Japanese claim (【はやぶさ急便】, "…銀行です").
 * A notice in English names its sender in capitalised words instead:
 * "Kumo Tea Shop: your order…", "Hello, this is Kazeno Fitness Tsukuba.",
 * a sign-off "Sakura Mobile Customer Support". A small organisation's own
 * domain is those words run together or abbreviated (kumocoin, sakuramobile,
 * kazeno-fit); a fraudster who uses the name glues decoration to it
 * (kumocoin-verify). These names only ever make a link the sender's own
 * (1) or an imitation (-1): an English text naming capitalised words is no
 * claim to hold other links against, so they never set @brand_claim.
 * Pure: no I/O, no allocation (fixed buffers in msg_claim).
 */
#include <stdint.h>
#include <string.h>

#include "screen/message_internal.h"

static bool upper(char ch)
{
    return ch >= 'A' && ch <= 'Z';
}

static bool letter(char ch)
{
    return (ch >= 'a' && ch <= 'z') || upper(ch);
}

/* Words of every sentence that name no organisation. */
static bool stop_word(const char *w)
{
    static const char *const stop[] = {
        "the",      "your",    "you",     "our",     "we",       "this",     "that",   "dear",
        "hello",    "hi",      "please",  "thank",   "thanks",   "for",      "and",    "from",
        "with",     "customer", "support", "team",   "service",  "services", "center", "centre",
        "desk",     "ltd",     "inc",     "corp",    "co",       "subject",  "notice", "important",
        "payment",  "account", "order",   "your",    "new",      "update",   "info",   "information",
        "security", "alert",   "regards", "best",    "sincerely", "office",  "department"};
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (strcmp(w, stop[i]) == 0)
            return true;
    return false;
}

static void add(msg_claim *c, const char *s, size_t n)
{
    char w[sizeof c->lword[0]];
    if (n < 3 || n >= sizeof w || c->nlword >= sizeof c->lword / sizeof c->lword[0])
        return;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)(upper(s[i]) ? s[i] - 'A' + 'a' : s[i]);
    w[n] = 0;
    if (stop_word(w))
        return;
    for (size_t i = 0; i < c->nlword; i++)
        if (strcmp(c->lword[i], w) == 0)
            return;
    memcpy(c->lword[c->nlword++], w, n + 1);
}

/* Is any of the eight bytes at s an ASCII capital (0x41-0x5A) or 't'?
 * (SWAR: a byte range test and a zero test on the bytes xor 't'; bytes
 * >= 0x80 never count.) */
static bool may_start(const char *s)
{
    uint64_t x;
    memcpy(&x, s, sizeof x);
    const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
    uint64_t low7 = x & ~high;
    uint64_t capital = ((ones * (127 + 0x5B) - low7) & ~x & (low7 + ones * (127 - 0x40))) & high;
    uint64_t v = x ^ (ones * 't');
    uint64_t tee = (v - ones) & ~v & high;
    return (capital | tee) != 0;
}

/* The word starting at s[i] (letters only); its length. */
static size_t word_at(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && letter(s[j]))
        j++;
    return j - i;
}

/* Add up to max words from i on while they are capitalised (the first may
 * be lower case when lead is set: "moomoo:"); returns how many. */
static size_t take_words(msg_claim *c, const char *s, size_t len, size_t i, size_t max, bool lead)
{
    size_t n = 0;
    while (n < max && i < len) {
        size_t l = word_at(s, len, i);
        if (l == 0 || !(upper(s[i]) || (lead && n == 0)))
            break;
        add(c, s + i, l);
        n++;
        i += l;
        if (i < len && s[i] == '.' && i + 1 < len && letter(s[i + 1]))
            i++; /* Amazon.co.jp */
        if (i >= len || s[i] != ' ')
            break;
        i++;
    }
    return n;
}

void msg_claim_parse_latin(msg_claim *c, const char *t, size_t len)
{
    c->nlword = 0;
    size_t i = 0;
    while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '['))
        i++;
    if (len - i > 9 && strncmp(t + i, "Subject: ", 9) == 0)
        i += 9;
    /* "Name:" or "[Name]" opening the text */
    size_t j = i;
    while (j < len && j < i + 40 && (letter(t[j]) || t[j] == ' ' || t[j] == '.' || t[j] == '&'))
        j++;
    if (j > i && j < len && (t[j] == ':' || t[j] == ']'))
        take_words(c, t, j, i, 5, true);
    /* "this is Name" and every run of two or more capitalised words */
    for (size_t p = 0; p < len; p++) {
        /* most bytes start neither: skip eight at a time while none is a
         * capital or a 't' (2-3 KB of mail body otherwise cost ~20k
         * instructions a message) */
        while (p + 8 <= len && !may_start(t + p))
            p += 8;
        if (p >= len)
            break;
        if (p + 8 <= len && (t[p] == 't' || t[p] == 'T') && strncmp(t + p + 1, "his is ", 7) == 0 &&
            (p == 0 || !letter(t[p - 1]))) {
            take_words(c, t, len, p + 8, 4, false);
            continue;
        }
        if (!upper(t[p]) || (p > 0 && letter(t[p - 1])))
            continue;
        /* two capitalised words in a row */
        size_t l = word_at(t, len, p);
        if (p + l + 1 < len && t[p + l] == ' ' && upper(t[p + l + 1])) {
            size_t q = p;
            size_t n = 0;
            while (q < len && n < 5) {
                size_t wl = word_at(t, len, q);
                if (wl == 0 || !upper(t[q]))
                    break;
                n++;
                q += wl;
                if (q >= len || t[q] != ' ')
                    break;
                q++;
            }
            if (n >= 2)
                take_words(c, t, len, p, n, false);
            p = q > p ? q - 1 : p;
        }
    }
}

/* Can label (lower case letters) be cut into the claim's words, each whole
 * or abbreviated to its first three letters or more, with at least one
 * whole word of four letters or more? */
static bool made_of_words(const msg_claim *c, const char *label, size_t n)
{
    unsigned char reach[64] = {0}; /* 0 no, 1 yes, 2 yes with a whole word */
    if (n == 0 || n >= sizeof reach)
        return false;
    reach[0] = 1;
    for (size_t i = 0; i < n; i++) {
        if (!reach[i])
            continue;
        if (label[i] == '-') {
            if (reach[i + 1] < reach[i])
                reach[i + 1] = reach[i];
            continue;
        }
        for (size_t k = 0; k < c->nlword; k++) {
            const char *w = c->lword[k];
            size_t wl = strlen(w), m = 0;
            while (m < wl && i + m < n && label[i + m] == w[m])
                m++;
            if (m == wl) {
                unsigned char r = wl >= 4 ? 2 : reach[i];
                if (reach[i + m] < r)
                    reach[i + m] = r;
            }
            for (size_t p = 3; p <= m && p < wl; p++)
                if (reach[i + p] < reach[i])
                    reach[i + p] = reach[i];
        }
        static const char *const neutral[] = {"jp", "japan", "group", "hd"};
        for (size_t k = 0; k < sizeof neutral / sizeof neutral[0]; k++) {
            size_t l = strlen(neutral[k]);
            if (i + l <= n && strncmp(label + i, neutral[k], l) == 0 && reach[i + l] < reach[i])
                reach[i + l] = reach[i];
        }
    }
    return reach[n] == 2;
}

int msg_claim_latin_link(const msg_claim *c, const char *registrable)
{
    if (c->nlword == 0 || registrable == NULL)
        return 0;
    const char *dot = strchr(registrable, '.');
    size_t n = dot ? (size_t)(dot - registrable) : strlen(registrable);
    char label[64];
    if (n == 0 || n >= sizeof label)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = registrable[i];
        label[i] = (char)(upper(ch) ? ch - 'A' + 'a' : ch);
    }
    label[n] = 0;
    if (made_of_words(c, label, n))
        return 1;
    /* a claimed word glued to decoration: kumocoin-verify, secure-kazeno */
    for (size_t k = 0; k < c->nlword; k++)
        if (strlen(c->lword[k]) >= 4 && strstr(label, c->lword[k]) && msg_claim_decorated(label))
            return -1;
    return 0;
}
