/* stream.c — NDJSON and HL7 v2 files larger than the per-file limit, read
 * a window of whole records at a time.
 *
 * Ideas a reader needs:
 *  - A Bulk Data export's Observation.ndjson or a day's HL7 feed can be
 *    gigabytes: they are read in windows (STREAM_WINDOW, grown up to the
 *    file limit when one record is larger), each cut at the last record
 *    boundary it holds (a newline for NDJSON, a segment starting "MSH" for
 *    HL7), so memory stays near one window whatever the file's size.
 *  - Each window goes to the reader as if it were a file (ingest_piece),
 *    numbered after the records of the windows before it, so errors name
 *    the same line or message a whole read would.
 *  - The checks a whole read makes up front (no NUL byte, UTF-8 for NDJSON)
 *    are made per window: what came before a bad window is kept (a re-run
 *    skips it by content hash), and the error names the byte.
 */
#include "ingest/ingest_int.h"

#include <stdlib.h>
#include <string.h>

#define STREAM_WINDOW ((size_t)8 << 20)

/* Whether an HL7 segment starting "MSH" begins at i. */
static int msh_at(const char *b, size_t have, size_t i)
{
    return i + 3 <= have && !memcmp(b + i, "MSH", 3) && (i == 0 || b[i - 1] == '\r' || b[i - 1] == '\n');
}

/* Where the window's whole records end (0: none ends in it). HL7: at the
 * start of the last message, when a message starts before it. */
static size_t record_cut(ward_format fmt, const char *b, size_t have)
{
    if (fmt == WARD_FMT_FHIR_NDJSON) {
        for (size_t i = have; i > 0; i--)
            if (b[i - 1] == '\n') return i;
        return 0;
    }
    size_t first = 0;
    while (first < have && !msh_at(b, have, first)) first++;
    for (size_t i = have; i > first + 1; i--)
        if (msh_at(b, have, i - 1)) return i - 1;
    return 0;
}

/* Records in a piece: lines (NDJSON), messages (HL7). */
static long records_in(ward_format fmt, const char *b, size_t n)
{
    long r = 0;
    for (size_t i = 0; i < n; i++)
        r += fmt == WARD_FMT_FHIR_NDJSON ? b[i] == '\n' : msh_at(b, n, i);
    return r;
}

int ingest_stream(ward_ingest *in, const char *path, FILE *f, ward_format fmt, size_t max_record, ward_err *err)
{
    size_t cap = STREAM_WINDOW < max_record ? STREAM_WINDOW : max_record, have = 0;
    char *buf = ward_xmalloc(cap);
    double offset = 0;   /* of buf[0] in the file */
    long base = 0;
    int eof = 0, rc = WARD_OK;
    rewind(f);
    for (;;) {
        if (!eof) {
            size_t got = fread(buf + have, 1, cap - have, f);
            have += got;
            if (have < cap) {
                if (ferror(f)) {
                    ward_ingest_error(in, path, 0, "read error after byte %.0f", offset + (double)have);
                    break;
                }
                eof = 1;
            }
        }
        if (!have) break;
        size_t cut = eof ? have : record_cut(fmt, buf, have);
        /* NUL bytes are checked first: a window of zeros (a sparse or binary
         * file) is no reason to grow. */
        const char *nul = memchr(buf, 0, cut ? cut : have);
        if (nul) {
            ward_ingest_error(in, path, 0, "binary data (a NUL byte) at byte %.0f: the rest of the file is not read",
                              offset + (double)(nul - buf));
            break;
        }
        if (!cut) {   /* one record fills the window: grow it, up to the limit */
            if (cap >= max_record) {
                ward_ingest_error(in, path, 0, "the %s at byte %.0f is longer than the %zu MB limit for one record:"
                                  " the rest of the file is not read", fmt == WARD_FMT_HL7V2 ? "message" : "line",
                                  offset, max_record >> 20);
                break;
            }
            cap = cap * 2 < max_record ? cap * 2 : max_record;
            buf = ward_xrealloc(buf, cap);
            continue;
        }
        size_t bad;
        if (fmt != WARD_FMT_HL7V2 && !ward_utf8_valid(buf, cut, &bad)) {
            ward_ingest_error(in, path, 0, "invalid UTF-8 at byte %.0f: convert the file to UTF-8; the rest of the"
                              " file is not read", offset + (double)bad);
            break;
        }
        if ((rc = ingest_piece(in, path, fmt, buf, cut, base, offset, err))) break;
        base += records_in(fmt, buf, cut);
        offset += (double)cut;
        memmove(buf, buf + cut, have - cut);
        have -= cut;
    }
    free(buf);
    return rc;
}
