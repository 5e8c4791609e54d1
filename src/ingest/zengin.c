/*
 * zengin.c — the Zengin (全銀協) 総合振込 fixed-length file: 120-byte
 * records (header 1, data 2, trailer 8, end 9), optionally CRLF- or
 * LF-terminated, text fields in Shift_JIS with half-width kana.
 *
 * Corporate customers still upload these files to internet banking, so a
 * bank screens every data record as a transfer. Each record is checked on
 * its own and a bad one is reported with its record number, the field and
 * the byte positions, then dropped; the good records are kept. The
 * trailer's count and total are compared with what its data records add
 * up to. All length arithmetic is in bytes (ｶﾞ is two bytes); C fields are
 * decoded with iconv CP932 → UTF-8 after the record is cut, so a
 * multi-byte character can never shift a field.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mamoru/ingest_payment.h"

#define REC 120

typedef struct parser {
    mm_arena *a;
    iconv_t cd;
    const mm_zengin *codes;
    mm_zengin_file *f;
    size_t issues_cap, records_cap, headers_cap;
    mm_status oom;
} parser;

static void *grow(parser *p, void *arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 64;
    void *na = mm_arena_alloc(p->a, nc * size);
    if (na == NULL) {
        p->oom = MM_ENOMEM;
        return NULL;
    }
    if (n)
        memcpy(na, arr, n * size);
    *cap = nc;
    return na;
}

static void issue(parser *p, long recno, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void issue(parser *p, long recno, const char *field, const char *fmt, ...)
{
    mm_zengin_file *f = p->f;
    mm_zengin_issue *ni = grow(p, f->issues, &p->issues_cap, f->nissues, sizeof *ni);
    if (ni == NULL)
        return;
    f->issues = ni;
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mm_zengin_issue *it = &f->issues[f->nissues++];
    it->recno = recno;
    it->field = field;
    it->message = mm_arena_strdup(p->a, msg);
}

/* Printable copy of raw bytes for messages (non-ASCII as \xNN). */
static const char *show(parser *p, const char *s, size_t n)
{
    char *o = mm_arena_alloc(p->a, n * 4 + 1);
    if (o == NULL)
        return "";
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f)
            o[k++] = (char)c;
        else
            k += (size_t)sprintf(o + k, "\\x%02X", c);
    }
    o[k] = '\0';
    return o;
}

/* N field: digits only. Returns false (and files an issue) otherwise. */
static bool num(parser *p, long recno, const char *rec, int from, int len, const char *field,
                const char *ja, long long *out)
{
    const char *s = rec + from - 1;
    long long v = 0;
    for (int i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            issue(p, recno, field, "%s (%s, bytes %d-%d): '%s' is not %d digits", field, ja, from,
                  from + len - 1, show(p, s, (size_t)len), len);
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (out)
        *out = v;
    return true;
}

static void copy_digits(char *dst, const char *rec, int from, int len)
{
    memcpy(dst, rec + from - 1, (size_t)len);
    dst[len] = '\0';
}

/* C field → UTF-8 with trailing spaces trimmed; NULL (issue filed) when
 * the bytes are not Shift_JIS. Empty → "". */
static const char *text(parser *p, long recno, const char *rec, int from, int len,
                        const char *field, const char *ja)
{
    const char *s = rec + from - 1;
    size_t n = (size_t)len;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\0'))
        n--;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            issue(p, recno, field, "%s (%s, bytes %d-%d): control byte 0x%02X at byte %zu", field,
                  ja, from, from + len - 1, c, (size_t)from + i);
            return NULL;
        }
    }
    char *out = mm_arena_alloc(p->a, n * 3 + 1);
    if (out == NULL) {
        p->oom = MM_ENOMEM;
        return NULL;
    }
    /* Fast path for what C fields should hold — ASCII and half-width kana
     * (0xA1–0xDF → U+FF61–U+FF9F), which CP932 maps one to one; anything
     * else goes through iconv. */
    size_t k = 0;
    bool simple = true;
    for (size_t i = 0; i < n && simple; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[k++] = (char)c;
        } else if (c >= 0xA1 && c <= 0xDF) {
            k += mm_utf8_put(0xFF61 + (c - 0xA1), out + k);
        } else {
            simple = false;
        }
    }
    if (simple) {
        out[k] = '\0';
        return out;
    }
    char *in = (char *)s, *o = out;
    size_t il = n, ol = n * 3;
    iconv(p->cd, NULL, NULL, NULL, NULL);
    if (iconv(p->cd, &in, &il, &o, &ol) == (size_t)-1) {
        issue(p, recno, field, "%s (%s, bytes %d-%d): '%s' is not Shift_JIS (byte %zu)", field, ja,
              from, from + len - 1, show(p, s, n), (size_t)from + (size_t)(in - s));
        return NULL;
    }
    *o = '\0';
    return out;
}

