import ImageTensor

/// The stream of a sliding-window op whose windows tile the rows: `kernel == stride`
/// vertically, dilation 1, no vertical padding.
///
/// Applying the op to consecutive bands of a multiple of `kernel` rows — the last band
/// taking whatever rows remain — and stacking the results equals applying it to the whole
/// image, sample for sample: every window before the end lies inside one band and is
/// reduced by the same kernel in the same order; the rows left at the end (where a
/// ceil-mode window may be partial) are pooled last, or dropped when the whole-image output
/// has no row for them (floor mode). A plain `avg(2)` runs the `TwoByTwoAverage` kernels
/// straight on the band's memory, and takes 8-bit bands.
struct TilingBandStream: BandStream {
    private let op: any PoolingOperation
    let bandRows: Int
    private let width, channels: Int
    private let outputHeight: Int
    /// Samples per output row (≥ 1).
    private let outputRowLength: Int
    private let context: PoolingContext
    /// The ceil mode of a plain `avg(2, stride=2, padding=0)`, else nil.
    private let averageCeil: Bool?
    private var produced = 0

    /// - Returns: nil unless `spec`'s windows tile the rows.
    init?(_ op: any PoolingOperation, spec: SlidingWindowSpec, averages: Bool, height: Int, width: Int,
          channels: Int, context: PoolingContext) throws {
        guard let multiple = spec.rowBandMultiple else { return nil }
        self.op = op
        self.bandRows = multiple
        self.width = width
        self.channels = channels
        let out = try op.outputSize(height: height, width: width)
        self.outputHeight = out.height
        self.outputRowLength = out.width * channels
        self.context = context
        self.averageCeil = averages && channels <= 4 ? spec.plainTwoByTwoCeil : nil
    }

    var acceptsBytes: Bool { averageCeil != nil }

    mutating func poolBand(_ band: RowBand, rows: Int, final: Bool) throws -> [Float] {
        // The whole-image output has no row for what is left at the end (floor mode).
        guard rows > 0, produced < outputHeight else { return [] }
        let count = rows * width * channels
        let pooled: [Float]
        if let ceil = averageCeil {
            let size = TwoByTwoAverage.outputCount(height: rows, width: width, channels: channels, ceil: ceil)
            pooled = [Float](unsafeUninitializedCapacity: size) { dst, n in
                if size > 0 {
                    switch band {
                    case .bytes(let src, let premultiply):
                        TwoByTwoAverage.pool(src, height: rows, width: width, channels: channels, ceil: ceil,
                                             premultiply: premultiply, into: dst.baseAddress!)
                    case .floats(let src):
                        TwoByTwoAverage.pool(src, height: rows, width: width, channels: channels, ceil: ceil,
                                             into: dst.baseAddress!)
                    }
                }
                n = size
            }
        } else {
            let input = band.withFloats(count: count, channels: channels) {
                Tensor(height: rows, width: width, channels: channels, data: Array($0))
            }
            pooled = try op.apply(input, context: context).data
        }
        produced += pooled.count / outputRowLength
        guard produced <= outputHeight, pooled.count % outputRowLength == 0 else {
            throw PoolingError.invalidInput(op: op.name, reason: "banded pooling of \(rows) rows gave \(produced) of \(outputHeight) rows")
        }
        return pooled
    }
}

extension SlidingWindowSpec {
    /// Rows per window when the windows tile the rows (kernel = stride, dilation 1, no row
    /// padding), else nil.
    var rowBandMultiple: Int? {
        guard kernelH == strideH, dilationH == 1 else { return nil }
        switch padding {
        case .valid: return kernelH
        case .explicit(let rows, _): return rows == 0 ? kernelH : nil
        case .same: return nil
        }
    }

    /// The ceil mode of a plain `2×2, stride 2, padding 0, dilation 1` window, else nil.
    var plainTwoByTwoCeil: Bool? {
        guard kernelH == 2, kernelW == 2, strideH == 2, strideW == 2, dilationH == 1, dilationW == 1 else { return nil }
        switch padding {
        case .valid, .explicit(0, 0): return ceil
        default: return nil
        }
    }
}

extension AvgPool: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try spec.bandStream(self, averages: true, height: height, width: width, channels: channels, context: context)
    }
}

extension MaxPool: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try spec.bandStream(self, averages: false, height: height, width: width, channels: channels, context: context)
    }
}

extension MinPool: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try spec.bandStream(self, averages: false, height: height, width: width, channels: channels, context: context)
    }
}

extension MedianPool: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try spec.bandStream(self, averages: false, height: height, width: width, channels: channels, context: context)
    }
}

extension PowerMeanPool: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try spec.bandStream(self, averages: false, height: height, width: width, channels: channels, context: context)
    }
}

extension LpPool: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try spec.bandStream(self, averages: false, height: height, width: width, channels: channels, context: context)
    }
}
