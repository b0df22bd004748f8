import ImageTensor

/// Composites an image with alpha over an opaque background, for outputs without
/// transparency (JPEG).
public enum AlphaFlattening {
    /// `out = c·a + bg·(1 − a)` per colour channel, on straight (not premultiplied) colour in
    /// the tensor's own encoding (sRGB values as stored, like Pillow's `alpha_composite` and
    /// libvips' `flatten`); alpha is clamped to [0, 1] first. RGBA gives RGB; gray+alpha gives
    /// gray on a gray background and RGB on a coloured one.
    /// - Precondition: `t.channels` is 2 or 4.
    public static func flatten(_ t: Tensor, on background: BackgroundColor) -> Tensor {
        precondition(t.channels == 2 || t.channels == 4, "flattening needs an alpha channel")
        let bg = [background.red, background.green, background.blue].map { Float($0) / 255 }
        let inC = t.channels
        let outC = inC == 4 || !background.isGray ? 3 : 1
        let pixels = t.width * t.height
        var out = [Float](repeating: 0, count: pixels * outC)
        t.data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0..<pixels {
                    let a = min(max(src[p * inC + inC - 1], 0), 1)
                    for c in 0..<outC {
                        let colour = src[p * inC + (inC == 4 ? c : 0)]
                        dst[p * outC + c] = colour * a + bg[c] * (1 - a)
                    }
                }
            }
        }
        return Tensor(height: t.height, width: t.width, channels: outC, data: out)
    }
}
