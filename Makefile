# Rapport: the two commands of the README, and a few more.
#   make run    install what is missing, build, start Rapport on the default scenario
#   make test   install what is missing, build, run the whole test suite (CTest)
# Debian packages are installed only when missing (through sudo when not root).

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
PREFIX ?= /usr/local

# Build and test dependencies, all from Debian 12 (bookworm).
DEPS := g++ cmake ninja-build pkg-config libyaml-cpp-dev nlohmann-json3-dev libsqlite3-dev doctest-dev libstemmer-dev \
        clang libclang-rt-14-dev python3 python3-yaml python3-jsonschema graphviz libxml2-utils \
        libimgui-dev libstb-dev libglfw3-dev python3-glad python3-jinja2 libgl1-mesa-dri \
        fonts-dejavu-core fonts-dejavu-extra xvfb xauth xdotool

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build run test bench install clean format

all: build

deps:
	@missing=""; \
	for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j2

run: build
	./$(BUILD)/rapport

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

bench: build
	./$(BUILD)/bench/bench_load
	./$(BUILD)/bench/bench_analysis
	bench/bench_ink.sh $(BUILD)
	./$(BUILD)/bench/bench_progress
	./$(BUILD)/bench/bench_coding
	xvfb-run -a -s "-screen 0 1280x800x24" ./$(BUILD)/bench/bench_gui ./$(BUILD)/rapport ./$(BUILD)/bench/bare_window

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
