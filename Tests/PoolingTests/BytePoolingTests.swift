import Testing
import ImageTensor
@testable import Pooling

/// `applyToBytes` must give exactly what converting (`v/255`), premultiplying and `apply` give.
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
            #expect(op.poolsBytes)
            guard (try? op.outputSize(height: height, width: width)) != nil else { continue }
            for premultiply in channels == 2 || channels == 4 ? [false, true] : [false] {
                var t = Tensor(height: height, width: width, channels: channels,
                               data: bytes.map { Float($0) / 255 })
                if premultiply {
                    for p in 0..<(height * width) {
                        for k in 0..<(channels - 1) { t.data[p * channels + k] *= t.data[p * channels + channels - 1] }
                    }
                }
                let expected = try op.apply(t, context: PoolingContext())
                // Written exactly where asked, and nothing after it.
                var got = [Float](repeating: -1, count: expected.data.count + 2)
                let written = bytes.withUnsafeBufferPointer { src in
                    got.withUnsafeMutableBufferPointer { dst in
                        op.applyToBytes(src, height: height, width: width, channels: channels,
                                        premultiply: premultiply, into: dst)
                    }
                }
                #expect(written == expected.data.count)
                #expect(Array(got.prefix(written)) == expected.data, "\(spec) \(height)×\(width)×\(channels) premultiply \(premultiply)")
                #expect(got.suffix(2) == [-1, -1])
            }
        }
    }
}

@Test func onlyPlainTwoByTwoAveragesPoolBytes() throws {
    let r = OpRegistry.standard
    #expect(try r.make("avg", positional: [.int(2)], named: []).poolsBytes)
    #expect(try !r.make("avg", positional: [.int(2)], named: [("padding", .int(1))]).poolsBytes)
    #expect(try !r.make("avg", positional: [.int(3)], named: []).poolsBytes)
    #expect(try !r.make("avg", positional: [.int(2)], named: [("stride", .int(1))]).poolsBytes)
    #expect(try !r.make("max", positional: [.int(2)], named: []).poolsBytes)
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

/// `applyToFloatRows` (the cascade's later `avg(2)` passes) must give `apply`'s exact bits,
/// edge windows of both ceil modes included, for every channel count.
@Test(arguments: [(1, 1), (2, 2), (3, 5), (4, 9), (7, 16), (6, 33), (5, 2), (9, 1)])
func floatRowPoolingEqualsApply(height: Int, width: Int) throws {
    for channels in 1...4 {
        var t = Tensor(height: height, width: width, channels: channels)
        for i in t.data.indices { t.data[i] = Float((i &* 2654435761) % 10007) / 3001 - 0.7 }
        for ceil in [false, true] {
            let op = try OpRegistry.standard.make("avg", positional: [.int(2)], named: ceil ? [("ceil", .bool(true))] : [])
            guard let expected = try? op.apply(t, context: PoolingContext()) else { continue }
            var got = [Float](repeating: -9, count: expected.data.count + 3)
            let written = t.data.withUnsafeBufferPointer { src in
                got.withUnsafeMutableBufferPointer { op.applyToFloatRows(src, height: height, width: width, channels: channels, into: $0) }
            }
            #expect(written == expected.data.count)
            #expect(Array(got.prefix(written)) == expected.data, "\(height)×\(width)×\(channels) ceil \(ceil)")
            #expect(got.suffix(3) == [-9, -9, -9])
        }
    }
}
