/// One example stage per op, shown by `poolpipe ops`; each parses with the standard registry
/// (a test checks it). An op without an entry gets one made from its required arguments.
enum OpExamples {
    static let table: [String: String] = [
        "max": "max(3, stride=2, padding=1)",
        "min": "min(2)",
        "avg": "avg(2, until=256)",
        "lp": "lp(2, 3, stride=2)",
        "pmean": "pmean(3, 2)",
        "median": "median(3, stride=1, padding=1)",
        "blur": "blur(filter=5)",
        "maxblur": "maxblur(2)",
        "adaptive_avg": "adaptive_avg(64x64)",
        "adaptive_max": "adaptive_max(7)",
        "fractional_max": "fractional_max(2, ratio=0.7, seed=1)",
        "global_avg": "global_avg",
        "global_max": "global_max",
        "resize": "resize(long=256, filter=bicubic)",
        "crop": "crop(224)",
    ]
}

extension OpDescriptor {
    /// An example stage using this op: a hand-written one for the standard ops, else the op
    /// with a sample value for each required argument.
    public var example: String {
        if let e = OpExamples.table[name] { return e }
        let required = parameters.filter(\.isRequired)
        if required.isEmpty { return name }
        return "\(name)(\(required.map { $0.sampleValue }.joined(separator: ", ")))"
    }
}

extension Parameter {
    /// A value in range, for generated examples.
    var sampleValue: String {
        if case .size(let m) = kind { return name == "size" ? "64x64" : String(Swift.max(m, 2)) }
        if case .int(let r) = kind { return String(r.lowerBound) }
        if case .positiveReal = kind { return "2" }
        if case .fraction = kind { return "0.5" }
        if case .bool = kind { return "true" }
        if case .padding = kind { return "1" }
        return defaultValue?.description ?? "1"
    }

    /// What values the argument takes, in words: `N or HxW, each ≥ 1`.
    public var rangeText: String {
        if case .size(let m) = kind { return "N or HxW, each ≥ \(m)" }
        if case .padding = kind { return "N or HxW (each ≥ 0, at most half the kernel), same or valid" }
        if case .int(let r) = kind {
            return r.upperBound == Int.max ? "whole number ≥ \(r.lowerBound)" : "whole number \(r.lowerBound)…\(r.upperBound)"
        }
        if case .positiveReal = kind { return "real number > 0" }
        if case .fraction = kind { return "real number between 0 and 1, both excluded" }
        if case .bool = kind { return "true or false" }
        if case .choice(let names) = kind { return "one of " + names.joined(separator: ", ") }
        return String(describing: kind)
    }

    /// The argument in a signature: `kernel`, `stride=kernel`, `padding=0`, `[size]`.
    public var signatureText: String {
        if let d = defaultValue { return "\(name)=\(d)" }
        if let t = defaultText { return "\(name)=\(t)" }
        return isOptional ? "[\(name)]" : name
    }
}
