/* hl7v2.c — HL7 v2 messages: segments, delimiters, escapes, character sets.
 *
 * Ideas a reader needs:
 *  - A file holds one or more messages, each starting at an MSH segment,
 *    possibly wrapped in batch segments (FHS/BHS ... BTS/FTS), which are
 *    skipped. Segments end in CR (the standard), LF or CRLF (what files on
 *    disk often have); a UTF-8 BOM at the top is ignored.
 *  - Each message declares its own delimiters in MSH-1 and MSH-2, so nothing
 *    here assumes '|' and '^'. Values are split on demand, not up front:
 *    messages are small and most fields are never read.
 *  - Text is UTF-8 inside Ward. A message that is not valid UTF-8 is read
 *    as ISO 8859-1 when MSH-18 says so (8859/1, or another 8859 part, read
 *    as its Latin-1 subset), and is refused with a clear error otherwise.
 *  - One message is one record: it goes in whole inside a savepoint, or not
 *    at all, and errors name the message number, segment and field.
 */
#include "hl7v2_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- field access ---- */

int hl7_is(const hl7_seg *s, const char *id)
{
    size_t n = strlen(id);
    return s->n >= n && !memcmp(s->p, id, n) && (s->n == n || !isalnum((unsigned char)s->p[n]));
}

const hl7_seg *hl7_next(const hl7_msg *m, const char *id, const hl7_seg *after)
{
    size_t i = after ? (size_t)(after - m->segs) + 1 : 0;
    for (; i < m->nsegs; i++)
        if (hl7_is(&m->segs[i], id)) return &m->segs[i];
    return NULL;
}

/* The idx-th piece of p[0..n) split on sep; 0 when there are fewer. */
static int piece(const char **p, size_t *n, char sep, int idx)
{
    const char *s = *p, *end = s + *n;
    for (int i = 0; i < idx; i++) {
        const char *q = memchr(s, sep, (size_t)(end - s));
        if (!q) return 0;
        s = q + 1;
    }
    const char *q = memchr(s, sep, (size_t)(end - s));
    *p = s;
    *n = q ? (size_t)(q - s) : (size_t)(end - s);
    return 1;
}

/* The raw text of a field (all its repetitions). MSH counts its field
 * separator as field 1, so its pieces are shifted by one. */
static int field_raw(const hl7_msg *m, const hl7_seg *s, int field, const char **p, size_t *n)
{
    *p = s->p;
    *n = s->n;
    int msh = hl7_is(s, "MSH");
    if (msh && field == 1) {
        *p = s->p + 3;
        *n = s->n > 3 ? 1 : 0;
        return *n;
    }
    return field >= 1 && piece(p, n, m->fs, msh ? field - 1 : field);
}

int hl7_reps(const hl7_msg *m, const hl7_seg *s, int field)
{
    const char *p;
    size_t n;
    if (!field_raw(m, s, field, &p, &n) || !n) return 0;
    int reps = 1;
    for (size_t i = 0; i < n; i++) reps += p[i] == m->rs;
    return reps;
}

static void put_latin1(ward_buf *b, unsigned char c)
{
    if (c < 0x80) {
        ward_buf_putc(b, (char)c);
    } else {
        ward_buf_putc(b, (char)(0xC0 | (c >> 6)));
        ward_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    }
}

/* \Xhhhh\: bytes in hex, kept when they are UTF-8, else read as Latin-1. */
static void put_hex(ward_buf *b, const char *h, size_t n)
{
    unsigned char bytes[128];
    size_t k = 0;
    for (size_t i = 0; i + 1 < n && k < sizeof bytes; i += 2) {
        char two[3] = {h[i], h[i + 1], 0};
        if (!isxdigit((unsigned char)two[0]) || !isxdigit((unsigned char)two[1])) return;
        bytes[k++] = (unsigned char)strtol(two, NULL, 16);
    }
    if (ward_utf8_valid((char *)bytes, k, NULL) && !memchr(bytes, 0, k)) ward_buf_append(b, bytes, k);
    else
        for (size_t i = 0; i < k; i++) put_latin1(b, bytes[i]);
}

