/*
 * email_mime.c — the MIME walk: multipart bodies split at their boundaries
 * (nested, with preamble and epilogue ignored and a missing closing
 * delimiter tolerated), message/rfc822 parts read as the messages they are
 * (forwarded fraud), text/plain and text/html parts decoded to UTF-8 and
 * joined, everything else recorded as an attachment and skipped.
 *
 * multipart/alternative: the text/plain alternative is the text (it is
 * what the sender wrote for people), the HTML one when there is no plain
 * one or the plain one says far less (a "view in HTML" stub or a decoy);
 * the links of every alternative are kept, because the HTML part is what
 * the reader sees and clicks. Limits (parts, depth, text
 * size, links) cut the walk short with MM_EMAIL_F_TRUNCATED; boundaries
 * are found with memmem, so each nesting level reads its bytes once.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "ingest/email_internal.h"

#define PUT(out, p, n, st)                                                                         \
    do {                                                                                           \
        if (mm_buf_append((out), (p), (n)) != MM_OK)                                               \
            (st)->flags |= EMAIL_F_NOMEM;                                                          \
    } while (0)

/* ---- text and links --------------------------------------------------------------- */

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

void email_text_append(email_state *st, mm_buf *out, const char *s, size_t n)
{
    if (is_blank(s, n))
        return;
    if (out->len >= MM_EMAIL_MAX_TEXT) {
        st->flags |= MM_EMAIL_F_TRUNCATED;
        return;
    }
    if (out->len) {
        /* one blank line between parts */
        while (out->len && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == ' '))
            out->len--;
        PUT(out, "\n\n", 2, st);
    }
    /* skip leading blank lines of the part */
    size_t b = 0;
    while (b < n && (s[b] == '\r' || s[b] == '\n'))
        b++;
    /* every byte gives at most one: room reserved once, runs copied straight */
    email_buf_reserve(out, n - b, &st->flags);
    if (out->data == NULL || out->cap < out->len + (n - b) + 1)
        return; /* EMAIL_F_NOMEM is set */
    char *o = out->data + out->len;
    size_t run = b;
    for (size_t i = b; i < n; i++) {
        /* eight bytes at a time while none is below 0x20 (SWAR "has less
         * than": exact about whether such a byte is there, and about which
         * is the first; on little-endian machines the scan goes straight
         * to it) */
        for (uint64_t w, m; i + 8 <= n; i += 8) {
            memcpy(&w, s + i, 8);
            m = (w - UINT64_C(0x2020202020202020)) & ~w & UINT64_C(0x8080808080808080);
            if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                i += (size_t)__builtin_ctzll(m) / 8;
#endif
                break;
            }
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 || c == '\t' || c == '\n')
            continue;
        memcpy(o, s + run, i - run);
        o += i - run;
        if (c == '\r') {
            if (i + 1 < n && s[i + 1] == '\n') {
                run = ++i; /* CRLF: the LF starts the next run */
                continue;
            }
            *o++ = '\n';
        }
        run = i + 1;
    }
    memcpy(o, s + run, n - run);
    o += n - run;
    out->len = (size_t)(o - out->data);
    if (out->len > MM_EMAIL_MAX_TEXT) {
        size_t k = MM_EMAIL_MAX_TEXT;
        while (k > 0 && ((unsigned char)out->data[k] & 0xC0) == 0x80)
            k--; /* never cut a UTF-8 sequence */
        out->len = k;
        st->flags |= MM_EMAIL_F_TRUNCATED;
    }
    out->data[out->len] = '\0';
}

/* Arena copy of s[0..n): trimmed, tabs and line breaks removed (hrefs) or
 * turned into spaces and runs collapsed (visible text). */
static char *clean_copy(mm_arena *a, const char *s, size_t n, bool href)
{
    while (n > 0 && ((unsigned char)*s <= 0x20))
        s++, n--;
    while (n > 0 && ((unsigned char)s[n - 1] <= 0x20))
        n--;
    char *o = mm_arena_alloc(a, n + 1);
    if (o == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((unsigned char)c < 0x20 || c == ' ') {
            if (href && c != ' ')
                continue;
            if (k && o[k - 1] == ' ')
                continue;
            c = ' ';
        }
        o[k++] = c;
    }
    o[k] = '\0';
    return o;
}