static bool acct_type_ok(char c)
{
    return c == '1' || c == '2' || c == '4' || c == '9';
}

/* Check bank / branch codes against the list when one was given. */
static bool codes_ok(parser *p, long recno, const char *bank, const char *branch, int bank_at,
                     int branch_at)
{
    if (p->codes == NULL)
        return true;
    if (mm_zengin_bank_name(p->codes, bank) == NULL) {
        issue(p, recno, "bank", "bank (銀行番号, bytes %d-%d): '%s' is not in the Zengin list",
              bank_at, bank_at + 3, bank);
        return false;
    }
    if (mm_zengin_branch_name(p->codes, bank, branch) == NULL) {
        issue(p, recno, "branch", "branch (支店番号, bytes %d-%d): '%s' is not a branch of bank %s",
              branch_at, branch_at + 2, branch, bank);
        return false;
    }
    return true;
}

static const char *canon(parser *p, const char *bank, const char *branch, int type,
                         const char *number)
{
    return mm_arena_printf(p->a, "%s-%s-%d-%s", bank, branch, type, number);
}

/* ---- records ------------------------------------------------------------------ */

static bool parse_header(parser *p, long recno, const char *r, mm_zengin_header *h)
{
    memset(h, 0, sizeof *h);
    h->recno = recno;
    long long v;
    bool ok = true;
    ok &= num(p, recno, r, 2, 2, "type_code", "種別コード", NULL);
    copy_digits(h->type_code, r, 2, 2);
    if (r[3] != '0') {
        issue(p, recno, "code_class",
              "code_class (コード区分, byte 4): '%s' — only 0 (JIS/Shift_JIS) is supported",
              show(p, r + 3, 1));
        ok = false;
    }
    ok &= num(p, recno, r, 5, 10, "requester_code", "委託者コード", NULL);
    copy_digits(h->requester_code, r, 5, 10);
    h->requester = text(p, recno, r, 15, 40, "requester_name", "依頼人名");
    ok &= h->requester != NULL;
    if (num(p, recno, r, 55, 4, "date", "振込指定日", &v)) {
        h->month = (int)(v / 100);
        h->day = (int)(v % 100);
        if (h->month < 1 || h->month > 12 || h->day < 1 || h->day > 31) {
            issue(p, recno, "date", "date (振込指定日 MMDD, bytes 55-58): '%04lld' is not a date",
                  v);
            ok = false;
        }
    } else {
        ok = false;
    }
    bool acct = num(p, recno, r, 59, 4, "bank", "仕向銀行番号", NULL) &
                num(p, recno, r, 78, 3, "branch", "支店番号", NULL) &
                num(p, recno, r, 97, 7, "number", "口座番号", NULL);
    if (acct && !acct_type_ok(r[95])) {
        issue(p, recno, "account_type",
              "account_type (預金種目, byte 96): '%s' is not 1, 2, 4 or 9", show(p, r + 95, 1));
        acct = false;
    }
    if (acct) {
        copy_digits(h->bank, r, 59, 4);
        copy_digits(h->branch, r, 78, 3);
        copy_digits(h->number, r, 97, 7);
        h->acct_type = r[95] - '0';
        if (codes_ok(p, recno, h->bank, h->branch, 59, 78))
            h->account = canon(p, h->bank, h->branch, h->acct_type, h->number);
    }
    return ok;
}

