import Testing
import CKernels

/// Every variant of the resize's C kernels against the plain definitions (the AVX2 one
/// rounds each multiply-add once, so sums may differ in the last bits).
@Suite struct ResampleKernelVariantTests {
    static var variants: [Int32] {
        [Int32(CKERNELS_BASELINE), Int32(CKERNELS_AVX2)].filter { ckernels_supported($0) != 0 }
    }

    static func bytes(_ n: Int, seed: UInt64) -> [UInt8] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: s >> 56)
        }
    }

    @Test(arguments: [1, 7, 8, 31, 32, 45, 200], [1, 2, 9])
    func rowSums(n: Int, taps: Int) {
        let stride = n + 3
        let src = Self.bytes(stride * taps, seed: UInt64(n * 10 + taps))
        let floats = src.map { Float($0) * 0.5 }
        let weights = (0..<taps).map { Float($0 + 1) / Float(taps * 2) - 0.1 }
        var expectedU8 = [Float](repeating: 0, count: n), expectedF = expectedU8
        for i in 0..<n {
            for k in 0..<taps {
                expectedU8[i] += weights[k] * Float(src[k * stride + i])
                expectedF[i] += weights[k] * floats[k * stride + i]
            }
        }
        for v in Self.variants {
            var out = [Float](repeating: .nan, count: n), outF = out, widened = [Float](repeating: .nan, count: n * taps)
            ckernels_rows_u8(src, stride, weights, Int32(taps), &out, n, v)
            ckernels_rows_f32(floats, stride, weights, Int32(taps), &outF, n, v)
            ckernels_widen_rows(src, stride, taps, n, &widened, v)
            for i in 0..<n {
                #expect(abs(out[i] - expectedU8[i]) <= 1e-4 * max(1, abs(expectedU8[i])), "variant \(v) u8 \(i)")
                #expect(abs(outF[i] - expectedF[i]) <= 1e-4 * max(1, abs(expectedF[i])), "variant \(v) f32 \(i)")
            }
            #expect(widened == (0..<taps).flatMap { k in (0..<n).map { Float(src[k * stride + $0]) } })
        }
    }

    @Test(arguments: [(1, 1), (8, 8), (13, 21), (16, 9), (3, 40)])
    func transposesAndConversions(shape: (Int, Int)) {
        let (rows, cols) = shape
        let m = Self.bytes(rows * cols * 3, seed: UInt64(rows * 100 + cols)).map(Float.init)
        let (y, cb, cr) = (Array(m[0..<(rows * cols)]), Array(m[(rows * cols)..<(2 * rows * cols)]), Array(m[(2 * rows * cols)...]))
        for v in Self.variants {
            var t = [Float](repeating: .nan, count: rows * cols)
            ckernels_transpose(y, rows, cols, &t, v)
            #expect((0..<rows).allSatisfy { r in (0..<cols).allSatisfy { t[$0 * rows + r] == y[r * cols + $0] } })
            // `y` read as a transposed plane: sample (r, x) at x·rows + r.
            var scaled = [Float](repeating: .nan, count: rows * cols)
            ckernels_scale_transposed(y, rows, cols, &scaled, v)
            var rgb = [Float](repeating: .nan, count: rows * cols * 3)
            ckernels_ycc_to_rgb_transposed(y, cb, cr, rows, cols, &rgb, v)
            for r in 0..<rows {
                for x in 0..<cols {
                    let i = x * rows + r, o = r * cols + x
                    #expect(abs(scaled[o] - y[i] / 255) <= 1e-6)
                    let (Y, b, c) = (y[i], cb[i] - 128, cr[i] - 128)
                    let want = [Y + 1.402 * c, Y - 0.344136286 * b - 0.714136286 * c, Y + 1.772 * b].map { min(1, max(0, $0 / 255)) }
                    for ch in 0..<3 { #expect(abs(rgb[o * 3 + ch] - want[ch]) <= 1e-6, "variant \(v) (\(r), \(x)) \(ch)") }
                }
            }
        }
    }
}
