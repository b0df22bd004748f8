import ImageTensor

/// `avg(2, stride=2, padding=0)` (either ceil mode) run straight on 8-bit rows, with the
/// decoder's conversion `Float(v) / 255` — and optionally the premultiplication of colour by
/// alpha — fused into the same pass, so a full-resolution Float32 band is never written.
///
/// Bit-identical to converting (`v / 255`), premultiplying (`colour * alpha`) and then
/// `AvgPool.apply`: full windows fold `((a0 + a1) + b0) + b1` and multiply by 1/4; windows
/// clipped by ceil mode add their in-image samples in the same order and divide by their
/// count (no padding, so `count_pad` makes no difference).
enum ByteAveragePool {
    /// Pools `height` rows of `width * channels` bytes; appends the `out(height) × out(width)
    /// × channels` results to `output`.
    /// - Precondition: `src.count >= height * width * channels`, channels 1...4, and
    ///   `premultiply` only with 2 or 4 channels.
    static func pool(_ src: UnsafeBufferPointer<UInt8>, height: Int, width: Int, channels c: Int,
                     ceil: Bool, premultiply: Bool, appendingTo output: inout [Float]) {
        let oh = ceil ? (height + 1) / 2 : height / 2
        let ow = ceil ? (width + 1) / 2 : width / 2
        let rowLength = width * c
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: oh * ow * c))
        let alpha = premultiply ? c - 1 : -1
        let end = src.baseAddress! + src.count
        output.withUnsafeMutableBufferPointer { out in
            let dst = out.baseAddress! + start
            for oy in 0..<oh {
                let top = src.baseAddress! + 2 * oy * rowLength
                let twoRows = 2 * oy + 1 < height
                let row = dst + oy * ow * c
                // Full windows of two full rows through the vector loops; the rest scalar.
                let done = twoRows ? vectorRow(top: top, rowLength: rowLength, channels: c,
                                               count: width / 2, premultiply: premultiply,
                                               end: end, dst: row) : 0
                scalarRow(top: top, rowLength: rowLength, twoRows: twoRows, width: width, channels: c,
                          alpha: alpha, from: done, to: ow, dst: row)
            }
        }
    }

    /// Outputs `from..<to` of one output row, sample by sample, clipped windows included.
    @inline(__always)
    private static func scalarRow(top: UnsafePointer<UInt8>, rowLength: Int, twoRows: Bool, width: Int,
                                  channels c: Int, alpha: Int, from: Int, to: Int,
                                  dst: UnsafeMutablePointer<Float>) {
        let bottom = twoRows ? top + rowLength : top
        @inline(__always) func sample(_ p: UnsafePointer<UInt8>, _ j: Int, _ ch: Int) -> Float {
            let v = Float(p[j + ch]) / 255
            return ch == alpha || alpha < 0 ? v : v * (Float(p[j + alpha]) / 255)
        }
        for ox in from..<to {
            let i = 2 * ox * c
            let twoCols = 2 * ox + 1 < width
            for ch in 0..<c {
                var acc = sample(top, i, ch)
                if twoCols { acc += sample(top, i + c, ch) }
                if twoRows {
                    acc += sample(bottom, i, ch)
                    if twoCols { acc += sample(bottom, i + c, ch) }
                }
                dst[ox * c + ch] = twoRows && twoCols ? acc * 0.25 : acc / Float((twoRows ? 2 : 1) * (twoCols ? 2 : 1))
            }
        }
    }

    /// Two adjacent pixels' bytes as Floats `v / 255` (IEEE division: the decoder's values).
    @inline(__always)
    private static func load8(_ p: UnsafePointer<UInt8>) -> SIMD8<Float> {
        SIMD8<Float>(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<UInt8>.self)) / 255
    }

    /// Full 2×2 windows of two full rows, from output 0 while 8-byte loads stay inside the
    /// buffer; returns how many outputs were written (0 for channel counts without a loop).
    @inline(__always)
    private static func vectorRow(top: UnsafePointer<UInt8>, rowLength: Int, channels c: Int, count: Int,
                                  premultiply: Bool, end: UnsafePointer<UInt8>,
                                  dst: UnsafeMutablePointer<Float>) -> Int {
        let bottom = top + rowLength
        var ox = 0
        switch c {
        case 4:
            while ox < count && bottom + 8 * ox + 8 <= end {
                var t = load8(top + 8 * ox), b = load8(bottom + 8 * ox)
                if premultiply {
                    t *= SIMD8(t[3], t[3], t[3], 1, t[7], t[7], t[7], 1)
                    b *= SIMD8(b[3], b[3], b[3], 1, b[7], b[7], b[7], 1)
                }
                var acc = t.lowHalf + t.highHalf
                acc += b.lowHalf
                acc += b.highHalf
                UnsafeMutableRawPointer(dst + 4 * ox).storeBytes(of: acc * 0.25, as: SIMD4<Float>.self)
                ox += 1
            }
        case 3:
            while ox < count && bottom + 6 * ox + 8 <= end {
                let t = load8(top + 6 * ox), b = load8(bottom + 6 * ox)
                var acc = SIMD4(t[0], t[1], t[2], 0) + SIMD4(t[3], t[4], t[5], 0)
                acc += SIMD4(b[0], b[1], b[2], 0)
                acc += SIMD4(b[3], b[4], b[5], 0)
                acc *= 0.25
                let o = dst + 3 * ox
                o[0] = acc[0]; o[1] = acc[1]; o[2] = acc[2]
                ox += 1
            }
        case 1:
            while ox + 4 <= count && bottom + 2 * ox + 8 <= end {
                let t = load8(top + 2 * ox), b = load8(bottom + 2 * ox)
                var acc = t.evenHalf + t.oddHalf
                acc += b.evenHalf
                acc += b.oddHalf
                UnsafeMutableRawPointer(dst + ox).storeBytes(of: acc * 0.25, as: SIMD4<Float>.self)
                ox += 4
            }
        default:
            break
        }
        return ox
    }
}