/* Decodes escape sequences: \F\ \S\ \T\ \R\ \E\ (the delimiters), \Xhh\
 * (bytes), \.br\ and \.sp\ (line breaks); formatting and highlighting
 * sequences are dropped; anything else is kept as written. */
static void unescape(const hl7_msg *m, const char *p, size_t n, ward_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *close = p[i] == m->es ? memchr(p + i + 1, m->es, n - i - 1) : NULL;
        if (!close || close == p + i + 1) {
            ward_buf_putc(out, p[i]);
            continue;
        }
        const char *seq = p + i + 1;
        size_t len = (size_t)(close - seq);
        switch (len == 1 ? seq[0] : 0) {
        case 'F': ward_buf_putc(out, m->fs); break;
        case 'S': ward_buf_putc(out, m->cs); break;
        case 'T': ward_buf_putc(out, m->ss); break;
        case 'R': ward_buf_putc(out, m->rs); break;
        case 'E': ward_buf_putc(out, m->es); break;
        case 'H': case 'N': break;
        default:
            if (seq[0] == 'X') put_hex(out, seq + 1, len - 1);
            else if (len >= 3 && (!strncmp(seq, ".br", 3) || !strncmp(seq, ".sp", 3))) ward_buf_putc(out, '\n');
            else if (seq[0] == '.' || seq[0] == 'C' || seq[0] == 'M' || seq[0] == 'Z') break;
            else ward_buf_append(out, p + i, len + 2);
        }
        i += len + 1;
    }
}

const char *hl7_val(hl7_msg *m, const hl7_seg *s, int field, int rep, int comp, int sub)
{
    const char *p;
    size_t n;
    if (!s || !field_raw(m, s, field, &p, &n)) return NULL;
    int raw = hl7_is(s, "MSH") && field <= 2;   /* the delimiters themselves */
    if (!raw) {
        if (!piece(&p, &n, m->rs, rep)) return NULL;
        if (comp > 0 && !piece(&p, &n, m->cs, comp - 1)) return NULL;
        if (comp > 0 && sub > 0 && !piece(&p, &n, m->ss, sub - 1)) return NULL;
    }
    while (n && p[n - 1] == ' ') n--;
    if (!n || (n == 2 && p[0] == '"' && p[1] == '"')) return NULL;   /* "" is HL7's explicit null */
    ward_buf b;
    ward_buf_init(&b);
    if (raw) ward_buf_append(&b, p, n);
    else unescape(m, p, n, &b);
    if (!b.len) {
        ward_buf_free(&b);
        return NULL;
    }
    if (m->nvals == m->capvals) {
        m->capvals = m->capvals ? m->capvals * 2 : 32;
        m->vals = ward_xrealloc(m->vals, m->capvals * sizeof *m->vals);
    }
    return m->vals[m->nvals++] = ward_buf_steal(&b);
}

