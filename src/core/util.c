/* util.c — UTF-8 validation, whole-file reads, hashing, dates, strings,
 * thread priority, the file size limit.
 *
 * Dates are kept as ISO 8601 text so SQLite compares them as strings;
 * ward_date_norm accepts the forms sources actually send. */
#include "ward/core.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int ward_utf8_valid(const char *str, size_t n, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* Clinical text is nearly all ASCII: skip it eight bytes at a time. */
        uint64_t w;
        while (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL))) i += 8;
        if (i >= n) break;
        unsigned c = s[i];
        size_t len;
        unsigned min;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; c &= 0x07; }
        else goto fail;
        if (i + len > n) goto fail;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) goto fail;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) goto fail;
        i += len;
    }
    return 1;
fail:
    if (bad) *bad = i;
    return 0;
}

char *ward_utf8_escape(const char *s)
{
    ward_buf b;
    ward_buf_init(&b);
    size_t n = strlen(s), i = 0, bad;
    while (i < n) {
        if (ward_utf8_valid(s + i, n - i, &bad)) bad = n - i;
        ward_buf_append(&b, s + i, bad);
        i += bad;
        if (i < n) ward_buf_printf(&b, "\\x%02X", (unsigned char)s[i++]);
    }
    ward_buf_putc(&b, 0);   /* an empty s still gives a string */
    b.len--;
    return b.data;
}

int ward_read_file(const char *path, size_t max, char **out, size_t *len, ward_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return ward_err_set(err, WARD_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return ward_err_set(err, WARD_EINPUT, "%s: is a directory", path);
    }
    ward_buf b;
    ward_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (max && b.len + n > max) {
            fclose(f);
            ward_buf_free(&b);
            return ward_err_set(err, WARD_EINPUT, "%s: larger than the %zu-byte limit", path, max);
        }
        ward_buf_append(&b, tmp, n);
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        ward_buf_free(&b);
        return ward_err_set(err, WARD_EIO, "%s: read error", path);
    }
    if (len) *len = b.len;
    *out = ward_buf_steal(&b);
    return WARD_OK;
}

void ward_thread_lower_priority(int steps)
{
#ifdef SYS_gettid
    /* On Linux each thread has its own nice value, set by thread id. */
    id_t tid = (id_t)syscall(SYS_gettid);
    errno = 0;
    int now = getpriority(PRIO_PROCESS, tid);
    if (errno == 0) setpriority(PRIO_PROCESS, tid, now + steps);
#else
    (void)steps;
#endif
}

static int file_limit_hit;   /* set by the handler, read by any thread */

static void on_file_limit(int sig)
{
    (void)sig;
    __atomic_store_n(&file_limit_hit, 1, __ATOMIC_RELAXED);
}

void ward_file_limit_catch(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_file_limit;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGXFSZ, &sa, NULL);
}

int ward_file_limit_reached(void) { return __atomic_load_n(&file_limit_hit, __ATOMIC_RELAXED); }

void ward_hash_hex(const void *p, size_t n, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, p, n, NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int all_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

static int valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] && (m != 2 || d < 29 || leap);
}

int ward_date_norm(const char *in, char out[11])
{
    int y, m = 1, d = 1;
    if (!in) return -1;
    while (isspace((unsigned char)*in)) in++;
    size_t n = strlen(in);
    if (n >= 10 && all_digits(in, 4) && in[4] == '-' && all_digits(in + 5, 2) && in[7] == '-' &&
        all_digits(in + 8, 2)) {
        y = atoi(in), m = atoi(in + 5), d = atoi(in + 8);
    } else if (n >= 7 && all_digits(in, 4) && in[4] == '-' && all_digits(in + 5, 2) &&
               (n == 7 || !isdigit((unsigned char)in[7]))) {
        y = atoi(in), m = atoi(in + 5);     /* FHIR partial date YYYY-MM */
    } else if (n >= 8 && all_digits(in, 8)) { /* HL7 TS */
        y = (in[0] - '0') * 1000 + (in[1] - '0') * 100 + (in[2] - '0') * 10 + (in[3] - '0');
        m = (in[4] - '0') * 10 + (in[5] - '0');
        d = (in[6] - '0') * 10 + (in[7] - '0');
    } else if (n == 4 && all_digits(in, 4)) {
        y = atoi(in);
    } else if (n == 6 && all_digits(in, 6)) {  /* HL7 YYYYMM */
        y = atoi(in) / 100, m = atoi(in) % 100;
    } else {
        int a, b, c;
        char sep1, sep2;
        if (sscanf(in, "%d%c%d%c%d", &a, &sep1, &b, &sep2, &c) != 5 || sep1 != sep2 ||
            (sep1 != '/' && sep1 != '-'))
            return -1;
        if (c < 100) return -1;   /* two-digit years are ambiguous: refuse */
        y = c, m = a, d = b;      /* US order, as US clinical text writes it */
    }
    if (!valid_ymd(y, m, d)) return -1;
    /* valid_ymd bounds every field, so fixed-width digits are exact. */
    const int parts[3][2] = {{y, 4}, {m, 2}, {d, 2}};
    char *o = out;
    for (int i = 0; i < 3; i++) {
        for (int k = parts[i][1] - 1, v = parts[i][0]; k >= 0; k--, v /= 10) o[k] = (char)('0' + v % 10);
        o += parts[i][1];
        *o++ = i < 2 ? '-' : 0;
    }
    return 0;
}

