/* deid_hostile.c — de-identification of hostile texts at two sizes: its
 * cost must grow in proportion to the text (issue 15).
 *
 *   bench_deid_hostile [SIZE...]           every text at each size (bytes;
 *                                          default 250000 1000000): CPU s
 *   bench_deid_hostile --one NAME SIZE     one text, de-identified once in
 *                                          deid_measured() (for callgrind's
 *                                          --toggle-collect=deid_measured)
 *   bench_deid_hostile --write DIR SIZE    writes the texts as DIR/NAME.txt
 *
 * The texts are made here, the same bytes every run: one line of ordinary
 * clinical prose without a line break; a name after a title again and
 * again ("Dr. Smith, "); numbers of dates, phones and record numbers that
 * never stop; punctuation alone; cue words alone ("Dr. MRN: DOB: seen by
 * ..."); headings repeated line after line. test_deid_linear.c holds the
 * crafted patterns at 40 and 160 KB; these are the bigger, plainer cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ward/funnel.h"

typedef void (*unit_fn)(ward_buf *b, unsigned i);

/* A clinical paragraph with its identifiers, its numbers moved each time,
 * and no line break: a 1 MB note written on one line. */
static void one_line(ward_buf *b, unsigned i)
{
    static const char *who[] = {"Maria Gonzalez", "John O'Brien", "Aiko Tanaka", "Kwame Mensah", "Olga Petrova"};
    ward_buf_printf(b,
                    "Patient %s (MRN %07u) was seen on %u/%u/20%02u by Dr. Patel at Mercy General Hospital for "
                    "follow up of type 2 diabetes mellitus and hypertension. Blood pressure %u/%u, heart rate %u. "
                    "Metformin 500 mg twice daily was continued; HbA1c %u.%u%%. She lives at %u Oak Street, "
                    "Springfield, and can be reached at (555) %03u-%04u. Plan: return in %u weeks. ",
                    who[i % 5], 1000000 + i * 7, 1 + i % 12, 1 + i % 28, i % 25, 110 + i % 40, 60 + i % 30,
                    60 + i % 40, 5 + i % 6, i % 10, 10 + i % 900, i % 1000, i % 10000, 1 + i % 8);
}

static void names(ward_buf *b, unsigned i)
{
    (void)i;
    ward_buf_puts(b, "Dr. Smith, ");
}

static void digits(ward_buf *b, unsigned i)
{
    ward_buf_printf(b, "%u/%u/%u %03u-%03u-%04u #%u %u.%u ", 1 + i % 12, 1 + i % 31, 1990 + i % 40, i % 1000,
                    (i * 7) % 1000, (i * 13) % 10000, i * 31, i % 100, i % 10);
    if (i % 16 == 15) ward_buf_puts(b, "\n");
}

static void punct(ward_buf *b, unsigned i)
{
    static const char p[] = "-/.,;:()[]#*&'\"<>|^_+=~!?@%";
    for (unsigned k = 0; k < 8; k++) ward_buf_printf(b, "%c", p[(i * 8 + k) * 2654435761u % (sizeof p - 1)]);
    ward_buf_puts(b, i % 32 == 31 ? "\n" : (i % 3 ? "" : " "));
}

static void cues(ward_buf *b, unsigned i)
{
    static const char *c[] = {"Dr. ", "Mr. ", "Mrs. ", "MRN: ", "DOB: ", "Patient: ", "Name: ", "seen by ", "at ",
                              "with ", "signed by ", "Attending: ", "cc: ", "from ", "Sincerely, ", "Phone: ",
                              "Address: ", "daughter ", "wife ", "RN ", "MD, "};
    ward_buf_puts(b, c[i % (sizeof c / sizeof *c)]);
    if (i % 24 == 23) ward_buf_puts(b, "\n");
}