void email_link_add(email_state *st, const char *href, size_t href_len, const char *text,
                    size_t text_len)
{
    if (st->nlinks >= MM_EMAIL_MAX_LINKS) {
        st->flags |= MM_EMAIL_F_TRUNCATED;
        return;
    }
    char *h = clean_copy(st->a, href, href_len, true);
    if (h == NULL) {
        st->flags |= EMAIL_F_NOMEM;
        return;
    }
    if (*h == '\0')
        return;
    char *t = NULL;
    if (text) {
        t = clean_copy(st->a, text, text_len, false);
        if (t == NULL) {
            st->flags |= EMAIL_F_NOMEM;
            return;
        }
        if (*t == '\0')
            t = NULL;
    }
    if (st->nlinks == st->links_cap) {
        size_t cap = st->links_cap ? st->links_cap * 2 : 8;
        mm_link *l = mm_arena_alloc(st->a, cap * sizeof *l);
        if (l == NULL) {
            st->flags |= EMAIL_F_NOMEM;
            return;
        }
        if (st->nlinks)
            memcpy(l, st->links, st->nlinks * sizeof *l);
        st->links = l;
        st->links_cap = cap;
    }
    st->links[st->nlinks++] = (mm_link){h, t};
}

static void attachment_add(email_state *st, const char *type, const char *filename, size_t size)
{
    if (st->natt == st->att_cap) {
        size_t cap = st->att_cap ? st->att_cap * 2 : 4;
        mm_email_attachment *v = mm_arena_alloc(st->a, cap * sizeof *v);
        if (v == NULL) {
            st->flags |= EMAIL_F_NOMEM;
            return;
        }
        if (st->natt)
            memcpy(v, st->att, st->natt * sizeof *v);
        st->att = v;
        st->att_cap = cap;
    }
    st->att[st->natt++] = (mm_email_attachment){type, filename, size};
}

/* ---- headers of a part -------------------------------------------------------------- */

typedef struct part_hdr {
    mm_arena *a;
    const char *ctype, *cte, *disp;
    unsigned flags;
} part_hdr;

static void part_field(void *vctx, const email_field *f)
{
    part_hdr *h = vctx;
    const char **slot = NULL;
    if (f->name_len == 12 && strncasecmp(f->name, "content-type", 12) == 0)
        slot = &h->ctype;
    else if (f->name_len == 25 && strncasecmp(f->name, "content-transfer-encoding", 25) == 0)
        slot = &h->cte;
    else if (f->name_len == 19 && strncasecmp(f->name, "content-disposition", 19) == 0)
        slot = &h->disp;
    if (slot && *slot == NULL) {
        *slot = email_unfold(f->value, f->value_len, h->a);
        if (*slot == NULL)
            h->flags |= EMAIL_F_NOMEM;
    }
}

void email_entity(email_state *st, const char *s, size_t n, unsigned depth, bool digest,
                  mm_buf *out)
{
    part_hdr h = {.a = st->a};
    size_t body = email_header_block(s, n, part_field, &h, NULL, &h.flags);
    st->flags |= h.flags;
    email_body(st, h.ctype, h.cte, h.disp, s + body, n - body, depth, digest, out);
}

/* ---- Content-Type ---------------------------------------------------------------------- */

/* "Text/HTML ; charset=..." → "text/html" (arena, lower case), or NULL
 * when there is no type/subtype. */
