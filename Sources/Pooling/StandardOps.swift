/// The parameter tables of PRODUCT.md §2, in table order, and their builders.
enum StandardOps {
    private static let kernel = Parameter("kernel", .size(min: 1))
    /// Defaults to the kernel: optional, the op fills it in.
    private static let stride = Parameter("stride", .size(min: 1), optional: true)
    private static let padding = Parameter("padding", .padding, default: .int(0))
    private static let dilation = Parameter("dilation", .size(min: 1), default: .int(1))
    private static let ceil = Parameter("ceil", .bool, default: .bool(false))
    private static let p = Parameter("p", .positiveReal)

    static let all: [OpDescriptor] = [
        OpDescriptor(name: "max", summary: "PyTorch max_pool2d: window maximum, padding acts as -inf",
                     parameters: [kernel, stride, padding, dilation, ceil]) { try MaxPool($0) },
        OpDescriptor(name: "min", summary: "window minimum, -max(-x)",
                     parameters: [kernel, stride, padding, dilation, ceil]) { try MinPool($0) },
        OpDescriptor(name: "avg", summary: "PyTorch avg_pool2d: window mean",
                     parameters: [kernel, stride, padding, ceil,
                                  Parameter("count_pad", .bool, default: .bool(true))]) { try AvgPool($0) },
        OpDescriptor(name: "lp", summary: "PyTorch lp_pool2d: (sum of x^p)^(1/p)",
                     parameters: [p, kernel, stride, ceil]) { try LpPool($0) },
        OpDescriptor(name: "pmean", summary: "power mean (mean of x^p)^(1/p) over in-image samples",
                     parameters: [p, kernel, stride, padding, ceil]) { try PowerMeanPool($0) },
        OpDescriptor(name: "median", summary: "lower median of the in-image samples",
                     parameters: [kernel, stride, padding, ceil]) { try MedianPool($0) },
        OpDescriptor(name: "blur", summary: "anti-aliased BlurPool: reflect pad, binomial filter, subsample",
                     parameters: [Parameter("filter", .int(1...7), default: .int(3)),
                                  Parameter("stride", .size(min: 1), default: .int(2))]) { try BlurPool($0) },
        OpDescriptor(name: "maxblur", summary: "MaxBlurPool: max(kernel, stride=1) then blur",
                     parameters: [Parameter("kernel", .size(min: 1), default: .int(2)),
                                  Parameter("filter", .int(1...7), default: .int(3)),
                                  Parameter("stride", .size(min: 1), default: .int(2))]) { try MaxBlurPool($0) },
        OpDescriptor(name: "adaptive_avg", summary: "PyTorch adaptive_avg_pool2d to a given size",
                     parameters: [Parameter("size", .size(min: 1))]) { try AdaptiveAvgPool($0) },
        OpDescriptor(name: "adaptive_max", summary: "PyTorch adaptive_max_pool2d to a given size",
                     parameters: [Parameter("size", .size(min: 1))]) { try AdaptiveMaxPool($0) },
        OpDescriptor(name: "fractional_max", summary: "PyTorch fractional_max_pool2d, windows drawn from seed",
                     parameters: [kernel,
                                  Parameter("ratio", .fraction, default: .real(0.5)),
                                  Parameter("size", .size(min: 1), optional: true),
                                  Parameter("seed", .int(0...Int.max), default: .int(0))]) { try FractionalMaxPool($0) },
        OpDescriptor(name: "global_avg", summary: "mean over the whole image, 1x1 output",
                     parameters: []) { _ in GlobalAvgPool() },
        OpDescriptor(name: "global_max", summary: "maximum over the whole image, 1x1 output",
                     parameters: []) { _ in GlobalMaxPool() },
        OpDescriptor(name: "resize", summary: "antialiased resampling like Pillow's Image.resize (box, bilinear, bicubic, lanczos)",
                     parameters: Resize.parameters) { try Resize($0) },
        OpDescriptor(name: "crop", summary: "cut a window of the given size at center, top-left, top, ..., bottom-right",
                     parameters: Crop.parameters) { try Crop($0) },
    ]
}
