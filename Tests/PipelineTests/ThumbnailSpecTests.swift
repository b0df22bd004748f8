import Testing
@testable import ImageCodecs
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
    let avg = ThumbnailSpec(size: 256, op: .avg)
    // ceil(L/d) ≥ 512: 4096/8 = 512 → 8; 4095/8 → 512 (ceil) → 8; 4000/8 = 500 → 4.
    #expect(avg.dctDenominator(height: 4096, width: 100) == 8)
    #expect(avg.dctDenominator(height: 100, width: 4095) == 8)
    #expect(avg.dctDenominator(height: 4000, width: 3000) == 4)
    #expect(avg.dctDenominator(height: 1024, width: 1000) == 2)
    #expect(avg.dctDenominator(height: 1023, width: 1000) == 2)   // ceil(1023/2) = 512
    #expect(avg.dctDenominator(height: 1022, width: 1000) == 1)
    #expect(avg.dctDenominator(height: 200, width: 100) == 1)
    #expect(ThumbnailSpec(size: 256, exact: true).dctDenominator(height: 4096, width: 4096) == 1)
    // The default leaves a factor of three: ceil(L/d) ≥ 768.
    let lanczos = ThumbnailSpec(size: 256)
    #expect(lanczos.dctDenominator(height: 6144, width: 100) == 8)
    #expect(lanczos.dctDenominator(height: 6136, width: 100) == 4)
    #expect(lanczos.dctDenominator(height: 2560, width: 1920) == 2)
    #expect(lanczos.dctDenominator(height: 1534, width: 1000) == 1)
    for op in [ThumbnailOp.max, .min, .median] {
        #expect(ThumbnailSpec(size: 256, op: op).dctDenominator(height: 4096, width: 4096) == 1)
    }
}

@Test func avgHalvesWhileItLeavesTheSizeThenBoxResizes() throws {
    let spec = ThumbnailSpec(size: 100, op: .avg)
    // 1000×750: avg(2, ceil) → 500×375 → 250×188 → 125×94 (ceil(125/2) < 100), then box to 100×75.
    let list = try spec.stages(height: 1000, width: 750, target: spec.targetSize(height: 1000, width: 750))
    #expect(list.canonical.hasPrefix("avg(2"))
    #expect(list.canonical.contains("until=198"))
    #expect(list.canonical.hasSuffix("resize(100x75, filter=box)"))
    let steps = try list.steps(height: 1000, width: 750)
    #expect(steps.map { [$0.outputHeight, $0.outputWidth] } == [[500, 375], [250, 188], [125, 94], [100, 75]])
    // Already the right size: nothing to do.
    #expect(try spec.stages(height: 80, width: 60, target: (80, 60)).stages.isEmpty)
}

@Test func lanczosLeavesAGapOfThreeForTheFilter() throws {
    let spec = ThumbnailSpec(size: 100)
    #expect(spec.op == .lanczos)
    // 1300×975: halve while the result stays ≥ 300 on the long side: 650×488 → 325×244, then lanczos.
    let list = try spec.stages(height: 1300, width: 975, target: (100, 75))
    #expect(list.canonical.contains("until=598"))
    #expect(list.canonical.hasSuffix("resize(100x75, filter=lanczos)"))
    let steps = try list.steps(height: 1300, width: 975)
    #expect(steps.map { [$0.outputHeight, $0.outputWidth] } == [[650, 488], [325, 244], [100, 75]])
    // Odd sizes keep their last row and column (ceil mode): 1399×5 → 700×3, then lanczos to 200×1.
    let odd = try ThumbnailSpec(size: 200).stages(height: 1399, width: 5, target: (200, 1))
    #expect(try odd.outputSize(height: 1399, width: 5) == (200, 1))
    #expect(try odd.steps(height: 1399, width: 5).map { [$0.outputHeight, $0.outputWidth] } == [[700, 3], [200, 1]])
    // Under six times the size: the filter alone.
    #expect(try spec.stages(height: 150, width: 597, target: (25, 100)).canonical == "resize(25x100, filter=lanczos)")
}

