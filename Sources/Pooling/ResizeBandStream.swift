import ImageTensor

/// `Resize` on streamed rows: a `ResizeStream` that keeps only the rows its vertical
/// filter still needs, handing on each output row as soon as its window is complete.
/// Takes bands of any row count.
struct ResizeBandStream: BandStream {
    private var stream: ResizeStream
    private let width, channels: Int

    init(_ resize: Resize, height: Int, width: Int, channels: Int, context: PoolingContext) throws {
        stream = try ResizeStream(resize, height: height, width: width, channels: channels, threads: context.threads)
        self.width = width
        self.channels = channels
    }

    var bandRows: Int { 1 }
    var acceptsBytes: Bool { false }

    mutating func poolBand(_ band: RowBand, rows: Int, final: Bool) throws -> [Float] {
        guard rows > 0 else { return stream.takeNewOutput() }
        band.withFloats(count: rows * width * channels, channels: channels) {
            stream.push(rows: rows, samples: $0)
        }
        return stream.takeNewOutput()
    }
}

extension Resize: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try ResizeBandStream(self, height: height, width: width, channels: channels, context: context)
    }
}
