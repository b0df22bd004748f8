import ImageTensor
import Pooling

/// How a thumbnail is reduced (`poolpipe thumbnail --op`).
public enum ThumbnailOp: String, CaseIterable, Sendable {
    /// The default, as faithful as vipsthumbnail: DCT shrink-on-load, `avg(2, ceil=true)`
    /// passes while a residual factor of `ThumbnailSpec.lanczosGap` remains, then
    /// `resize(filter=lanczos)` to the exact size.
    case lanczos
    /// Pure average pooling: `avg(2, ceil=true)` passes, then `resize(filter=box)`.
    case avg, max, min, median

    /// Averaging reductions may shrink a JPEG while decoding (DCT scaling averages too);
    /// order statistics never do.
    public var isAverage: Bool { self == .avg || self == .lanczos }
}

/// How `poolpipe thumbnail` takes an image to its size (PRODUCT.md §4).
///
/// Without `crop` the image fits inside the `height × width` box (a square box N: the
/// longest side becomes exactly N), the aspect ratio kept (other side rounded, at least 1);
/// with `crop` it is resized to cover the box and then centre-cropped to it. Smaller images
/// are never enlarged. A JPEG is shrunk while decoding (DCT scaling 1/2, 1/4, 1/8) when that
/// leaves at least the op's gap for the rest; then `op(2, ceil=true)` runs while it leaves
/// that gap, then the final op gives the exact size.
public struct ThumbnailSpec: Sendable, Equatable, CustomStringConvertible {
    /// The box the result fits in (or fills, with `crop`), height × width.
    public var height: Int
    public var width: Int
    public var op: ThumbnailOp
    /// No DCT scaling: every sample of the source goes through the reduction.
    public var exact: Bool
    /// Fill the box exactly: resize to cover it, then cut its centre.
    public var crop: Bool

    /// The residual factor the default (`lanczos`) leaves for its final resize: DCT scaling
    /// and `avg(2)` passes stop while the longest side is still at least this many times the
    /// target's. Tuned on the bench photos (`make bench`, fidelity figures): with 2, box-like
    /// shrinking (DCT or avg(2)) down to 2–3× the target left thumbnails 2–6 % softer than
    /// the reference; with 3 they are within 1–3 %, for about 5 % more decoding time.
    public static let lanczosGap = 3.0

    /// - Precondition: `height >= 1`, `width >= 1`.
    public init(height: Int, width: Int, op: ThumbnailOp = .lanczos, exact: Bool = false, crop: Bool = false) {
        precondition(height >= 1 && width >= 1, "thumbnail size must be at least 1")
        self.height = height
        self.width = width
        self.op = op
        self.exact = exact
        self.crop = crop
    }

    /// A square box: the longest side becomes `size`.
    /// - Precondition: `size >= 1`.
    public init(size: Int, op: ThumbnailOp = .lanczos, exact: Bool = false, crop: Bool = false) {
        self.init(height: size, width: size, op: op, exact: exact, crop: crop)
    }

    /// The canonical description recorded in manifests and compared when resuming.
    public var description: String {
        let size = height == width ? "\(height)" : "\(height)x\(width)"
        return "thumbnail(size=\(size), op=\(op.rawValue), exact=\(exact)\(crop ? ", crop=true" : ""))"
    }

    /// The result's size for an upright source of `height × width`.
    public func targetSize(height h: Int, width w: Int) -> (height: Int, width: Int) {
        let r = resizedSize(height: h, width: w)
        return crop ? (Swift.min(r.height, height), Swift.min(r.width, width)) : r
    }

    /// The size the image is resized to before any crop: inside the box (or, with `crop`,
    /// covering it), the limiting side exactly the box's and the other `round(side·scale)`,
    /// at least 1; the source's own size when that would enlarge it.
    public func resizedSize(height h: Int, width w: Int) -> (height: Int, width: Int) {
        let sy = Double(height) / Double(h), sx = Double(width) / Double(w)
        let byRows = crop ? sy >= sx : sy <= sx
        let scale = byRows ? sy : sx
        guard scale < 1 else { return (h, w) }
        func scaled(_ side: Int) -> Int { Swift.max(1, Int((Double(side) * scale).rounded())) }
        return byRows ? (height, Swift.min(w, scaled(w))) : (Swift.min(h, scaled(h)), width)
    }

