import ImageTensor

/// An image as the metrics see it, one row at a time, at the source's resolution: samples
/// clamped to [0, 1] (as the PNG encoder clamps them) and, when there is alpha, colour
/// premultiplied by alpha with alpha kept as a plane of its own. So gray gives 1 plane,
/// gray+alpha 2 (`Y·A`, `A`), RGB 3, RGBA 4 (`R·A`, `G·A`, `B·A`, `A`): a transparent
/// pixel is 0 in every plane whatever its stored colour, and a change of alpha counts.
///
/// A stage output smaller than the source is read through nearest-neighbour maps
/// (`floor(i · out / in)`, PyTorch's `interpolate(mode="nearest")`), so the enlarged image
/// never exists in memory.
// @unchecked Sendable, proved by hand: every field is immutable and `data` is only read, so
// concurrent bands may share it; the caller keeps the storage alive (see `init`).
struct MetricPlanes: @unchecked Sendable {
    let data: UnsafeBufferPointer<Float>
    let channels: Int
    /// Source-resolution size.
    let height: Int, width: Int
    /// Tensor row of each source row, tensor column of each source column.
    let rowMap: [Int], colMap: [Int]

    /// Planes of `tensor` shown at `height × width` (its own size when equal).
    /// - Precondition: `data` is `tensor.data`'s storage and outlives the value; 1–4 channels.
    init(_ data: UnsafeBufferPointer<Float>, tensorHeight: Int, tensorWidth: Int, channels: Int,
         height: Int, width: Int) {
        precondition((1...4).contains(channels), "images have 1 to 4 channels")
        self.data = data; self.channels = channels; self.height = height; self.width = width
        rowMap = (0..<height).map { $0 * tensorHeight / height }
        colMap = (0..<width).map { $0 * tensorWidth / width }
        tensorRowLength = tensorWidth * channels
        identityColumns = tensorWidth == width
    }

    /// Whether columns map to themselves (the tensor is at the source's width).
    private let identityColumns: Bool

    private let tensorRowLength: Int

    /// Number of planes (equal to the channel count).
    var planes: Int { channels }

    /// Writes row `y` of every plane: plane `k` goes to `out[k]`, `width` samples each.
    func row(_ y: Int, into out: [UnsafeMutablePointer<Float>]) {
        let base = rowMap[y] * tensorRowLength, c = channels
        colMap.withUnsafeBufferPointer { cols in
            switch c {
            case 1:
                let o = out[0]
                for x in 0..<width { o[x] = clamp(data[base + cols[x]]) }
            case 3 where identityColumns:
                let o0 = out[0], o1 = out[1], o2 = out[2]
                for x in 0..<width {
                    let s = base + x * 3
                    o0[x] = clamp(data[s]); o1[x] = clamp(data[s + 1]); o2[x] = clamp(data[s + 2])
                }
            case 3:
                let o0 = out[0], o1 = out[1], o2 = out[2]
                for x in 0..<width {
                    let s = base + cols[x] * 3
                    o0[x] = clamp(data[s]); o1[x] = clamp(data[s + 1]); o2[x] = clamp(data[s + 2])
                }
            default:
                let colour = c - 1, oa = out[colour]
                for x in 0..<width {
                    let s = base + cols[x] * c
                    let a = clamp(data[s + colour])
                    oa[x] = a
                    for k in 0..<colour { out[k][x] = clamp(data[s + k]) * a }
                }
            }
        }
    }

    /// [0, 1], NaN to 0 (one select chain, so loops vectorise).
    @inline(__always)
    func clamp(_ v: Float) -> Float { v > 0 ? (v < 1 ? v : 1) : 0 }
}
