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
        let out = full.outputLength
        // Each full tap reaches two chroma samples, its half and a neighbour: at most half the
        // taps plus two.
        let slots = full.stride / 2 + 3
        var start = [Int](repeating: 0, count: out), count = [Int](repeating: 0, count: out)
        var weights = [Float](repeating: 0, count: out * slots)
        var w = [Double](repeating: 0, count: slots)
        for o in 0..<out {
            let first = full.start[o], n = full.count[o]
            // Chroma samples the taps reach: one beyond each end of their halves.
            let lo = max(0, first / 2 - 1), hi = min(length - 1, (first + n - 1) / 2 + 1)
            let span = hi - lo + 1
            for t in 0..<span { w[t] = 0 }
            for t in 0..<n {
                let j = first + t, weight = Double(full.weights[o * full.stride + t])
                let near = j / 2, far = min(length - 1, max(0, j % 2 == 0 ? near - 1 : near + 1))
                w[near - lo] += 0.75 * weight
                w[far - lo] += 0.25 * weight
            }
            // Drop the zero ends (an edge repeated into itself, or an unreached neighbour).
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

extension ResampleCoefficients {
    /// The taps of `full` moved onto a chroma axis of `length` samples that libjpeg
    /// replicates `ratio` times to the full axis (its plain upsampling, used for 4:1:1 and
    /// other ratios its triangle filter does not take): full sample `j` is `c[j / ratio]`.
    /// - Precondition: `ratio >= 1`, `length == (full.inputLength + ratio - 1) / ratio`.
    init(replicating full: ResampleCoefficients, ratio: Int, length: Int) {
        precondition(ratio >= 1 && length == (full.inputLength + ratio - 1) / ratio, "chroma axis does not match the ratio")
        let out = full.outputLength
        let slots = full.stride / ratio + 2
        var start = [Int](repeating: 0, count: out), count = [Int](repeating: 0, count: out)
        var weights = [Float](repeating: 0, count: out * slots)
        for o in 0..<out {
            let first = full.start[o], n = full.count[o]
            let lo = first / ratio, hi = min(length - 1, (first + n - 1) / ratio)
            var w = [Double](repeating: 0, count: hi - lo + 1)
            for t in 0..<n { w[min(length - 1, (first + t) / ratio) - lo] += Double(full.weights[o * full.stride + t]) }
            start[o] = lo
            count[o] = w.count
            for (t, v) in w.enumerated() { weights[o * slots + t] = Float(v) }
        }
        self.init(inputLength: length, stride: slots, start: start, count: count, weights: weights)
    }
}
