extension ResampleCoefficients {
    /// The taps of `full` (a resize of a full-resolution axis of `full.inputLength` samples)
    /// moved onto a chroma axis of `length` samples that libjpeg's fancy upsampling doubles to
    /// that full axis: full sample `j` is `3/4·c[j/2] + 1/4·c[j/2 − 1]` for even `j` and
    /// `3/4·c[j/2] + 1/4·c[j/2 + 1]` for odd `j`, the ends repeating the edge sample (its
    /// triangle filter, chroma sited between each pair of full samples). Resampling the chroma
    /// plane with these taps is resampling libjpeg's upsampled plane with `full`'s, in one pass.
    /// - Precondition: `length == (full.inputLength + 1) / 2`.
    init(upsamplingByTwo full: ResampleCoefficients, length: Int) {
        precondition(length == (full.inputLength + 1) / 2, "chroma axis is not half the full axis")
        self.init(moving: full, length: length) { j in
            let near = j / 2
            return (near, min(length - 1, max(0, j % 2 == 0 ? near - 1 : near + 1)), 0.75)
        }
    }

    /// The taps of `full` moved onto a chroma axis of `length` samples that libjpeg
    /// replicates `ratio` times to the full axis (its plain upsampling, used for 4:1:1, for
    /// chroma one or two samples wide, and other ratios its triangle filter does not take):
    /// full sample `j` is `c[j / ratio]`.
    /// - Precondition: `ratio >= 1`, `length == (full.inputLength + ratio - 1) / ratio`.
    init(replicating full: ResampleCoefficients, ratio: Int, length: Int) {
        precondition(ratio >= 1 && length == (full.inputLength + ratio - 1) / ratio, "chroma axis does not match the ratio")
        self.init(moving: full, length: length) { j in
            let c = min(length - 1, j / ratio)
            return (c, c, 1)
        }
    }

    /// `full`'s taps moved onto an axis of `length` samples: full sample `j` is
    /// `share·s[near] + (1 − share)·s[far]` for `(near, far, share) = spread(j)`, both indices
    /// nondecreasing in `j`. Each output's weights are summed per sample, in Float64, and the
    /// zero ends dropped (an edge repeated into itself, a neighbour no tap reaches).
    private init(moving full: ResampleCoefficients, length: Int,
                 spread: (Int) -> (near: Int, far: Int, share: Double)) {
        let out = full.outputLength
        // The samples each output reaches: from its first tap's lower index to its last's upper.
        let spans = (0..<out).map { o -> ClosedRange<Int> in
            let a = spread(full.start[o]), b = spread(full.start[o] + full.count[o] - 1)
            return min(a.near, a.far)...max(b.near, b.far)
        }
        let slots = max(1, spans.map(\.count).max() ?? 1)
        var start = [Int](repeating: 0, count: out), count = [Int](repeating: 0, count: out)
        var weights = [Float](repeating: 0, count: out * slots)
        var w = [Double](repeating: 0, count: slots)
        for o in 0..<out {
            let lo = spans[o].lowerBound, span = spans[o].count
            for t in 0..<span { w[t] = 0 }
            for t in 0..<full.count[o] {
                let (near, far, share) = spread(full.start[o] + t)
                let weight = Double(full.weights[o * full.stride + t])
                w[near - lo] += share * weight
                w[far - lo] += (1 - share) * weight
            }
            var a = 0, b = span
            while a < b && w[a] == 0 { a += 1 }
            while b > a && w[b - 1] == 0 { b -= 1 }
            start[o] = lo + a
            count[o] = b - a
            for t in a..<b { weights[o * slots + t - a] = Float(w[t]) }
        }
        self.init(inputLength: length, stride: slots, start: start, count: count, weights: weights)
    }
}
