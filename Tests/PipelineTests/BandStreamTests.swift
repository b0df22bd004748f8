import Testing
import ImageCodecs
import ImageTensor
import Pipeline
import Pooling

/// An op written outside the library that adopts `BandStreamable`: the mean of each
/// window's smallest and largest sample, windows tiling the rows (stride = kernel).
struct OutsideMidrange: BandStreamable {
    let k: Int
    var name: String { "outside_midrange" }
    var canonical: String { "outside_midrange(\(k))" }
    var mixesSamples: Bool { true }

    func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        guard height >= k, width >= k else {
            throw PoolingError.outputTooSmall(op: name, input: (height, width), output: (height / k, width / k))
        }
        return (height / k, width / k)
    }

    func plan(height: Int, width: Int) throws -> StagePlan {
        let (oh, ow) = try outputSize(height: height, width: width)
        return StagePlan(rows: AxisPlan(input: height, output: oh), cols: AxisPlan(input: width, output: ow))
    }

    func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let (oh, ow) = try outputSize(height: input.height, width: input.width)
        var out = Tensor(height: oh, width: ow, channels: input.channels)
        for y in 0..<oh { for x in 0..<ow { for ch in 0..<input.channels {
            var lo = Float.infinity, hi = -Float.infinity
            for dy in 0..<k { for dx in 0..<k {
                let v = input[y * k + dy, x * k + dx, ch]
                lo = min(lo, v); hi = max(hi, v)
            } }
            out[y, x, ch] = (lo + hi) / 2
        } } }
        return out
    }

    func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        OutsideMidrangeStream(op: self, width: width, channels: channels,
                              outputHeight: try outputSize(height: height, width: width).height, context: context)
    }
}

/// Pools each band of a multiple of `k` rows on its own; rows past the last window are dropped.
struct OutsideMidrangeStream: BandStream {
    let op: OutsideMidrange
    let width, channels, outputHeight: Int
    let context: PoolingContext
    var produced = 0
    var bandRows: Int { op.k }
    var acceptsBytes: Bool { false }

    mutating func poolBand(_ band: RowBand, rows: Int, final: Bool) throws -> [Float] {
        let usable = min(rows / op.k, outputHeight - produced) * op.k
        guard usable > 0 else { return [] }
        let out = try band.withFloats(count: usable * width * channels, channels: channels) {
            try op.apply(Tensor(height: usable, width: width, channels: channels, data: Array($0)), context: context)
        }
        produced += out.height
        return out.data
    }
}

/// An op from outside that does not adopt the seam: it runs on the gathered whole image.
struct OutsideFlip: PoolingOperation {
    var name: String { "outside_flip" }
    var canonical: String { "outside_flip" }
    var mixesSamples: Bool { false }
    func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) { (height, width) }
    func plan(height: Int, width: Int) throws -> StagePlan {
        StagePlan(rows: AxisPlan(input: height, output: height), cols: AxisPlan(input: width, output: width))
    }
    func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        var out = input
        for y in 0..<input.height { for x in 0..<input.width { for ch in 0..<input.channels {
            out[input.height - 1 - y, x, ch] = input[y, x, ch]
        } } }
        return out
    }
}

private func encodings(height h: Int, width w: Int, channels c: Int) throws -> [(String, [UInt8])] {
    var t = Tensor(height: h, width: w, channels: c)
    for i in t.data.indices { t.data[i] = Float((i &* 2654435761) % 256) / 255 }
    // Some translucent and transparent pixels, so that premultiplication matters.
    if c == 2 || c == 4 { for p in 0..<(h * w) where p % 5 == 0 { t.data[p * c + c - 1] = p % 10 == 0 ? 0 : 0.5 } }
    var out = [("png8", try ImageEncoder.encode(t, options: EncodeOptions(format: .png))),
               ("png16", try ImageEncoder.encode(t, options: EncodeOptions(format: .png, bitDepth: 16)))]
    if c == 1 || c == 3 { out.append(("jpeg", try ImageEncoder.encode(t, options: EncodeOptions(format: .jpeg)))) }
    return out
}

private let colorModes = [ColorOptions(), ColorOptions(alpha: .straight), ColorOptions(linear: true),
                          ColorOptions(alpha: .straight, linear: true)]

