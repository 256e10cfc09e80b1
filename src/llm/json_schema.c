/* json_schema.c — checks a JSON value against a JSON schema.
 *
 * Constrained generation makes output follow a schema by construction, but
 * Ward does not take that on trust: an HTTP server may ignore
 * response_format, and a converter may accept a keyword it cannot enforce.
 * So every schema-constrained output is validated here before it is
 * returned; what does not validate is an error (fails closed).
 *
 * The subset is what structured output uses: type (one or a list), enum,
 * const, properties / required / additionalProperties, items / prefixItems
 * / minItems / maxItems, minLength / maxLength (in characters), minimum /
 * maximum / exclusive bounds, anyOf / oneOf / allOf, and $ref to a
 * definition inside the same schema (#/$defs/..., #/definitions/...).
 * Annotations (title, description, format, pattern...) are not checked.
 * Errors name the JSON path of the offending value, never the value. */
#include "ward/llm.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct vctx {
    json_t *root;   /* the whole schema, for $ref */
    ward_err *err;
    int depth;
} vctx;

static int check(vctx *c, json_t *schema, json_t *v, const char *path);

static int fail(vctx *c, const char *path, const char *what)
{
    return ward_err_set(c->err, WARD_EINPUT, "%s: %s", path, what);
}

static int type_is(const char *t, json_t *v)
{
    if (!strcmp(t, "object")) return json_is_object(v);
    if (!strcmp(t, "array")) return json_is_array(v);
    if (!strcmp(t, "string")) return json_is_string(v);
    if (!strcmp(t, "number")) return json_is_number(v);
    if (!strcmp(t, "integer"))
        return json_is_integer(v) || (json_is_real(v) && floor(json_real_value(v)) == json_real_value(v));
    if (!strcmp(t, "boolean")) return json_is_boolean(v);
    if (!strcmp(t, "null")) return json_is_null(v);
    return 0;
}

static int check_type(vctx *c, json_t *type, json_t *v, const char *path)
{
    if (json_is_string(type))
        return type_is(json_string_value(type), v) ? 0 : fail(c, path, "wrong type");
    size_t i;
    json_t *t;
    json_array_foreach(type, i, t)
        if (json_is_string(t) && type_is(json_string_value(t), v)) return 0;
    return fail(c, path, "wrong type");
}

