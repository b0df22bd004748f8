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
        let header = NPYFormat.header(descr: dtype.npyDescr, shape: shape(of: t))
        let total = header.count + t.count * dtype.itemSize
        return try [UInt8](unsafeUninitializedCapacity: total) { buf, n in
            let base = UnsafeMutableRawPointer(buf.baseAddress!)   // total ≥ the header's 64 bytes
            header.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            try writePayload(t, to: base + header.count)
            n = total
        }
    }

    /// Appends the raw little-endian samples of `t` (no header) to `out`.
    /// - Throws: `DatasetSampleError.channelMismatch`.
    public func appendPayload(_ t: Tensor, to out: inout [UInt8]) throws {
        let size = t.count * dtype.itemSize
        let old = out.count
        out.reserveCapacity(old + size)
        out.append(contentsOf: repeatElement(0, count: size))
        try out.withUnsafeMutableBytes { try writePayload(t, to: $0.baseAddress! + old) }
    }

    /// Pixels converted per step of the normalised or CHW paths (in a stack buffer).
    static let chunkSamples = 4096

    /// Writes the raw little-endian samples of `t` to `dst` (`t.count × itemSize` bytes).
    ///
    /// HWC without normalisation is one vectorised pass over the tensor; otherwise pixels
    /// go in chunks through stack buffers: normalised, converted, then split into channel
    /// planes for CHW. No heap allocation either way.
    /// - Throws: `DatasetSampleError.channelMismatch`.
    public func writePayload(_ t: Tensor, to dst: UnsafeMutableRawPointer) throws {
        let c = t.channels, hw = t.height * t.width
        let normalized = try normalization.map { try $0.perChannel(c) }
        let dtype = self.dtype, chw = layout == .chw && c > 1, size = dtype.itemSize
        t.data.withUnsafeBufferPointer { src in
            guard let base = src.baseAddress else { return }
            guard normalized != nil || chw else {
                SampleKernels.convert(base, count: src.count, dtype: dtype, to: dst)
                return
            }
            // The per-channel pattern: 12 samples when the channels divide 12, else one pixel.
            let period = SampleKernels.patternLength % c == 0 ? SampleKernels.patternLength : c
            let chunkPixels = max(1, Self.chunkSamples / c)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * period + chunkPixels * c) { scratch in
                let mean = scratch.baseAddress!, std = mean + period, normal = std + period
                if let (m, s) = normalized {
                    for k in 0..<period { mean[k] = m[k % c]; std[k] = s[k % c] }
                }
                withUnsafeTemporaryAllocation(byteCount: chw && c != 3 ? chunkPixels * c * size : 0, alignment: 16) { converted in
                    for p0 in stride(from: 0, to: hw, by: chunkPixels) {
                        let pixels = min(chunkPixels, hw - p0), n = pixels * c
                        var from = base + p0 * c
                        if chw && c == 3 {
                            // RGB to planes (normalised on the way), then each plane converted.
                            let norm = normalized != nil
                            SampleKernels.planes3(from, pixels: pixels, mean: norm ? UnsafePointer(mean) : nil,
                                                  std: norm ? UnsafePointer(std) : nil, to: normal, stride: pixels)
                            for ch in 0..<3 {
                                SampleKernels.convert(normal + ch * pixels, count: pixels, dtype: dtype,
                                                      to: dst + (ch * hw + p0) * size)
                            }
                            continue
                        }
                        if normalized != nil {
                            SampleKernels.normalize(from, count: n, period: period, mean: mean, std: std, to: normal)
                            from = UnsafePointer(normal)
                        }
                        if chw {
                            SampleKernels.convert(from, count: n, dtype: dtype, to: converted.baseAddress!)
                            SampleKernels.deinterleave(UnsafeRawPointer(converted.baseAddress!), pixels: pixels, channels: c,
                                                       size: size, to: dst + p0 * size, planeStride: hw)
                        } else {
                            SampleKernels.convert(from, count: n, dtype: dtype, to: dst + p0 * c * size)
                        }
                    }
                }
            }
        }
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
