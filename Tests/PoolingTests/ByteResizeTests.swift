import Testing
import ImageTensor
@testable import Pooling

/// `ByteResize` on 8-bit rows equals `Resize.apply` on their `v / 255` Float image within
/// Float rounding: every filter, down and up, 1 to 4 channels, odd sizes, windows.
@Suite struct ByteResizeTests {
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var s = seed
        return (0..<count).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: s >> 56)
        }
    }

    @Test(arguments: [1, 2, 3, 4], [(37, 53, 17, 29), (40, 31, 81, 47), (64, 64, 64, 20), (5, 300, 3, 120)])
    func equalsResizeOfTheFloatImage(channels c: Int, sizes: (Int, Int, Int, Int)) throws {
        let (h, w, oh, ow) = sizes
        let raw = Self.bytes(h * w * c, seed: UInt64(h * 131 + w * 7 + c))
        let image = Tensor(height: h, width: w, channels: c, data: raw.map { Float($0) / 255 })
        for filter in ResampleFilter.allCases {
            let expected = try Resize(target: .exact(height: oh, width: ow), filter: filter).apply(image, context: PoolingContext())
            let got = raw.withUnsafeBufferPointer {
                ByteResize.resize($0, height: h, width: w, channels: c, outHeight: oh, outWidth: ow,
                                  rows: 0..<oh, cols: 0..<ow, filter: filter, threads: 2)
            }
            #expect(got.shape == expected.shape)
            let worst = zip(got.data, expected.data).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 2e-6, "\(filter) \(sizes) c=\(c): \(worst)")
            // A window is the same samples as the window of the whole result.
            let rows = (oh / 3)..<oh, cols = 1..<(ow - ow / 4)
            let window = raw.withUnsafeBufferPointer {
                ByteResize.resize($0, height: h, width: w, channels: c, outHeight: oh, outWidth: ow,
                                  rows: rows, cols: cols, filter: filter)
            }
            var cut: [Float] = []
            for y in rows { cut += got.data[((y * ow + cols.lowerBound) * c)..<((y * ow + cols.upperBound) * c)] }
            #expect(window.data == cut)
        }
    }
}
