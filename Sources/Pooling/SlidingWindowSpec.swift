import ImageTensor

/// The shared arguments of the sliding-window ops (`max`, `min`, `avg`, `lp`, `pmean`,
/// `median`): kernel, stride, padding, dilation, ceil mode — validated on creation.
struct SlidingWindowSpec: Sendable, Equatable {
    var kernelH: Int, kernelW: Int
    var strideH: Int, strideW: Int
    var dilationH: Int = 1, dilationW: Int = 1
    var padding: PaddingSpec = .explicit(height: 0, width: 0)
    var ceil: Bool = false

    /// Reads `kernel`, `stride` (default: kernel), and when present `padding`, `dilation`,
    /// `ceil`; checks `padding <= k_eff/2` per axis and that `ceil` is not combined with `same`.
    init(_ args: BoundArguments) throws {
        let op = args.op
        guard let kernel = args.size("kernel") else {
            throw PoolingError.missingArgument(op: op, argument: "kernel")
        }
        kernelH = kernel.height; kernelW = kernel.width
        let stride = args.size("stride") ?? kernel
        strideH = stride.height; strideW = stride.width
        if let dilation = args.size("dilation") { dilationH = dilation.height; dilationW = dilation.width }
        if let pad = args.padding("padding") { padding = pad }
        ceil = args.bool("ceil") ?? false
        if case .explicit(let ph, let pw) = padding {
            let effH = dilationH * (kernelH - 1) + 1, effW = dilationW * (kernelW - 1) + 1
            if ph > effH / 2 || pw > effW / 2 {
                let dilated = dilationH != 1 || dilationW != 1
                let kernelText = dilated
                    ? "kernel \(formatSize(kernelH, kernelW)) dilated by \(formatSize(dilationH, dilationW)) (\(formatSize(effH, effW)))"
                    : "kernel \(formatSize(kernelH, kernelW))"
                throw PoolingError.invalidArgument(
                    op: op, argument: "padding",
                    reason: "padding \(formatSize(ph, pw)) is more than half of \(kernelText)")
            }
        }
        if padding == .same && ceil {
            throw PoolingError.invalidArgument(
                op: op, argument: "ceil",
                reason: "ceil=true cannot be combined with padding=same (TensorFlow SAME has no ceil mode)")
        }
    }

    private func axis(_ n: Int, kernel k: Int, stride s: Int, dilation d: Int, pad p: Int,
                      countPad: Bool) -> AxisWindows {
        switch padding {
        case .same:
            let same = sameOutputLength(input: n, kernel: k, stride: s, dilation: d)
            var w = AxisWindows.sliding(input: n, output: same.output, kernel: k, stride: s,
                                        dilation: d, padBefore: same.padBefore, countPadLimit: nil)
            w.padAfter = same.padAfter
            return w
        case .explicit, .valid:
            let out = max(0, outputLength(input: n, kernel: k, stride: s, padding: p, dilation: d, ceil: ceil))
            var w = AxisWindows.sliding(input: n, output: out, kernel: k, stride: s, dilation: d,
                                        padBefore: p, countPadLimit: countPad ? n + p : nil)
            w.padAfter = max(p, w.padAfter)
            return w
        }
    }

    private var pads: (Int, Int) {
        if case .explicit(let h, let w) = padding { return (h, w) }
        return (0, 0)
    }

    /// Output (height, width); may be below 1 (not checked here).
    func lengths(height: Int, width: Int) -> (Int, Int) {
        let (ph, pw) = pads
        if padding == .same {
            return (sameOutputLength(input: height, kernel: kernelH, stride: strideH, dilation: dilationH).output,
                    sameOutputLength(input: width, kernel: kernelW, stride: strideW, dilation: dilationW).output)
        }
        return (outputLength(input: height, kernel: kernelH, stride: strideH, padding: ph, dilation: dilationH, ceil: ceil),
                outputLength(input: width, kernel: kernelW, stride: strideW, padding: pw, dilation: dilationW, ceil: ceil))
    }

