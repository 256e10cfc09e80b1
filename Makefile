# Ward — top-level commands. The quick start is `make demo` and `make test`;
# both run scripts/setup.sh first, which installs what is missing.
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

# Fuzzing: FUZZ_SECONDS per target, FUZZ_JOBS targets at once (docs/fuzzing.md).
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
FUZZ_CI_SECONDS ?= 20

.PHONY: all build setup test test-normal test-asan test-fuzz fuzz fuzz-build demo bench clean

all: build

build:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j$(JOBS)

setup:
	@scripts/setup.sh

# The suite runs twice: a normal -Werror build and an ASan+UBSan build;
# then every fuzz target runs briefly (a crash fails the run).
test: setup
	@$(MAKE) --no-print-directory test-normal test-asan test-fuzz

test-normal:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARD_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build build -j$(JOBS)
	cd build && ctest --output-on-failure -j$(JOBS) --timeout 1500

test-asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWARD_WERROR=ON -DWARD_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 2400

# libFuzzer targets (clang), everything instrumented with ASan+UBSan.
fuzz-build:
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DWARD_FUZZ=ON -DWARD_LLAMA=OFF $(CMAKE_FLAGS) >/dev/null
	cmake --build build-fuzz -j$(JOBS)
	fuzz/seeds.sh build-fuzz

fuzz: setup fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

test-fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_CI_SECONDS) FUZZ_JOBS=$(JOBS) fuzz/run.sh build-fuzz

# The demo is for a person: the build's lines go to build/build.log (its
# tail is shown if it fails), the screen gets one line.
demo: setup
	@echo "build: compiling Ward (log in build/build.log)"
	@mkdir -p build
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >build/build.log 2>&1 || { tail -40 build/build.log; exit 1; }
	@cmake --build build -j$(JOBS) >>build/build.log 2>&1 || { tail -40 build/build.log; exit 1; }
	@scripts/demo.sh

clean:
	rm -rf build build-asan build-fuzz
