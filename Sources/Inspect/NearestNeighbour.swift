import ImageTensor

/// Nearest-neighbour resampling, the rule PyTorch's `interpolate(mode="nearest")` uses:
/// output row `i` takes input row `floor(i · inHeight / outHeight)`, and likewise columns.
enum NearestNeighbour {
    /// Resamples `t` to `height × width` (larger or smaller), keeping its channels.
    /// - Precondition: `height, width >= 1` and `t` has at least one pixel.
    public static func resize(_ t: Tensor, height: Int, width: Int) -> Tensor {
        precondition(height >= 1 && width >= 1, "target size must be at least 1×1")
        precondition(t.height >= 1 && t.width >= 1, "cannot resample an empty tensor")
        if t.height == height && t.width == width { return t }
        let c = t.channels
        let cols = (0..<width).map { $0 * t.width / width }
        return Tensor(height: height, width: width, channels: c) { out in
            t.data.withUnsafeBufferPointer { src in
                for i in 0..<height {
                    let sy = i * t.height / height
                    let srcRow = sy * t.width * c, dstRow = i * width * c
                    for j in 0..<width {
                        let s = srcRow + cols[j] * c, d = dstRow + j * c
                        for k in 0..<c { out[d + k] = src[s + k] }
                    }
                }
            }
        }
    }
}