    /// Output (height, width), or `PoolingError.outputTooSmall` naming `op`.
    func outputSize(op: String, height: Int, width: Int) throws -> (height: Int, width: Int) {
        let (oh, ow) = lengths(height: height, width: width)
        if oh < 1 || ow < 1 {
            throw PoolingError.outputTooSmall(op: op, input: (height, width), output: (max(oh, 0), max(ow, 0)))
        }
        return (oh, ow)
    }

    /// Row and column windows; `countPad` selects PyTorch count_include_pad extents.
    func windows(op: String, height: Int, width: Int, countPad: Bool) throws -> (rows: AxisWindows, cols: AxisWindows) {
        _ = try outputSize(op: op, height: height, width: width)
        let (ph, pw) = pads
        return (axis(height, kernel: kernelH, stride: strideH, dilation: dilationH, pad: ph, countPad: countPad),
                axis(width, kernel: kernelW, stride: strideW, dilation: dilationW, pad: pw, countPad: countPad))
    }

    func plan(op: String, height: Int, width: Int) throws -> StagePlan {
        let (rows, cols) = try windows(op: op, height: height, width: width, countPad: false)
        var notes: [String] = []
        if padding == .same { notes.append("TensorFlow SAME padding: the odd padded cell goes after") }
        if ceil, rows.padAfter > pads.0 || cols.padAfter > pads.1 {
            notes.append("ceil mode: the last window runs past the padded input")
        }
        return StagePlan(rows: rows.plan, cols: cols.plan, notes: notes)
    }

    /// `K, stride=S, padding=P[, dilation=D], ceil=B` (dilation only when `withDilation`).
    func canonicalArguments(withPadding: Bool = true, withDilation: Bool = false) -> String {
        var parts = [formatSize(kernelH, kernelW), "stride=\(formatSize(strideH, strideW))"]
        if withPadding { parts.append("padding=\(padding)") }
        if withDilation { parts.append("dilation=\(formatSize(dilationH, dilationW))") }
        parts.append("ceil=\(ceil)")
        return parts.joined(separator: ", ")
    }
}

extension SlidingWindowSpec {
    /// A spec without padding or dilation, e.g. the `max(kernel, stride=1)` step of `maxblur`.
    init(kernelH: Int, kernelW: Int, strideH: Int, strideW: Int) {
        self.kernelH = kernelH; self.kernelW = kernelW
        self.strideH = strideH; self.strideW = strideW
    }
}

extension SlidingWindowSpec {
    /// `outputSize` after checking that the input is not empty: the size rule of every
    /// sliding-window op.
    func checkedOutputSize(op: String, height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(op, height: height, width: width)
        return try outputSize(op: op, height: height, width: width)
    }

    /// `plan` after checking that the input is not empty.
    func checkedPlan(op: String, height: Int, width: Int) throws -> StagePlan {
        try requireNonEmpty(op, height: height, width: width)
        return try plan(op: op, height: height, width: width)
    }

    /// Folds every window of a non-empty `input` with `reducer` through `WindowKernels`.
    func reduce<R: SampleReducer>(_ reducer: R, _ input: Tensor, op: String, countPad: Bool,
                                  separable: Bool, threads: Int) throws -> Tensor {
        try requireNonEmpty(op, height: input.height, width: input.width)
        let (rows, cols) = try windows(op: op, height: input.height, width: input.width, countPad: countPad)
        return WindowKernels.apply(reducer, input, rows: rows, cols: cols, kernelH: kernelH, kernelW: kernelW,
                                   strideH: strideH, strideW: strideW, separable: separable, threads: threads)
    }
}

/// Throws `PoolingError.invalidInput` for an input without rows or columns.
func requireNonEmpty(_ op: String, height: Int, width: Int) throws {
    if height < 1 || width < 1 {
        throw PoolingError.invalidInput(op: op, reason: "the input is empty (\(height)×\(width))")
    }
}