/// Streaming through the seam (byte bands or Float bands, every op its own stream) equals
/// the whole-image path for every built-in streaming op, resize and crop, and ops from outside.
@Test(arguments: [(67, 45, 1), (50, 31, 2), (73, 40, 3), (41, 66, 4), (130, 9, 4)])
func streamingEqualsWholeImage(h: Int, w: Int, c: Int) throws {
    let outside = StageList(stages: [Stage(op: OutsideMidrange(k: 3)), Stage(op: try StageList.parse("avg(2)").stages[0].op)])
    let flipFirst = StageList(stages: [Stage(op: OutsideFlip()), Stage(op: try StageList.parse("avg(2)").stages[0].op)])
    let texts = ["max(2) | min(2, ceil=true)", "median(3) | avg(2)", "lp(2, 2) | pmean(2, 3)", "avg(3, ceil=true) | avg(2)",
                 "crop(20x15) | avg(2, ceil=true)", "avg(2) | crop(9, at=bottom-right)", "crop(30x25, at=top-left) | resize(7x5)",
                 "resize(long=24) | avg(2)", "avg(2, ceil=true, until=3) | resize(5x3, filter=lanczos)",
                 "max(3, stride=1, padding=1) | avg(2)", "blur | avg(2)", "avg(2) | median(3, stride=1, padding=1)",
                 "median(5, stride=1, padding=2)", "avg(3, stride=2, padding=1, count_pad=false, ceil=true)",
                 "blur(filter=5, stride=3) | max(2, stride=1, dilation=2)", "min(3, 2, padding=1, ceil=true) | lp(2, 3, 1)",
                 "avg(2, ceil=true) | blur(filter=4) | avg(2)"]
    let lists = try texts.map { ($0, try StageList.parse($0)) } + [("outside_midrange(3) | avg(2)", outside), ("outside_flip | avg(2)", flipFirst)]
    for (format, encoded) in try encodings(height: h, width: w, channels: c) {
        let decoded = try ImageDecoder.decode(bytes: encoded).tensor
        for (text, list) in lists {
            for color in colorModes {
                guard let whole = try? list.apply(decoded, color: color) else {
                    #expect(throws: StageListError.self) { try list.applyDecoding(try ImageRowDecoder(bytes: encoded), color: color) }
                    continue
                }
                let (streamed, _) = try list.applyDecoding(try ImageRowDecoder(bytes: encoded), color: color,
                                                           context: PoolingContext(threads: 2))
                #expect(streamed == whole, "\(text) on \(format) \(h)×\(w)×\(c) with \(color)")
            }
        }
    }
}

/// Which ops stream: sliding windows (tiling ones band by band, overlapping or padded ones
/// through a halo of rows), blur, resize, crop and the outside op; "same" padding, adaptive,
/// global and fractional ops need the whole image.
@Test func streamingOpsAreTheTilingOnes() throws {
    func streams(_ text: String) throws -> Bool {
        try StageList.parse(text).stages[0].op.streamingBands(height: 40, width: 40, channels: 3, context: PoolingContext()) != nil
    }
    for text in ["max(2)", "min(3)", "median(2)", "lp(2, 2)", "pmean(2, 2)", "avg(2)", "avg(4, 4x2)", "resize(9)", "crop(5)",
                 "max(3, stride=1, padding=1)", "avg(2, stride=1)", "blur", "avg(2, padding=1)", "median(5, stride=1, padding=2)"] {
        #expect(try streams(text), "\(text)")
    }
    for text in ["max(3, padding=same)", "adaptive_avg(3)", "global_max", "maxblur", "fractional_max(2, ratio=0.5)"] {
        #expect(try !streams(text), "\(text)")
    }
    #expect(try OutsideMidrange(k: 3).streamingBands(height: 40, width: 40, channels: 3, context: PoolingContext()) != nil)
    #expect(try OutsideFlip().streamingBands(height: 40, width: 40, channels: 3, context: PoolingContext()) == nil)
}

/// Driving a stream by hand, band by band: the outside op's stream hands out rows as its
/// bands arrive (it streams), and they add up to `apply` on the whole image; so does the
/// default `WholeImageStream`, which hands everything out at the end.
@Test func outsideOpStreamsBandByBand() throws {
    var t = Tensor(height: 31, width: 10, channels: 2)
    for i in t.data.indices { t.data[i] = Float((i * 7919) % 257) / 256 }
    for op in [OutsideMidrange(k: 3) as any PoolingOperation, OutsideFlip()] {
        var stream = try op.makeBandStream(height: 31, width: 10, channels: 2, context: PoolingContext())
        var out: [Float] = [], nonEmptyBands = 0, y = 0
        while y < 31 {
            let rows = 31 - y >= 2 * 6 ? 6 : 31 - y
            let band = try t.data.withUnsafeBufferPointer { all in
                try stream.poolBand(.floats(UnsafeBufferPointer(rebasing: all[(y * 20)..<((y + rows) * 20)])),
                                    rows: rows, final: y + rows == 31)
            }
            if !band.isEmpty { nonEmptyBands += 1 }
            out += band
            y += rows
        }
        #expect(out == (try op.apply(t, context: PoolingContext())).data)
        #expect(nonEmptyBands == (op is OutsideMidrange ? 5 : 1))
    }
}
