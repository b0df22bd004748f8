# PoolPipe — the commands a newcomer needs. See README.md.
SWIFT ?= swift
RELEASE_BIN := .build/release/poolpipe
BENCH_BIN := Benchmarks/.build/release/poolpipe-bench
# Release binaries link the Swift runtime and Foundation statically: a run starts in ~4 ms
# instead of ~10 ms (no dynamic loading of a dozen Swift libraries), which is 3-5% of a
# batch of thumbnails.
RELEASE_FLAGS := -c release --static-swift-stdlib
DEMO_OUT ?= demo-out

.PHONY: all deps build release test demo bench examples clean fuzz test-sanitized test-cluster install uninstall lint format test-tsan

all: build

## deps: install the system packages a fresh Debian machine lacks (apt, numpy, chromium)
deps:
	@tools/install-deps.sh --browser

## build: debug build of the library, the CLI and the tests
build: deps
	$(SWIFT) build

## release: optimised build of the poolpipe CLI
release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product poolpipe

## test: the whole test suite (unit, fixtures, end-to-end CLI, browser)
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## lint: swift-format's rules (.swift-format) over every Swift file, in a few seconds; CI runs
## it before the tests. The layout (indentation, line breaks, 120 columns) is not checked, so
## that no branch needs a whole-tree reformat: `make format` lays out the files you change
SWIFT_SOURCES := Sources Tests Examples Benchmarks Package.swift
lint:
	$(SWIFT) format lint --strict --recursive --parallel --debug-disable-pretty-print $(SWIFT_SOURCES)

## format: swift-format's layout and rules applied in place to FORMAT_FILES (default: the Swift
## files changed since the last commit; `make format FORMAT_FILES=path.swift` for others)
FORMAT_FILES ?= $(shell git diff --name-only --diff-filter=AM HEAD -- '*.swift')
format:
	$(if $(strip $(FORMAT_FILES)),$(SWIFT) format format --in-place $(FORMAT_FILES),@echo "format: no changed Swift files")

## test-cluster: the Slurm recipe (Examples/slurm) on a single-node Slurm started for the
## test (installs slurm-wlm and munge when missing; about two minutes): fresh, offset and
## stepped arrays, reruns, scancel, kill -9 and single-task resubmission, each checked byte
## for byte against an unsharded run. See docs/cluster.md
test-cluster: deps
	@tools/install-deps.sh --cluster
	$(SWIFT) build --product poolpipe
	python3 tools/test_cluster.py --poolpipe .build/debug/poolpipe

