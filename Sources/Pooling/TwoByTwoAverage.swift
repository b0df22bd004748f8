import ImageTensor

/// `avg(2, stride=2, padding=0)` (either ceil mode) run straight on 8-bit rows, with the
/// decoder's conversion `Float(v) / 255` — and optionally the premultiplication of colour by
/// alpha — fused into the same pass, so a full-resolution Float32 band is never written.
///
/// Bit-identical to converting (`v / 255`), premultiplying (`colour * alpha`) and then
/// `AvgPool.apply`: full windows fold `((a0 + a1) + b0) + b1` and multiply by 1/4; windows
/// clipped by ceil mode add their in-image samples in the same order and divide by their
/// count (no padding, so `count_pad` makes no difference). The conversion is a lookup in a
/// 256-entry table of those quotients (1 KiB, stays in L1), which is 2–2.5× faster than
/// converting and dividing vectors of bytes.
enum ByteAveragePool {
    /// `Float(v) / 255` for every byte value: the decoders' conversion, bit for bit.
    static let unitValues: [Float] = (0...255).map { Float($0) / 255 }

    /// The number of Floats `pool` writes for `height × width × channels` bytes.
    static func outputCount(height: Int, width: Int, channels: Int, ceil: Bool) -> Int {
        (ceil ? (height + 1) / 2 : height / 2) * (ceil ? (width + 1) / 2 : width / 2) * channels
    }

    /// Pools `height` rows of `width * channels` bytes into the `out(height) × out(width) ×
    /// channels` Floats at `dst`.
    /// - Precondition: `src.count >= height * width * channels`, channels 1...4, `premultiply`
    ///   only with 2 or 4 channels, and `dst` has room for `outputCount(...)` Floats.
    static func pool(_ src: UnsafeBufferPointer<UInt8>, height: Int, width: Int, channels c: Int,
                     ceil: Bool, premultiply: Bool, into dst: UnsafeMutablePointer<Float>) {
        let oh = ceil ? (height + 1) / 2 : height / 2
        let ow = ceil ? (width + 1) / 2 : width / 2
        let rowLength = width * c
        let alpha = premultiply ? c - 1 : -1
        unitValues.withUnsafeBufferPointer { table in
            let unit = table.baseAddress!
            for oy in 0..<oh {
                let top = src.baseAddress! + 2 * oy * rowLength
                let twoRows = 2 * oy + 1 < height
                let row = dst + oy * ow * c
                // Full windows of two full rows through loops specialised per layout; the
                // rest (a last odd row or column under ceil mode) sample by sample.
                var done = 0
                if twoRows {
                    let bottom = top + rowLength, count = width / 2
                    switch (c, premultiply) {
                    case (1, _): fullWindows(top, bottom, count: count, channels: 1, alpha: -1, unit: unit, dst: row)
                    case (2, false): fullWindows(top, bottom, count: count, channels: 2, alpha: -1, unit: unit, dst: row)
                    case (2, true): fullWindows(top, bottom, count: count, channels: 2, alpha: 1, unit: unit, dst: row)
                    case (3, _): fullWindows(top, bottom, count: count, channels: 3, alpha: -1, unit: unit, dst: row)
                    case (4, false): fullWindows(top, bottom, count: count, channels: 4, alpha: -1, unit: unit, dst: row)
                    default: fullWindows(top, bottom, count: count, channels: 4, alpha: 3, unit: unit, dst: row)
                    }
                    done = count
                }
                // Premultiplied samples are colour × alpha, as the float path computes them.
                FloatAveragePool.edgeWindows(top: top, rowLength: rowLength, twoRows: twoRows, width: width,
                                             channels: c, from: done, to: ow, dst: row) { p, pixel, ch in
                    let v = unit[Int(p[pixel + ch])]
                    return ch == alpha || alpha < 0 ? v : v * unit[Int(p[pixel + alpha])]
                }
            }
        }
    }

    /// `count` full 2×2 windows of the rows `top` and `bottom`; `alpha` is the alpha
    /// channel's index when colour is premultiplied, else −1. Called with constant layouts,
    /// so that each case compiles to its own unrolled loop.
    @inline(__always)
    private static func fullWindows(_ top: UnsafePointer<UInt8>, _ bottom: UnsafePointer<UInt8>, count: Int,
                                    channels c: Int, alpha: Int, unit: UnsafePointer<Float>,
                                    dst: UnsafeMutablePointer<Float>) {
        for ox in 0..<count {
            let i = 2 * ox * c, j = i + c
            let o = dst + ox * c
            // Four opaque pixels (or no alpha to apply): colour × 1 is the colour itself and
            // the alpha average is exactly 1 — the same bits without the multiplications.
            let opaque = alpha >= 0 && top[i + alpha] & top[j + alpha] & bottom[i + alpha] & bottom[j + alpha] == 255
            if alpha >= 0 && !opaque {
                let ta = unit[Int(top[i + alpha])], tb = unit[Int(top[j + alpha])]
                let ba = unit[Int(bottom[i + alpha])], bb = unit[Int(bottom[j + alpha])]
                for ch in 0..<alpha {
                    var acc = unit[Int(top[i + ch])] * ta + unit[Int(top[j + ch])] * tb
                    acc += unit[Int(bottom[i + ch])] * ba
                    acc += unit[Int(bottom[j + ch])] * bb
                    o[ch] = acc * 0.25
                }
                o[alpha] = (((ta + tb) + ba) + bb) * 0.25
            } else {
                for ch in 0..<(opaque ? alpha : c) {
                    var acc = unit[Int(top[i + ch])] + unit[Int(top[j + ch])]
                    acc += unit[Int(bottom[i + ch])]
                    acc += unit[Int(bottom[j + ch])]
                    o[ch] = acc * 0.25
                }
                if opaque { o[alpha] = 1 }
            }
        }
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
    /// premultiplied by alpha first when `premultiply`), writing the result to `dst`:
    /// exactly what converting, premultiplying and `apply` give.
    /// - Precondition: `poolsBytes`; `src` holds `height * width * channels` bytes; `dst` has
    ///   room for the output (`outputSize(height:width:)` × `channels` Floats).
    /// - Returns: the number of Floats written.
    @discardableResult
    public func applyToBytes(_ src: UnsafeBufferPointer<UInt8>, height: Int, width: Int, channels: Int,
                             premultiply: Bool, into dst: UnsafeMutableBufferPointer<Float>) -> Int {
        guard let ceil = (self as? BytePoolable)?.byteAverageCeil else {
            preconditionFailure("\(name) cannot pool bytes")
        }
        let count = ByteAveragePool.outputCount(height: height, width: width, channels: channels, ceil: ceil)
        precondition(dst.count >= count, "output buffer too small")
        guard count > 0 else { return 0 }
        ByteAveragePool.pool(src, height: height, width: width, channels: channels, ceil: ceil,
                             premultiply: premultiply, into: dst.baseAddress!)
        return count
    }
}
