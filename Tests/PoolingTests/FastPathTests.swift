import Testing
@testable import Pooling
import ImageTensor

/// The fixed-shape (2×2 and 3×3 stride 2) vector kernels against the generic row-major
/// fold on the same windows: the fold order is the same, so results must be bit-identical.
@Suite struct FastPathTests {
    static let specs = ["avg(2)", "max(2)", "min(2)", "avg(2, ceil=true)", "avg(3, stride=2, padding=1)",
                        "avg(3, stride=2, padding=1, count_pad=false, ceil=true)", "max(3, stride=2, padding=1)",
                        "min(3, stride=2)", "avg(3, stride=2, padding=same)", "max(2, padding=same)"]

    func generic(_ spec: String, _ x: Tensor) throws -> Tensor {
        let op = try make(spec)
        if let avg = op as? AvgPool {
            let (rows, cols) = try avg.spec.windows(op: "avg", height: x.height, width: x.width,
                                                    countPad: avg.countPad && avg.spec.padding != .same)
            return reduceWindows(AverageReducer(), x, rows: rows, cols: cols, threads: 1)
        }
        if let max = op as? MaxPool {
            let (rows, cols) = try max.spec.windows(op: "max", height: x.height, width: x.width, countPad: false)
            return reduceWindows(MaxReducer(), x, rows: rows, cols: cols, threads: 1)
        }
        let min = try #require(op as? MinPool)
        let (rows, cols) = try min.spec.windows(op: "min", height: x.height, width: x.width, countPad: false)
        return reduceWindows(MinReducer(), x, rows: rows, cols: cols, threads: 1)
    }

    @Test(arguments: specs, [1, 2, 3, 4])
    func vectorKernelsEqualGenericFold(spec: String, channels: Int) throws {
        for (h, w) in [(9, 37), (10, 40), (3, 3), (3, 5), (7, 12)] {
            let x = randomTensor(h, w, channels, seed: UInt64(h * 100 + w), lo: -1, hi: 1)
            let fast = try make(spec).apply(x, context: PoolingContext())
            let slow = try generic(spec, x)
            #expect(fast.shape == slow.shape)
            #expect(fast.data.map(\.bitPattern) == slow.data.map(\.bitPattern), "\(spec) on \(h)×\(w)×\(channels)")
        }
    }

    @Test(arguments: ["max(2)", "min(2)", "max(3, stride=2, padding=1)", "min(3, stride=2, padding=1)", "max(3, stride=2)"])
    func nanPropagatesThroughVectorKernels(spec: String) throws {
        for channels in 1...4 {
            var x = randomTensor(8, 24, channels, seed: 77)
            x[3, 9, channels - 1] = .nan
            let fast = try make(spec).apply(x, context: PoolingContext())
            let slow = try generic(spec, x)
            // max(2): only output (1, 4); 3×3 stride 2 padding 1: rows 1-2 × columns 4-5.
            let expected = spec.hasPrefix("max(2)") || spec.hasPrefix("min(2)") || !spec.contains("padding") ? 1 : 4
            #expect(fast.data.filter(\.isNaN).count == expected, "\(spec) C=\(channels)")
            #expect(fast.data.map(\.bitPattern) == slow.data.map(\.bitPattern), "\(spec) C=\(channels)")
        }
    }
}
