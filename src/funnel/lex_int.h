/* lex_int.h — private to the funnel: string tables built once from data files.
 *
 * A funnel_lex maps byte strings to small values (a canonical name, a type
 * code). It is an open-addressing hash table: the funnel looks up every
 * token of every note, so lookups must cost one hash and a compare or two,
 * never a scan. Tables are built once per process (pthread_once) from the
 * embedded data files (data/NAME.tsv) plus a site file, and are read-only afterwards, so
 * threads share them freely.
 */
#ifndef WARD_FUNNEL_LEX_INT_H
#define WARD_FUNNEL_LEX_INT_H

#include <stddef.h>
#include <stdint.h>

typedef struct funnel_lex funnel_lex;

funnel_lex *funnel_lex_new(void);
void funnel_lex_free(funnel_lex *lx);
/* Adds or replaces key -> val (both copied). */
void funnel_lex_put(funnel_lex *lx, const char *key, size_t klen, const char *val);
/* The value for key, or NULL. */
const char *funnel_lex_get(const funnel_lex *lx, const char *key, size_t klen);
size_t funnel_lex_count(const funnel_lex *lx);
/* Room for n more keys at once (a table loaded from a list of known size
 * is not rehashed at every doubling); funnel_lex_fit gives back what a
 * reserve too large left empty. Lookups answer the same either way. */
void funnel_lex_reserve(funnel_lex *lx, size_t n);
void funnel_lex_fit(funnel_lex *lx);
/* Word classes as bit flags beside (or instead of) a value: ORs flags into
 * key's entry (creating it with value "") / returns them (0: unknown key). */
void funnel_lex_add_flags(funnel_lex *lx, const char *key, size_t klen, uint32_t flags);
uint32_t funnel_lex_flags(const funnel_lex *lx, const char *key, size_t klen);
/* The same with the key's funnel_lex_hash already computed (one hash for
 * lookups in two tables). */
uint32_t funnel_lex_flags_hashed(const funnel_lex *lx, const char *key, size_t klen, uint64_t h);
/* Asks the cache for the slot a lookup of hash h reads first (issued a
 * few words ahead of the lookup, its cache miss overlaps other work). */
void funnel_lex_prefetch(const funnel_lex *lx, uint64_t h);

/* A table's filled slots, as a build tool writes them (C arrays: a
 * process starts with the table made, cmake/deid_lists_gen.c): the slot's
 * index, its key's tag, flags and length, and where the key starts in a
 * string of all keys. Tables of flags only (funnel_lex_add_flags). */
typedef struct funnel_lex_image {
    uint32_t at, tag, flags, klen, key;
} funnel_lex_image;
/* The table of cap slots (a power of two) the image's n slots fill. */
funnel_lex *funnel_lex_from_image(size_t cap, const funnel_lex_image *img, size_t n, const char *keys);
/* The capacity of lx, and its slot i when filled: 1 and its image (key
 * offset 0: the caller places the key, *key), else 0. */
size_t funnel_lex_cap(const funnel_lex *lx);
int funnel_lex_slot(const funnel_lex *lx, size_t i, funnel_lex_image *out, const char **key);

/* Reads "key<TAB>value" lines ('#' starts a comment line; a line with no tab
 * gives value ""). norm, when set, rewrites each key in place before it is
 * stored (returns the new length). Returns the number of rules read. */
typedef size_t (*funnel_lex_norm_fn)(char *key, size_t n);
size_t funnel_lex_load_tsv(funnel_lex *lx, const char *text, size_t len, funnel_lex_norm_fn norm);
/* Loads a site file when path names one; returns rules read (0 if none). */
size_t funnel_lex_load_file(funnel_lex *lx, const char *path, funnel_lex_norm_fn norm);
/* $WARD_DATA/NAME (or the file named by env var ENV when set), for site files. */
void funnel_lex_site_path(const char *env, const char *name, char *out, size_t cap);

/* 64-bit FNV-1a. */
uint64_t funnel_lex_hash(const char *s, size_t n);

#endif
