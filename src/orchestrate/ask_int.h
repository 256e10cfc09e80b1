/* ask_int.h — the question vocabulary of `ward ask` (ask_words.c), read from
 * data/ask_words.tsv once (pthread_once) and kept for the process.
 *
 * A class ("synonym", "cue", "allergy"...) is a list of phrases, each with
 * an optional value; the lists are NULL-terminated and borrowed. The file
 * says what each class means; task_ask.c says how each is matched. */
#ifndef WARD_ORCH_ASK_INT_H
#define WARD_ORCH_ASK_INT_H

#include <stddef.h>

typedef struct ask_wordlist {
    const char *const *w;   /* phrases, NULL-terminated */
    const char *const *v;   /* v[i]: the value of w[i], or NULL */
    size_t n;
} ask_wordlist;

/* The phrases of a class (an empty list for a class the file lacks). */
const ask_wordlist *ask_words(const char *cls);

#endif
