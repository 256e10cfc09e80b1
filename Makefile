# Ward — top-level commands. The quick start is `make demo` and `make test`;
# both run scripts/setup.sh first, which installs what is missing.
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all build setup test test-normal test-asan demo bench clean

all: build

build:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j$(JOBS)

setup:
	@scripts/setup.sh

# The suite runs twice: a normal -Werror build and an ASan+UBSan build.
test: setup
	@$(MAKE) --no-print-directory test-normal test-asan

test-normal:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARD_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build build -j$(JOBS)
	cd build && ctest --output-on-failure -j$(JOBS) --timeout 1500

test-asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWARD_WERROR=ON -DWARD_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 2400

demo: setup build
	@scripts/demo.sh

clean:
	rm -rf build build-asan
