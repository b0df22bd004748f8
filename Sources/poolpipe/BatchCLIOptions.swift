import ArgumentParser
import Foundation
import ImageTensor
import ImageCodecs
import Pipeline

/// The flags every batch command (`run`, `thumbnail`) shares: inputs, output folder, format,
/// manifest and resume, shards, parallelism and colour. Use as `@OptionGroup var batch: BatchCLIOptions`
/// and call `runBatch(job:)`.
///
/// Mistakes (bad values, missing `-o`, bad `--shard`) are reported with the usage and exit
/// status 2 before anything is read or written.
struct BatchCLIOptions: ParsableArguments {
    @Argument(help: "Image files (.png .jpg .jpeg .npy, chosen by content) and folders (walked recursively).")
    var inputs: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Output folder. Outputs mirror the input tree: OUT/<relative path>/<stem>.<ext>.")
    var output: String?

    @Option(name: .customLong("files-from"), help: "Read more inputs from FILE, one path per line ('#' comments). Relative entries keep their folders in OUT.")
    var filesFrom: [String] = []

    @Option(help: "Only inputs whose relative path matches this glob (repeatable; fnmatch-style, any case, '*' also matches '/').")
    var include: [String] = []

    @Option(help: "Skip inputs whose relative path matches this glob (repeatable).")
    var exclude: [String] = []

    @Option(help: "Output format: png, jpeg, webp, npy or same (png→png, jpeg→jpg, npy→npy, by input extension).")
    var format: String = "same"

    @Option(help: "JPEG and lossy WebP quality, 1...100.")
    var quality: Int = 90

    @Option(name: .customLong("bit-depth"), help: "PNG bits per sample, 8 or 16 (default: 16 for 16-bit sources, else 8).")
    var bitDepth: Int?

    @Option(help: "Images processed at once; they share this many threads (default: all cores).")
    var jobs: Int = ProcessorCount.active

    @Flag(help: "No progress bar (it is drawn only when stderr is a terminal anyway).")
    var quiet = false

    @Option(help: "Manifest file (default OUT/manifest.jsonl, or OUT/manifest-K-of-N.jsonl for a shard).")
    var manifest: String?

    @Flag(help: "Redo inputs that the manifest shows as done with the same file and stages.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print 'INPUT -> OUTPUT' for each input, marking those a run would skip, and write nothing.")
    var dryRun = false

    @Flag(name: .customLong("fail-fast"), help: "Stop taking new inputs after the first failure.")
    var failFast = false

    @Flag(name: .customLong("allow-truncated"), help: "Decode what a truncated file holds and record a warning instead of failing.")
    var allowTruncated = false

    @Option(name: .customLong("max-pixels"), help: "Reject images with more pixels than this, from their header (0 = no limit).")
    var maxPixels: Int = DecodeOptions.defaultMaxPixels

    @Option(help: "Process only shard K of N ('K/N', 0 ≤ K < N) by FNV-1a of the relative path, or 'auto' (Slurm array or Kubernetes Indexed Job).")
    var shard: String?

    @Option(help: "With --shard auto: the number of shards N. Required for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX); for a Slurm array of fewer than N tasks (a resubmission) the task id is the shard index.")
    var shards: Int?

    @Flag(help: "Pool in linear light (sRGB decoded before, encoded after).")
    var linear = false

    @Option(help: "Alpha handling for averaging ops: premultiplied or straight.")
    var alpha: String = "premultiplied"

    @Flag(name: .customLong("no-autorotate"), help: "Do not apply the EXIF orientation.")
    var noAutorotate = false

    @Flag(help: "Drop ICC profiles and EXIF from outputs (by default the ICC profile is carried; EXIF only with --keep-exif).")
    var strip = false

    @OptionGroup var publish: PublishCLIOptions
    @OptionGroup(title: "Datasets") var dataset: DatasetCLIOptions

