import Foundation
import Dispatch
import ImageTensor
import ImageCodecs
import Pooling

/// Runs an `ImageJob` over many inputs: walking, output mapping, sharding, resume, parallel
/// decode → job → encode → atomic write, and a JSON Lines manifest.
///
/// Concurrency: `options.jobs` workers each hold at most one image, so at most `jobs` images
/// are in memory; with several workers the costliest images are taken first
/// (`processingOrder`). An image gets `jobs ÷ k` pooling threads (at least 1), where `k` is
/// the number of images in flight or still waiting when it starts (capped at `jobs`): a run of
/// many images uses one thread per image, a run of one large image (or its last image when
/// nothing else is left) uses all of them for row bands. A worker writes its output to a
/// temporary, renames it into place at once and goes on; a commit thread makes the outputs
/// durable in groups (writeback of a group at once, then an `fsync` each; at most
/// `max(16, 8 × jobs)` waiting; see `GroupCommitter`) before it records them in the manifest.
///
/// Usage: `makePlan()` (walks inputs, throws `BatchError` for usage errors, writes nothing),
/// then `run(plan:onResult:)`. `cancel()` (e.g. from a `SignalWatcher`) stops taking new inputs;
/// images in flight finish and are recorded.
public final class BatchRunner: Sendable {
    public let options: BatchOptions
    public let job: any ImageJob

    /// Whether `cancel()` was called; the writer and counters of the run in progress.
    private let state = Locked<(cancelled: Bool, writer: AtomicFileWriter?, runState: BatchRunState?)>((false, nil, nil))
    private let packTemporaries = PackTemporaries()

    public init(options: BatchOptions, job: any ImageJob) {
        self.options = options
        self.job = job
    }

    /// Stops taking new inputs; safe from any thread.
    public func cancel() {
        state.withLock { $0.cancelled = true }
    }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { state.current.cancelled }

    /// Inputs taken by a running `run` and not yet finished (being decoded, pooled, written
    /// or committed); 0 when no run is going on.
    public var imagesInFlight: Int {
        let s = state.current.runState
        return s?.unfinished() ?? 0
    }

    /// Deletes temporaries of writes in flight (for an immediate exit on a second signal).
    public func removeTemporaries() {
        let w = state.current.writer
        w?.removeTemporaries()
        packTemporaries.removeAll()
    }

    /// Finds the inputs, maps outputs, marks collisions, keeps this shard's part. Writes nothing.
    public func makePlan() throws -> BatchPlan {
        let cwd = options.currentDirectory
        let outAbs = InputWalker.absolute(options.outputFolder, cwd: cwd)
        let walker = InputWalker(filter: options.filter, excludedDirectories: [outAbs])
        let walked: InputWalker.Result
        do {
            walked = try walker.walk(arguments: options.inputs, listFiles: options.listFiles, currentDirectory: cwd)
        } catch let e as InputError {
            throw BatchError.input(e)
        }
        if walked.items.isEmpty && walked.issues.isEmpty {
            throw BatchError.input(.nothingFound(NoInputReport.describe(options: options, outputFolder: outAbs)))
        }
                var mapper = OutputMapper(format: options.format, displayRoot: options.outputFolder)
        mapper.nameTemplate = options.publish.nameTemplate
        var planned = mapper.plan(walked.items)
        OverwriteGuard.mark(&planned, outputFolder: outAbs, displayRoot: options.outputFolder)
        let total = planned.count
        if let shard = options.shard {
            planned = planned.filter { shard.contains(key: $0.input.relativePath) }
        }
        let manifest: String
        if let m = options.manifestPath {
            manifest = InputWalker.absolute(m, cwd: cwd)
        } else {
            manifest = outAbs + "/" + (options.shard?.manifestFileName ?? "manifest.jsonl")
        }
        var result = BatchPlan(items: planned, issues: walked.issues, totalBeforeSharding: total,
                               outputFolder: outAbs, manifestPath: manifest)
        if options.dataset.labels == .folder {
            // Relative paths are those under each input folder (no folder-name prefix).
            result.classes = LabelMap(items: walked.items, skipsFolderName: result.relativePathsStartWithFolderName).classes
        }
        return result
    }

