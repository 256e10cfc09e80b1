/* schema_grammar.cpp — JSON schema to GBNF with llama.cpp's own converter.
 *
 * The one C++ file in Ward: llama.cpp's common library converts a JSON
 * schema into the GBNF grammar its sampler enforces, and only offers that
 * in C++. This shim gives it a C signature and turns every exception into
 * an error message, so a schema that does not convert is an error (the
 * caller then refuses to generate: structured output fails closed).
 * Built only with llama.cpp (cmake/llama.cmake adds it). */
#include "json-schema-to-grammar.h"
#include "json.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" int llm_schema_to_grammar(const char *schema_json, char **grammar, char *errbuf, size_t errlen);

extern "C" int llm_schema_to_grammar(const char *schema_json, char **grammar, char *errbuf, size_t errlen)
{
    *grammar = nullptr;
    try {
        common_json schema = common_json::parse(schema_json ? schema_json : "");
        std::string g = json_schema_to_grammar(schema, true);
        if (g.empty()) throw std::runtime_error("the converter produced an empty grammar");
        *grammar = static_cast<char *>(std::malloc(g.size() + 1));
        if (!*grammar) throw std::bad_alloc();
        std::memcpy(*grammar, g.c_str(), g.size() + 1);
        return 0;
    } catch (const std::exception &e) {
        std::snprintf(errbuf, errlen, "%s", e.what());
    } catch (...) {
        std::snprintf(errbuf, errlen, "unknown error");
    }
    return 1;
}
