/* deid_int.h — what the de-identification files share: tokens, word
 * classes, candidate spans. */
#ifndef WARD_FUNNEL_DEID_INT_H
#define WARD_FUNNEL_DEID_INT_H

#include "ward/funnel.h"
#include "funnel/lex.h"

#include <stdint.h>

/* Word classes (data/deid_words.tsv letters, see that file). */
enum {
    W_FIRST = 1 << 0,    /* F */
    W_LAST = 1 << 1,     /* L */
    W_COMMON = 1 << 2,   /* C: also an everyday word */
    W_EPONYM = 1 << 3,   /* E */
    W_KEEP = 1 << 4,     /* K: clinical, drug, service: never a name */
    W_TITLE = 1 << 5,    /* T */
    W_CRED = 1 << 6,     /* P: MD, RN */
    W_STREET = 1 << 7,   /* S */
    W_STATE = 1 << 8,    /* A */
    W_CITY = 1 << 9,     /* Y */
    W_FAC = 1 << 10,     /* H: Hospital, Clinic */
    W_FAC2 = 1 << 11,    /* h: Center, Institute */
    W_MONTH = 1 << 12,   /* M */
    W_CUE = 1 << 13,     /* starts a cue phrase (deid_detect.c) */
    W_RELATIVE = 1 << 14,/* wife, daughter... (a name may follow) */
    W_HEAD = 1 << 15,    /* disease, sign, palsy: makes an eponym clinical */
    W_STOP = 1 << 16,    /* is, a, with: never inside a name */
    W_CITYPFX = 1 << 17, /* Q: first word of a city name of several words (San, New) */
};

/* Token shapes. */
enum {
    T_ALPHA = 1, T_DIGIT = 2, T_MIXED = 4, T_PUNCT = 8,
    T_CAP = 16,          /* first letter upper case (or non-ASCII) */
    T_UPPER = 32,        /* every letter upper case */
};

typedef struct dtok {
    size_t a, b;         /* bytes */
    uint32_t w;          /* word classes */
    uint16_t shape;
    uint8_t nl;          /* a line break between the previous token and this */
    uint8_t sp;          /* any space before it */
    uint16_t cue;        /* 1 + the group of cue phrases starting with this word, or 0 */
} dtok;

typedef struct cand {
    size_t a, b;
    int type, prio;
} cand;

typedef struct deid_doc {
    const char *t;
    size_t len;
    dtok *tk;
    size_t n, cap;
    cand *c;
    size_t nc, capc;
} deid_doc;

/* The shared word table (built once). */
const ward_lex *ward_deid_words(void);
/* Tokenizes and finds candidate spans (deid_detect.c). */
void ward_deid_detect(deid_doc *d);
/* Writes the replacement of span [a,b) of type to out (deid_surrogate.c). */
struct ward_buf;
void ward_deid_surrogate(const char *t, size_t a, size_t b, int type, const uint8_t seed[32],
                         int shift_days, struct ward_buf *out);

#endif
