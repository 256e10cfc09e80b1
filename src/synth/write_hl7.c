/* write_hl7.c — a patient as HL7 v2.5.1 messages (hl7/<id>.hl7): an
 * ADT^A04 registration, then one ORU^R01 per encounter with lab results,
 * oldest first. Segments end in CR, messages follow one another.
 *
 * PID-3 repeats two identifiers: the MRN (type MR) and the patient id
 * used in the FHIR and notes outputs (type PI), so a reader can join the
 * message to the same patient either way.
 */
#include "synth_int.h"

#include <stdio.h>
#include <string.h>

static void ts(ward_buf *b, int day, int minute)
{
    int y, m, d;
    sday_ymd(day, &y, &m, &d);
    ward_buf_printf(b, "%04d%02d%02d%02d%02d00", y, m, d, 8 + (minute / 60) % 10, minute % 60);
}

static void msh(ward_buf *b, const spatient *p, const char *type, int day, long seq)
{
    ward_buf_printf(b, "MSH|^~\\&|WARDSYNTH|%s|WARD|WARD|", p->demo.clinic);
    ts(b, day, 0);
    ward_buf_printf(b, "||%s|%.8s%05ld|P|2.5.1\r", type, p->id, seq);
}

static void pid(ward_buf *b, const spatient *p)
{
    const sdemo *d = &p->demo;
    int y, m, dd;
    sday_ymd(p->birth, &y, &m, &dd);
    ward_buf_printf(b, "PID|1||%s^^^WARDSYN^MR~%s^^^WARDSYN^PI||%s^%s^%s||%04d%02d%02d|%s||%s^%s^HL70005|%s^^%s^%s^%s^USA||"
                       "(%.3s)%.3s-%.4s|||||%s|%s||||||||",
                    d->mrn, p->id, d->n.family, d->n.given, d->n.middle, y, m, dd, d->female ? "F" : "M",
                    synth_race_code(d->race), synth_race_name(d->race), d->street, d->city, d->state, d->zip, d->phone,
                    d->phone + 3, d->phone + 6, d->account, d->ssn);
    if (p->death != NO_DAY) {
        ts(b, p->death, 0);
        ward_buf_puts(b, "|Y");
    }
    ward_buf_putc(b, '\r');
}

void synth_write_hl7(swriter *sw, const spatient *p)
{
    ward_buf *b = sw_scratch(sw, 0);
    ward_buf_reset(b);
    long seq = 0;
    int first = p->enc.n ? p->enc.v[0].day : p->window;
    msh(b, p, "ADT^A04^ADT_A01", first, seq++);
    ward_buf_puts(b, "EVN|A04|");
    ts(b, first, 0);
    ward_buf_putc(b, '\r');
    pid(b, p);
    const sdemo *d = &p->demo;
    ward_buf_printf(b, "NK1|1|%s^%s|%s||(%.3s)%.3s-%.4s\r", d->kin[0].n.family, d->kin[0].n.given, d->kin[0].relation,
                    d->kin[0].phone, d->kin[0].phone + 3, d->kin[0].phone + 6);
    ward_buf_printf(b, "PV1|1|O|%s||||^%s^%s^^^Dr.\r", d->clinic, d->staff[SPEC_PCP].n.family,
                    d->staff[SPEC_PCP].n.given);
    for (size_t i = 0; i < p->allergy.n; i++)
        ward_buf_printf(b, "AL1|%zu|DA|%s^%s^SCT||%s\r", i + 1, synth_allergens[p->allergy.v[i].allergen].code,
                        synth_allergens[p->allergy.v[i].allergen].display, synth_allergen_reaction[p->allergy.v[i].allergen]);
    size_t o = 0;
    for (size_t e = 0; e < p->enc.n; e++) {
        int nlab = 0;
        size_t start = o;
        while (o < p->obs.n && p->obs.v[o].enc == (int)e) {
            if (!synth_obs[p->obs.v[o].obs].vital) nlab++;
            o++;
        }
        if (!nlab) continue;
        const senc *en = &p->enc.v[e];
        msh(b, p, "ORU^R01^ORU_R01", en->day, seq++);
        pid(b, p);
        ward_buf_printf(b, "OBR|1||%.8s%04zu|24323-8^Comprehensive metabolic and lipid panel^LN|||", en->id, e);
        ts(b, en->day, 30);
        ward_buf_printf(b, "|||||||||^%s^%s^^^Dr.\r", d->staff[en->staff].n.family, d->staff[en->staff].n.given);
        int k = 0;
        for (size_t j = start; j < o; j++) {
            const sobs *ob = &p->obs.v[j];
            const obs_def *od = &synth_obs[ob->obs];
            if (od->vital) continue;
            char val[32];
            nw_fmt_value(val, sizeof val, ob->obs, ob->v);
            const char *flag = od->ref_hi > od->ref_lo ? (ob->v > od->ref_hi ? "H" : ob->v < od->ref_lo ? "L" : "N") : "";
            ward_buf_printf(b, "OBX|%d|NM|%s^%s^LN||%s|%s|", ++k, od->loinc, od->key, val, od->unit);
            if (od->ref_hi > od->ref_lo) ward_buf_printf(b, "%g-%g", od->ref_lo, od->ref_hi);
            ward_buf_printf(b, "|%s|||F|||", flag);
            ts(b, en->day, 30);
            ward_buf_putc(b, '\r');
        }
    }
    char name[64];
    snprintf(name, sizeof name, "%s.hl7", p->id);
    sw_file(sw, "hl7", name, b->data, b->len);
    sw_counts(sw)->messages += seq;
}
