# ProcLab — thin wrapper over CMake/CTest.
#
#   make run     install missing Debian packages, configure, build, open the GUI (without a
#                display: run the default lesson in the terminal)
#   make test    same, then run every test (offscreen)
#   make bench   same, then run every benchmark in full
#   make package same, then build the Debian packages (CPack) into $(BUILD_DIR)/packages/
#   make soak    same, then the window's ten-minute soak (memory, descriptors, objects after each round)
#   make tidy    same, then run the curated clang-tidy checks on core/, ui/ and app/
#   make tidy-changed   the same checks on the sources changed since TIDY_BASE (CI runs it)
#   make test-asan  build the core, lesson and fuzz tests with AddressSanitizer + UBSan (clang, no UI,
#                   build-asan) and run them, the fuzzers a few seconds each
#   make test-tsan  build the queue, lock and pool tests with ThreadSanitizer (build-tsan), run them
#
# WERROR=ON configures with warnings as errors (CI does).
#
# Every step is idempotent: with everything present, `make test` only checks the packages
# (one dpkg call), lets Ninja find nothing to rebuild and runs the tests.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
CTEST_JOBS ?= 2
WERROR     ?= OFF
CMAKE      ?= cmake
CTEST      ?= ctest
# The sanitizer trees: clang (libFuzzer), without the Qt UI, the Python bridge and proclab::mpi.
SAN_CXX    ?= clang++
ASAN_DIR   ?= build-asan
# The labels of the tests run under AddressSanitizer (e.g. ASAN_LABELS='core|fuzz': the lesson
# checks take about 5 minutes there).
ASAN_LABELS ?= core|lessons|fuzz
TSAN_DIR   ?= build-tsan
SAN_FLAGS  := -DCMAKE_CXX_COMPILER=$(SAN_CXX) -DPROCLAB_BUILD_UI=OFF -DPROCLAB_BUILD_PYTHON=OFF -DPROCLAB_BUILD_MPI=OFF
TSAN_TESTS := tst_queue tst_joinable_queue tst_simple_queue tst_lock tst_rlock tst_pool

# ccache (when installed): objects found again whatever directory the tree is cloned into, and
# room for the normal and the two sanitizer trees.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= true
export CCACHE_MAXSIZE ?= 15G

# Debian 12 packages needed to build, test and benchmark ProcLab (Open MPI and mpi4py: proclab::mpi,
# its tests and its benchmark's peer). The last line: packaging
# (dpkg-shlibdeps, file), the validators of the desktop file and the metainfo, xprop/xwininfo (the
# installed window's test), man (the manual pages' test), rsvg-convert (resources/icons/render_pngs.sh).
DEB_PACKAGES := \
	python3 cmake g++ pkg-config ninja-build libgl-dev \
	qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools \
	libqcustomplot-dev libqcustomplot2.1-qt6 libcereal-dev libproc2-dev pybind11-dev python3-dev libbenchmark-dev libboost-dev libssl-dev nlohmann-json3-dev clang-tidy qt6-translations-l10n \
	libopenmpi-dev openmpi-bin python3-mpi4py \
	clang \
	xvfb xauth imagemagick fonts-wqy-microhei \
	dpkg-dev file desktop-file-utils appstream x11-utils man-db librsvg2-bin

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := build
.PHONY: deps configure build run test test-asan test-tsan bench tidy tidy-changed package soak clean help

help:
	@echo "make run | test | test-asan | test-tsan | bench | tidy | package | soak | build | configure | deps | clean"

# Installs only the packages that are missing (apt-get update first, no recommends).
deps:
	@if ! dpkg -s $(DEB_PACKAGES) >/dev/null 2>&1; then \
	    missing=""; \
	    for p in $(DEB_PACKAGES); do \
	        dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; \
	    done; \
	    echo "== installing missing packages:$$missing"; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

# Always (re)configures; `build` only configures when the build tree does not exist yet
# (afterwards Ninja re-runs CMake by itself when a CMakeLists.txt changes).
CONFIGURE_CMD = $(CMAKE) -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPROCLAB_WERROR=$(WERROR)

configure: deps
	$(CONFIGURE_CMD)

$(BUILD_DIR)/build.ninja: | deps
	$(CONFIGURE_CMD)

build: deps $(BUILD_DIR)/build.ninja
	$(CMAKE) --build $(BUILD_DIR)

