/// Reads rows of a `.npy` array as normalised Float (uint8 v/255, uint16 v/65535; float16,
/// float32 and float64 as is, float64 rounded to the nearest Float).
final class NPYRowDecoder {
    let header: NPYHeader
    private let bytes: [UInt8]
    private var rowsRead = 0

    /// - Throws: `NPYDecodingError`.
    init(bytes: [UInt8]) throws {
        header = try NPYHeader(bytes)
        self.bytes = bytes
    }

    /// Reads the next `count` rows into `dst`.
    /// - Precondition: rows remain and `dst.count >= count * width * channels`.
    func readRows(_ count: Int, into dst: UnsafeMutableBufferPointer<Float>) {
        precondition(rowsRead + count <= header.height, "reading past the last row")
        let samples = count * header.width * header.channels
        precondition(dst.count >= samples, "row buffer too small")
        let item = header.dtype.itemSize
        let start = header.dataOffset + rowsRead * header.width * header.channels * item
        bytes.withUnsafeBufferPointer { all in
            let src = UnsafeBufferPointer(rebasing: all[start..<(start + samples * item)])
            switch header.dtype {
            case .uint8:
                SampleConversion.convert8(src, into: dst)
            case .uint16(let big):
                let raw = UnsafeRawBufferPointer(src)
                for i in 0..<samples {
                    let v = raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                    dst[i] = Float(big ? UInt16(bigEndian: v) : UInt16(littleEndian: v)) / 65535
                }
            case .float32(let big):
                let raw = UnsafeRawBufferPointer(src)
                for i in 0..<samples {
                    let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                    dst[i] = Float(bitPattern: big ? UInt32(bigEndian: v) : UInt32(littleEndian: v))
                }
            case .float16(let big):
                let raw = UnsafeRawBufferPointer(src)
                for i in 0..<samples {
                    let v = raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                    dst[i] = Float(Float16(bitPattern: big ? UInt16(bigEndian: v) : UInt16(littleEndian: v)))
                }
            case .float64(let big):
                let raw = UnsafeRawBufferPointer(src)
                for i in 0..<samples {
                    let v = raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                    dst[i] = Float(Double(bitPattern: big ? UInt64(bigEndian: v) : UInt64(littleEndian: v)))
                }
            }
        }
        rowsRead += count
    }
}
