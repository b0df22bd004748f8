import ImageTensor

/// Brings a tensor to what it looks like on a white page: samples clamped to [0, 1] (as the
/// PNG encoder clamps them), and alpha, when present, composited over white and dropped.
/// The result has 1 channel (gray) or 3 (RGB).
///
/// The report itself compares premultiplied planes instead (`MetricPlanes`, so that alpha
/// counts); this flattening serves `HeatMap.render` on its own and the clamping helper.
enum ComparableImage {
    /// Clamps to [0, 1] and composites alpha over white.
    /// - Precondition: `tensor.channels` is 1...4.
    public static func make(_ tensor: Tensor) -> Tensor {
        precondition((1...4).contains(tensor.channels), "images have 1 to 4 channels")
        let c = tensor.channels
        let colour = tensor.hasAlpha ? c - 1 : c
        let pixels = tensor.height * tensor.width
        if !tensor.hasAlpha {
            return Tensor(height: tensor.height, width: tensor.width, channels: c,
                          data: tensor.data.map(clamp01))
        }
        return Tensor(height: tensor.height, width: tensor.width, channels: colour) { out in
            tensor.data.withUnsafeBufferPointer { src in
                for p in 0..<pixels {
                    let a = clamp01(src[p * c + c - 1])
                    for k in 0..<colour {
                        out[p * colour + k] = clamp01(src[p * c + k]) * a + (1 - a)
                    }
                }
            }
        }
    }

    /// The same image with three channels: gray is repeated into R, G and B.
    /// - Precondition: `tensor.channels` is 1...4.
    public static func makeRGB(_ tensor: Tensor) -> Tensor {
        let flat = make(tensor)
        if flat.channels == 3 { return flat }
        return Tensor(height: flat.height, width: flat.width, channels: 3) { out in
            for (i, v) in flat.data.enumerated() {
                out[3 * i] = v; out[3 * i + 1] = v; out[3 * i + 2] = v
            }
        }
    }

    @inline(__always)
    static func clamp01(_ v: Float) -> Float { v.isNaN ? 0 : min(max(v, 0), 1) }
}