void ward_date_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int ward_date_days(const char *ymd, long *days)
{
    char norm[11];
    if (ward_date_norm(ymd, norm)) return -1;
    *days = ward_date_from_civil(atoi(norm), atoi(norm + 5), atoi(norm + 8));
    return 0;
}

long ward_date_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ward_date_civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits_at(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

void ward_time_key(const char *iso, char out[24])
{
    long days;
    snprintf(out, 24, "%s", iso ? iso : "");
    if (!iso || strlen(iso) < 16 || iso[10] != 'T' || !digits_at(iso + 11, 2) || iso[13] != ':' ||
        !digits_at(iso + 14, 2) || ward_date_days(iso, &days))
        return;   /* a date alone, or no ISO time: as written */
    int h = atoi(iso + 11), mi = atoi(iso + 14), sec = 0;
    const char *z = iso + 16;
    if (*z == ':' && digits_at(z + 1, 2)) sec = atoi(z + 1), z += 3;
    while (*z == '.' || isdigit((unsigned char)*z)) z++;   /* fractions of a second */
    long off = 0;
    if ((*z == '+' || *z == '-') && digits_at(z + 1, 2)) {
        const char *mm = z[3] == ':' ? z + 4 : z + 3;
        off = atol(z + 1) / (z[3] == ':' ? 1 : 100) * 3600 + (digits_at(mm, 2) ? atol(mm) % 100 * 60 : 0);
        if (*z == '-') off = -off;
    }
    long t = days * 86400 + h * 3600L + mi * 60L + sec - off;
    long d = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), r = t - d * 86400;
    int y, m, dd;
    ward_date_civil(d, &y, &m, &dd);
    if (y < 0 || y > 9999) return;
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02ld:%02ld:%02ld", y, m, dd, r / 3600, r / 60 % 60, r % 60);
    memcpy(out, buf, 19);
    out[19] = 0;
}

int ward_str_startswith(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

int ward_str_casestartswith(const char *s, const char *p)
{
    return strncasecmp(s, p, strlen(p)) == 0;
}

int ward_str_endswith(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && memcmp(s + a - b, suf, b) == 0;
}

void ward_str_copyn(char *dst, size_t cap, const char *src, size_t n)
{
    n = strnlen(src, n);
    if (n >= cap) n = cap - 1;
    memmove(dst, src, n);
    dst[n] = 0;
}

void ward_str_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memmove(dst, src, n);
    dst[n] = 0;
}

char *ward_str_trim(char *s)
{
    char *p = s;
    while (isspace((unsigned char)*p)) p++;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1])) n--;
    memmove(s, p, n);
    s[n] = 0;
    return s;
}

const char *ward_str_casestr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return hay;
    return n ? NULL : hay;
}

const char *ward_str_findword(const char *text, const char *w, size_t n)
{
    if (!n) return NULL;
    for (const char *p = text; *p; p++)
        if (!strncasecmp(p, w, n) && (p == text || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
            return p;
    return NULL;
}

int ward_str_hasword(const char *text, const char *w, size_t n)
{
    return ward_str_findword(text, w, n) != NULL;
}

int ward_stopword(const char *w, size_t n)
{
    static const char *stop[] = {"a", "an", "and", "are", "as", "at", "be", "by", "did", "do",
        "does", "for", "from", "has", "have", "her", "his", "how", "i", "in", "is", "it", "me",
        "my", "of", "on", "or", "she", "he", "that", "the", "their", "this", "to", "was", "what",
        "when", "which", "who", "with", "patient", "patients", "any", "there", NULL};
    for (int i = 0; stop[i]; i++)
        if (strlen(stop[i]) == n && !strncasecmp(stop[i], w, n)) return 1;
    return 0;
}

int ward_tsv_next(const char *text, size_t len, size_t *pos, const char **key, size_t *kn,
                  const char **val, size_t *vn)
{
    while (*pos < len) {
        const char *line = text + *pos, *nl = memchr(line, '\n', len - *pos);
        size_t n = nl ? (size_t)(nl - line) : len - *pos;
        *pos += n + (nl ? 1 : 0);
        if (n && line[n - 1] == '\r') n--;
        if (!n || line[0] == '#') continue;
        const char *tab = memchr(line, '\t', n);
        *key = line;
        *kn = tab ? (size_t)(tab - line) : n;
        *val = tab ? tab + 1 : line + n;
        *vn = tab ? (size_t)(line + n - tab - 1) : 0;
        return 1;
    }
    return 0;
}

int ward_field_is(const char *f, size_t n, const char *s)
{
    return strlen(s) == n && !memcmp(f, s, n);
}

int ward_tsv_each(const char *text, size_t len, ward_tsv_fn fn, void *ud)
{
    size_t pos = 0;
    long line = 0;
    while (pos < len) {
        const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ')) n--;
        if (!n || s[0] == '#') continue;
        const char *f[8];
        size_t fl[8];
        int nf = 0;
        size_t a = 0;
        for (size_t i = 0; i <= n && nf < 8; i++) {
            if (i < n && s[i] != '\t') continue;
            f[nf] = s + a;
            fl[nf++] = i - a;
            a = i + 1;
        }
        int rc = fn(ud, line, nf, f, fl);
        if (rc) return rc;
    }
    return 0;
}