static bool parse_data(parser *p, long recno, const char *r, int header, mm_zengin_record *d,
                       long long *amount_for_total)
{
    memset(d, 0, sizeof *d);
    d->recno = recno;
    d->header = header;
    long long v;
    bool ok = true;
    ok &= num(p, recno, r, 2, 4, "bank", "被仕向銀行番号", NULL);
    d->bank_name = text(p, recno, r, 6, 15, "bank_name", "被仕向銀行名");
    ok &= d->bank_name != NULL;
    ok &= num(p, recno, r, 21, 3, "branch", "被仕向支店番号", NULL);
    d->branch_name = text(p, recno, r, 24, 15, "branch_name", "被仕向支店名");
    ok &= d->branch_name != NULL;
    if (!acct_type_ok(r[42])) {
        issue(p, recno, "account_type",
              "account_type (預金種目, byte 43): '%s' is not 1, 2, 4 or 9", show(p, r + 42, 1));
        ok = false;
    }
    ok &= num(p, recno, r, 44, 7, "number", "口座番号", NULL);
    d->payee = text(p, recno, r, 51, 30, "payee_name", "受取人名");
    if (d->payee && d->payee[0] == '\0') {
        issue(p, recno, "payee_name", "payee_name (受取人名, bytes 51-80): blank");
        d->payee = NULL;
    }
    ok &= d->payee != NULL;
    if (num(p, recno, r, 81, 10, "amount", "振込金額", &v)) {
        *amount_for_total = v;
        d->amount = v;
        if (v == 0) {
            issue(p, recno, "amount", "amount (振込金額, bytes 81-90): zero");
            ok = false;
        }
    } else {
        ok = false;
    }
    char nc = r[90];
    if (nc != '0' && nc != '1' && nc != '2' && nc != ' ') {
        issue(p, recno, "new_code", "new_code (新規コード, byte 91): '%s' is not 0, 1 or 2",
              show(p, r + 90, 1));
        ok = false;
    }
    d->new_code = nc == ' ' ? 0 : nc - '0';
    char mark = r[112];
    if (mark != ' ' && mark != 'Y') {
        issue(p, recno, "edi_mark", "edi_mark (識別表示, byte 113): '%s' is not ' ' or 'Y'",
              show(p, r + 112, 1));
        ok = false;
    }
    d->edi = mark == 'Y';
    memcpy(d->customer1, r + 91, 10);
    memcpy(d->customer2, r + 101, 10);
    if (!ok)
        return false;
    copy_digits(d->bank, r, 2, 4);
    copy_digits(d->branch, r, 21, 3);
    copy_digits(d->number, r, 44, 7);
    d->acct_type = r[42] - '0';
    if (!codes_ok(p, recno, d->bank, d->branch, 2, 21))
        return false;
    d->account = canon(p, d->bank, d->branch, d->acct_type, d->number);
    return d->account != NULL;
}

/* ---- file ------------------------------------------------------------------------ */

/* Split buf into records; returns the stride (120/121/122) or 0 when the
 * boundaries cannot be found. */
static int stride_of(const char *buf, size_t len)
{
    if (memchr(buf, '\n', len < REC ? len : REC) != NULL)
        return 0; /* a line shorter than a record */
    if (len >= REC + 2 && buf[REC] == '\r' && buf[REC + 1] == '\n')
        return REC + 2;
    if (len >= REC + 1 && buf[REC] == '\n')
        return REC + 1;
    if (len >= REC && memchr(buf, '\n', len < 4 * REC ? len : 4 * REC) == NULL)
        return REC;
    if (len == REC)
        return REC;
    return 0;
}

