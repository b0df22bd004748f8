import ImageTensor

/// Area-weighted (box) downscaling: each output pixel is the mean of the input area it
/// covers, partial input pixels weighted by their covered fraction. Used to fit pictures
/// into contact-sheet cells without aliasing.
enum AreaDownscale {
    /// Downscales `t` to `height × width`. With `premultiplied`, colour samples of an image
    /// with alpha are clamped and multiplied by alpha as they are read (the result is
    /// premultiplied), so transparent pixels' hidden colour does not bleed.
    /// - Precondition: `1 <= height <= t.height` and `1 <= width <= t.width`.
    public static func resize(_ t: Tensor, height: Int, width: Int, premultiplied: Bool = false) -> Tensor {
        precondition(height >= 1 && height <= t.height && width >= 1 && width <= t.width,
                     "area downscaling needs a target no larger than the source")
        let premultiply = premultiplied && t.hasAlpha
        if height == t.height && width == t.width && !premultiply { return t }
        let rowWeights = weights(from: t.height, to: height)
        let colWeights = weights(from: t.width, to: width)
        let c = t.channels
        // Columns first: (t.height × width × c) intermediate.
        var mid = [Float](repeating: 0, count: t.height * width * c)
        t.data.withUnsafeBufferPointer { src in
            for y in 0..<t.height {
                for j in 0..<width {
                    let d = (y * width + j) * c
                    for (x, wgt) in colWeights[j] {
                        let s = (y * t.width + x) * c
                        if premultiply {
                            let a = ComparableImage.clamp01(src[s + c - 1])
                            for k in 0..<c - 1 { mid[d + k] += wgt * ComparableImage.clamp01(src[s + k]) * a }
                            mid[d + c - 1] += wgt * a
                        } else {
                            for k in 0..<c { mid[d + k] += wgt * src[s + k] }
                        }
                    }
                }
            }
        }
        return Tensor(height: height, width: width, channels: c) { out in
            for i in 0..<height * width * c { out[i] = 0 }
            for i in 0..<height {
                for (y, wgt) in rowWeights[i] {
                    let s = y * width * c, d = i * width * c
                    for q in 0..<width * c { out[d + q] += wgt * mid[s + q] }
                }
            }
        }
    }

    /// For each output index, the input indices it covers and their weights (summing to 1).
    static func weights(from n: Int, to m: Int) -> [[(Int, Float)]] {
        let scale = Double(n) / Double(m)
        return (0..<m).map { j in
            let lo = Double(j) * scale, hi = Double(j + 1) * scale
            var list: [(Int, Float)] = []
            var x = Int(lo)
            while x < n && Double(x) < hi {
                let cover = min(hi, Double(x + 1)) - max(lo, Double(x))
                if cover > 0 { list.append((x, Float(cover / scale))) }
                x += 1
            }
            return list
        }
    }
}