    /// Checks the flags without side effects (argument-parser also calls this for `--help`);
    /// a mistake becomes a `ValidationError`, which `poolpipe` reports with the usage and exit 2.
    mutating func validate() throws {
        do {
            _ = try resolved(environment: ProcessInfo.processInfo.environment)
        } catch let e as BatchCLIUsageError {
            throw ValidationError(e.reason)
        }
    }

    /// The parsed values that need checking, or the first mistake.
    func resolved(environment: [String: String]) throws -> (format: OutputFormatChoice, color: ColorOptions, shard: ShardSpec?, dataset: DatasetOptions) {
        guard let out = output, !out.isEmpty else {
            throw BatchCLIUsageError(reason: "give the output folder with -o OUT")
        }
        guard !inputs.isEmpty || !filesFrom.isEmpty else {
            throw BatchCLIUsageError(reason: "give at least one input file or folder (or --files-from FILE)")
        }
        guard let given = OutputFormatChoice(argument: format) else {
            throw BatchCLIUsageError(reason: "--format \"\(format)\" is not png, jpeg, webp, npy or same")
        }
        let (datasetOptions, fmt) = try dataset.resolved(format: given)
        guard (1...100).contains(quality) else {
            throw BatchCLIUsageError(reason: "--quality \(quality) is outside 1...100")
        }
        if let d = bitDepth, d != 8 && d != 16 {
            throw BatchCLIUsageError(reason: "--bit-depth \(d) is not 8 or 16")
        }
        guard jobs >= 1 else { throw BatchCLIUsageError(reason: "--jobs \(jobs) must be at least 1") }
        guard maxPixels >= 0 else { throw BatchCLIUsageError(reason: "--max-pixels \(maxPixels) must be 0 (no limit) or more") }
        guard let a = ColorOptions.Alpha(rawValue: alpha) else {
            throw BatchCLIUsageError(reason: "--alpha \"\(alpha)\" is not premultiplied or straight")
        }
        if let n = shards, n < 1 { throw BatchCLIUsageError(reason: "--shards \(n) must be at least 1") }
        _ = try publish.resolved(strip: strip)
        var spec: ShardSpec?
        if let s = shard {
            do {
                spec = try ShardSpec.parse(s, shards: shards, environment: environment)
            } catch let e as ShardError {
                throw BatchCLIUsageError(reason: e.description)
            }
        } else if shards != nil {
            throw BatchCLIUsageError(reason: "--shards is only used with --shard auto")
        }
        return (fmt, ColorOptions(alpha: a, linear: linear), spec, datasetOptions)
    }

    /// The colour options for the job.
    var colorOptions: ColorOptions {
        ColorOptions(alpha: ColorOptions.Alpha(rawValue: alpha) ?? .premultiplied, linear: linear)
    }

    /// The library options these flags stand for.
    func batchOptions(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BatchOptions {
        let r = try resolved(environment: environment)
        var options = BatchOptions(
            inputs: inputs, listFiles: filesFrom, outputFolder: output ?? "",
            filter: PathFilter(include: include.map(GlobPattern.init), exclude: exclude.map(GlobPattern.init)),
            format: r.format, quality: quality, bitDepth: bitDepth, jobs: jobs, manifestPath: manifest,
            force: force, failFast: failFast,
            decode: DecodeOptions(maxPixels: maxPixels, allowTruncated: allowTruncated),
            autorotate: !noAutorotate, strip: strip, shard: r.shard,
            commandLine: CommandLine.arguments)
        options.publish = try publish.resolved(strip: strip)
        options.decode.toSRGB = publish.toSRGB
        options.dataset = r.dataset
        return options
    }
}

/// A user mistake in batch flags.
struct BatchCLIUsageError: Error {
    let reason: String
}

/// Runs a batch command from its shared flags: plan, dry run, signals, progress bar,
/// error lines, closing line, exit status.
enum BatchCLI {
    /// Prints `poolpipe: error: <reason>` on stderr and returns exit status 2 to throw.
    static func fail(_ reason: String) -> ExitCode { CLIError.usage(reason) }