static json_t *resolve(vctx *c, const char *ref)
{
    if (strncmp(ref, "#/", 2)) return NULL;
    json_t *node = c->root;
    char *copy = strdup(ref + 2), *save = NULL;
    for (char *tok = strtok_r(copy, "/", &save); tok && node; tok = strtok_r(NULL, "/", &save))
        node = json_object_get(node, tok);
    free(copy);
    return node;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static double num(json_t *j)
{
    return json_number_value(j);
}

static int check_object(vctx *c, json_t *s, json_t *v, const char *path)
{
    json_t *props = json_object_get(s, "properties"), *req = json_object_get(s, "required");
    json_t *extra = json_object_get(s, "additionalProperties");
    size_t i;
    json_t *r;
    json_array_foreach(req, i, r)
        if (json_is_string(r) && !json_object_get(v, json_string_value(r))) {
            char what[300];
            snprintf(what, sizeof what, "required property \"%.200s\" is missing", json_string_value(r));
            return fail(c, path, what);
        }
    const char *k;
    json_t *val;
    json_object_foreach(v, k, val) {
        /* Only keys the schema names go into the path: others came from
         * the model and could quote a record. */
        char sub[512];
        json_t *ps = json_object_get(props, k);
        snprintf(sub, sizeof sub, "%.300s.%.200s", path, ps ? k : "(extra property)");
        if (ps) {
            if (check(c, ps, val, sub)) return c->err->code;
        } else if (json_is_false(extra)) {
            return fail(c, sub, "property not allowed by the schema");
        } else if (json_is_object(extra) && check(c, extra, val, sub)) {
            return c->err->code;
        }
    }
    return 0;
}

static int check_array(vctx *c, json_t *s, json_t *v, const char *path)
{
    json_t *items = json_object_get(s, "items"), *prefix = json_object_get(s, "prefixItems");
    json_t *mn = json_object_get(s, "minItems"), *mx = json_object_get(s, "maxItems");
    size_t n = json_array_size(v);
    if (mn && (double)n < num(mn)) return fail(c, path, "too few items");
    if (mx && (double)n > num(mx)) return fail(c, path, "too many items");
    size_t np = json_array_size(prefix);
    for (size_t i = 0; i < n; i++) {
        char sub[512];
        snprintf(sub, sizeof sub, "%.400s[%zu]", path, i);
        json_t *is = i < np ? json_array_get(prefix, i) : items;
        if (json_is_object(is) || json_is_boolean(is))
            if (check(c, is, json_array_get(v, i), sub)) return c->err->code;
    }
    return 0;
}

static int check_scalar(vctx *c, json_t *s, json_t *v, const char *path)
{
    if (json_is_string(v)) {
        json_t *mn = json_object_get(s, "minLength"), *mx = json_object_get(s, "maxLength");
        size_t n = utf8_chars(json_string_value(v));
        if (mn && (double)n < num(mn)) return fail(c, path, "string too short");
        if (mx && (double)n > num(mx)) return fail(c, path, "string too long");
    }
    if (json_is_number(v)) {
        double x = num(v);
        json_t *b;
        if ((b = json_object_get(s, "minimum")) && x < num(b)) return fail(c, path, "below minimum");
        if ((b = json_object_get(s, "maximum")) && x > num(b)) return fail(c, path, "above maximum");
        if ((b = json_object_get(s, "exclusiveMinimum")) && json_is_number(b) && x <= num(b))
            return fail(c, path, "not above exclusiveMinimum");
        if ((b = json_object_get(s, "exclusiveMaximum")) && json_is_number(b) && x >= num(b))
            return fail(c, path, "not below exclusiveMaximum");
    }
    return 0;
}

/* anyOf / oneOf / allOf: a branch's error is replaced by one naming the combinator. */
static int check_combinators(vctx *c, json_t *s, json_t *v, const char *path)
{
    static const char *names[] = {"anyOf", "oneOf", "allOf"};
    for (int k = 0; k < 3; k++) {
        json_t *list = json_object_get(s, names[k]);
        if (!json_is_array(list)) continue;
        size_t i, ok = 0;
        json_t *sub;
        json_array_foreach(list, i, sub) {
            ward_err e = {0};
            vctx cc = {c->root, &e, c->depth};
            if (!check(&cc, sub, v, path)) ok++;
            else if (k == 2) {
                *c->err = e;
                return e.code;
            }
        }
        if (k == 0 && !ok) return fail(c, path, "matches none of anyOf");
        if (k == 1 && ok != 1) return fail(c, path, "does not match exactly one of oneOf");
    }
    return 0;
}

static int check(vctx *c, json_t *s, json_t *v, const char *path)
{
    if (json_is_true(s)) return 0;
    if (json_is_false(s)) return fail(c, path, "no value is allowed here");
    if (!json_is_object(s)) return fail(c, path, "the schema here is not an object");
    if (++c->depth > 64) return fail(c, path, "schema nesting too deep (a $ref cycle?)");
    int rc = 0;
    json_t *t;
    if ((t = json_object_get(s, "$ref"))) {
        json_t *target = json_is_string(t) ? resolve(c, json_string_value(t)) : NULL;
        rc = target ? check(c, target, v, path) : fail(c, path, "unresolvable $ref in the schema");
    }
    if (!rc && (t = json_object_get(s, "type"))) rc = check_type(c, t, v, path);
    if (!rc && (t = json_object_get(s, "const")) && !json_equal(t, v)) rc = fail(c, path, "not the const value");
    if (!rc && (t = json_object_get(s, "enum"))) {
        size_t i, found = 0;
        json_t *e;
        json_array_foreach(t, i, e) found |= json_equal(e, v);
        if (!found) rc = fail(c, path, "not one of the enum values");
    }
    if (!rc && json_is_object(v)) rc = check_object(c, s, v, path);
    if (!rc && json_is_array(v)) rc = check_array(c, s, v, path);
    if (!rc) rc = check_scalar(c, s, v, path);
    if (!rc) rc = check_combinators(c, s, v, path);
    c->depth--;
    return rc;
}

int ward_json_schema_validate(const char *schema_json, const char *instance_json, ward_err *err)
{
    json_error_t je;
    json_t *schema = json_loads(schema_json ? schema_json : "", JSON_DECODE_ANY, &je);
    if (!schema) return ward_err_set(err, WARD_EUSAGE, "the JSON schema is not valid JSON (line %d: %s)", je.line, je.text);
    json_t *v = json_loads(instance_json ? instance_json : "", JSON_DECODE_ANY, &je);
    int rc;
    if (!v) {
        rc = ward_err_set(err, WARD_EINPUT, "not valid JSON (line %d, column %d)", je.line, je.column);
    } else {
        vctx c = {schema, err, 0};
        rc = check(&c, schema, v, "$");
    }
    json_decref(v);
    json_decref(schema);
    return rc;
}
