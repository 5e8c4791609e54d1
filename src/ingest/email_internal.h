/*
 * email_internal.h — what the e-mail parser's files share and the unit
 * tests exercise directly: transfer decodings, charset conversion to UTF-8,
 * RFC 2047 header words, header-block parsing, and HTML reduction.
 *
 * Why one private header: mm_email_parse (email.h) is the only public entry
 * point, but each stage is tested on its own with real-shaped inputs, and
 * the stages pass heap buffers (mm_buf) between them. Every appending
 * function records an allocation failure in *flags (EMAIL_F_NOMEM) instead
 * of returning it, so the callers stay linear; mm_email_parse turns that
 * flag into MM_ENOMEM at the end.
 */
#ifndef MAMORU_INGEST_EMAIL_INTERNAL_H
#define MAMORU_INGEST_EMAIL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "mamoru/core.h"
#include "mamoru/email.h"

/* Internal flag next to the public MM_EMAIL_F_*: an mm_buf append failed. */
#define EMAIL_F_NOMEM (1u << 31)

/* ---- transfer encodings and charsets (email_charset.c) ------------------- */

/* Make room for extra more bytes in b (one allocation instead of many
 * small appends); failure sets EMAIL_F_NOMEM. */
void email_buf_reserve(mm_buf *b, size_t extra, unsigned *flags);

/* Base64 → bytes appended to out. White space and characters outside the
 * alphabet are skipped; decoding stops at the first '=' pad. */
void email_b64_decode(const char *in, size_t n, mm_buf *out, unsigned *flags);
/* Quoted-printable → bytes. header_q: RFC 2047 "Q" ('_' is a space, no
 * soft line breaks). Trailing white space on a line is dropped; an '='
 * not followed by two hex digits or a line break is kept literally. */
void email_qp_decode(const char *in, size_t n, bool header_q, mm_buf *out, unsigned *flags);

/* Convert in[0..n) in charset (a MIME label, any case, NULL or "" when
 * none was given) to UTF-8 appended to out. Labels: UTF-8 / US-ASCII,
 * ISO-2022-JP (and -1/-2/-3, CP50220–2), Shift_JIS family (decoded as
 * CP932), EUC-JP family (EUC-JP-MS), ISO-8859-1 (as Windows-1252), and
 * whatever else glibc's iconv knows. No label, US-ASCII with 8-bit bytes,
 * or an unknown label: the bytes are sniffed (ISO-2022-JP escapes, valid
 * UTF-8, then Shift_JIS vs EUC-JP); an unknown label also sets
 * MM_EMAIL_F_BAD_CHARSET. Invalid bytes become U+FFFD and set
 * MM_EMAIL_F_DECODE_ERRORS. The output is always valid UTF-8. */
void email_charset_decode(const char *charset, const char *in, size_t n, mm_buf *out,
                          unsigned *flags);

/* Append valid UTF-8 from in[0..n), replacing each invalid sequence by
 * U+FFFD (sets MM_EMAIL_F_DECODE_ERRORS). */
void email_utf8_sanitize(const char *in, size_t n, mm_buf *out, unsigned *flags);

/* Is in[0..n) valid UTF-8 (what email_utf8_sanitize copies unchanged)? */
bool email_utf8_valid(const char *in, size_t n);

/* Would email_charset_decode(charset, in, n) append exactly in[0..n) and
 * set no flag (ASCII, valid UTF-8 labelled or sniffed as such)? Then the
 * caller can use the bytes where they are instead of a decoded copy. */
bool email_charset_identity(const char *charset, const char *in, size_t n);

/* Decode an unfolded header value: RFC 2047 encoded words (B and Q, any
 * charset; white space between adjacent words dropped; adjacent words in
 * one charset joined before conversion, so a character split across words
 * survives), raw 8-bit or ISO-2022-JP text sniffed. Control characters
 * become spaces. Appends UTF-8 to out. */
void email_header_decode(const char *in, size_t n, mm_buf *out, unsigned *flags);

/* ---- header blocks (email_parse.c) ---------------------------------------- */

typedef struct email_field {
    const char *name; /* points into the input; not NUL-terminated */
    size_t name_len;
    const char *value; /* raw, possibly folded */
    size_t value_len;
} email_field;

/* Split the header block at the start of s[0..n): calls fn for every
 * field, returns the offset of the body (after the blank line; n when
 * there is none). A line that is neither a field nor a continuation ends
 * the block there and sets MM_EMAIL_F_BAD_HEADER. *nfields counts fields. */
typedef void (*email_field_fn)(void *ctx, const email_field *f);
size_t email_header_block(const char *s, size_t n, email_field_fn fn, void *ctx, size_t *nfields,
                          unsigned *flags);

/* Unfold and trim a raw value into an arena string (CR/LF removed, other
 * bytes kept). NULL when out of memory. */
char *email_unfold(const char *v, size_t n, mm_arena *a);

/* Content-Type / Content-Disposition parameter (RFC 2045 token or quoted
 * string; RFC 2231 "name*=charset''pct" and "name*0=" continuations are
 * joined). Returns an arena string (decoded to UTF-8 for name*=) or NULL. */
char *email_param(const char *v, size_t n, const char *param, mm_arena *a);

/* ---- MIME structure (email_mime.c) ---------------------------------------- */

typedef struct email_state {
    mm_arena *a;
    mm_buf text;    /* joined readable text (heap) */
    mm_link *links; /* arena array */
    size_t nlinks, links_cap;
    mm_email_attachment *att;
    size_t natt, att_cap;
    unsigned nparts;
    unsigned flags;
    bool text_has_plain; /* at least one text/plain part (not attachment) was read */
} email_state;

/* Read the entity s[0..n) (headers + body) at depth: multipart parts,
 * message/rfc822, text/plain and text/html (into st->text / st->links),
 * anything else as an attachment. Text is appended to out. */
void email_entity(email_state *st, const char *s, size_t n, unsigned depth, bool digest,
                  mm_buf *out);
/* Same, when the header block has been parsed already: the body is
 * s[0..n), ctype/cte/disposition are the raw (unfolded) values or NULL. */
void email_body(email_state *st, const char *ctype, const char *cte, const char *disp,
                const char *s, size_t n, unsigned depth, bool digest, mm_buf *out);

/* Append text to out as the joined body: CRLF and CR become LF, NUL and
 * other C0 controls (but tab) are dropped, at most MM_EMAIL_MAX_TEXT
 * bytes in total (then MM_EMAIL_F_TRUNCATED). A part separator ("\n\n")
 * goes before it when out already holds text. */
void email_text_append(email_state *st, mm_buf *out, const char *utf8, size_t n);

/* Record a link (href and text are copied into the arena, trimmed). */
void email_link_add(email_state *st, const char *href, size_t href_len, const char *text,
                    size_t text_len);

/* ---- HTML (email_html.c) ---------------------------------------------------- */

/* Reduce UTF-8 HTML to readable text appended to out (tags removed;
 * script, style, title and hidden elements dropped; entities decoded;
 * block elements become line breaks; white space collapsed) and record
 * every <a href>, <area href> and <form action> with its visible text via
 * email_link_add. */
void email_html_to_text(email_state *st, const char *html, size_t n, mm_buf *out);

/* The charset a <meta> tag in the first 1024 bytes declares, as an arena
 * string, or NULL. */
char *email_html_meta_charset(const char *html, size_t n, mm_arena *a);

#endif
