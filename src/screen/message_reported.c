/*
 * message_reported.c — phrases that are someone else's words, reported.
 *
 * Warnings from the police, banks and city halls quote the fraudster to
 * describe him: 「あなたの口座が犯罪に使われている」という電話, 「還付金が
 * ある」と言ってATMへ誘導する手口. The words inside the quotation are the
 * lure's, but the message reports them; Japanese marks reported speech
 * with a quotative particle right after the closing bracket (と, という,
 * との, などと, といった, って). A fraudster addresses the reader and has
 * no reason to report his own lines that way, so phrase hits inside such a
 * quotation set nothing. Quotations not followed by a quotative (a title,
 * 「重要」 for emphasis) are left alone, and so are the lines a fraudster
 * scripts for the victim: 「家族への送金」と答えてください, LINEで「投資」と
 * 送ってね — a quotative followed at once by a verb in the imperative
 * (…てください, …てね, …てくれ). Channels inside quotations are
 * already not counted as the message's own (message.c, quoted_at).
 * So is a sentence that describes a fraud to warn of it (warned_sentences).
 * Pure: no I/O.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "screen/message_internal.h"

#define MAX_QUOTES 32

/* Where the clause holding byte i starts: just after the 。！？!? or line
 * break before it, or 0. */
static size_t clause_start(const char *t, size_t len, size_t i)
{
    while (i > 0 && !msg_clause_end(t, len, i - 1) && !(i >= 3 && msg_clause_end(t, len, i - 3)))
        i--;
    return i;
}

/* Does a short verb in the imperative start at i ("答えてください",
 * "送ってね", "入力して下さい")? Looks at most 8 characters ahead. */
static bool imperative_at(const char *t, size_t len, size_t i)
{
    static const char *const ask[] = {"てください", "て下さい",   "てね",  "てくれ",
                                      "てほしい",   "でください", "なさい"};
    for (size_t j = i; j < len && j < i + 24; j++) {
        if (msg_starts(t, len, j, "。") || msg_starts(t, len, j, "、") || t[j] == '\n')
            return false;
        for (size_t k = 0; k < sizeof ask / sizeof ask[0]; k++)
            if (msg_starts(t, len, j, ask[k]))
                return true;
    }
    return false;
}

/* Is the text at i (after a closing bracket) a quotative particle that
 * reports the words rather than scripting them for the reader? */
static bool quotative_at(const char *t, size_t len, size_t i)
{
    while (i < len && t[i] == ' ')
        i++;
    static const char *const q[] = {"などと", "等と", "と", "って"};
    for (size_t k = 0; k < sizeof q / sizeof q[0]; k++)
        if (msg_starts(t, len, i, q[k]))
            return !imperative_at(t, len, i + strlen(q[k]));
    return false;
}

/* Does another quotation open at i, after spaces or a list mark
 * (「…」「…」という, 「…」や「…」といった)? */
static bool quotation_follows(const char *t, size_t len, size_t i)
{
    static const char *const sep[] = {"、", "や", "・", "，"};
    while (i < len && t[i] == ' ')
        i++;
    for (size_t k = 0; k < sizeof sep / sizeof sep[0]; k++)
        if (msg_starts(t, len, i, sep[k])) {
            i += strlen(sep[k]);
            break;
        }
    while (i < len && t[i] == ' ')
        i++;
    return msg_quote_mark(t, len, i) > 0;
}

/* Byte ranges [from, to) of the quotations of t closed by a quotative; a
 * chain of quotations reported together (「番号を教えて」「届いたコードを
 * 送って」というDM) is one range, so a phrase spanning two of its lines is
 * reported too. */
static size_t reported_quotes(const char *t, size_t len, uint32_t from[], uint32_t to[])
{
    size_t n = 0;
    int kind = 0; /* the open quotation's mark, 0 none */
    size_t start = 0;
    size_t chain = SIZE_MAX; /* start of the chain the open quotation ends */
    for (size_t i = 0; i < len && n < MAX_QUOTES; i++) {
        int q = msg_quote_mark(t, len, i);
        if (kind == 0 && q > 0) {
            kind = q;
            start = i + 3;
        } else if (kind != 0 && q == -kind) {
            if (quotative_at(t, len, i + 3)) {
                from[n] = (uint32_t)(chain != SIZE_MAX ? chain : start);
                to[n++] = (uint32_t)i;
                chain = SIZE_MAX;
            } else if (quotation_follows(t, len, i + 3)) {
                if (chain == SIZE_MAX)
                    chain = start;
            } else {
                chain = SIZE_MAX;
            }
            kind = 0;
        }
    }
    return n;
}

/* "…って言われたんだね / のね / んでしょ": the reader's own situation told
 * back to them (a recovery or investment scammer's echo), not a report */
