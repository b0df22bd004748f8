import ImageTensor

/// `Crop` on streamed rows: keeps the window's columns of the rows inside the window and
/// drops the rest as they pass. Takes bands of any row count; 8-bit bands are converted
/// (and premultiplied) only inside the window.
struct CropBandStream: BandStream {
    private let top, left, height, width: Int
    private let inputWidth, channels: Int
    private var received = 0

    init(_ crop: Crop, height h: Int, width w: Int, channels: Int) throws {
        (top, left) = try crop.origin(height: h, width: w)
        height = crop.height
        width = crop.width
        inputWidth = w
        self.channels = channels
    }

    var bandRows: Int { 1 }
    var acceptsBytes: Bool { true }

    mutating func poolBand(_ band: RowBand, rows: Int, final: Bool) throws -> [Float] {
        let first = received
        received += rows
        let lo = max(first, top), hi = min(received, top + height)
        guard lo < hi else { return [] }
        let c = channels, inRow = inputWidth * c, outRow = width * c
        return [Float](unsafeUninitializedCapacity: (hi - lo) * outRow) { out, n in
            for y in lo..<hi {
                let from = (y - first) * inRow + left * c
                let to = out.baseAddress! + (y - lo) * outRow
                switch band {
                case .floats(let src):
                    to.initialize(from: src.baseAddress! + from, count: outRow)
                case .bytes(let src, let premultiply):
                    UnitSamples.byteValues.withUnsafeBufferPointer { table in
                        for i in 0..<outRow { to[i] = table[Int(src[from + i])] }
                    }
                    if premultiply { UnitSamples.premultiply(to, pixels: width, channels: c) }
                }
            }
            n = (hi - lo) * outRow
        }
    }
}

extension Crop: BandStreamable {
    public func bandStream(height: Int, width: Int, channels: Int, context: PoolingContext) throws -> (any BandStream)? {
        try CropBandStream(self, height: height, width: width, channels: channels)
    }
}
