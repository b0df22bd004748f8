import ImageTensor

/// Deterministic test images, built in Float32 exactly as `tools/ssim_reference.py` builds them.
enum TestImages {
    /// `v = ((x·mulX + y·mulY + x·y·mulXY + c·offset) mod m) / (m − 1)`.
    static func pattern(_ h: Int, _ w: Int, _ c: Int, mulX: Int, mulY: Int, mulXY: Int,
                        mod m: Int, offset: Int = 0) -> Tensor {
        var t = Tensor(height: h, width: w, channels: c)
        for y in 0..<h {
            for x in 0..<w {
                for k in 0..<c {
                    let v = (x * mulX + y * mulY + x * y * mulXY + k * offset) % m
                    t[y, x, k] = Float(v) / Float(m - 1)
                }
            }
        }
        return t
    }

    /// One-channel ramp `(x + 2y) / (w + 2h)`.
    static func gradient(_ h: Int, _ w: Int) -> Tensor {
        var t = Tensor(height: h, width: w, channels: 1)
        for y in 0..<h { for x in 0..<w { t[y, x, 0] = Float(x + 2 * y) / Float(w + 2 * h) } }
        return t
    }

    /// A tensor from rows of single-channel values.
    static func gray(_ rows: [[Float]]) -> Tensor {
        Tensor(height: rows.count, width: rows[0].count, channels: 1, data: rows.flatMap { $0 })
    }
}