    /// Runs the plan. `onResult` is called once per input (and per unreadable folder), one call
    /// at a time, in completion order, with the progress after it.
    /// - Throws: `BatchError` when the output folder or the manifest cannot be opened (nothing
    ///   was processed then).
    public func run(plan: BatchPlan, runInfo: RunRecord? = nil,
                    onResult: @escaping @Sendable (BatchItemResult, BatchProgress) -> Void = { _, _ in }) throws -> BatchSummary {
        let start = DispatchTime.now().uptimeNanoseconds

        let writer: AtomicFileWriter
        let manifest: ManifestWriter
        do {
            writer = try AtomicFileWriter(root: plan.outputFolder)
            try FileManager.default.createDirectory(atPath: (plan.manifestPath as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            manifest = try ManifestWriter(path: plan.manifestPath)
        } catch let e as OutputError {
            throw BatchError.output(e)
        } catch let e as ManifestError {
            throw BatchError.manifest(e)
        } catch {
            throw BatchError.manifest(.cannotOpen(path: plan.manifestPath, reason: "\(error)"))
        }
        self.state.withLock { $0.writer = writer }
        let previous = resumeRecords(plan: plan)
        StaleTemporaries.remove(owning: plan.items.filter { $0.conflict == nil }.map { writer.finalPath($0.relativeOutput) })
        var info = runInfo ?? RunRecord(poolpipeVersion: "unknown", libpngVersion: nil, libjpegVersion: nil,
                                        commandLine: options.commandLine, startTime: RunRecord.now(),
                                        shard: options.shard, jobs: options.jobs)
        info.inputs = plan.items.count + plan.issues.count
        info.inputsTotal = plan.totalBeforeSharding + plan.issues.count
        try? manifest.append(info.jsonLine)

        let settings = recordedSettings
        let stages = job.manifestStages
        let state = BatchRunState(total: plan.items.count + plan.issues.count, manifest: manifest,
                                  failFast: options.failFast, start: start, onResult: onResult)
        self.state.withLock { $0.runState = state }
        for issue in plan.issues {
            let rec = ManifestRecord(input: issue.path, output: nil, status: .failed, error: issue.reason,
                                     stages: stages, settings: settings)
            state.finish(BatchItemResult(input: issue.path, output: nil, status: .failed, error: issue.reason, record: rec), taken: false)
        }

        let item = BatchItemProcessor(options: options, job: job, writer: writer, previous: previous,
                                      stages: stages, settings: settings)
        let jobs = options.jobs
        if options.dataset.pack != .none {
            // Packs are written in plan order by this thread (Datasets/DatasetPackRunner).
            let pack = DatasetPackRunner(options: options, plan: plan, item: item, temporaries: packTemporaries,
                                         isCancelled: { self.isCancelled })
            _ = try pack.run { r in state.finish(r, taken: false); return state.snapshot().1 }
        }
        let items = options.dataset.pack == .none ? plan.items : []
        let order = Self.processingOrder(items, jobs: jobs)
        // Workers are threads of their own, so that `--jobs` above the core count is honoured
        // (libdispatch's global queue runs no more blocks at once than there are cores).
        let workerCount = min(jobs, items.count)
        let workers = BackgroundQueue(name: "poolpipe-worker", threads: workerCount, capacity: workerCount)
        // Outputs in place are made durable (fsync) in groups on a thread of its own, then
        // recorded, while the workers go on pooling; a bounded number wait at a time.
        let commits = GroupCommitter(writer: writer, capacity: max(16, 8 * jobs))
        for _ in 0..<workerCount {
            workers.async {
                while let (index, threads) = state.take(count: items.count, jobs: jobs, cancelled: { self.isCancelled }) {
                    let outcome = item.process(items[order[index]], context: PoolingContext(threads: threads))
                    state.release()
                    guard let placed = outcome.placed else {
                        state.finish(outcome.result, taken: false)
                        continue
                    }
                    commits.submit(placed) { state.finish(item.committed(outcome, error: $0), taken: false) }
                }
            }
        }
        workers.finish()
        commits.finish()
        writer.removeTemporaries()
        manifest.sync()
        self.state.withLock { $0.writer = nil; $0.runState = nil }
        let (progress, stopped) = state.snapshot()
        let summary = BatchSummary(progress: progress, interrupted: isCancelled,
                                   stoppedAfterFailure: stopped, manifestPath: plan.manifestPath,
                                   manifestError: manifest.writeError?.description)
        return summary
    }
}

/// The shared, lock-guarded counters of one `run`.
// @unchecked Sendable, proved by hand: the `let` fields are immutable and Sendable;
// `next`, `inFlight`, `progress` and `stoppedAfterFailure` are read and written only while
// `lock` is held.
private final class BatchRunState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var inFlight = 0
    private var progress: BatchProgress
    private var stoppedAfterFailure = false
    private let manifest: ManifestWriter
    private let failFast: Bool
    private let start: UInt64
    private let onResult: @Sendable (BatchItemResult, BatchProgress) -> Void

    init(total: Int, manifest: ManifestWriter, failFast: Bool, start: UInt64,
         onResult: @escaping @Sendable (BatchItemResult, BatchProgress) -> Void) {
        self.progress = BatchProgress(total: total)
        self.manifest = manifest
        self.failFast = failFast
        self.start = start
        self.onResult = onResult
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Inputs handed out by `take` and not yet `finish`ed (walk issues finish first, untaken).
    func unfinished() -> Int {
        lock.lock(); defer { lock.unlock() }
        return next - (progress.done - untakenFinished)
    }
    private var untakenFinished = 0

    /// The next input index and its thread share, or nil when the run should take no more.
    func take(count: Int, jobs: Int, cancelled: () -> Bool) -> (Int, Int)? {
        lock.lock(); defer { lock.unlock() }
        if stoppedAfterFailure || next >= count || cancelled() { return nil }
        let index = next
        next += 1
        inFlight += 1
        let sharing = min(jobs, inFlight + (count - next))
        return (index, max(1, jobs / max(1, sharing)))
    }

    /// An input handed out by `take` no longer needs its worker (its output may still be
    /// being committed).
    func release() {
        lock.lock(); inFlight -= 1; lock.unlock()
    }

    /// Records a result in the manifest and the counters, then reports it.
    /// - Parameter taken: the result is of an input handed out by `take` and not `release`d.
    func finish(_ r: BatchItemResult, taken: Bool = true) {
        let line = r.record.jsonLine   // made before the lock the workers take inputs under
        lock.lock(); defer { lock.unlock() }
        try? manifest.append(line)
        if taken { inFlight -= 1 }
        if next == 0 { untakenFinished += 1 }
        switch r.status {
        case .ok: progress.processed += 1
        case .skipped: progress.skipped += 1
        case .failed:
            progress.failed += 1
            if failFast { stoppedAfterFailure = true }
        }
        progress.elapsed = elapsed
        onResult(r, progress)
    }

    func snapshot() -> (BatchProgress, Bool) {
        lock.lock(); defer { lock.unlock() }
        var p = progress
        p.elapsed = elapsed
        return (p, stoppedAfterFailure)
    }
}