static bool to_the_reader(const char *t, size_t len, size_t i)
{
    static const char *const echo[] = {"たんだね",   "たのね",   "たんですね", "たんだよね",
                                       "たんでしょ", "たでしょ", "たよね",     "ましたね"};
    for (size_t k = 0; k < sizeof echo / sizeof echo[0]; k++)
        if (msg_starts(t, len, i, echo[k]))
            return true;
    return false;
}

/* Reported without brackets: "初期費用3万円って言われたから断った", "還付金が
 * あると言われて怪しいと思った", "株のグループ入ってる？って聞かれた". The
 * words from the start of the sentence to a quotative + 言われ / 聞かれ /
 * 言って(た|きた|くる) are what someone else said; a scripted line for the
 * reader ("…と言ってください") is not reported. */
static size_t reported_sentences(const char *t, size_t len, uint32_t from[], uint32_t to[],
                                 size_t n)
{
    /* the verbs (言 or 聞, found with memmem), then the quotative before
     * them and the sentence start behind that */
    static const char *const verb[] = {"言われ", "言って", "聞かれ"};
    static const char *const quot[] = {"とか", "って", "と"};
    const char *end = t + len;
    const char *a = memmem(t, len, "言", 3), *b = memmem(t, len, "聞", 3);
    while (n < MAX_QUOTES && (a || b)) {
        /* the earlier of the two, and the next of its kind */
        const char *v = a && (!b || a < b) ? a : b;
        if (v == a)
            a = memmem(a + 3, (size_t)(end - a - 3), "言", 3);
        else
            b = memmem(b + 3, (size_t)(end - b - 3), "聞", 3);
        size_t i = (size_t)(v - t), l = 0;
        for (size_t k = 0; k < sizeof verb / sizeof verb[0] && !l; k++)
            if (msg_starts(t, len, i, verb[k]))
                l = strlen(verb[k]);
        size_t q = 0;
        for (size_t k = 0; k < sizeof quot / sizeof quot[0] && l && !q; k++) {
            size_t ql = strlen(quot[k]);
            if (i >= ql && memcmp(t + i - ql, quot[k], ql) == 0)
                q = ql;
        }
        if (!l || !q)
            continue;
        /* 言って must be past or reporting (言ってた, 言ってきた), not
         * "言ってください"; the passive (言われ, 聞かれ) is always reported */
        bool passive = msg_starts(t, len, i + 3, "われ") || msg_starts(t, len, i + 3, "かれ");
        bool past = msg_starts(t, len, i + l, "た") || msg_starts(t, len, i + l, "き") ||
                    msg_starts(t, len, i + l, "い") || msg_starts(t, len, i + l, "くる");
        if (!(passive || past) || imperative_at(t, len, i + l) || to_the_reader(t, len, i + l))
            continue;
        size_t start = clause_start(t, len, i - q);
        if (start < i - q) { /* the quotative too: a phrase may end in it (番号変わったと) */
            from[n] = (uint32_t)start;
            to[n++] = (uint32_t)i;
        }
    }
    return n;
}

/* The words the cheap tests look for, as one Vectorscan literal database
 * compiled once per process: 言 or 聞 (told: someone said or asked), 注意,
 * 気をつけ or 気を付け (warned), and the warnings' sentence endings
 * (warned_sentences). One SIMD pass over a 3 KB e-mail replaced a
 * character loop and six memmem passes that together cost ~5 % of its
 * screening. */
static const char *const warn_end[] = {"ご注意ください",     "ご注意下さい",
                                       "注意してください",   "お気をつけください",
                                       "お気を付けください", "気をつけてください"};
enum { NWARN = sizeof warn_end / sizeof warn_end[0], CUE_TOLD = 0, CUE_WARNED = 2, CUE_END = 5 };
static const char *const cue_words[CUE_END] = {"言", "聞", "注意", "気をつけ", "気を付け"};
/* warning endings kept per message: a text with more is a list of
 * warnings, and those past the first MAX_ENDS only stay unexempted */
#define MAX_ENDS 64

static hs_database_t *cue_db;
static pthread_once_t cue_once = PTHREAD_ONCE_INIT;

static void cue_compile(void)
{
    const char *w[CUE_END + NWARN];
    for (size_t k = 0; k < CUE_END + NWARN; k++)
        w[k] = k < CUE_END ? cue_words[k] : warn_end[k - CUE_END];
    cue_db = msg_literal_db_new(w, CUE_END + NWARN);
}

const hs_database_t *msg_cue_db(void)
{
    pthread_once(&cue_once, cue_compile);
    return cue_db;
}

/* What one pass found: the cues, and where warning endings end (byte
 * offset after them, in the order of those offsets) by kind. */
