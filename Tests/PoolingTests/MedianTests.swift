import Testing
@testable import Pooling
import ImageTensor

/// `median`: the lower median of the in-image samples, on the stride-1 3×3/5×5 filter
/// (sorted columns, selection networks, sentinel rows) and the gathering kernel.
@Suite struct MedianTests {
    static let cases = ReferenceFixtures.median

    func run(_ spec: String, _ x: Tensor, threads: Int = 1) throws -> Tensor {
        try make(spec).apply(x, context: PoolingContext(threads: threads))
    }

    /// A `height`×`width` one-channel ramp: sample (y, x) = `y * width + x`.
    func ramp(_ height: Int, _ width: Int) -> Tensor {
        Tensor(height: height, width: width, channels: 1, data: (0..<(height * width)).map(Float.init))
    }

    @Test func fixturesArePresent() {
        #expect(Self.cases.count > 90)
    }

    /// Every case of `tools/make_median_references.py` (numpy), exactly: a median is one of
    /// the samples, so no rounding is involved.
    @Test(arguments: cases)
    func matchesNumpyReference(item: ReferenceCase) throws {
        let op = try OpRegistry.standard.make(item.op, positional: item.positional, named: item.named)
        for threads in [1, 3] {
            let output = try op.apply(item.input, context: PoolingContext(threads: threads))
            #expect(output.shape == item.expected.shape, "\(item)")
            #expect(output.data == item.expected.data, "\(item) threads=\(threads): \(firstMismatch(output, item.expected) ?? "")")
        }
    }

    @Test func evenCountsTakeTheLowerMedian3x3() throws {
        // median(3, stride=1, padding=1) on the 2×6 ramp [0…5; 6…11]: every window has both
        // rows. Full windows (x0 = ox-1): {x0, x0+1, x0+2, x0+6, x0+7, x0+8}, 6 samples, the
        // lower median is the third smallest, x0+2 = ox+1; the edges hold {0,1,6,7} → 1 and
        // {4,5,10,11} → 5. (The upper median would give ox+5 and 6, 10.)
        let y = try run("median(3, stride=1, padding=1)", ramp(2, 6))
        #expect(y.data == [1, 2, 3, 4, 5, 5, 1, 2, 3, 4, 5, 5])
    }

    @Test func evenCountsTakeTheLowerMedian5x5() throws {
        // median(5, stride=1, padding=2) on the 4×8 ramp (row r holds 8r…8r+7). Rows 0 and 3
        // see 3 image rows, rows 1 and 2 all 4. A window over rows R and columns x0…x1 holds
        // row blocks that do not interleave, so its sorted samples are block after block.
        // Output row 1, full windows (x0 = ox-2): 20 samples, the 10th smallest closes the
        // second block: 8 + x0 + 4 = ox + 10. Column 0: 3 columns × 4 rows = 12 samples, the
        // 6th smallest is 10; column 1: 16 samples, the 8th is 11; column 6: 16, 8th = 15;
        // column 7: 12 samples {5,6,7,13,14,15,…}, 6th = 15.
        // Output row 0 (rows 0…2): full windows 15 samples, 8th smallest = 8 + x0 + 2 = ox + 8;
        // column 0: {0,1,2,8,9,10,16,17,18} → 9; column 1: 12 samples, 6th = 9; column 6:
        // {4…7, 12…15, 20…23}, 6th = 13; column 7: 9 samples, 5th = 14. Row 3 is row 0 + 8.
        let y = try run("median(5, stride=1, padding=2)", ramp(4, 8))
        let row0: [Float] = [9, 9, 10, 11, 12, 13, 13, 14], row1: [Float] = [10, 11, 12, 13, 14, 15, 15, 15]
        #expect(y.data == row0 + row1 + row1 + row0.map { $0 + 8 })
    }

    /// The filter against the gathering kernel on the same windows, over widths around the
    /// tile and vector sizes, 1…6 channels and tied samples: the same values.
    @Test(arguments: ["median(3, stride=1, padding=1)", "median(5, stride=1, padding=2)", "median(3, stride=1)",
                      "median(5, stride=1, padding=1)", "median(5, stride=1, padding=same)"], [1, 2, 3, 4, 6])
    func filterEqualsGatheringKernel(spec: String, channels: Int) throws {
        let op = try #require(try make(spec) as? MedianPool)
        for (h, w) in [(1, 30), (2, 33), (7, 5), (6, 8), (9, 13), (5, 64), (8, 66), (4, 90), (11, 130)] {
            var x = randomTensor(h, w, channels, seed: UInt64(h * 1000 + w * 10 + channels), lo: -1, hi: 1)
            if w % 2 == 0 { x.data = x.data.map { ($0 * 4).rounded() + 0 } }  // ties (and no -0)
            guard let (rows, cols) = try? op.spec.windows(op: "median", height: h, width: w, countPad: false) else { continue }
            let gathered = MedianKernel.apply(x, rows: rows, cols: cols, threads: 1)
            for threads in [1, 2] {
                let filtered = try op.apply(x, context: PoolingContext(threads: threads))
                let mismatch = firstMismatch(filtered, gathered)
                #expect(mismatch == nil, "\(spec) on \(h)×\(w)×\(channels): \(mismatch ?? "")")
            }
        }
    }

    @Test(arguments: [60, 65])
    func manyChannels(channels: Int) throws {
        // 60 channels leave the 5×5 filter tiles of 16 samples; 65 leave none (gathering kernel).
        let x = randomTensor(7, 9, channels, seed: 9)
        let op = try #require(try make("median(5, stride=1, padding=2)") as? MedianPool)
        let (rows, cols) = try op.spec.windows(op: "median", height: 7, width: 9, countPad: false)
        let mismatch = firstMismatch(try op.apply(x, context: PoolingContext(threads: 2)),
                                     MedianKernel.apply(x, rows: rows, cols: cols, threads: 1))
        #expect(mismatch == nil, "\(channels) channels: \(mismatch ?? "")")
    }

    @Test(arguments: ["median(3, stride=1, padding=1)", "median(5, stride=1, padding=2)"])
    func nanStaysInItsWindows(spec: String) throws {
        // Where a NaN ranks is unspecified, but windows without it keep their medians.
        let kernel = spec.contains("(5") ? 5 : 3
        for channels in [1, 3] {
            var x = randomTensor(12, 40, channels, seed: 5)
            x[6, 20, 0] = .nan
            var clean = x
            clean[6, 20, 0] = 0.5
            let y = try run(spec, x), reference = try run(spec, clean)
            for oy in 0..<12 {
                for ox in 0..<40 {
                    for ch in 0..<channels where ch != 0 || abs(oy - 6) > kernel / 2 || abs(ox - 20) > kernel / 2 {
                        #expect(y[oy, ox, ch] == reference[oy, ox, ch], "\(spec) C=\(channels) at \(oy),\(ox),\(ch)")
                    }
                }
            }
        }
    }

    @Test func adaptiveMedianTakesTheLowerMedian() throws {
        // adaptive median to 2×2 on the 3×5 ramp [0…4; 5…9; 10…14]: windows rows {0,1},{1,2}
        // × columns {0,1,2},{2,3,4}: 6 samples each. Top-left {0,1,2,5,6,7} → 2; top-right
        // {2,3,4,7,8,9} → 4; bottom-left {5,6,7,10,11,12} → 7; bottom-right → 9.
        let op = AdaptiveOrderPool(order: .median, height: 2, width: 2)
        let y = try op.apply(ramp(3, 5), context: PoolingContext())
        #expect(y.data == [2, 4, 7, 9])
    }
}