mm_status mm_zengin_file_parse(const char *buf, size_t len, const mm_zengin *codes, mm_arena *a,
                               mm_zengin_file *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    /* trailing EOF byte (0x1A) and final newline are common */
    while (len && (buf[len - 1] == 0x1a || buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    if (len == 0)
        return mm_error_set(err, MM_EINVAL, "file", "empty file");
    if (buf[0] != '1')
        return mm_error_set(err, MM_EINVAL, "record_type",
                            "record 1: データ区分 is '%c', expected '1' (header): not a Zengin "
                            "総合振込 file",
                            buf[0] >= 0x20 && buf[0] < 0x7f ? buf[0] : '?');
    int stride = stride_of(buf, len);
    if (stride == 0)
        return mm_error_set(err, MM_EINVAL, "record_length",
                            "record 1 is not 120 bytes followed by CRLF/LF (records must be "
                            "120 bytes)");
    if (buf[3] != '0')
        return mm_error_set(err, MM_EINVAL, "code_class",
                            "record 1: コード区分 '%c' — only 0 (JIS/Shift_JIS) is supported, "
                            "not EBCDIC",
                            buf[3] >= 0x20 && buf[3] < 0x7f ? buf[3] : '?');
    parser p = {.a = a, .codes = codes, .f = out};
    p.cd = iconv_open("UTF-8", "CP932");
    if (p.cd == (iconv_t)-1)
        return mm_error_set(err, MM_EIO, "file", "iconv CP932 → UTF-8 is not available: %s",
                            strerror(errno));
    out->record_len = stride;

    int header = -1;      /* open batch: index of its header, -1 = none */
    long batch_count = 0; /* data records since the header */
    long long batch_total = 0;
    bool ended = false;
    long recno = 0;
    size_t off = 0;
    while (off < len && !p.oom) {
        recno++;
        const char *r = buf + off;
        size_t avail = len - off;
        size_t rl;
        if (stride == REC) {
            rl = avail < REC ? avail : REC;
            off += rl;
        } else {
            const char *nl = memchr(r, '\n', avail);
            size_t line = nl ? (size_t)(nl - r) : avail;
            off += nl ? line + 1 : line;
            rl = line;
            if (rl && r[rl - 1] == '\r')
                rl--;
        }
        if (rl != REC) {
            issue(&p, recno, "record_length", "record %ld is %zu bytes, expected 120", recno, rl);
            if (rl && r[0] == '2') {
                out->rejected++;
                batch_count++;
            }
            continue;
        }
        if (ended) {
            issue(&p, recno, "record_type", "record after the end record (データ区分 9)");
            if (r[0] == '2')
                out->rejected++;
            continue;
        }
        switch (r[0]) {
        case '1': {
            if (header >= 0)
                issue(&p, recno, "record_type",
                      "header (データ区分 1) before the trailer of the batch at record %ld",
                      out->headers[header].recno);
            mm_zengin_header *nh =
                grow(&p, out->headers, &p.headers_cap, out->nheaders, sizeof *nh);
            if (nh == NULL)
                break;
            out->headers = nh;
            parse_header(&p, recno, r, &out->headers[out->nheaders]);
            header = (int)out->nheaders++;
            batch_count = 0;
            batch_total = 0;
            break;
        }
        case '2': {
            if (header < 0) {
                issue(&p, recno, "record_type",
                      "data record (データ区分 2) outside a batch: no "
                      "header before it");
                out->rejected++;
                break;
            }
            mm_zengin_record *nr =
                grow(&p, out->records, &p.records_cap, out->nrecords, sizeof *nr);
            if (nr == NULL)
                break;
            out->records = nr;
            long long amt = 0;
            batch_count++;
            if (parse_data(&p, recno, r, header, &out->records[out->nrecords], &amt))
                out->nrecords++;
            else
                out->rejected++;
            batch_total += amt;
            break;
        }
        case '8': {
            if (header < 0) {
                issue(&p, recno, "record_type", "trailer (データ区分 8) without a header");
                break;
            }
            long long cnt, tot;
            if (num(&p, recno, r, 2, 6, "count", "合計件数", &cnt) && cnt != batch_count)
                issue(&p, recno, "count",
                      "count (合計件数, bytes 2-7): trailer says %lld, the batch has %ld data "
                      "records",
                      cnt, batch_count);
            if (num(&p, recno, r, 8, 12, "total", "合計金額", &tot) && tot != batch_total)
                issue(&p, recno, "total",
                      "total (合計金額, bytes 8-19): trailer says %lld, the data records add up "
                      "to %lld",
                      tot, batch_total);
            header = -1;
            break;
        }
        case '9':
            if (header >= 0)
                issue(&p, recno, "record_type", "end record (データ区分 9) before the trailer");
            ended = true;
            header = -1;
            break;
        default:
            issue(&p, recno, "record_type",
                  "record_type (データ区分, byte 1): '%s' is not 1, 2, 8 or 9", show(&p, r, 1));
        }
    }
    iconv_close(p.cd);
    out->nrecords_total = recno;
    if (p.oom)
        return mm_error_set(err, MM_ENOMEM, "file", "out of memory");
    if (header >= 0)
        issue(&p, 0, "trailer", "the batch starting at record %ld has no trailer (データ区分 8)",
              out->headers[header].recno);
    if (!ended)
        issue(&p, 0, "end", "no end record (データ区分 9)");
    return MM_OK;
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int year_of(int64_t t)
{
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (int)(yoe + era * 400 + (m <= 2));
}

/* 09:00 JST (00:00 UTC) on month/day in the year that puts it nearest to
 * ref (the file carries no year). Plain arithmetic: this runs per record. */
static int64_t nearest_date(int month, int day, int64_t ref)
{
    int y = year_of(ref);
    int64_t best = 0, bestd = INT64_MAX;
    for (int dy = -1; dy <= 1; dy++) {
        int64_t v = days_from_civil(y + dy, month, day) * 86400;
        int64_t d = v > ref ? v - ref : ref - v;
        if (d < bestd) {
            bestd = d;
            best = v;
        }
    }
    return best;
}

mm_status mm_zengin_record_payment(const mm_zengin_file *f, const mm_zengin_record *r,
                                   const char *id_prefix, int64_t ref_time, mm_arena *a,
                                   mm_payment *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (r->header < 0 || (size_t)r->header >= f->nheaders)
        return mm_error_set(err, MM_EINVAL, "header", "record %ld has no header", r->recno);
    const mm_zengin_header *h = &f->headers[r->header];
    const char *pf = id_prefix ? id_prefix : "zengin";
    size_t pl = strlen(pf);
    char *id = mm_arena_alloc(a, pl + 24);
    if (id == NULL)
        return mm_error_set(err, MM_ENOMEM, "id", "out of memory");
    memcpy(id, pf, pl);
    id[pl] = ':';
    char digits[24];
    int nd = 0;
    for (unsigned long v = (unsigned long)r->recno; nd == 0 || v; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    for (int i = 0; i < nd; i++)
        id[pl + 1 + i] = digits[nd - 1 - i];
    id[pl + 1 + nd] = '\0';
    out->id = id;
    out->type = MM_PAY_TRANSFER;
    out->amount = r->amount;
    out->time = nearest_date(h->month, h->day, ref_time);
    mm_party company = {.account = h->account, .name = h->requester};
    mm_party payee = {.account = r->account, .name = r->payee};
    bool debit = strcmp(h->type_code, "91") == 0; /* 口座振替: money comes from the record */
    out->from = debit ? payee : company;
    out->to = debit ? company : payee;
    out->channel = "ib";
    if (r->new_code == 1)
        out->flags[out->nflags++] = "zengin_new_payee";
    else if (r->new_code == 2)
        out->flags[out->nflags++] = "zengin_changed_payee";
    return MM_OK;
}