    /// Runs `job` over the inputs of `options`; returns normally only when every input was
    /// done or skipped, else throws `ExitCode` 1, 2 or 130.
    static func execute(_ options: BatchCLIOptions, job: any ImageJob) throws {
        let batchOptions: BatchOptions
        do {
            batchOptions = try options.batchOptions()
        } catch let e as BatchCLIUsageError {
            throw fail(e.reason)
        }
        if options.shard?.trimmingCharacters(in: .whitespaces) == "auto", !options.dryRun,
           let a = try? ShardAssignment.resolve(environment: ProcessInfo.processInfo.environment, shards: options.shards) {
            // Cluster logs show which shard a task took and why.
            CLIError.note("--shard auto: shard \(a.spec.index) of \(a.spec.count) from \(a.derivation)")
        }
        let runner = BatchRunner(options: batchOptions, job: job)
        // Watch signals before the (possibly long) walk, so an early Ctrl-C also ends with 130.
        let interrupts = InterruptReporter(runner: runner)
        let watcher = SignalWatcher { _ in interrupts.signalled() }
        defer { watcher.stop() }
        let plan: BatchPlan
        do {
            plan = try runner.makePlan()
        } catch {
            throw fail("\(error)")
        }
        if options.dryRun {
            try dryRun(plan, runner: runner, options: batchOptions)
            return
        }

        let bar: ProgressBar? = (!options.quiet && ProgressBar.isTerminal()) ? ProgressBar() : nil
        interrupts.bar = bar

        var info = RunRecord(poolpipeVersion: PoolPipeVersion.string,
                             libpngVersion: CodecLibraries.libpngVersion,
                             libjpegVersion: CodecLibraries.libjpegVersion,
                             commandLine: CommandLine.arguments, startTime: RunRecord.now(),
                             shard: batchOptions.shard, jobs: batchOptions.jobs)
        info.libwebpVersion = CodecLibraries.libwebpVersion
        info.lcmsVersion = CodecLibraries.lcmsVersion
        let summary: BatchSummary
        do {
            summary = try runner.run(plan: plan, runInfo: info) { result, progress in
                if result.status == .failed {
                    bar?.finish()
                    CLIError.print("\(result.input): \(result.error ?? "failed")")
                }
                bar?.update(progress)
            }
        } catch {
            throw fail("\(error)")
        }
        bar?.finish()
        print(interrupts.closingLine(summary))
        fflush(nil)  // flushes stdout (naming the C global `stdout` is not concurrency-safe in Swift 6)
        if let e = summary.manifestError { CLIError.print("\(e)") }
        if summary.interrupted {
            CLIError.note("interrupted; finished inputs are recorded in \(summary.manifestPath)")
            throw ExitCode(130)
        }
        if summary.stoppedAfterFailure {
            CLIError.note("stopped after the first failure (--fail-fast)")
        }
        if summary.progress.failed > 0 || summary.manifestError != nil { throw ExitCode(1) }
    }

    /// Prints `INPUT -> OUTPUT` per input and the conflicts; writes nothing.
    private static func dryRun(_ plan: BatchPlan, runner: BatchRunner, options: BatchOptions) throws {
        var failed = 0
        for issue in plan.issues {
            CLIError.print("\(issue.path): \(issue.reason)")
            failed += 1
        }
        let packed = plan.packedOutputs(options: options)
        for (i, (p, action)) in zip(plan.items, runner.dryRun(plan: plan)).enumerated() {
            let line = "\(p.input.displayPath) -> \(packed?[i] ?? InputWalker.join(options.outputFolder, p.relativeOutput))"
            switch action {
            case .fail(let reason):
                CLIError.print("\(p.input.displayPath): \(reason)")
                failed += 1
            case .skip: print(line + " (skip: done, per the manifest)")
            case .process: print(line)
            }
        }
        fflush(nil)  // flushes stdout (naming the C global `stdout` is not concurrency-safe in Swift 6)
        if failed > 0 { throw ExitCode(1) }
    }
}