typedef struct cues {
    bool told, warned;
    size_t nends;
    uint32_t end[MAX_ENDS];
    uint8_t kind[MAX_ENDS];
} cues;

static int on_cue(unsigned int id, unsigned long long from, unsigned long long to,
                  unsigned int flags, void *ctx)
{
    (void)from, (void)flags;
    cues *c = ctx;
    if (id < CUE_WARNED)
        c->told = true;
    else if (id < CUE_END)
        c->warned = true;
    else if (c->nends < MAX_ENDS) {
        c->end[c->nends] = (uint32_t)to;
        c->kind[c->nends++] = (uint8_t)(id - CUE_END);
    }
    return 0;
}

/* The cues of t; every cue set when no scan can be made (out of memory),
 * so that the slower tests run rather than none. */
static void find_cues(const mm_message_model *m, const char *t, size_t len, cues *c)
{
    memset(c, 0, sizeof *c);
    if (!msg_scan_literals(m, msg_cue_db(), t, len, on_cue, c))
        c->told = c->warned = true;
}

/* Sentences that describe a fraud to warn of it: "トレンドマイクロを装い、
 * 電話をかけさせて遠隔操作ソフトを入れさせるサポート詐欺にご注意ください".
 * The sentence ends in a warning (…にご注意ください), names a fraud (詐欺,
 * 手口, フィッシング, 偽) and says who it poses as (を装い, を騙る, に
 * なりすまし) — a fraudster addresses the reader and does not describe
 * himself so. Appended to from/to after the n spans already there. */
static size_t warned_sentences(const char *t, size_t len, const cues *c, uint32_t *from,
                               uint32_t *to, size_t n)
{
    static const char *const fraud[] = {"詐欺", "手口", "フィッシング", "偽"};
    static const char *const poses[] = {"を装", "を騙", "をかた", "になりすま"};
    /* each ending's occurrences in text order, endings in table order */
    for (size_t k = 0; k < NWARN && n < MAX_QUOTES; k++)
        for (size_t o = 0; o < c->nends && n < MAX_QUOTES; o++) {
            if (c->kind[o] != k)
                continue;
            size_t e = c->end[o], p = e - strlen(warn_end[k]);
            if (e < len && !msg_clause_end(t, len, e) && t[e] != ' ')
                continue; /* the sentence goes on: not its end */
            size_t start = clause_start(t, len, p);
            bool named = false, posing = false;
            for (size_t f = 0; f < sizeof fraud / sizeof fraud[0] && !named; f++)
                named = memmem(t + start, e - start, fraud[f], strlen(fraud[f])) != NULL;
            for (size_t f = 0; f < sizeof poses / sizeof poses[0] && named && !posing; f++)
                posing = memmem(t + start, e - start, poses[f], strlen(poses[f])) != NULL;
            if (named && posing) {
                from[n] = (uint32_t)start;
                to[n++] = (uint32_t)e;
            }
        }
    return n;
}

/* Does t contain a closing 」, 』 or ”? */
static bool has_closing_quote(const char *t, size_t len)
{
    /* every quotation mark has 0x80 for its second byte: memchr finds
     * the candidates (a byte loop cost ~1k instructions a message) */
    for (const char *p = len > 1 ? memchr(t + 1, 0x80, len - 1) : NULL; p;
         p = (size_t)(p + 1 - t) < len ? memchr(p + 1, 0x80, len - (size_t)(p + 1 - t)) : NULL)
        if (msg_quote_mark(t, len, (size_t)(p - 1 - t)) < 0)
            return true;
    return false;
}

size_t msg_drop_reported_hits(const mm_message_model *m, msg_hit *h, size_t n, const char *orig,
                              size_t len)
{
    /* cheap tests first: most messages quote nobody (one pass for 」』”,
     * one for the verbs and warnings) */
    if (n == 0)
        return n;
    bool quotes = has_closing_quote(orig, len);
    cues c;
    find_cues(m, orig, len, &c);
    if (!quotes && !c.told && !c.warned)
        return n;
    uint32_t from[MAX_QUOTES], to[MAX_QUOTES];
    size_t nq = quotes ? reported_quotes(orig, len, from, to) : 0;
    if (c.told)
        nq = reported_sentences(orig, len, from, to, nq);
    if (c.warned)
        nq = warned_sentences(orig, len, &c, from, to, nq);
    if (nq == 0)
        return n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool reported = false;
        if (h[i].id < m->nphrases) {
            int sig = m->phrases[h[i].id].signal;
            bool marker = sig == m->sig_warn || sig == m->sig_never;
            for (size_t q = 0; q < nq && !marker && !reported; q++)
                reported = h[i].from >= from[q] && h[i].to <= to[q];
        }
        if (!reported)
            h[k++] = h[i];
    }
    return k;
}
