import Testing
import Foundation
import ImageTensor
import Pooling
@testable import Pipeline

/// Colour handling in `StageList.apply`: premultiplied alpha and linear light around mixing
/// ops, checked against values worked by hand and against the bare ops.
@Suite struct ColorHandlingTests {
    private func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-6) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func premultipliedAverageOfAHalfTransparentEdge() throws {
        // Opaque red beside half-transparent blue, averaged over the 1×2 window:
        // alpha (1 + 0.5)/2 = 0.75; red (1·1 + 0·0.5)/2 / 0.75 = 2/3; blue (0·1 + 1·0.5)/2 / 0.75 = 1/3.
        let x = Tensor(height: 1, width: 2, channels: 4, data: [1, 0, 0, 1, 0, 0, 1, 0.5])
        let list = try StageList.parse("avg(1x2)")
        #expect(close(try list.apply(x).data, [2.0 / 3, 0, 1.0 / 3, 0.75]))
        // Straight alpha mixes colour and alpha independently: (0.5, 0, 0.5, 0.75).
        #expect(try list.apply(x, color: .init(alpha: .straight)).data == [0.5, 0, 0.5, 0.75])
    }

    @Test func transparentPixelsDoNotBleedColour() throws {
        // A 2×2 window of opaque grey 0.2 and three fully transparent white pixels:
        // premultiplied, the colour is the grey's; straight, the white bleeds in.
        let x = Tensor(height: 2, width: 2, channels: 2, data: [0.2, 1, 1, 0, 1, 0, 1, 0])
        let list = try StageList.parse("avg(2)")
        #expect(close(try list.apply(x).data, [0.2, 0.25]))
        #expect(close(try list.apply(x, color: .init(alpha: .straight)).data, [0.8, 0.25]))
    }

    @Test func aFullyTransparentWindowHasColourZero() throws {
        let x = Tensor(height: 1, width: 2, channels: 4, data: [1, 1, 1, 0, 0.5, 0.5, 0.5, 0])
        #expect(try StageList.parse("avg(1x2)").apply(x).data == [0, 0, 0, 0])
    }

    @Test func linearAverageOfBlackAndWhite() throws {
        // Linear light: mean(0, 1) = 0.5, encoded 1.055·0.5^(1/2.4) − 0.055 = 0.7353570.
        let x = Tensor(height: 1, width: 2, channels: 3, data: [0, 0, 0, 1, 1, 1])
        let out = try StageList.parse("avg(1x2)").apply(x, color: .init(linear: true))
        #expect(close(out.data, [0.735357, 0.735357, 0.735357]))
        // Without --linear, the stored values are averaged.
        #expect(try StageList.parse("avg(1x2)").apply(x).data == [0.5, 0.5, 0.5])
    }

    @Test func linearAndPremultipliedTogether() throws {
        // Gray+alpha: white opaque beside black at alpha 0.5. Linear colour premultiplied:
        // (1·1 + 0·0.5)/2 = 0.5 over alpha 0.75 → 2/3 linear → sRGB 1.055·(2/3)^(1/2.4) − 0.055.
        let x = Tensor(height: 1, width: 2, channels: 2, data: [1, 1, 0, 0.5])
        let out = try StageList.parse("avg(1x2)").apply(x, color: .init(linear: true))
        let expected = Float(1.055 * pow(2.0 / 3.0, 1 / 2.4) - 0.055)
        #expect(close(out.data, [expected, 0.75]))
    }

    @Test(arguments: [3, 1])
    func withoutAlphaOrLinearApplyIsTheBareOp(channels: Int) throws {
        let list = try StageList.parse("avg(3, stride=2, padding=1) | blur | pmean(2, 2) | max(2)")
        let x = StageListTests.sample(37, 29, channels)
        var expected = x
        for stage in list.stages { expected = try stage.op.apply(expected, context: .init()) }
        #expect(try list.apply(x) == expected)
    }

    @Test func straightAlphaWithoutLinearIsTheBareOp() throws {
        let list = try StageList.parse("avg(2) | lp(2, 2) | adaptive_avg(5x4) | global_avg")
        for channels in [2, 4] {
            let x = StageListTests.sample(40, 33, channels)
            var expected = x
            for stage in list.stages { expected = try stage.op.apply(expected, context: .init()) }
            #expect(try list.apply(x, color: .init(alpha: .straight)) == expected)
        }
    }

    @Test func nonMixingOpsSeeTheSamplesAsStored() throws {
        let list = try StageList.parse("max(2) | median(3, stride=1) | min(2) | adaptive_max(3) | global_max")
        let x = StageListTests.sample(30, 26, 4)
        var expected = x
        for stage in list.stages { expected = try stage.op.apply(expected, context: .init()) }
        #expect(try list.apply(x, color: .init(linear: true)) == expected)
        #expect(try list.apply(x) == expected)
    }

    @Test func conversionsHappenAroundMixingRunsOnly() throws {
        // Reference built step by step: decode once for the two averages, encode before max,
        // decode again for the blur, encode at the end.
        let list = try StageList.parse("avg(2) | avg(2) | max(2) | blur")
        let x = StageListTests.sample(32, 24, 3)
        let op = list.stages.map(\.op)
        func linear(_ t: Tensor) -> Tensor {
            Tensor(height: t.height, width: t.width, channels: t.channels, data: t.data.map(SRGBTransfer.toLinear))
        }
        func encoded(_ t: Tensor) -> Tensor {
            Tensor(height: t.height, width: t.width, channels: t.channels, data: t.data.map(SRGBTransfer.toSRGB))
        }
        var t = linear(x)
        t = try op[1].apply(op[0].apply(t, context: .init()), context: .init())
        t = try op[2].apply(encoded(t), context: .init())
        t = encoded(try op[3].apply(linear(t), context: .init()))
        #expect(try list.apply(x, color: .init(linear: true)) == t)
    }

    @Test func onStageSeesStoredSamples() throws {
        let x = Tensor(height: 1, width: 4, channels: 3, data: [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1])
        var first: [Float] = []
        let list = try StageList.parse("avg(1x2) | avg(1x2)")
        let out = try list.apply(x, color: .init(linear: true)) { index, tensor, _ in
            if index == 0 { first = tensor.data }
        }
        #expect(close(first, [Float](repeating: 0.735357, count: 6)))
        #expect(close(out.data, [0.735357, 0.735357, 0.735357]))
    }
}