    /// `resizedSize` for a source stored as `height × width` whose EXIF `orientation` turns it
    /// upright, in the stored image's axes (so that it can be reached before turning it).
    public func storedResizedSize(height h: Int, width w: Int, orientation: Int) -> (height: Int, width: Int) {
        guard Orientation.swapsAxes(orientation) else { return resizedSize(height: h, width: w) }
        let r = resizedSize(height: w, width: h)
        return (r.width, r.height)
    }

    /// The smallest longest side DCT scaling may leave: `lanczosGap`× the target's longest
    /// side for `lanczos`, 2× for `avg`.
    private func dctFloor(target: (height: Int, width: Int)) -> Double {
        let long = Double(Swift.max(target.height, target.width))
        return op == .lanczos ? Self.lanczosGap * long : 2 * long
    }

    /// The smallest longest side an `op(2)` pass may leave: `lanczosGap`× the target's
    /// longest side for `lanczos` (room for its final filter), the target's own for the
    /// pooling ops (whose final op is a pure pooling).
    private func passFloor(target: (height: Int, width: Int)) -> Double {
        let long = Double(Swift.max(target.height, target.width))
        return op == .lanczos ? Self.lanczosGap * long : long
    }

    /// The JPEG DCT scale denominator for a source of `height × width` resized to `target`:
    /// the largest of 8, 4 and 2 whose scaled longest side `ceil(long / d)` still leaves the
    /// op's gap (2× the target's longest side for `avg`, `lanczosGap`× for `lanczos`);
    /// 1 for order-statistic ops, `exact`, and images too small for it.
    public func dctDenominator(height: Int, width: Int, target: (height: Int, width: Int)) -> Int {
        guard op.isAverage, !exact else { return 1 }
        let long = Swift.max(height, width), floor = dctFloor(target: target)
        for d in [8, 4, 2] where Double((long + d - 1) / d) >= floor { return d }
        return 1
    }

    /// `dctDenominator` for the target this spec gives the (stored) source.
    public func dctDenominator(height: Int, width: Int, orientation: Int = 1) -> Int {
        dctDenominator(height: height, width: width,
                       target: storedResizedSize(height: height, width: width, orientation: orientation))
    }

    /// The stage list from a decoded image of `height × width` (after any DCT scaling) to
    /// `target` (the resized size, before any crop): `op(2, ceil=true, until=…)` while the
    /// longest side stays at least the op's gap times the target's, then the final op to
    /// `target` unless the size is already right.
    public func stages(height: Int, width: Int, target: (height: Int, width: Int)) throws -> StageList {
        var stages: [Stage] = []
        var (h, w) = (height, width)
        let floor = passFloor(target: target)
        // A pass runs while the longest side L > until, i.e. while ceil(L/2) ≥ ceil(floor).
        let until = 2 * Int(floor.rounded(.up)) - 2
        if Double((Swift.max(h, w) + 1) / 2) >= floor {
            let pass = op == .lanczos ? ThumbnailOp.avg.rawValue : op.rawValue
            let halve = try OpRegistry.standard.make(pass, positional: [.int(2)], named: [("ceil", .bool(true))])
            stages.append(Stage(op: halve, repetition: .until(until)))
            (h, w) = try StageList(stages: stages).outputSize(height: h, width: w)
        }
        if (h, w) != target {
            stages.append(try finalStage(target))
        }
        return StageList(stages: stages)
    }

    /// The crop that takes a resized image to the box, if one is needed.
    public func cropStage(resized: (height: Int, width: Int)) -> Stage? {
        guard crop else { return nil }
        let out = (Swift.min(resized.height, height), Swift.min(resized.width, width))
        guard out != resized else { return nil }
        return Stage(op: Crop(height: out.0, width: out.1))
    }

    private func finalStage(_ target: (height: Int, width: Int)) throws -> Stage {
        let exact = ResizeTarget.exact(height: target.height, width: target.width)
        switch op {
        case .lanczos: return Stage(op: Resize(target: exact, filter: .lanczos))
        case .avg: return Stage(op: Resize(target: exact, filter: .box))
        case .max:
            return Stage(op: try OpRegistry.standard.make("adaptive_max", positional: [.size(target.height, target.width)], named: []))
        case .min: return Stage(op: AdaptiveOrderPool(order: .min, height: target.height, width: target.width))
        case .median: return Stage(op: AdaptiveOrderPool(order: .median, height: target.height, width: target.width))
        }
    }
}
