import Foundation
import ImageTensor
import Pooling

/// The kernels PRODUCT.md §7 measures.
let benchmarkedStages: [(String, [ArgValue], [(String, ArgValue)])] = [
    ("avg", [.int(2)], []),
    ("max", [.int(2)], []),
    ("avg", [.int(3)], [("stride", .int(2)), ("padding", .int(1))]),
    ("median", [.int(3)], []),
    ("median", [.int(3)], [("stride", .int(1)), ("padding", .int(1))]),
    ("median", [.int(5)], [("stride", .int(1)), ("padding", .int(2))]),
    ("blur", [], []),
]

/// Copies `source` into `destination` on `threads` threads (contiguous bands).
func parallelCopy(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, bytes: Int, threads: Int) {
    if threads <= 1 {
        memcpy(destination, source, bytes)
        return
    }
    // nonisolated(unsafe), proved by hand: each band copies its own disjoint byte range
    // lo..<hi, and `concurrentPerform` returns only after every band has finished.
    nonisolated(unsafe) let destination = destination
    nonisolated(unsafe) let source = source
    DispatchQueue.concurrentPerform(iterations: threads) { band in
        let lo = bytes * band / threads, hi = bytes * (band + 1) / threads
        memcpy(destination + lo, source + lo, hi - lo)
    }
}

/// Times each benchmarked kernel on a `size`×`size`×3 tensor against a memcpy of the same
/// buffer (into a destination already written once), on one thread and on `options.threads`,
/// and prints GB/s (bytes of input per second) and the ratio to memcpy. Each kernel's runs
/// alternate with memcpy runs, so both see the same machine load; each keeps its best time.
func runKernelBenchmark(_ options: BenchOptions) {
    let size = options.size
    var state: UInt32 = 2463534242
    let input = Tensor(height: size, width: size, channels: 3, data: (0..<(size * size * 3)).map { _ in
        state ^= state << 13; state ^= state >> 17; state ^= state << 5
        return Float(state >> 8) * 0x1p-24
    })
    let bytes = input.count * MemoryLayout<Float>.size
    let threadCounts = [1, options.threads]
    var destination = [Float](repeating: 0, count: input.count)

    func copyTime(threads: Int) -> Double {
        input.data.withUnsafeBytes { src in
            destination.withUnsafeMutableBytes { dst in
                bestTime(runs: 1) { parallelCopy(dst.baseAddress!, src.baseAddress!, bytes: bytes, threads: threads) }
            }
        }
    }
    func gbps(_ seconds: Double) -> Double { Double(bytes) / seconds / 1e9 }

    print("input \(size)×\(size)×3 Float32 (\(bytes / 1_000_000) MB), best of \(options.runs) runs, ratios against memcpy runs interleaved with each kernel's")
    print("kernel".padding(toLength: 56, withPad: " ", startingAt: 0)
          + threadCounts.map { "  \($0) thr GB/s  ×memcpy" }.joined())
    var memcpyBest = [Double](repeating: .infinity, count: threadCounts.count)
    var lines: [String] = []
    for (name, positional, named) in benchmarkedStages where options.only == nil || options.only == name {
        do {
            let op = try OpRegistry.standard.make(name, positional: positional, named: named)
            var line = op.canonical.padding(toLength: 56, withPad: " ", startingAt: 0)
            for (index, threads) in threadCounts.enumerated() {
                let context = PoolingContext(threads: threads)
                var opBest = Double.infinity, copyBest = Double.infinity
                for _ in 0..<options.runs {
                    copyBest = min(copyBest, copyTime(threads: threads))
                    var failure: Error?
                    opBest = min(opBest, bestTime(runs: 1) {
                        do { _ = try op.apply(input, context: context) } catch { failure = error }
                    })
                    if let failure { throw failure }
                }
                memcpyBest[index] = min(memcpyBest[index], copyBest)
                line += String(format: "  %12.2f  %7.2f", gbps(opBest), copyBest / opBest)
            }
            lines.append(line)
        } catch {
            lines.append("\(name): \(error)")
        }
    }
    var memcpyLine = "memcpy".padding(toLength: 56, withPad: " ", startingAt: 0)
    for t in memcpyBest { memcpyLine += String(format: "  %12.2f  %7.2f", gbps(t), 1.0) }
    print(memcpyLine)
    lines.forEach { print($0) }
}
