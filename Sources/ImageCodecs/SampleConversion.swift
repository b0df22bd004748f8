import ImageTensor

/// Converts decoded rows of integer samples to normalised Float samples.
enum SampleConversion {
    /// `table[v] == Float(v) / 255` for every byte value (the shared `UnitSamples` table).
    static var byteTable: [Float] { UnitSamples.byteValues }

    /// 8-bit samples → `v / 255`.
    /// - Precondition: `dst.count >= src.count`.
    static func convert8(_ src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutableBufferPointer<Float>) {
        byteTable.withUnsafeBufferPointer { table in
            for i in 0..<src.count { dst[i] = table[Int(src[i])] }
        }
    }

    /// Big-endian 16-bit samples (`src.count` bytes, even) → `v / 65535`.
    /// - Precondition: `dst.count >= src.count / 2`.
    static func convert16BE(_ src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<(src.count / 2) {
            let v = UInt16(src[2 * i]) << 8 | UInt16(src[2 * i + 1])
            dst[i] = Float(v) / 65535
        }
    }

    /// CMYK pixels (4 bytes each) → RGB: `R = (1−C)(1−K)`, likewise G (M) and B (Y).
    /// `inverted` is Adobe's storage, where a byte `v` means `1 − C = v / 255`.
    /// - Precondition: `dst.count >= src.count / 4 * 3`.
    static func convertCMYK(_ src: UnsafeBufferPointer<UInt8>, inverted: Bool,
                            into dst: UnsafeMutableBufferPointer<Float>) {
        let pixels = src.count / 4
        for p in 0..<pixels {
            var c = Int(src[4 * p]), m = Int(src[4 * p + 1]), y = Int(src[4 * p + 2]), k = Int(src[4 * p + 3])
            if !inverted { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k }
            dst[3 * p] = Float(c * k) / 65025
            dst[3 * p + 1] = Float(m * k) / 65025
            dst[3 * p + 2] = Float(y * k) / 65025
        }
    }
}