static void headings(ward_buf *b, unsigned i)
{
    static const char *h[] = {"HISTORY OF PRESENT ILLNESS:\n", "PAST MEDICAL HISTORY:\n", "MEDICATIONS:\n",
                              "ALLERGIES:\n", "SOCIAL HISTORY:\n", "FAMILY HISTORY:\n", "REVIEW OF SYSTEMS:\n",
                              "PHYSICAL EXAMINATION:\n", "Discharge Medications:\n", "ASSESSMENT AND PLAN:\n"};
    ward_buf_puts(b, h[i % (sizeof h / sizeof *h)]);
}

static const struct {
    const char *name;
    unit_fn f;
} texts[] = {{"one_line", one_line}, {"names", names},     {"digits", digits},
             {"punct", punct},       {"cues", cues},       {"headings", headings}};
#define N_TEXTS (sizeof texts / sizeof *texts)

/* Text q cut to `bytes` at most, whole units only (a line stays below the
 * 1 MiB a line may hold). */
static void make(ward_buf *b, size_t q, size_t bytes)
{
    ward_buf_init(b);
    ward_buf u;
    ward_buf_init(&u);
    for (unsigned i = 0;; i++) {
        ward_buf_reset(&u);
        texts[q].f(&u, i);
        if (b->len + u.len > bytes) break;
        ward_buf_append(b, u.data, u.len);
    }
    ward_buf_free(&u);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One de-identification, its spans counted: callgrind counts only this. */
__attribute__((noinline)) size_t deid_measured(const ward_buf *b)
{
    ward_deid_result out;
    ward_err err = {0};
    if (ward_funnel_deid(b->data, b->len, NULL, &out, &err)) {
        fprintf(stderr, "deid: %s\n", err.msg);
        exit(1);
    }
    size_t n = out.n;
    ward_deid_result_free(&out);
    return n;
}

/* The word lists and the model load at the first call: not measured. */
static void warm_up(void)
{
    const char note[] = "Seen by Dr. Okafor on 3/4/2021.";
    ward_deid_result out;
    ward_err err = {0};
    if (!ward_funnel_deid(note, sizeof note - 1, NULL, &out, &err)) ward_deid_result_free(&out);
}

static long find(const char *name)
{
    for (size_t q = 0; q < N_TEXTS; q++)
        if (!strcmp(texts[q].name, name)) return (long)q;
    return -1;
}

int main(int argc, char **argv)
{
    ward_buf b;
    warm_up();
    if (argc == 4 && !strcmp(argv[1], "--one")) {
        long q = find(argv[2]);
        if (q < 0) return fprintf(stderr, "no text %s\n", argv[2]), 2;
        make(&b, (size_t)q, strtoul(argv[3], NULL, 10));
        printf("%s %zu bytes %zu spans\n", argv[2], b.len, deid_measured(&b));
        ward_buf_free(&b);
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "--write")) {
        for (size_t q = 0; q < N_TEXTS; q++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.txt", argv[2], texts[q].name);
            make(&b, q, strtoul(argv[3], NULL, 10));
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f)) return fprintf(stderr, "cannot write %s\n", path), 1;
            ward_buf_free(&b);
        }
        return 0;
    }
    size_t sizes[16] = {250000, 1000000}, ns = 2;
    if (argc > 1)
        for (ns = 0; ns < 16 && (int)ns + 1 < argc; ns++) sizes[ns] = strtoul(argv[ns + 1], NULL, 10);
    for (size_t q = 0; q < N_TEXTS; q++)
        for (size_t s = 0; s < ns; s++) {
            make(&b, q, sizes[s]);
            double best = 1e9;
            size_t spans = 0;
            for (int r = 0; r < 3; r++) {   /* best of three: less of the machine's noise */
                double t0 = cpu_seconds();
                spans = deid_measured(&b);
                double t = cpu_seconds() - t0;
                if (t < best) best = t;
            }
            printf("%s %zu %.4f %zu\n", texts[q].name, b.len, best, spans);
            ward_buf_free(&b);
        }
    return 0;
}
