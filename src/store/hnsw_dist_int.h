/* hnsw_dist_int.h — dot-product kernels for the vector index (internal).
 *
 * One portable version of each kernel plus AVX2 and AVX-512 versions built
 * with __attribute__((target)); hnsw_dist_pick() chooses the best the CPU
 * runs, once, at index creation. WARD_SIMD=scalar|avx2|avx512 forces one
 * (tests compare them; a benchmark can measure each). */
#ifndef WARD_HNSW_DIST_INT_H
#define WARD_HNSW_DIST_INT_H

#include <stddef.h>
#include <stdint.h>

typedef float (*hnsw_dot_f32_fn)(const float *a, const float *b, size_t n);
typedef int32_t (*hnsw_dot_i8_fn)(const int8_t *a, const int8_t *b, size_t n);

typedef struct hnsw_dist_kernels {
    const char *name;          /* "scalar", "avx2", "avx512" */
    hnsw_dot_f32_fn dot_f32;
    hnsw_dot_i8_fn dot_i8;
} hnsw_dist_kernels;

/* The fastest kernels this CPU supports, or those WARD_SIMD names. */
hnsw_dist_kernels hnsw_dist_pick(void);
/* Kernels by name; returns 0 when the CPU lacks them (out untouched). */
int hnsw_dist_by_name(const char *name, hnsw_dist_kernels *out);

#endif
