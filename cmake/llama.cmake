# llama.cmake — link the llama.cpp that scripts/llama.sh built into the cache.
# Without it (WARD_LLAMA=OFF, or no cache), Ward builds with no in-process
# model: the HTTP and extractive backends still work.
set(WARD_HAVE_LLAMA OFF)
if(WARD_LLAMA AND EXISTS ${WARD_LLAMA_PREFIX}/build/src/libllama.a)
  set(WARD_HAVE_LLAMA ON)
  set(LB ${WARD_LLAMA_PREFIX}/build)
  file(GLOB GGML_LIBS ${LB}/ggml/src/libggml*.a ${LB}/ggml/src/*/libggml*.a)
  list(FILTER GGML_LIBS EXCLUDE REGEX "libggml\\.a$")
  find_package(OpenMP)
  target_include_directories(ward PUBLIC ${WARD_LLAMA_PREFIX}/src/include ${WARD_LLAMA_PREFIX}/src/ggml/include)
  target_link_libraries(ward PUBLIC ${LB}/common/libllama-common.a ${LB}/common/libllama-common-base.a
    ${LB}/src/libllama.a ${LB}/ggml/src/libggml.a
    -Wl,--start-group ${GGML_LIBS} -Wl,--end-group stdc++)
  if(OpenMP_C_FOUND)
    target_link_libraries(ward PUBLIC OpenMP::OpenMP_C)
  endif()
  # JSON schema -> GBNF comes from llama.cpp's common library (C++, linked
  # above), behind a one-function shim; its headers stay private to that file.
  target_sources(ward PRIVATE ${CMAKE_SOURCE_DIR}/src/llm/schema_grammar.cpp)
  set_source_files_properties(${CMAKE_SOURCE_DIR}/src/llm/schema_grammar.cpp PROPERTIES
    INCLUDE_DIRECTORIES ${WARD_LLAMA_PREFIX}/src/common COMPILE_OPTIONS "-std=c++17")
  target_compile_definitions(ward PUBLIC WARD_HAVE_LLAMA=1)
  set(WARD_LLAMA_SERVER ${LB}/bin/llama-server)
  set(WARD_LLAMA_BENCH ${LB}/bin/llama-bench)
endif()
message(STATUS "Ward: llama.cpp in-process: ${WARD_HAVE_LLAMA}")
