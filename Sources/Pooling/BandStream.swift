import ImageTensor

/// One band of consecutive input rows, row-major, `rows × width × channels` samples.
public enum RowBand {
    /// 8-bit samples standing for `UnitSamples.byteValues[v]` (`Float(v) / 255`), colour
    /// multiplied by alpha first when `premultiply` (2 or 4 channels only).
    case bytes(UnsafeBufferPointer<UInt8>, premultiply: Bool)
    /// Float samples, already in the form the op works on.
    case floats(UnsafeBufferPointer<Float>)

    /// Calls `body` with the band's samples as Floats: the Float buffer itself, or the bytes
    /// converted (and premultiplied) into a temporary buffer — what a stream that reads
    /// only Floats does with a byte band.
    /// - Precondition: the band holds `count` samples of `channels` per pixel.
    public func withFloats<R>(count: Int, channels: Int, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        switch self {
        case .floats(let src):
            return try body(UnsafeBufferPointer(rebasing: src[0..<count]))
        case .bytes(let src, let premultiply):
            let floats = [Float](unsafeUninitializedCapacity: count) { dst, n in
                UnitSamples.byteValues.withUnsafeBufferPointer { table in
                    for i in 0..<count { dst[i] = table[Int(src[i])] }
                }
                if premultiply { UnitSamples.premultiply(dst.baseAddress!, pixels: count / channels, channels: channels) }
                n = count
            }
            return try floats.withUnsafeBufferPointer(body)
        }
    }
}

/// An op running on an image whose rows arrive in bands (from a decoder, or from the
/// previous op's stream), holding only the rows its vertical window still needs.
///
/// Contract: the caller pushes every input row exactly once, in order, in bands whose row
/// counts are multiples of `bandRows` — except the last (`final`), which takes every row
/// left. The output rows returned, concatenated, equal `apply` on the whole image, sample
/// for sample.
public protocol BandStream {
    /// Every band but the last must hold a multiple of this many rows (the rows one window
    /// row needs when windows tile the rows; 1 for streams that buffer what they need).
    var bandRows: Int { get }
    /// Whether `.bytes` bands go straight to the kernel (conversion and premultiplication
    /// fused). Every stream takes them; the others convert them through `RowBand.withFloats`.
    var acceptsBytes: Bool { get }
    /// Pools the next `rows` input rows and returns the output rows they complete (possibly
    /// none), row-major at the op's output width; `final` on the last band.
    mutating func poolBand(_ band: RowBand, rows: Int, final: Bool) throws -> [Float]
}

/// An op that can run as a `BandStream`. Ops that do not adopt it (or return nil) still run
/// on streamed rows through `WholeImageStream`, which gathers them first.
public protocol BandStreamable: PoolingOperation {
    /// A stream for an input of `height × width × channels`, or nil when this op's
    /// arguments need the whole image (e.g. vertical windows that overlap and pad).
    /// - Throws: the errors `outputSize` throws for that input.
    func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)?
}

extension PoolingOperation {
    /// The op's own stream for this input, or nil when it needs the whole image.
    public func streamingBands(height: Int, width: Int, channels: Int,
                               context: PoolingContext) throws -> (any BandStream)? {
        try (self as? any BandStreamable)?.bandStream(height: height, width: width, channels: channels, context: context)
    }

    /// The op's own stream for this input, else a `WholeImageStream` of it.
    public func makeBandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> any BandStream {
        try streamingBands(height: height, width: width, channels: channels, context: context)
            ?? WholeImageStream(self, height: height, width: width, channels: channels, context: context)
    }
}

/// The default stream: gathers every row and applies the op to the whole image at the end.
public struct WholeImageStream: BandStream {
    private let op: any PoolingOperation
    private let height, width, channels: Int
    private let context: PoolingContext
    private var rows: [Float] = []

    /// - Precondition: `height`, `width`, `channels` ≥ 1.
    public init(_ op: any PoolingOperation, height: Int, width: Int, channels: Int, context: PoolingContext) {
        self.op = op
        self.height = height; self.width = width; self.channels = channels
        self.context = context
        rows.reserveCapacity(height * width * channels)
    }

    public var bandRows: Int { 1 }
    public var acceptsBytes: Bool { false }

    public mutating func poolBand(_ band: RowBand, rows count: Int, final: Bool) throws -> [Float] {
        band.withFloats(count: count * width * channels, channels: channels) { rows.append(contentsOf: $0) }
        guard final else { return [] }
        let image = Tensor(height: rows.count / (width * channels), width: width, channels: channels, data: rows)
        rows = []
        return try op.apply(image, context: context).data
    }
}
