import Testing
import ImageTensor
@testable import Pooling

/// An `avg(2)` stream's 8-bit bands must give exactly what converting (`v/255`), premultiplying and `apply` give.
@Test(arguments: [(1, 1), (2, 2), (3, 5), (4, 9), (7, 16), (6, 33), (5, 2)])
func bytePoolingEqualsFloatPooling(height: Int, width: Int) throws {
    var seed: UInt64 = 0x9E3779B97F4A7C15
    // Random samples; then, for alpha, mostly opaque ones (the opaque-window shortcut) with a
    // few windows holding one translucent pixel.
    let layouts = (1...4).map { ($0, false) } + [(2, true), (4, true)]
    for (channels, opaque) in layouts {
        var bytes = (0..<(height * width * channels)).map { _ -> UInt8 in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 56)
        }
        if opaque {
            for p in 0..<(height * width) { bytes[p * channels + channels - 1] = p % 7 == 3 ? bytes[p * channels] : 255 }
        }
        for spec in ["avg(2)", "avg(2, ceil=true)", "avg(2, padding=valid, count_pad=false, ceil=true)"] {
            var named: [(String, ArgValue)] = spec.contains("ceil=true") ? [("ceil", .bool(true))] : []
            if spec.contains("valid") { named += [("padding", .word("valid")), ("count_pad", .bool(false))] }
            let op = try OpRegistry.standard.make("avg", positional: [.int(2)], named: named)
            guard (try? op.outputSize(height: height, width: width)) != nil else { continue }
            #expect(try op.makeBandStream(height: height, width: width, channels: channels, context: PoolingContext()).acceptsBytes)
            for premultiply in channels == 2 || channels == 4 ? [false, true] : [false] {
                var t = Tensor(height: height, width: width, channels: channels,
                               data: bytes.map { Float($0) / 255 })
                if premultiply {
                    for p in 0..<(height * width) {
                        for k in 0..<(channels - 1) { t.data[p * channels + k] *= t.data[p * channels + channels - 1] }
                    }
                }
                let expected = try op.apply(t, context: PoolingContext())
                // One band of the whole image, pooled straight from the bytes.
                var stream = try op.makeBandStream(height: height, width: width, channels: channels, context: PoolingContext())
                let got = try bytes.withUnsafeBufferPointer { src in
                    try stream.poolBand(.bytes(src, premultiply: premultiply), rows: height, final: true)
                }
                #expect(got == expected.data, "\(spec) \(height)×\(width)×\(channels) premultiply \(premultiply)")
            }
        }
    }
}

@Test func onlyPlainTwoByTwoAveragesPoolBytes() throws {
    let r = OpRegistry.standard
    func takesBytes(_ op: any PoolingOperation) throws -> Bool {
        try op.makeBandStream(height: 8, width: 8, channels: 3, context: PoolingContext()).acceptsBytes
    }
    #expect(try takesBytes(r.make("avg", positional: [.int(2)], named: [])))
    #expect(try !takesBytes(r.make("avg", positional: [.int(2)], named: [("padding", .int(1))])))
    #expect(try !takesBytes(r.make("avg", positional: [.int(3)], named: [])))
    #expect(try !takesBytes(r.make("avg", positional: [.int(2)], named: [("stride", .int(1))])))
    #expect(try !takesBytes(r.make("max", positional: [.int(2)], named: [])))
}

/// The RGB/RGBA adaptive-average kernel must give the generic fold's exact bits.
@Test(arguments: [(1, 1, 1, 1), (5, 7, 3, 2), (17, 9, 8, 5), (9, 17, 13, 25), (2, 3, 7, 5), (64, 48, 25, 19)])
func adaptiveAverageVectorKernelEqualsGenericFold(h: Int, w: Int, oh: Int, ow: Int) throws {
    for c in 3...4 {
        var t = Tensor(height: h, width: w, channels: c)
        for i in t.data.indices { t.data[i] = Float((i &* 2654435761) % 1000) / 997 }
        let rows = AxisWindows.adaptive(input: h, output: oh), cols = AxisWindows.adaptive(input: w, output: ow)
        let generic = reduceWindows(AverageReducer(), t, rows: rows, cols: cols, threads: 1)
        for threads in [1, 3] {
            let vector = AdaptiveAverageKernel.pixels(t, rows: rows, cols: cols, threads: threads)
            #expect(vector == generic, "\(h)×\(w)×\(c) → \(oh)×\(ow), \(threads) threads")
        }
    }
}

/// An `avg(2)` stream's Float bands (the cascade's later `avg(2)` passes) must give `apply`'s exact bits,
/// edge windows of both ceil modes included, for every channel count.
@Test(arguments: [(1, 1), (2, 2), (3, 5), (4, 9), (7, 16), (6, 33), (5, 2), (9, 1)])
func floatRowPoolingEqualsApply(height: Int, width: Int) throws {
    for channels in 1...4 {
        var t = Tensor(height: height, width: width, channels: channels)
        for i in t.data.indices { t.data[i] = Float((i &* 2654435761) % 10007) / 3001 - 0.7 }
        for ceil in [false, true] {
            let op = try OpRegistry.standard.make("avg", positional: [.int(2)], named: ceil ? [("ceil", .bool(true))] : [])
            guard let expected = try? op.apply(t, context: PoolingContext()) else { continue }
            var stream = try op.makeBandStream(height: height, width: width, channels: channels, context: PoolingContext())
            let got = try t.data.withUnsafeBufferPointer { try stream.poolBand(.floats($0), rows: height, final: true) }
            #expect(got == expected.data, "\(height)×\(width)×\(channels) ceil \(ceil)")
        }
    }
}