run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	    echo "make run: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the GUI cannot open."; \
	    echo "          Run it on a virtual X server instead:"; \
	    echo "              xvfb-run -a -s '-screen 0 1280x800x24' $(BUILD_DIR)/app/proclab"; \
	    echo "          or run the tests headless with: make test"; \
	    echo "          Meanwhile, here is the default lesson (2) in the terminal:"; \
	    echo; \
	    exec ./$(BUILD_DIR)/app/proclab-cli run 2 --speed 2; \
	fi; \
	exec ./$(BUILD_DIR)/app/proclab

test: build
	QT_QPA_PLATFORM=offscreen $(CTEST) --test-dir $(BUILD_DIR) --output-on-failure -j$(CTEST_JOBS)

# The Debian packages proclab, libproclab-dev and proclab-python (cmake/ProcLabPackaging.cmake),
# written to $(BUILD_DIR)/packages/. Install them with: sudo apt-get install ./build/packages/*.deb
package: build
	cd $(BUILD_DIR) && cpack
	@ls -l $(BUILD_DIR)/packages/*.deb

# The presets (CMakePresets.json) carry the sanitizer flags and options; these builds configure
# their tree once (afterwards Ninja re-runs CMake by itself) and build only the tests they run.
$(ASAN_DIR)/build.ninja: | deps
	$(CMAKE) --preset asan $(SAN_FLAGS) -DPROCLAB_FUZZ_COVERAGE=ON

test-asan: deps $(ASAN_DIR)/build.ninja
	$(CMAKE) --build $(ASAN_DIR) --target tests_core tests_lessons tests_fuzz
	$(CTEST) --preset asan -L '$(ASAN_LABELS)'

$(TSAN_DIR)/build.ninja: | deps
	$(CMAKE) --preset tsan $(SAN_FLAGS)

test-tsan: deps $(TSAN_DIR)/build.ninja
	$(CMAKE) --build $(TSAN_DIR) --target $(TSAN_TESTS)
	$(CTEST) --preset tsan -R '^core\.($(subst $(eval) ,|,$(TSAN_TESTS)))$$'

# The window over ten minutes (the demo in rounds at 10 Hz), printing memory, descriptors and
# objects after each round; the test fails if any of them grows. `make test` runs it for 40 s.
SOAK_SECONDS ?= 600
soak: build
	QT_QPA_PLATFORM=offscreen PROCLAB_SOAK_SECONDS=$(SOAK_SECONDS) QTEST_FUNCTION_TIMEOUT=$$(( ($(SOAK_SECONDS) + 300) * 1000 )) \
		$(BUILD_DIR)/tests/ui/tst_soak

# Runs every bench_* executable in full; fails if any of them fails.
bench: build
	@found=0; failed=0; \
	for b in $(BUILD_DIR)/tests/bench/bench_*; do \
	    [ -f "$$b" ] && [ -x "$$b" ] || continue; \
	    found=1; \
	    echo "== $$b"; \
	    "$$b" || failed=1; \
	done; \
	if [ $$found = 0 ]; then echo "make bench: no bench_* executable in $(BUILD_DIR)/tests/bench"; fi; \
	if [ -d $(BUILD_DIR)/python/proclab_watch ]; then \
	    echo "== tests/bench/bench_python_bridge.py"; \
	    python3 tests/bench/bench_python_bridge.py $(BUILD_DIR)/app/proclab-cli || failed=1; \
	fi; \
	exit $$failed

# Runs the curated .clang-tidy checks on every source of core/, ui/ and app/ (the compile commands of
# the build); any finding fails (WarningsAsErrors). About 13 s of CPU per source.
tidy: build
	run-clang-tidy -p $(BUILD_DIR) -quiet -j$(CTEST_JOBS) -extra-arg=-Wno-unused-lambda-capture '^$(CURDIR)/(core|ui|app)/.*\.cpp$$'

# The same checks on the sources changed since TIDY_BASE (default: the commit named in
# .ci/tidy-base, from which on changes are checked), directly or through a header they include.
TIDY_BASE ?= $(shell cat .ci/tidy-base 2>/dev/null)
tidy-changed: build
	python3 .ci/tidy_changed.py $(BUILD_DIR) $(TIDY_BASE) $(CTEST_JOBS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR)
