/* fuzz_hnsw.c — libFuzzer target: the vector index file loader.
 *
 * The input is written as an index file and loaded. A file the loader
 * accepts must then be safe to search (every link and level it let through
 * is followed), so each accepted index is searched, graph and exact, with
 * and without a filter. The fuzz build skips the checksum comparison
 * (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION in hnsw_file.c); otherwise
 * almost no mutated file would get past it to the checks that matter. */
#include "fuzz_util.h"
#include "ward/hnsw.h"

#include <stdio.h>
#include <stdlib.h>

static int odd_ids(int64_t id, void *ud)
{
    (void)ud;
    return (int)(id & 1);
}

static void search(const ward_hnsw *h)
{
    int dim = ward_hnsw_get_params(h).dim;
    float *q = malloc((size_t)dim * sizeof *q);
    for (int i = 0; i < dim; i++) q[i] = (float)(i % 7) - 3.0f;
    q[0] = 1.0f;
    ward_hnsw_hit hits[8];
    ward_hnsw_search(h, q, 8, 0, NULL, NULL, hits);
    ward_hnsw_search(h, q, 4, 16, odd_ids, NULL, hits);
    ward_hnsw_search_exact(h, q, 8, NULL, 0, hits);
    int64_t ids[3] = {0, 1, 2};
    ward_hnsw_search_exact(h, q, 3, ids, 3, hits);
    free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[4200];
    if (!*path) snprintf(path, sizeof path, "%s/vectors.hnsw", fuzz_tmpdir());
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f)) abort();
    ward_hnsw *h = NULL;
    ward_err err = {0};
    if (ward_hnsw_load(path, NULL, &h, &err) == WARD_OK) {
        search(h);
        ward_hnsw_free(h);
    }
    return 0;
}
