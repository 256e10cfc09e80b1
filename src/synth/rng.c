/* rng.c — the generator's only source of randomness, and day arithmetic.
 *
 * xoshiro256** seeded through splitmix64 from (seed, stream, sub): each
 * patient owns its stream (its index), and each purpose inside a patient
 * (its life, its ids, its notes) its sub-stream, so adding a note template
 * never changes a lab value and patient 7 is the same at any cohort size.
 * rand() is never used: its sequence differs between C libraries.
 */
#include "synth_int.h"

#include <math.h>
#include <stdio.h>

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void srng_seed(srng *r, uint64_t seed, uint64_t stream, uint64_t sub)
{
    uint64_t x = seed ^ splitmix(&stream) ^ (sub * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < 4; i++) r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t srng_next(srng *r)
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

double srng_u01(srng *r)
{
    return (double)(srng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int srng_int(srng *r, int lo, int hi)
{
    if (hi <= lo) return lo;
    return lo + (int)(srng_next(r) % (uint64_t)(hi - lo + 1));
}

int srng_chance(srng *r, double p)
{
    return srng_u01(r) < p;
}

double srng_normal(srng *r, double mu, double sd)
{
    /* Box-Muller; the second value is dropped so the stream stays simple. */
    double u = srng_u01(r), v = srng_u01(r);
    if (u < 1e-300) u = 1e-300;
    return mu + sd * sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

size_t srng_weighted(srng *r, const double *w, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) total += w[i];
    double x = srng_u01(r) * total;
    for (size_t i = 0; i < n; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    return n - 1;
}

void srng_uuid(srng *r, char out[37])
{
    uint64_t a = srng_next(r), b = srng_next(r);
    a = (a & ~0xF000ull) | 0x4000ull;                     /* version 4 */
    b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; /* variant */
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xFFFF),
             (unsigned)(a & 0xFFFF), (unsigned)(b >> 48), (unsigned long long)(b & 0xFFFFFFFFFFFFull));
}

/* Civil-from-days and back (proleptic Gregorian), as in ward_date_days. */
int sday_from(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468;
}

void sday_ymd(int day, int *y, int *m, int *d)
{
    ward_date_civil(day, y, m, d);
}

void sday_iso(int day, char out[11])
{
    int y, m, d;
    sday_ymd(day, &y, &m, &d);
    if (y < 0 || y > 9999) y = 0;
    out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10), out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10), out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
    out[7] = '-', out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10), out[10] = 0;
}

int sday_parse(const char *s)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return NO_DAY;
    if (m < 1 || m > 12 || d < 1 || d > 31) return NO_DAY;
    return sday_from(y, m, d);
}

int sday_age(int birth, int day)
{
    int by, bm, bd, y, m, d;
    sday_ymd(birth, &by, &bm, &bd);
    sday_ymd(day, &y, &m, &d);
    int age = y - by;
    if (m < bm || (m == bm && d < bd)) age--;
    return age;
}
