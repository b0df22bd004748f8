import Testing
import ImageCodecs
import ImageTensor
import Pooling
@testable import Pipeline

/// Sizes worked by hand: longest side → N, short side round(short·N/long), at least 1.
@Test(arguments: [
    // (height, width, size, expected height, expected width)
    (1, 1000, 256, 1, 256),      // 1×N: short side rounds to 0 → at least 1
    (1000, 1, 256, 256, 1),      // N×1
    (427, 640, 128, 85, 128),    // 427·128/640 = 85.4 → 85
    (3, 5, 2, 1, 2),             // 3·2/5 = 1.2 → 1
    (5, 3, 4, 4, 2),             // 3·4/5 = 2.4 → 2
    (7, 9, 6, 5, 6),             // 7·6/9 = 4.67 → 5
    (2400, 3640, 256, 169, 256), // 2400·256/3640 = 168.8 → 169
    (101, 202, 64, 32, 64),      // 101·64/202 = 32 exactly
    (300, 451, 256, 170, 256),   // 300·256/451 = 170.3 → 170
    (100, 50, 256, 100, 50),     // smaller than N: never enlarged
    (256, 100, 256, 256, 100),   // longest side equal to N: unchanged
])
func thumbnailTargetSize(h: Int, w: Int, size: Int, eh: Int, ew: Int) {
    let t = ThumbnailSpec(size: size).targetSize(height: h, width: w)
    #expect(t.height == eh && t.width == ew, "\(h)×\(w) → \(t.height)×\(t.width), expected \(eh)×\(ew)")
}

@Test func dctScaleLeavesAFactorOfTwo() {
    let avg = ThumbnailSpec(size: 256)
    // ceil(L/d) ≥ 512: 4096/8 = 512 → 8; 4095/8 → 512 (ceil) → 8; 4000/8 = 500 → 4.
    #expect(avg.dctDenominator(height: 4096, width: 100) == 8)
    #expect(avg.dctDenominator(height: 100, width: 4095) == 8)
    #expect(avg.dctDenominator(height: 4000, width: 3000) == 4)
    #expect(avg.dctDenominator(height: 1024, width: 1000) == 2)
    #expect(avg.dctDenominator(height: 1023, width: 1000) == 2)   // ceil(1023/2) = 512
    #expect(avg.dctDenominator(height: 1022, width: 1000) == 1)
    #expect(avg.dctDenominator(height: 200, width: 100) == 1)
    #expect(ThumbnailSpec(size: 256, exact: true).dctDenominator(height: 4096, width: 4096) == 1)
    for op in [ThumbnailOp.max, .min, .median] {
        #expect(ThumbnailSpec(size: 256, op: op).dctDenominator(height: 4096, width: 4096) == 1)
    }
}

@Test func stagesHalveWhileAtLeastTwiceTheSizeThenFitExactly() throws {
    let spec = ThumbnailSpec(size: 100)
    // 1000×750: avg(2, ceil) → 500×375 → 250×188 → 125×94 (< 200), then adaptive to 100×75.
    let list = try spec.stages(height: 1000, width: 750, target: spec.targetSize(height: 1000, width: 750))
    #expect(list.canonical.hasPrefix("avg(2, stride=2, padding=0, dilation=1, ceil=true") || list.canonical.hasPrefix("avg(2"))
    #expect(list.canonical.contains("until=199"))
    #expect(list.canonical.hasSuffix("adaptive_avg(100x75)"))
    let steps = try list.steps(height: 1000, width: 750)
    #expect(steps.map { [$0.outputHeight, $0.outputWidth] } == [[500, 375], [250, 188], [125, 94], [100, 75]])
    // Odd sizes keep their last row and column (ceil mode): 999×5 → 500×3 → 250×2.
    let odd = try ThumbnailSpec(size: 200).stages(height: 999, width: 5, target: (200, 1))
    #expect(try odd.outputSize(height: 999, width: 5) == (200, 1))
    #expect(try odd.steps(height: 999, width: 5).first.map { [$0.outputHeight, $0.outputWidth] } == [500, 3])
    // Already the right size: nothing to do.
    #expect(try spec.stages(height: 80, width: 60, target: (80, 60)).stages.isEmpty)
}

@Test(arguments: ThumbnailOp.allCases)
func everyOpReachesTheExactSize(op: ThumbnailOp) throws {
    let spec = ThumbnailSpec(size: 7, op: op)
    var input = Tensor(height: 53, width: 31, channels: 2)
    for i in input.data.indices { input.data[i] = Float((i * 37) % 101) / 100 }
    let target = spec.targetSize(height: 53, width: 31)
    let out = try spec.stages(height: 53, width: 31, target: target).apply(input)
    #expect(out.shape == [7, 4, 2])
    // Order statistics pick input samples; averages stay inside the input's range.
    let lo = input.data.min()!, hi = input.data.max()!
    #expect(out.data.allSatisfy { $0 >= lo && $0 <= hi })
    if op != .avg { #expect(out.data.allSatisfy { v in input.data.contains(v) }) }
}

/// Pooling rows as they leave the decoder — several passes in a cascade of bands — must equal
/// pooling the decoded image. Heights of many bands, with odd rows left at each pass's end.
@Test(arguments: [(37, 23, 4), (64, 64, 3), (65, 17, 1), (130, 9, 2), (3, 40, 4), (301, 7, 3), (259, 5, 4), (203, 3, 2)])
func bandedDecodeEqualsWholeDecode(h: Int, w: Int, c: Int) throws {
    var t = Tensor(height: h, width: w, channels: c)
    for i in t.data.indices { t.data[i] = Float((i * 7919) % 256) / 255 }
    var encodings = [try ImageEncoder.encode(t, options: EncodeOptions(format: .png)),
                     try ImageEncoder.encode(t, options: EncodeOptions(format: .png, bitDepth: 16))]
    if c == 1 || c == 3 { encodings.append(try ImageEncoder.encode(t, options: EncodeOptions(format: .jpeg))) }
    for encoded in encodings {
        for spec in ["avg(2, ceil=true, until=4) | adaptive_avg(3x2)", "max(2) | avg(3)", "avg(2, ceil=true)",
                     "median(2, ceil=true) | blur", "pmean(2, 2, repeat=2)", "blur | avg(2)", "avg(2) | avg(2)",
                     "avg(2, padding=valid, count_pad=false, repeat=2)", "avg(2, repeat=3)",
                     "avg(2) | max(2) | avg(2, ceil=true) | min(3)", "max(3) | avg(2, ceil=true, until=2)"] {
            let list = try StageList.parse(spec)
            for color in [ColorOptions(), ColorOptions(alpha: .straight), ColorOptions(linear: true)] {
                let decoded = try ImageDecoder.decode(bytes: encoded).tensor
                guard let whole = try? list.apply(decoded, color: color) else {
                    // A list the size cannot take fails the same way, before any row is read.
                    #expect(throws: StageListError.self) { try list.applyDecoding(try ImageRowDecoder(bytes: encoded), color: color) }
                    continue
                }
                let (banded, metadata) = try list.applyDecoding(try ImageRowDecoder(bytes: encoded), color: color)
                #expect(banded == whole, "\(spec) on \(h)×\(w)×\(c) with \(color)")
                #expect(metadata.storedHeight == h)
            }
        }
    }
}
