import Testing
import ImageTensor
@testable import Pooling

/// Every streaming op, fed bands of every small size (the last band taking what is left),
/// gives `apply`'s exact bits: tiling windows, overlapping and padded ones (halo), blurs,
/// resize and crop.
@Test(arguments: [1, 2, 3, 5, 8])
func bandsOfAnySizeEqualApply(bandRows: Int) throws {
    let ops: [(String, [ArgValue], [(String, ArgValue)])] = [
        ("max", [.int(3)], [("stride", .int(1)), ("padding", .int(1))]),
        ("median", [.int(5)], [("stride", .int(1)), ("padding", .int(2))]),
        ("median", [.int(2)], [("ceil", .bool(true))]),
        ("avg", [.int(3)], [("stride", .int(2)), ("padding", .int(1)), ("count_pad", .bool(false)), ("ceil", .bool(true))]),
        ("avg", [.int(3)], [("stride", .int(2)), ("padding", .int(1))]),
        ("avg", [.int(2)], [("ceil", .bool(true))]),
        ("min", [.int(2)], [("stride", .int(1)), ("dilation", .int(2))]),
        ("lp", [.int(2), .int(3)], [("stride", .int(1))]),
        ("pmean", [.int(2), .int(2)], []),
        ("blur", [], []),
        ("blur", [], [("filter", .int(5)), ("stride", .int(3))]),
        ("resize", [.size(7, 5)], []),
        ("resize", [.size(40, 9)], [("filter", .word("bicubic"))]),
        ("crop", [.size(6, 4)], [("at", .word("bottom"))]),
    ]
    for (h, w, c) in [(23, 11, 3), (17, 6, 4), (9, 13, 1)] {
        var t = Tensor(height: h, width: w, channels: c)
        for i in t.data.indices { t.data[i] = Float((i &* 2654435761) % 1009) / 1008 }
        for (name, positional, named) in ops {
            let op = try OpRegistry.standard.make(name, positional: positional, named: named)
            guard let expected = try? op.apply(t, context: PoolingContext()) else { continue }
            var stream = try #require(try op.streamingBands(height: h, width: w, channels: c, context: PoolingContext()),
                                      "\(op.canonical) streams")
            // A halo stream takes bands of any size (it asks for 64 rows only to pool fewer rows twice).
            if var halo = stream as? HaloBandStream {
                halo.bandRows = 1
                stream = halo
            }
            let step = max(bandRows, stream.bandRows) / stream.bandRows * stream.bandRows
            var out: [Float] = [], y = 0
            while y < h {
                let rows = h - y >= 2 * step ? step : h - y
                out += try t.data.withUnsafeBufferPointer { all in
                    try stream.poolBand(.floats(UnsafeBufferPointer(rebasing: all[(y * w * c)..<((y + rows) * w * c)])),
                                        rows: rows, final: y + rows == h)
                }
                y += rows
            }
            #expect(out == expected.data, "\(op.canonical) on \(h)×\(w)×\(c) in bands of \(step)")
        }
    }
}
