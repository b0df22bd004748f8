import Foundation
import ImageTensor
import Pooling

/// The kernels PRODUCT.md §7 measures.
let benchmarkedStages: [(String, [ArgValue], [(String, ArgValue)])] = [
    ("avg", [.int(2)], []),
    ("max", [.int(2)], []),
    ("avg", [.int(3)], [("stride", .int(2)), ("padding", .int(1))]),
    ("median", [.int(3)], []),
    ("blur", [], []),
]

/// Copies `source` into `destination` on `threads` threads (contiguous bands).
func parallelCopy(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, bytes: Int, threads: Int) {
    if threads <= 1 {
        memcpy(destination, source, bytes)
        return
    }
    DispatchQueue.concurrentPerform(iterations: threads) { band in
        let lo = bytes * band / threads, hi = bytes * (band + 1) / threads
        memcpy(destination + lo, source + lo, hi - lo)
    }
}

/// Times each benchmarked kernel on a `size`×`size`×3 tensor against a memcpy of the same
/// buffer, on one thread and on `options.threads`, and prints GB/s (bytes of input per
/// second) and the ratio to memcpy.
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

    var memcpyTimes: [Double] = []
    for threads in threadCounts {
        let t = input.data.withUnsafeBytes { src in
            destination.withUnsafeMutableBytes { dst in
                bestTime(runs: options.runs) {
                    parallelCopy(dst.baseAddress!, src.baseAddress!, bytes: bytes, threads: threads)
                }
            }
        }
        memcpyTimes.append(t)
    }

    func gbps(_ seconds: Double) -> Double { Double(bytes) / seconds / 1e9 }
    let header = "kernel".padding(toLength: 52, withPad: " ", startingAt: 0)
        + threadCounts.map { "  \($0) thr GB/s  ×memcpy" }.joined()
    print("input \(size)×\(size)×3 Float32 (\(bytes / 1_000_000) MB), best of \(options.runs) runs")
    print(header)
    func row(_ name: String, _ times: [Double]) {
        var line = name.padding(toLength: 52, withPad: " ", startingAt: 0)
        for (i, t) in times.enumerated() {
            line += String(format: "  %12.2f  %7.2f", gbps(t), memcpyTimes[i] / t)
        }
        print(line)
    }
    row("memcpy", memcpyTimes)
    for (name, positional, named) in benchmarkedStages {
        do {
            let op = try OpRegistry.standard.make(name, positional: positional, named: named)
            var times: [Double] = []
            for threads in threadCounts {
                let context = PoolingContext(threads: threads)
                var failure: Error?
                times.append(bestTime(runs: options.runs) {
                    do { _ = try op.apply(input, context: context) } catch { failure = error }
                })
                if let failure { throw failure }
            }
            row(op.canonical, times)
        } catch {
            print("\(name): \(error)")
        }
    }
}
