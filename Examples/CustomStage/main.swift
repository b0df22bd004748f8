// CustomStage: a pooling op defined outside the library, registered in the standard registry
// and used from the stage language like any built-in op.
//
//   swift run CustomStage IMAGE OUT.png
//
// `midrange(kernel, stride=kernel)`: the mean of the smallest and largest sample of each
// window, per channel (a cheap robust-ish statistic between min and max pooling).
//
// It also adopts `BandStreamable`: when its windows tile the rows (vertical stride = kernel)
// it runs on the decoder's row bands as they arrive, like the built-in ops, and the program
// checks that the streamed result equals the whole-image one.
import Foundation
import ImageCodecs
import ImageTensor
import Pipeline
import Pooling

struct MidrangePool: PoolingOperation {
    let kh, kw, sh, sw: Int

    var name: String { "midrange" }
    var canonical: String { "midrange(\(kh)x\(kw), stride=\(sh)x\(sw))" }
    var mixesSamples: Bool { true }   // it averages two samples, so alpha/linear handling applies

    func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        let oh = height >= kh ? (height - kh) / sh + 1 : 0
        let ow = width >= kw ? (width - kw) / sw + 1 : 0
        guard oh >= 1, ow >= 1 else {
            throw PoolingError.outputTooSmall(op: name, input: (height, width), output: (oh, ow))
        }
        return (oh, ow)
    }

    func plan(height: Int, width: Int) throws -> StagePlan {
        let (oh, ow) = try outputSize(height: height, width: width)
        return StagePlan(rows: AxisPlan(input: height, output: oh, droppedCells: height - ((oh - 1) * sh + kh)),
                         cols: AxisPlan(input: width, output: ow, droppedCells: width - ((ow - 1) * sw + kw)))
    }

    func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let (oh, ow) = try outputSize(height: input.height, width: input.width)
        let c = input.channels
        var out = Tensor(height: oh, width: ow, channels: c)
        for y in 0..<oh {
            for x in 0..<ow {
                for ch in 0..<c {
                    var lo = Float.infinity, hi = -Float.infinity
                    for dy in 0..<kh {
                        for dx in 0..<kw {
                            let v = input[y * sh + dy, x * sw + dx, ch]
                            lo = min(lo, v); hi = max(hi, v)
                        }
                    }
                    out[y, x, ch] = (lo + hi) / 2
                }
            }
        }
        return out
    }
}

/// Windows that tile the rows pool each band of a multiple of `kh` rows on their own, so
/// the op streams; overlapping windows need the whole image (nil).
extension MidrangePool: BandStreamable {
    func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        guard sh == kh else { return nil }
        return MidrangeStream(op: self, width: width, channels: channels,
                              outputHeight: try outputSize(height: height, width: width).height, context: context)
    }
}

/// Pools each band on its own; rows past the last whole window (at the end) have no output row.
struct MidrangeStream: BandStream {
    let op: MidrangePool
    let width, channels, outputHeight: Int
    let context: PoolingContext
    var produced = 0

    var bandRows: Int { op.kh }
    var acceptsBytes: Bool { false }

    mutating func poolBand(_ band: RowBand, rows: Int, final: Bool) throws -> [Float] {
        let usable = min(rows / op.kh, outputHeight - produced) * op.kh
        guard usable > 0 else { return [] }
        let out = try band.withFloats(count: usable * width * channels, channels: channels) {
            try op.apply(Tensor(height: usable, width: width, channels: channels, data: Array($0)), context: context)
        }
        produced += out.height
        return out.data
    }
}

/// `N` or `HxW` as (height, width).
func size(_ v: ArgValue?) -> (Int, Int) {
    switch v {
    case .int(let n)?: return (n, n)
    case .size(let h, let w)?: return (h, w)
    default: return (1, 1)
    }
}

OpRegistry.standard.register(OpDescriptor(
    name: "midrange",
    summary: "mean of the window's minimum and maximum",
    parameters: [Parameter("kernel", .size(min: 1)), Parameter("stride", .size(min: 1), optional: true)],
    build: { args in
        let (kh, kw) = size(args.values["kernel"])
        let (sh, sw) = args.values["stride"] == nil ? (kh, kw) : size(args.values["stride"])
        return MidrangePool(kh: kh, kw: kw, sh: sh, sw: sw)
    }))

let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: CustomStage IMAGE OUT.png\n".utf8))
    exit(2)
}
do {
    let stages = try StageList.parse("midrange(3) | avg(2)")
    print("stages: \(stages.canonical)")
    let image = try ImageDecoder.decode(path: args[1])
    // Streamed from the decoder's row bands (midrange streams) versus the decoded image.
    let fileBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: args[1])))
    let (streamed, _) = try stages.applyDecoding(try ImageRowDecoder(bytes: fileBytes), context: PoolingContext(threads: 2))
    let whole = try stages.apply(image.tensor, context: PoolingContext(threads: 2))
    print("midrange streams: \(try MidrangePool(kh: 3, kw: 3, sh: 3, sw: 3).streamingBands(height: image.tensor.height, width: image.tensor.width, channels: image.tensor.channels, context: PoolingContext()) != nil)")
    print("streamed equals whole image: \(streamed == whole)")
    guard streamed == whole else { exit(1) }
    let upright = image.tensor.applyingOrientation(image.metadata.orientation)
    let out = try stages.apply(upright, color: ColorOptions(), context: PoolingContext(threads: 2))
    let bytes = try ImageEncoder.encode(out, options: EncodeOptions(format: .png, iccProfile: image.metadata.iccProfile))
    try Data(bytes).write(to: URL(fileURLWithPath: args[2]), options: .atomic)
    print("\(upright.height)x\(upright.width) -> \(out.height)x\(out.width): \(args[2])")
} catch {
    FileHandle.standardError.write(Data("CustomStage: \(error)\n".utf8))
    exit(1)
}
