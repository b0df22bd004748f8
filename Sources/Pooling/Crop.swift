import ImageTensor

/// Where `crop` cuts its window.
public enum CropAnchor: String, CaseIterable, Sendable {
    case center
    case topLeft = "top-left", top, topRight = "top-right"
    case left, right
    case bottomLeft = "bottom-left", bottom, bottomRight = "bottom-right"

    /// The offset of a window of `size` on an axis of length `n` (`size <= n`), where
    /// `before`/`after` say whether the anchor sits at that axis's start or end (neither:
    /// centred). The centre offset is torchvision `CenterCrop`'s `int(round((n − size) / 2))`,
    /// rounding half to even.
    static func offset(_ n: Int, _ size: Int, before: Bool, after: Bool) -> Int {
        let d = n - size
        if before { return 0 }
        if after { return d }
        // d/2 is exact in Float64; a half rounds to the even neighbour.
        return d % 2 == 0 ? d / 2 : (d / 2) % 2 == 0 ? d / 2 : d / 2 + 1
    }

    var isTop: Bool { self == .topLeft || self == .top || self == .topRight }
    var isBottom: Bool { self == .bottomLeft || self == .bottom || self == .bottomRight }
    var isLeft: Bool { self == .topLeft || self == .left || self == .bottomLeft }
    var isRight: Bool { self == .topRight || self == .right || self == .bottomRight }
}

/// `crop(size, at=center)`: cuts a `size` window (`HxW` or `N`) out of the image, placed at
/// `at`. A window larger than the input on either axis is an error.
public struct Crop: PoolingOperation {
    public var name: String { "crop" }
    public let height: Int
    public let width: Int
    public let anchor: CropAnchor

    static let parameters: [Parameter] = [
        Parameter("size", .size(min: 1)),
        Parameter("at", .choice(CropAnchor.allCases.map(\.rawValue)), default: .word("center")),
    ]

    init(_ args: BoundArguments) throws {
        guard let size = args.size("size") else {
            throw PoolingError.missingArgument(op: args.op, argument: "size")
        }
        self.init(height: size.height, width: size.width,
                  at: CropAnchor(rawValue: args.word("at") ?? "center") ?? .center)
    }

    /// A crop of `height × width` at `anchor`.
    /// - Precondition: `height >= 1`, `width >= 1`.
    public init(height: Int, width: Int, at anchor: CropAnchor = .center) {
        precondition(height >= 1 && width >= 1, "crop size must be at least 1×1")
        self.height = height
        self.width = width
        self.anchor = anchor
    }

    public var canonical: String { "crop(\(formatSize(height, width)), at=\(anchor.rawValue))" }
    public var mixesSamples: Bool { false }

    /// The window's top-left corner in an input of `h × w`.
    /// - Throws: `PoolingError.invalidInput` when the window does not fit.
    public func origin(height h: Int, width w: Int) throws -> (y: Int, x: Int) {
        try requireNonEmpty(name, height: h, width: w)
        guard height <= h, width <= w else {
            throw PoolingError.invalidInput(op: name, reason: "a \(height)×\(width) crop is larger than the \(h)×\(w) input")
        }
        return (CropAnchor.offset(h, height, before: anchor.isTop, after: anchor.isBottom),
                CropAnchor.offset(w, width, before: anchor.isLeft, after: anchor.isRight))
    }

    public func outputSize(height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        _ = try origin(height: h, width: w)
        return (height, width)
    }

    public func plan(height h: Int, width w: Int) throws -> StagePlan {
        let (y, x) = try origin(height: h, width: w)
        return StagePlan(rows: AxisPlan(input: h, output: height, droppedCells: h - height),
                         cols: AxisPlan(input: w, output: width, droppedCells: w - width),
                         notes: ["window at row \(y), column \(x)"])
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let (y0, x0) = try origin(height: input.height, width: input.width)
        let c = input.channels, inRow = input.width * c, outRow = width * c
        return Tensor(height: height, width: width, channels: c, unsafeUninitialized: { out in
            input.data.withUnsafeBufferPointer { src in
                for r in 0..<height {
                    let from = src.baseAddress! + (y0 + r) * inRow + x0 * c
                    (out.baseAddress! + r * outRow).initialize(from: from, count: outRow)
                }
            }
        })
    }
}