## demo: the main job on the sample images in images/ -> demo-out/
demo: release
	@rm -rf $(DEMO_OUT)
	$(RELEASE_BIN) info images/*.png images/*.jpg
	$(RELEASE_BIN) thumbnail images -o $(DEMO_OUT)/thumbs --size 128
	$(RELEASE_BIN) run images -o $(DEMO_OUT)/tensors --format npy --stages 'avg(2) | max(2)'
	$(RELEASE_BIN) thumbnail images/chelsea.png -o $(DEMO_OUT)/publish --size 128 --format webp --name '{stem}_128.{ext}'
	$(RELEASE_BIN) thumbnail images/horse.png -o $(DEMO_OUT)/publish --size 128 --format jpeg --background '#3060a0' --name '{stem}_flattened.{ext}'
	$(RELEASE_BIN) thumbnail images/coffee-adobergb.jpg -o $(DEMO_OUT)/publish --size 256 --to-srgb --name '{stem}_srgb.{ext}'
	@grep -ho '"output": "[^"]*"\|"flattened": "[^"]*"\|"icc_profile": "[^"]*", "to_srgb": [a-z]*' $(DEMO_OUT)/publish/manifest.jsonl
	$(RELEASE_BIN) inspect images/chelsea.png -o $(DEMO_OUT)/report \
		--stages 'avg(2) | avg(2)' --stages 'max(2) | max(2)' --stages 'blur | blur' --spectrum
	$(RELEASE_BIN) inspect --pattern zoneplate -o $(DEMO_OUT)/zoneplate \
		--stages 'max(4)' --stages 'avg(4)' --stages 'blur | blur' --spectrum
	@echo "open $(DEMO_OUT)/report/index.html (thumbnails in $(DEMO_OUT)/thumbs, tensors in $(DEMO_OUT)/tensors, WebP / flattened JPEG / sRGB-converted outputs in $(DEMO_OUT)/publish)"

## examples: build and run the programs in Examples/ on images/ -> demo-out/examples
examples: deps
	$(SWIFT) build --product ThumbnailGallery
	$(SWIFT) build --product PrepareDataset
	$(SWIFT) build --product PackDataset
	$(SWIFT) build --product CustomStage
	.build/debug/ThumbnailGallery images $(DEMO_OUT)/examples/gallery 160
	.build/debug/PrepareDataset images $(DEMO_OUT)/examples/dataset 'avg(2, until=128) | adaptive_avg(64x64)'
	@rm -rf $(DEMO_OUT)/examples/labelled && mkdir -p $(DEMO_OUT)/examples/labelled/jpeg $(DEMO_OUT)/examples/labelled/png
	cp images/*.jpg $(DEMO_OUT)/examples/labelled/jpeg/ && cp images/*.png $(DEMO_OUT)/examples/labelled/png/
	.build/debug/PackDataset $(DEMO_OUT)/examples/labelled $(DEMO_OUT)/examples/shards 4 'resize(short=96) | crop(64)'
	.build/debug/CustomStage images/coffee.png $(DEMO_OUT)/examples/coffee-midrange.png

## bench: release build, pooling kernels vs memcpy, thumbnails vs vipsthumbnail/Pillow/OpenCV,
## median(3)/median(5) at stride 1 vs OpenCV's medianBlur, dataset tar shards vs Pillow + webdataset
## and a plain libjpeg decode. The benchmarks are a nested package (Benchmarks/) that depends on
## PoolPipe by path, so library users never build them
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --package-path Benchmarks --product poolpipe-bench
	$(SWIFT) build $(RELEASE_FLAGS) --product poolpipe
	/usr/bin/time -f "kernel benchmark peak RSS: %M KB" $(BENCH_BIN) --kernels-only
	python3 tools/bench_thumbnails.py --poolpipe .build/release/poolpipe
	python3 tools/bench_median.py --bench $(BENCH_BIN)
	python3 tools/bench_dataset.py --poolpipe .build/release/poolpipe

## fuzz: libFuzzer over the PNG, JPEG and NPY decoders and the stage parser (FUZZ_SECONDS
## per target, default 600, two at a time); findings land in fuzz/regressions/. See fuzz/README.md
fuzz: deps
	tools/fuzz.sh

## test-sanitized: the test suite under AddressSanitizer (Swift and C) and, for the C code
## (CCodecs, CYaml), UndefinedBehaviorSanitizer too (Swift has no -sanitize=undefined on
## Linux; its own overflow and bounds checks trap anyway). Own scratch path; leak reports off
## (the Swift runtime keeps caches); a failed malloc returns NULL as it does without ASan
## (poolpipe turns it into an error)
SANITIZED_SCRATCH ?= .build-sanitized
test-sanitized: deps
	$(SWIFT) build --build-tests --scratch-path $(SANITIZED_SCRATCH) --sanitize=address \
		-Xcc -fsanitize=address,undefined -Xcc -fno-sanitize-recover=undefined
	ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(SWIFT) test --skip-build --scratch-path $(SANITIZED_SCRATCH) --sanitize=address

## test-tsan: the batch tests (Pipeline's, and the CLI's runs, resumes, thumbnails and
## interrupts, whose poolpipe is built with the sanitizer too) under ThreadSanitizer; own
## scratch path. A report makes the process exit with 66, so the test fails
TSAN_SCRATCH ?= .build-tsan
TSAN_FILTER ?= PipelineTests|RunBasicsCLITests|RunResumeCLITests|ThumbnailCLITests|RunInterruptCLITests|InterruptMessageCLITests
test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path $(TSAN_SCRATCH)
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path $(TSAN_SCRATCH) --filter '$(TSAN_FILTER)'

## install: the release binary, bash/zsh/fish completions and the poolpipe(1) man page
## under PREFIX (default /usr/local; DESTDIR for staging). The man page comes from
## argument-parser's generate-manual plugin (debug configuration: same text, no second
## release build); everything works offline once the package's dependencies are fetched
PREFIX ?= /usr/local
MANUAL_DIR := .build/plugins/GenerateManual/outputs/poolpipe
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/poolpipe
	$(RELEASE_BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/poolpipe
	$(RELEASE_BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_poolpipe
	$(RELEASE_BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/poolpipe.fish
	$(SWIFT) package plugin generate-manual --configuration debug
	install -m 644 $(MANUAL_DIR)/poolpipe.1 $(DESTDIR)$(PREFIX)/share/man/man1/poolpipe.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/poolpipe $(DESTDIR)$(PREFIX)/share/man/man1/poolpipe.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/poolpipe \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_poolpipe \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/poolpipe.fish

clean:
	rm -rf .build Benchmarks/.build $(DEMO_OUT)
