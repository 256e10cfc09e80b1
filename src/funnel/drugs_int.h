/* drugs_int.h — drug classes (data/drugs.tsv), shared by the chart questions of
 * `ward ask` and by the generator, so what a question calls a statin is what
 * the generator prescribes as one.
 *
 * The file is read once (pthread_once) into tables that live as long as
 * the process; every list returned is NULL-terminated and borrowed. */
#ifndef WARD_FUNNEL_DRUGS_INT_H
#define WARD_FUNNEL_DRUGS_INT_H

#include <stddef.h>

/* A drug's pharmacologic class: the row of its whole name (case-insensitive),
 * else the row of its first word ("metoprolol succinate" -> "metoprolol");
 * NULL when neither is listed. */
const char *drugs_class(const char *name);
/* The drugs (names as rows give them) of a pharmacologic class. */
const char *const *drugs_of_class(const char *cls);
/* The class names a question may use ("statin", "beta blocker"), in the
 * order they first appear in the file. */
const char *const *drugs_cues(void);
/* The drugs a question's class name covers (empty for an unknown name). */
const char *const *drugs_asked_as(const char *cue);
/* The drugs of a class or a class name questions use, name[0, len) in any
 * letter case, plural or not ("Statins", "anticoagulant", "ACE
 * inhibitor"); empty when it is neither. For widening a search. */
const char *const *drugs_named(const char *name, size_t len);

#endif
