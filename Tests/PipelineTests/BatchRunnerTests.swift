import Testing
import Foundation
import ImageTensor
@testable import ImageCodecs
import Pooling
@testable import Pipeline

/// A job from outside the stage language: keeps the top-left pixel and records how many
/// threads it was offered. Shows that another command (thumbnail) can plug into the runner.
private struct TopLeftJob: WholeImageJob {
    var manifestStages: String { "top-left" }
    func process(_ image: DecodedImage, context: PoolingContext) throws -> Tensor {
        let c = image.tensor.channels
        return Tensor(height: 1, width: 1, channels: c, data: Array(image.tensor.data.prefix(c)))
    }
}

/// Fails every image, to test failure accounting and --fail-fast.
private struct FailingJob: WholeImageJob {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    var manifestStages: String { "fail" }
    func process(_ image: DecodedImage, context: PoolingContext) throws -> Tensor { throw Boom() }
}

/// Writes `names` as 4×6 8-bit RGB PNGs whose first pixel is (i, 2i, 3i)/255.
private func writeInputs(_ root: String, _ names: [String]) throws {
    for (i, name) in names.enumerated() {
        var t = Tensor(height: 4, width: 6, channels: 3, repeating: 0.5)
        t[0, 0, 0] = Float(i) / 255; t[0, 0, 1] = Float(2 * i) / 255; t[0, 0, 2] = Float(3 * i) / 255
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let bytes = try ImageEncoder.encode(t, options: EncodeOptions(format: .png))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

/// Collects callback results from worker threads.
private final class Collector: @unchecked Sendable {
    let lock = NSLock()
    var results: [BatchItemResult] = []
    var progress: [BatchProgress] = []
    func add(_ r: BatchItemResult, _ p: BatchProgress) { lock.lock(); results.append(r); progress.append(p); lock.unlock() }
}

@Test func runnerRunsACustomJobWithProgressAndResume() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let names = (0..<9).map { "d\($0 % 2)/p\($0).png" }
    try writeInputs(root + "/in", names)
    let options = BatchOptions(inputs: [root + "/in"], outputFolder: root + "/out", format: .fixed(.npy), jobs: 3)
    let runner = BatchRunner(options: options, job: TopLeftJob())
    let plan = try runner.makePlan()
    #expect(plan.items.count == 9)
    #expect(plan.manifestPath == root + "/out/manifest.jsonl")
    let collector = Collector()
    let summary = try runner.run(plan: plan) { collector.add($0, $1) }
    #expect(summary.progress.processed == 9 && summary.progress.failed == 0 && !summary.interrupted)
    #expect(collector.results.count == 9)
    #expect(collector.progress.map(\.done) == Array(1...9))   // one call at a time, counts in order
    #expect(collector.progress.last?.total == 9)
    // Outputs hold the first pixel: check one through the decoder.
    let i = 7
    let out = try ImageDecoder.decode(path: root + "/out/d1/p\(i).npy")
    #expect(out.tensor.shape == [1, 1, 3])
    // 8-bit samples i, 2i, 3i read back as v/255.
    let expected: [Float] = [Float(i) / 255, Float(2 * i) / 255, Float(3 * i) / 255]
    #expect(out.tensor.data == expected)
    // A second runner skips everything; --force (options.force) redoes.
    let again = BatchRunner(options: options, job: TopLeftJob())
    let s2 = try again.run(plan: again.makePlan())
    #expect(s2.progress.skipped == 9 && s2.progress.processed == 0)
    var forced = options; forced.force = true
    let r3 = BatchRunner(options: forced, job: TopLeftJob())
    #expect(try r3.run(plan: r3.makePlan()).progress.processed == 9)
}

@Test func failFastStopsTakingWorkAndCancelStopsBeforeStarting() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try writeInputs(root + "/in", (0..<6).map { "p\($0).png" })
    var options = BatchOptions(inputs: [root + "/in"], outputFolder: root + "/out", jobs: 1, failFast: true)
    let runner = BatchRunner(options: options, job: FailingJob())
    let collector = Collector()
    let s = try runner.run(plan: runner.makePlan()) { collector.add($0, $1) }
    #expect(s.progress.failed == 1 && s.progress.processed == 0 && s.stoppedAfterFailure)
    #expect(collector.results.first?.error == "boom")
    #expect(collector.results.first?.input == root + "/in/p0.png")

    options.failFast = false
    let cancelled = BatchRunner(options: options, job: TopLeftJob())
    let plan = try cancelled.makePlan()
    cancelled.cancel()
    let s2 = try cancelled.run(plan: plan)
    #expect(s2.interrupted && s2.progress.done == 0)
}

