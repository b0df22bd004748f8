import ImageTensor

/// Per-channel statistics of a tensor.
public enum ChannelStatistics {
    /// The mean of each channel over all pixels, accumulated in `Double`; empty tensors give zeros.
    public static func means(_ t: Tensor) -> [Double] {
        var sums = [Double](repeating: 0, count: t.channels)
        let pixels = t.height * t.width
        guard pixels > 0 else { return sums }
        t.data.withUnsafeBufferPointer { d in
            for p in 0..<pixels {
                for c in 0..<t.channels { sums[c] += Double(d[p * t.channels + c]) }
            }
        }
        return sums.map { $0 / Double(pixels) }
    }

    /// Names of the channels for a channel count: `Y`, `Y A`, `R G B`, `R G B A`, else `c0 c1 …`.
    public static func channelNames(_ channels: Int) -> [String] {
        switch channels {
        case 1: return ["Y"]
        case 2: return ["Y", "A"]
        case 3: return ["R", "G", "B"]
        case 4: return ["R", "G", "B", "A"]
        default: return (0..<channels).map { "c\($0)" }
        }
    }
}
