/* ann_faiss.cpp — FAISS IndexHNSWFlat's side of the ANN benchmark (a peer:
 * built only for bench/ann.sh, never linked into Ward). Same files, same M
 * and efConstruction, inner product on the normalized vectors. FAISS is
 * given its best mode: batched search over all queries with its own
 * OpenMP threads (1 or 2), and an OpenMP-parallel add.
 *
 *   bench_ann_faiss BASE QUERIES GT */
#include "ann_common.h"

#include <faiss/IndexHNSW.h>
#include <omp.h>
#include <vector>

struct ctx {
    faiss::IndexHNSWFlat *idx;
};

static void set_ef(void *c, int ef) { ((ctx *)c)->idx->hnsw.efSearch = ef; }

static double run_all(void *c, const ann_vecs *qs, int k, int threads, int64_t *found)
{
    std::vector<float> d((size_t)qs->n * k);
    omp_set_num_threads(threads);
    double t0 = ann_now();
    ((ctx *)c)->idx->search(qs->n, qs->v, k, d.data(), (faiss::Index::idx_t *)found);
    return qs->n / (ann_now() - t0);
}

int main(int argc, char **argv)
{
    ann_vecs b, q;
    ann_gt g;
    ann_read_peer_args(argc, argv, &b, &q, &g);
    int M = ann_env_int("ANN_M", 16), efc = ann_env_int("ANN_EFC", 200);
    int threads = ann_env_int("ANN_BUILD_THREADS", 2);
    size_t rss0 = ann_rss();
    double t0 = ann_now(), c0 = ann_cpu();
    ctx c;
    c.idx = new faiss::IndexHNSWFlat((int)b.dim, M, faiss::METRIC_INNER_PRODUCT);
    c.idx->hnsw.efConstruction = efc;
    omp_set_num_threads(threads);
    c.idx->add(b.n, b.v);
    double secs = ann_now() - t0, cpu = ann_cpu() - c0;
    printf("faiss build threads %d seconds %.2f memory %zu cpu_seconds %.2f\n", threads, secs, ann_rss() - rss0, cpu);
    fflush(stdout);
    ann_sweep("faiss", &c, set_ef, NULL, run_all, &q, &g, ann_env_int("ANN_REPS", 2));
    delete c.idx;
    free(b.v);
    free(q.v);
    free(g.ids);
    return 0;
}
