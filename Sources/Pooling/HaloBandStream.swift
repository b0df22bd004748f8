import ImageTensor

/// Where an op's output rows read their input: output row `y` reads the `extent` input rows
/// from `y * stride - padBefore`, rows outside the image being padding.
struct VerticalWindow {
    let stride: Int
    let padBefore: Int
    let extent: Int
}

/// The stream of an op whose vertical windows overlap or pad: it keeps the input rows the
/// next output rows still read, and pools each batch of output rows by applying the op to a
/// slice of rows that holds all their windows, keeping only the rows whose windows lie inside
/// the slice (or touch the image's own edges).
///
/// Equal to `apply` on the whole image, sample for sample, for ops whose output depends only
/// on the samples of its window and its offset from the image edges: every slice starts at a
/// multiple of `stride` rows (so slice row `j` is image row `start / stride + j`) and has at
/// least `ceil(padBefore / stride)` output rows above the kept ones, unless it starts at the
/// image's top, so a kept row never reads the slice's padding; at the end the slice runs to
/// the image's last row, so the bottom rows read the image's own padding. The rows above
/// the kept ones are pooled again (a few rows per band).
struct HaloBandStream: BandStream {
    private let op: any PoolingOperation
    private let window: VerticalWindow
    private let width, channels, outputHeight: Int
    private let context: PoolingContext
    /// Output rows pooled above the kept ones so that these never read the slice's padding.
    private let haloRows: Int
    /// Input rows from `bufferStart`, row-major.
    private var buffer: [Float] = []
    private var bufferStart = 0
    private var received = 0
    private var next = 0

    init(_ op: any PoolingOperation, window: VerticalWindow, height: Int, width: Int, channels: Int,
         context: PoolingContext) throws {
        self.op = op
        self.window = window
        self.width = width
        self.channels = channels
        self.outputHeight = try op.outputSize(height: height, width: width).height
        self.context = context
        haloRows = (window.padBefore + window.stride - 1) / window.stride
    }

    /// Any band size works; bands of 64 rows keep the rows pooled twice (the halo above
    /// and the padded rows below each slice) to a few per cent.
    var bandRows = 64
    var acceptsBytes: Bool { false }

    mutating func poolBand(_ band: RowBand, rows: Int, final: Bool) throws -> [Float] {
        let rowLength = width * channels
        if rows > 0 { band.withFloats(count: rows * rowLength, channels: channels) { buffer.append(contentsOf: $0) } }
        received += rows
        // Output rows whose windows end inside the rows received (all of them at the end).
        let complete = received + window.padBefore - window.extent
        let last = final ? outputHeight : min(outputHeight, complete < 0 ? 0 : complete / window.stride + 1)
        guard last > next else { return [] }
        let first = max(0, next - haloRows)
        let start = first * window.stride
        precondition(start >= bufferStart, "halo stream dropped rows it still needs")
        let sliceRows = received - start
        // The buffer itself when the slice is all of it (shared, not copied: the slice is
        // gone before the buffer is next changed).
        let pooled = try op.apply(Tensor(height: sliceRows, width: width, channels: channels,
                                         data: start == bufferStart ? buffer : Array(buffer[((start - bufferStart) * rowLength)...])),
                                  context: context)
        let from = next - first, count = last - next
        guard pooled.height >= from + count else {
            throw PoolingError.invalidInput(op: op.name, reason: "banded pooling of \(sliceRows) rows gave \(pooled.height) rows, needed \(from + count)")
        }
        let outRow = pooled.width * channels
        next = last
        // Drop the rows no later slice starts at or above.
        let keepFrom = min(received, max(0, next - haloRows) * window.stride)
        if keepFrom > bufferStart {
            buffer.removeFirst((keepFrom - bufferStart) * rowLength)
            bufferStart = keepFrom
        }
        return from == 0 && count == pooled.height ? pooled.data : Array(pooled.data[(from * outRow)..<((from + count) * outRow)])
    }
}

extension SlidingWindowSpec {
    /// The vertical window, unless TensorFlow "same" padding (whose padding depends on the
    /// image's height) is used.
    var verticalWindow: VerticalWindow? {
        switch padding {
        case .same: return nil
        case .valid: return VerticalWindow(stride: strideH, padBefore: 0, extent: (kernelH - 1) * dilationH + 1)
        case .explicit(let rows, _):
            return VerticalWindow(stride: strideH, padBefore: rows, extent: (kernelH - 1) * dilationH + 1)
        }
    }

    /// The op's stream: tiling windows pool band by band, overlapping or padded ones through
    /// a halo of rows; nil for "same" padding.
    func bandStream(_ op: any PoolingOperation, averages: Bool, height: Int, width: Int, channels: Int,
                    context: PoolingContext) throws -> (any BandStream)? {
        if let tiling = try TilingBandStream(op, spec: self, averages: averages, height: height, width: width,
                                             channels: channels, context: context) {
            return tiling
        }
        guard let window = verticalWindow else { return nil }
        return try HaloBandStream(op, window: window, height: height, width: width, channels: channels, context: context)
    }
}

extension BlurPool: BandStreamable {
    /// Output row `y` reads the `filter` rows from `y * stride - (filter - 1) / 2`, reflected
    /// at the image's edges.
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try HaloBandStream(self, window: VerticalWindow(stride: strideH, padBefore: (filter - 1) / 2, extent: filter),
                           height: height, width: width, channels: channels, context: context)
    }
}