int hl7_ts_iso(const char *ts, char out[32])
{
    size_t n = 0;
    while (ts && isdigit((unsigned char)ts[n])) n++;
    if (!ts || n < 4) return 0;
    char date[11];
    char part[16];
    snprintf(part, sizeof part, "%.*s", (int)(n < 8 ? n : 8), ts);
    if (ward_date_norm(part, date)) return 0;
    if (n < 8) {   /* YYYY or YYYYMM: a partial date */
        snprintf(out, 32, "%.*s", n < 6 ? 4 : 7, date);
        return 1;
    }
    if (n < 12) {
        snprintf(out, 32, "%s", date);
        return 1;
    }
    int hh = (ts[8] - '0') * 10 + (ts[9] - '0'), mm = (ts[10] - '0') * 10 + (ts[11] - '0');
    int ss = n >= 14 ? (ts[12] - '0') * 10 + (ts[13] - '0') : 0;
    if (hh > 23 || mm > 59 || ss > 60) {
        snprintf(out, 32, "%s", date);
        return 1;
    }
    const char *tz = ts + n;
    if (*tz == '.') {   /* fractions of a second */
        tz++;
        while (isdigit((unsigned char)*tz)) tz++;
    }
    int off = (*tz == '+' || *tz == '-') && strlen(tz) >= 5 && isdigit((unsigned char)tz[1]) &&
              isdigit((unsigned char)tz[4]);
    /* FHIR wants a zone with a time; HL7 may omit it: leave the date alone then. */
    if (off)
        snprintf(out, 32, "%.10sT%02hhu:%02hhu:%02hhu%c%.2s:%.2s", date, (unsigned char)hh, (unsigned char)mm,
                 (unsigned char)ss, *tz, tz + 1, tz + 3);
    else snprintf(out, 32, "%s", date);
    return 1;
}

/* ---- messages ---- */

static void msg_free(hl7_msg *m)
{
    for (size_t i = 0; i < m->nvals; i++) free(m->vals[i]);
    free(m->vals);
    free(m->segs);
}

static void split_segments(hl7_msg *m, const char *p, size_t n)
{
    size_t cap = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && p[j] != '\r' && p[j] != '\n') j++;
        size_t k = j;
        while (k > i && (p[k - 1] == ' ' || p[k - 1] == '\t')) k--;
        if (k > i) {
            if (m->nsegs == cap) {
                cap = cap ? cap * 2 : 32;
                m->segs = ward_xrealloc(m->segs, cap * sizeof *m->segs);
            }
            m->segs[m->nsegs].p = p + i;
            m->segs[m->nsegs++].n = k - i;
        }
        i = j + 1;
    }
}

/* MSH-1 and MSH-2: the field separator and encoding characters. */
static const char *delimiters(hl7_msg *m, const char *msh, size_t n)
{
    if (n < 8) return "MSH is too short to declare its delimiters (MSH-1, MSH-2)";
    m->fs = msh[3];
    if (isalnum((unsigned char)m->fs) || isspace((unsigned char)m->fs) || !m->fs)
        return "MSH-1 (field separator) is a letter, digit or space";
    const char *enc = msh + 4;
    size_t k = 0;
    while (4 + k < n && enc[k] != m->fs) k++;
    if (k < 4) return "MSH-2 (encoding characters) needs 4 characters: component, repetition, escape, subcomponent";
    m->cs = enc[0], m->rs = enc[1], m->es = enc[2], m->ss = enc[3];
    char d[5] = {m->fs, m->cs, m->rs, m->es, m->ss};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            if ((i != j && d[i] == d[j]) || isalnum((unsigned char)d[i])) return "MSH-1/MSH-2 delimiters are not five distinct punctuation characters";
    return NULL;
}

/* Is this MSH-18 a character set whose bytes Ward can read as Latin-1? */
static int latin1_charset(const char *cs)
{
    return cs && (ward_str_casestartswith(cs, "8859") || ward_str_casestartswith(cs, "ISO-8859") ||
                  ward_str_casestartswith(cs, "ISO8859") || ward_str_casestartswith(cs, "ISO IR100") ||
                  ward_str_casestartswith(cs, "WINDOWS-1252") || ward_str_casestartswith(cs, "CP1252"));
}

/* One message may hold at most this much: more is a broken feed (a
 * runaway field), not a clinical message Ward can use. */
#define MAX_MESSAGE_BYTES ((size_t)16 << 20)

