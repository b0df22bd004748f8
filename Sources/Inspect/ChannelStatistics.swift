import ImageTensor

/// Per-channel statistics of a tensor.
enum ChannelStatistics {
    /// The mean of each channel over all pixels; each row is summed in four independent
    /// `Double` partial sums per channel, rows added in order. Empty tensors give zeros.
    public static func means(_ t: Tensor) -> [Double] {
        let c = t.channels, pixels = t.height * t.width
        var sums = [Double](repeating: 0, count: c)
        guard pixels > 0 else { return sums }
        let lanes = 4 * c
        var partial = [Double](repeating: 0, count: lanes)
        t.data.withUnsafeBufferPointer { d in
            partial.withUnsafeMutableBufferPointer { acc in
                let n = pixels * c
                var i = 0
                while i + lanes <= n {
                    for q in 0..<lanes { acc[q] += Double(d[i + q]) }
                    i += lanes
                }
                while i < n { acc[i % c] += Double(d[i]); i += 1 }
            }
        }
        for q in 0..<lanes { sums[q % c] += partial[q] }
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