/// Boxes and crops worked by hand (source height, width → box, crop → result).
@Test(arguments: [
    // (h, w, box h, box w, crop, expected h, expected w, resized h, resized w)
    (300, 400, 100, 200, false, 100, 133, 100, 133),  // rows limit: 400·100/300 = 133.3
    (300, 400, 200, 100, false, 75, 100, 75, 100),    // columns limit: 300·100/400 = 75
    (300, 400, 100, 100, true, 100, 100, 100, 133),   // cover: rows exact, then a centre crop
    (400, 300, 50, 120, true, 50, 120, 160, 120),     // cover by columns: 400·120/300 = 160
    (60, 80, 100, 200, false, 60, 80, 60, 80),        // smaller: never enlarged
    (60, 80, 100, 50, true, 60, 50, 60, 80),          // crop without enlarging: cut what fits
    (1, 1000, 64, 64, true, 1, 64, 1, 1000),          // a sliver cannot cover: crop only
    (1000, 3, 10, 10, false, 10, 1, 10, 1),           // at least 1
])
func boxesAndCrops(h: Int, w: Int, bh: Int, bw: Int, crop: Bool, eh: Int, ew: Int, rh: Int, rw: Int) {
    let spec = ThumbnailSpec(height: bh, width: bw, crop: crop)
    let t = spec.targetSize(height: h, width: w), r = spec.resizedSize(height: h, width: w)
    #expect(t.height == eh && t.width == ew, "\(h)×\(w) → \(t.height)×\(t.width)")
    #expect(r.height == rh && r.width == rw, "\(h)×\(w) resized to \(r.height)×\(r.width)")
    // A rotating orientation works out the same target in the stored axes.
    let stored = spec.storedResizedSize(height: w, width: h, orientation: 6)
    #expect(stored.height == rw && stored.width == rh)
}

@Test func descriptionsNameBoxAndCrop() {
    #expect(ThumbnailSpec(size: 256).description == "thumbnail(size=256, op=lanczos, exact=false)")
    #expect(ThumbnailSpec(height: 200, width: 300, op: .avg, crop: true).description
            == "thumbnail(size=200x300, op=avg, exact=false, crop=true)")
}

/// The job end to end on an encoded image: a crop fills the box; a rotated box fits upright.
@Test func jobCropsAndFitsBoxes() throws {
    var t = Tensor(height: 120, width: 90, channels: 3)
    for i in t.data.indices { t.data[i] = Float((i * 7919) % 256) / 255 }
    let png = try ImageEncoder.encode(t, options: EncodeOptions(format: .png))
    let cases: [(ThumbnailSpec, [Int])] = [
        (ThumbnailSpec(size: 40, crop: true), [40, 40, 3]),
        (ThumbnailSpec(height: 30, width: 60), [30, 23, 3]),
        (ThumbnailSpec(height: 30, width: 60, op: .avg, crop: true), [30, 60, 3]),
        (ThumbnailSpec(size: 200), [120, 90, 3]),
    ]
    for (spec, shape) in cases {
        let out = try ThumbnailJob(spec: spec).run(decoder: try ImageRowDecoder(bytes: png), autorotate: true,
                                                   context: PoolingContext())
        #expect(out.tensor.shape == shape, "\(spec)")
    }
}

@Test(arguments: ThumbnailOp.allCases)
func everyOpReachesTheExactSize(op: ThumbnailOp) throws {
    let spec = ThumbnailSpec(size: 7, op: op)
    var input = Tensor(height: 53, width: 31, channels: 2)
    for i in input.data.indices { input.data[i] = Float((i * 37) % 101) / 100 }
    let target = spec.targetSize(height: 53, width: 31)
    let out = try spec.stages(height: 53, width: 31, target: target).apply(input)
    #expect(out.shape == [7, 4, 2])
    // Order statistics pick input samples; averages stay inside the input's range (lanczos rings).
    let lo = input.data.min()!, hi = input.data.max()!
    if op != .lanczos { #expect(out.data.allSatisfy { $0 >= lo && $0 <= hi }) }
    if !op.isAverage { #expect(out.data.allSatisfy { v in input.data.contains(v) }) }
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
                     "avg(2) | max(2) | avg(2, ceil=true) | min(3)", "max(3) | avg(2, ceil=true, until=2)",
                     "resize(7x5)", "resize(long=20, filter=bicubic) | avg(2)", "resize(90x4, filter=bilinear)",
                     "resize(short=3, filter=box) | crop(2)", "resize(40x23)"] {
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