static char *media_type(const char *v, mm_arena *a)
{
    if (v == NULL)
        return NULL;
    size_t i = 0;
    while (v[i] == ' ' || v[i] == '\t')
        i++;
    size_t s = i;
    while (v[i] && v[i] != ';' && v[i] != ' ' && v[i] != '\t' && v[i] != '(')
        i++;
    const char *slash = memchr(v + s, '/', i - s);
    if (slash == NULL || slash == v + s || slash + 1 == v + i)
        return NULL;
    char *t = mm_arena_strndup(a, v + s, i - s);
    if (t)
        for (char *p = t; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
    return t;
}

static bool starts_ci(const char *s, const char *prefix)
{
    return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Transfer-decode body into dec (or point at it directly for identity
 * encodings). Returns the decoded bytes. */
static const char *transfer_decode(email_state *st, const char *cte, const char *s, size_t n,
                                   mm_buf *dec, size_t *out_n)
{
    const char *c = cte;
    while (c && (*c == ' ' || *c == '\t' || *c == '"'))
        c++;
    if (starts_ci(c, "base64")) {
        email_b64_decode(s, n, dec, &st->flags);
    } else if (starts_ci(c, "quoted-printable")) {
        email_qp_decode(s, n, false, dec, &st->flags);
    } else {
        *out_n = n; /* 7bit, 8bit, binary, absent or unknown: as is */
        return s;
    }
    *out_n = dec->len;
    return dec->data ? dec->data : "";
}

/* ---- multipart ----------------------------------------------------------------------------- */

/* Find the next delimiter line "--boundary" at or after pos (at a line
 * start). Returns its offset or n; *close is set for "--boundary--",
 * *after to the offset past its line. */
static size_t next_delim(const char *s, size_t n, size_t pos, const char *dl, size_t dlen,
                         bool *close, size_t *after)
{
    while (pos + dlen <= n) {
        const char *hit = memmem(s + pos, n - pos, dl, dlen);
        if (hit == NULL)
            return n;
        size_t h = (size_t)(hit - s);
        if (h == 0 || s[h - 1] == '\n') {
            size_t e = h + dlen;
            bool cl = e + 2 <= n && s[e] == '-' && s[e + 1] == '-';
            size_t k = cl ? e + 2 : e;
            while (k < n && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k == n || s[k] == '\r' || s[k] == '\n') {
                if (k < n && s[k] == '\r')
                    k++;
                if (k < n && s[k] == '\n')
                    k++;
                *close = cl;
                *after = k;
                return h;
            }
        }
        pos = h + 1;
    }
    return n;
}

/* Guess a missing boundary: the first line starting with "--" (a
 * delimiter), without its trailing "--". Arena string or NULL. */
static char *guess_boundary(const char *s, size_t n, mm_arena *a)
{
    size_t pos = 0;
    while (pos + 3 < n) {
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t le = nl ? (size_t)(nl - s) : n;
        size_t ce = le > pos && s[le - 1] == '\r' ? le - 1 : le;
        while (ce > pos && (s[ce - 1] == ' ' || s[ce - 1] == '\t'))
            ce--;
        if (ce - pos > 3 && s[pos] == '-' && s[pos + 1] == '-' && s[pos + 2] != ' ') {
            size_t e = ce;
            if (e - pos > 5 && s[e - 1] == '-' && s[e - 2] == '-')
                e -= 2;
            return mm_arena_strndup(a, s + pos + 2, e - pos - 2);
        }
        if (nl == NULL)
            break;
        pos = le + 1;
    }
    return NULL;
}

/* Length of a part ending before the delimiter at d: the line break
 * before the delimiter belongs to it. */
static size_t part_end(const char *s, size_t start, size_t d)
{
    size_t e = d;
    if (e > start && s[e - 1] == '\n')
        e--;
    if (e > start && s[e - 1] == '\r')
        e--;
    return e;
}

static void multipart(email_state *st, const char *subtype, const char *boundary, const char *s,
                      size_t n, unsigned depth, mm_buf *out)
{
    char *guessed = NULL;
    if (boundary == NULL || *boundary == '\0') {
        st->flags |= MM_EMAIL_F_BAD_BOUNDARY;
        guessed = guess_boundary(s, n, st->a);
        if (guessed == NULL) { /* no structure at all: read it as text */
            email_body(st, "text/plain", NULL, NULL, s, n, depth, false, out);
            return;
        }
        boundary = guessed;
    }
    size_t blen = strlen(boundary);
    if (blen > 200)
        blen = 200;
    char dl[204];
    dl[0] = dl[1] = '-';
    memcpy(dl + 2, boundary, blen);
    size_t dlen = blen + 2;

    bool alternative = strcmp(subtype, "alternative") == 0;
    bool digest = strcmp(subtype, "digest") == 0;
    bool close = false;
    size_t after = 0;
    size_t d = next_delim(s, n, 0, dl, dlen, &close, &after);
    if (d == n) { /* no delimiter: not really multipart */
        st->flags |= MM_EMAIL_F_BAD_BOUNDARY;
        email_body(st, "text/plain", NULL, NULL, s, n, depth, false, out);
        return;
    }
    /* alternatives: the first text/plain one, and the last other (richest) one */
    mm_buf plain_alt = {0}, rich_alt = {0};
    while (!close) {
        size_t start = after;
        bool cl2 = false;
        size_t after2 = 0;
        size_t d2 = next_delim(s, n, start, dl, dlen, &cl2, &after2);
        size_t end = d2 == n ? n : part_end(s, start, d2);
        if (d2 == n)
            st->flags |= MM_EMAIL_F_BAD_BOUNDARY; /* no closing delimiter */
        if (st->nparts >= MM_EMAIL_MAX_PARTS) {
            st->flags |= MM_EMAIL_F_TRUNCATED;
            break;
        }
        if (alternative) {
            bool had_plain = st->text_has_plain;
            st->text_has_plain = false;
            mm_buf cand = {0};
            email_entity(st, s + start, end - start, depth, false, &cand);
            bool plain = st->text_has_plain;
            st->text_has_plain = had_plain || plain;
            if (cand.len && plain && plain_alt.len == 0) {
                plain_alt = cand;
            } else if (cand.len && !plain) {
                mm_buf_free(&rich_alt);
                rich_alt = cand;
            } else {
                mm_buf_free(&cand);
            }
        } else {
            email_entity(st, s + start, end - start, depth, digest, out);
        }
        if (d2 == n)
            break;
        close = cl2;
        after = after2;
    }
    /* The plain alternative is what the sender wrote for people, unless it
     * says far less than the HTML one the reader sees ("view this mail in
     * HTML", or an innocuous decoy beside the lure): then the HTML text. */
    bool decoy = plain_alt.len && rich_alt.len > 2 * plain_alt.len + 200;
    if (decoy)
        st->flags |= MM_EMAIL_F_PLAIN_DECOY;
    if (plain_alt.len && !decoy)
        email_text_append(st, out, plain_alt.data, plain_alt.len);
    else if (rich_alt.len)
        email_text_append(st, out, rich_alt.data, rich_alt.len);
    mm_buf_free(&plain_alt);
    mm_buf_free(&rich_alt);
}

/* ---- one body ------------------------------------------------------------------------------ */

/* RFC 3676 format=flowed: a line ending in a space continues on the next
 * one (the space dropped too with delsp=yes); a leading space is stuffing.
 * Joins URLs and sentences that the sender's client wrapped. */
static void unflow(email_state *st, const char *s, size_t n, bool delsp, mm_buf *out)
{
    email_buf_reserve(out, n, &st->flags);
    size_t p = 0;
    while (p < n) {
        const char *nl = memchr(s + p, '\n', n - p);
        size_t le = nl ? (size_t)(nl - s) : n, next = nl ? le + 1 : n;
        size_t e = le > p && s[le - 1] == '\r' ? le - 1 : le;
        size_t b = p < e && s[p] == ' ' ? p + 1 : p;
        bool soft = e > b && s[e - 1] == ' ' && !(e - b == 3 && memcmp(s + b, "-- ", 3) == 0);
        size_t keep = soft && delsp ? e - 1 : e;
        PUT(out, s + b, keep - b, st);
        if (!soft && nl)
            PUT(out, "\n", 1, st);
        p = next;
    }
}

static void text_part(email_state *st, bool html, const char *ctype, const char *cte, const char *s,
                      size_t n, mm_buf *out)
{
    mm_buf dec = {0}, utf = {0};
    size_t dn;
    const char *d = transfer_decode(st, cte, s, n, &dec, &dn);
    char *charset = ctype ? email_param(ctype, strlen(ctype), "charset", st->a) : NULL;
    if (html && charset == NULL)
        charset = email_html_meta_charset(d, dn, st->a);
    /* the text: the decoded bytes where they are when the charset leaves
     * them unchanged (ASCII, valid UTF-8), else a converted copy */
    const char *u = d;
    size_t un = dn;
    if (!email_charset_identity(charset, d, dn)) {
        email_charset_decode(charset, d, dn, &utf, &st->flags);
        u = utf.data ? utf.data : "";
        un = utf.len;
    }
    if (html) {
        email_html_to_text(st, u, un, out);
    } else {
        if (!is_blank(u, un))
            st->text_has_plain = true;
        char *fmt = ctype ? email_param(ctype, strlen(ctype), "format", st->a) : NULL;
        if (fmt && strcasecmp(fmt, "flowed") == 0) {
            char *ds = email_param(ctype, strlen(ctype), "delsp", st->a);
            mm_buf fl = {0};
            unflow(st, u, un, ds && strcasecmp(ds, "yes") == 0, &fl);
            mm_buf_free(&utf);
            utf = fl;
            u = utf.data ? utf.data : "";
            un = utf.len;
        }
        email_text_append(st, out, u, un);
    }
    mm_buf_free(&dec);
    mm_buf_free(&utf);
}

void email_body(email_state *st, const char *ctype, const char *cte, const char *disp,
                const char *s, size_t n, unsigned depth, bool digest, mm_buf *out)
{
    if (st->nparts >= MM_EMAIL_MAX_PARTS) {
        st->flags |= MM_EMAIL_F_TRUNCATED;
        return;
    }
    st->nparts++;
    char *type = media_type(ctype, st->a);
    if (type == NULL)
        type = digest ? "message/rfc822" : "text/plain";
    const char *sub = strchr(type, '/') + 1;
    bool attachment = starts_ci(disp, "attachment");

    if (strncmp(type, "multipart/", 10) == 0) {
        if (depth >= MM_EMAIL_MAX_DEPTH) {
            st->flags |= MM_EMAIL_F_TRUNCATED;
            return;
        }
        char *b = email_param(ctype, strlen(ctype), "boundary", st->a);
        multipart(st, sub, b, s, n, depth + 1, out);
        return;
    }
    if (strcmp(type, "message/rfc822") == 0 || strcmp(type, "message/global") == 0) {
        if (depth >= MM_EMAIL_MAX_DEPTH) {
            st->flags |= MM_EMAIL_F_TRUNCATED;
            return;
        }
        mm_buf dec = {0};
        size_t dn;
        const char *d = transfer_decode(st, cte, s, n, &dec, &dn);
        email_entity(st, d, dn, depth + 1, false, out);
        mm_buf_free(&dec);
        return;
    }
    bool plain = strcmp(type, "text/plain") == 0;
    bool html = strcmp(type, "text/html") == 0;
    if ((plain || html) && !attachment) {
        text_part(st, html, ctype, cte, s, n, out);
        return;
    }
    /* anything else: an attachment, recorded and skipped */
    const char *fname = disp ? email_param(disp, strlen(disp), "filename", st->a) : NULL;
    if (fname == NULL && ctype)
        fname = email_param(ctype, strlen(ctype), "name", st->a);
    if (fname) {
        mm_buf b = {0};
        email_header_decode(fname, strlen(fname), &b, &st->flags);
        fname = b.len ? mm_arena_strndup(st->a, b.data, b.len) : NULL;
        mm_buf_free(&b);
    }
    attachment_add(st, type, fname, n);
}