@Test func threadShareGivesASingleImageEveryJob() throws {
    struct ThreadsJob: WholeImageJob {
        let seen: Collector
        var manifestStages: String { "threads" }
        func process(_ image: DecodedImage, context: PoolingContext) throws -> Tensor {
            seen.lock.lock(); seen.progress.append(BatchProgress(total: context.threads)); seen.lock.unlock()
            return image.tensor
        }
    }
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try writeInputs(root + "/in", ["only.png"])
    let seen = Collector()
    let runner = BatchRunner(options: BatchOptions(inputs: [root + "/in"], outputFolder: root + "/out", jobs: 4),
                             job: ThreadsJob(seen: seen))
    _ = try runner.run(plan: runner.makePlan())
    #expect(seen.progress.map(\.total) == [4])
}

@Test func progressBarRendersCountRateAndEta() {
    let p = BatchProgress(total: 10, processed: 4, skipped: 1, failed: 0, elapsed: 2)
    #expect(ProgressBar.render(p, width: 10) == "[#####.....] 5/10  2.0 img/s  ETA 2s")
    #expect(p.summaryLine == "processed 4, skipped 1, failed 0 in 2.00 s")
    #expect(ProgressBar.formatDuration(187) == "3m07s")
    #expect(ProgressBar.formatDuration(7500) == "2h05m")
    #expect(ProgressBar.render(BatchProgress(total: 3), width: 4) == "[....] 0/3  0.0 img/s  ETA --")
}

/// With several workers the costliest files go first (ties and unreadable files keep input
/// order); one worker keeps input order, and so does a run with no more files than workers.
@Test func severalWorkersTakeTheCostliestFilesFirst() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sizes = ["a.jpg": 10, "b.jpg": 300, "c.jpg": 20, "d.jpg": 300, "e.jpg": 5000]
    for (name, size) in sizes { try touch(root, "in/" + name, String(repeating: "x", count: size)) }
    try touch(root, "in/sub/f.jpg", String(repeating: "x", count: 40))
    // A small PNG of many pixels: 200×100 RGBA, 8-bit, is 80000 bytes of work.
    var t = Tensor(height: 100, width: 200, channels: 4, repeating: 0.5)
    t[0, 0, 0] = 0
    try Data(try ImageEncoder.encode(t, options: EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: root + "/in/g.png"))
    #expect(BatchRunner.estimatedCost(path: root + "/in/g.png", readHeader: true) == 80_000)
    #expect(BatchRunner.estimatedCost(path: root + "/in/e.jpg", readHeader: true) == 30_000)
    // A header claiming 2^31−1 × 2^31−1 RGBA pixels of 16 bits saturates instead of overflowing.
    var huge: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
    huge += [0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 16, 6, 0, 0, 0, 0, 0, 0, 0]
    try Data(huge).write(to: URL(fileURLWithPath: root + "/huge.png"))
    #expect(BatchRunner.estimatedCost(path: root + "/huge.png", readHeader: true) == 1_000_000_000_000_000_000)
    let runner = BatchRunner(options: BatchOptions(inputs: [root + "/in"], outputFolder: root + "/out", jobs: 2),
                             job: TopLeftJob())
    var items = try runner.makePlan().items.sorted { $0.input.relativePath < $1.input.relativePath }
    items.append(PlannedOutput(input: InputItem(displayPath: "gone.png", absolutePath: root + "/gone.png",
                                                relativePath: "gone.png", namedDirectly: true),
                               relativeOutput: "gone.png", kind: .png, conflict: nil))
    let names = { (order: [Int]) in order.map { items[$0].input.relativePath } }
    #expect(names(BatchRunner.processingOrder(items, jobs: 2))
            == ["g.png", "e.jpg", "b.jpg", "d.jpg", "sub/f.jpg", "c.jpg", "a.jpg", "gone.png"])
    // Beyond the header limit, file size alone (the PNG compresses to a few hundred bytes).
    let fileSizes = items.map { (try? FileManager.default.attributesOfItem(atPath: $0.input.absolutePath)[.size] as? Int) ?? 0 }
    let bySize = items.indices.sorted { fileSizes[$0] != fileSizes[$1] ? fileSizes[$0] > fileSizes[$1] : $0 < $1 }
    #expect(BatchRunner.processingOrder(items, jobs: 2, headerLimit: 4) == bySize)
    #expect(BatchRunner.processingOrder(items, jobs: 1) == Array(items.indices))
    #expect(BatchRunner.processingOrder(Array(items.prefix(3)), jobs: 4) == [0, 1, 2])
}