static void put_message(ward_ingest *in, const char *file, long record, const char *p, size_t n)
{
    hl7_msg m;
    memset(&m, 0, sizeof m);
    ward_buf conv;
    ward_buf_init(&conv);
    if (n > MAX_MESSAGE_BYTES) {
        ward_ingest_error(in, file, record, "message is %.1f MB; Ward accepts at most %zu MB in one message",
                          (double)n / 1e6, MAX_MESSAGE_BYTES >> 20);
        return;
    }
    const char *why = delimiters(&m, p, n);
    if (why) {
        ward_ingest_error(in, file, record, "%s", why);
        return;
    }
    size_t bad;
    if (!ward_utf8_valid(p, n, &bad)) {
        hl7_seg msh = {p, n};
        const char *nl = memchr(p, '\n', n), *cr = memchr(p, '\r', n);
        if (nl && (!cr || nl < cr)) msh.n = (size_t)(nl - p);
        else if (cr) msh.n = (size_t)(cr - p);
        const char *cs = hl7_val(&m, &msh, 18, 0, 0, 0);
        if (!latin1_charset(cs)) {
            ward_ingest_error(in, file, record,
                              "invalid UTF-8 at byte %zu of the message, and MSH-18 declares no character set "
                              "Ward converts (8859/1): convert the file to UTF-8 or set MSH-18", bad);
            msg_free(&m);
            return;
        }
        for (size_t i = 0; i < n; i++) put_latin1(&conv, (unsigned char)p[i]);
        p = conv.data, n = conv.len;
    }
    split_segments(&m, p, n);
    ward_err err = {0};
    ward_store *st = ward_ingest_store(in);
    int rc = ward_store_savepoint(st, &err);
    if (!rc) {
        rc = hl7_put_message(in, &m, file, record, &err);
        if (rc) ward_store_rollback_to(st);
        else rc = ward_store_release(st, &err);
    }
    if (rc) {
        ward_ingest_error(in, file, record, "%s", err.msg);
    } else {
        const char *type = hl7_val(&m, &m.segs[0], 9, 0, 1, 0), *trig = hl7_val(&m, &m.segs[0], 9, 0, 2, 0);
        ward_buf t;
        ward_buf_init(&t);
        ward_buf_printf(&t, "hl7:%s%s%s", type, trig ? "^" : "", trig ? trig : "");
        ward_ingest_count(in, t.data);
        ward_buf_free(&t);
    }
    msg_free(&m);
    ward_buf_free(&conv);
}

static int batch_segment(const char *p, size_t n)
{
    return n >= 3 && (!memcmp(p, "FHS", 3) || !memcmp(p, "BHS", 3) || !memcmp(p, "BTS", 3) ||
                      !memcmp(p, "FTS", 3));
}

int ward_ingest_hl7v2(ward_ingest *in, const char *file, const char *data, size_t len)
{
    long failed = ward_ingest_get_counts(in)->records_failed;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, len -= 3;
    long record = 0;
    size_t msg_start = 0, orphans = 0;
    int in_msg = 0;
    /* Find each MSH at the start of a segment; a message runs to the next
     * MSH or batch segment. */
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && data[j] != '\r' && data[j] != '\n') j++;
        const char *seg = data + i;
        size_t n = j - i;
        int is_msh = n >= 3 && !memcmp(seg, "MSH", 3), is_batch = batch_segment(seg, n);
        if ((is_msh || is_batch) && in_msg) {
            put_message(in, file, ++record, data + msg_start, i - msg_start);
            in_msg = 0;
        }
        if (is_msh) {
            in_msg = 1;
            msg_start = i;
        } else if (!is_batch && !in_msg && n) {
            size_t k = 0;
            while (k < n && isspace((unsigned char)seg[k])) k++;
            orphans += k < n;
        }
        if (j >= len) break;
        i = j + 1;
    }
    if (in_msg) put_message(in, file, ++record, data + msg_start, len - msg_start);
    if (!record)
        ward_ingest_error(in, file, 0, "no MSH segment: not an HL7 v2 message (each message starts with MSH)");
    else if (orphans)
        ward_ingest_error(in, file, 0, "%zu segment(s) outside any message (before the first MSH) were skipped",
                          orphans);
    return ward_ingest_get_counts(in)->records_failed > failed ? WARD_EINPUT : WARD_OK;
}
