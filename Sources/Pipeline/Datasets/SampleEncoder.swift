import ImageTensor

/// Turns an HWC Float32 tensor into `.npy` samples with a dtype, a layout and an optional
/// normalisation: per channel `(v − mean) / std` in Float, then float32 as is, float16
/// rounded to nearest even (as NumPy's `astype`), or uint8 as `round(v * 255)` clamped to
/// 0…255 (halves up, the 8-bit PNG quantisation).
public struct SampleEncoder: Sendable {
    public let dtype: SampleDType
    public let layout: SampleLayout
    public let normalization: Normalization?

    public init(dtype: SampleDType = .float32, layout: SampleLayout = .hwc, normalization: Normalization? = nil) {
        self.dtype = dtype
        self.layout = layout
        self.normalization = normalization
    }

    public init(_ options: DatasetOptions) {
        self.init(dtype: options.dtype, layout: options.layout, normalization: options.normalization)
    }

    /// The stored shape of `t`: `(H, W, C)` or `(C, H, W)`.
    public func shape(of t: Tensor) -> [Int] { layout.shape(t.shape) }

    /// The bytes of a `.npy` file holding `t`.
    /// - Throws: `DatasetSampleError.channelMismatch`.
    public func npyFile(_ t: Tensor) throws -> [UInt8] {
        var out = NPYFormat.header(descr: dtype.npyDescr, shape: shape(of: t))
        try appendPayload(t, to: &out)
        return out
    }

    /// Appends the raw little-endian samples of `t` (no header) to `out`.
    /// - Throws: `DatasetSampleError.channelMismatch`.
    public func appendPayload(_ t: Tensor, to out: inout [UInt8]) throws {
        let size = t.count * dtype.itemSize
        out.append(contentsOf: try [UInt8](unsafeUninitializedCapacity: size) { buf, n in
            try writePayload(t, to: UnsafeMutableRawPointer(buf.baseAddress!))
            n = size
        })
    }

    /// Writes the raw little-endian samples of `t` to `dst` (`t.count × itemSize` bytes).
    /// - Throws: `DatasetSampleError.channelMismatch`.
    public func writePayload(_ t: Tensor, to dst: UnsafeMutableRawPointer) throws {
        let c = t.channels, hw = t.height * t.width
        var mean = [Float](repeating: 0, count: c), std = [Float](repeating: 1, count: c)
        if let n = normalization { (mean, std) = try n.perChannel(c) }
        let normalize = normalization != nil
        let dtype = self.dtype, chw = layout == .chw
        t.data.withUnsafeBufferPointer { src in
            if dtype == .uint8 && !chw && !normalize {
                // The common dataset case: one contiguous pass that vectorises.
                let bytes = dst.assumingMemoryBound(to: UInt8.self)
                for i in 0..<src.count { bytes[i] = Self.quantize(src[i]) }
                return
            }
            for p in 0..<hw {
                for ch in 0..<c {
                    var v = src[p * c + ch]
                    if normalize { v = (v - mean[ch]) / std[ch] }
                    let index = chw ? ch * hw + p : p * c + ch
                    switch dtype {
                    case .float32:
                        dst.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * index, as: UInt32.self)
                    case .float16:
                        dst.storeBytes(of: Float16(v).bitPattern.littleEndian, toByteOffset: 2 * index, as: UInt16.self)
                    case .uint8:
                        dst.storeBytes(of: Self.quantize(v), toByteOffset: index, as: UInt8.self)
                    }
                }
            }
        }
    }

    /// `round(v * 255)` clamped to 0…255, halves up; NaN becomes 0. Computed without a
    /// conversion that can trap, so that loops over it vectorise: for `0 ≤ t ≤ 255`,
    /// `(t + 2²³) − 2²³` is `t` rounded to an integer and exact, so `whole` is `floor(t)`,
    /// `t − whole` the exact fraction, and `rounded + 2²³` holds the result in its low byte
    /// (the rule of the 8-bit PNG encoder).
    @inline(__always)
    static func quantize(_ v: Float) -> UInt8 {
        let magic: Float = 8_388_608
        let t = (v.isNaN ? 0 : Swift.min(Swift.max(v, 0), 1)) * 255
        let nearest = (t + magic) - magic
        let whole = nearest > t ? nearest - 1 : nearest
        let rounded = t - whole >= 0.5 ? whole + 1 : whole
        return UInt8(truncatingIfNeeded: (rounded + magic).bitPattern)
    }
}

/// NumPy `.npy` version 1.0 headers.
public enum NPYFormat {
    /// Magic, version, length and the header dict for a C-order array, padded with spaces to
    /// a multiple of 64 bytes (NumPy's alignment), at least `minimumLength` bytes in all.
    public static func header(descr: String, shape: [Int], minimumLength: Int = 0) -> [UInt8] {
        let dims = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + dict.utf8.count + 1
        var total = unpadded + (64 - unpadded % 64) % 64
        while total < minimumLength { total += 64 }
        dict += String(repeating: " ", count: total - unpadded) + "\n"
        let n = dict.utf8.count
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(dict.utf8)
    }
}