/// Ops that can pool 8-bit rows directly (see `ByteAveragePool`).
protocol BytePoolable {
    /// The ceil mode of a plain `avg(2, stride=2, padding=0, dilation=1)`, or nil.
    var byteAverageCeil: Bool? { get }
}

extension AvgPool: BytePoolable {
    var byteAverageCeil: Bool? {
        guard spec.kernelH == 2, spec.kernelW == 2, spec.strideH == 2, spec.strideW == 2,
              spec.dilationH == 1, spec.dilationW == 1 else { return nil }
        switch spec.padding {
        case .valid, .explicit(0, 0): return spec.ceil
        default: return nil
        }
    }
}

extension PoolingOperation {
    /// Whether `applyToBytes` works for this op: a plain `avg(2)` (stride 2, no padding,
    /// either ceil mode).
    public var poolsBytes: Bool { (self as? BytePoolable)?.byteAverageCeil != nil }

    /// Applies the op to `height` rows of 8-bit samples (`Float(v) / 255`, colour
    /// premultiplied by alpha first when `premultiply`), appending the result to `output`:
    /// exactly what converting, premultiplying and `apply` give.
    /// - Precondition: `poolsBytes`; `src` holds `height * width * channels` bytes.
    public func applyToBytes(_ src: UnsafeBufferPointer<UInt8>, height: Int, width: Int, channels: Int,
                             premultiply: Bool, appendingTo output: inout [Float]) {
        guard let ceil = (self as? BytePoolable)?.byteAverageCeil else {
            preconditionFailure("\(name) cannot pool bytes")
        }
        ByteAveragePool.pool(src, height: height, width: width, channels: channels, ceil: ceil,
                             premultiply: premultiply, appendingTo: &output)
    }
}
