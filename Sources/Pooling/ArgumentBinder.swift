/// Binds raw stage-language arguments to an op's parameter table.
///
/// Conversions: `.int(n)` is accepted where a real is wanted and as the square size `n×n`;
/// an integral `.real` is accepted where a whole number or size is wanted (YAML `3.0`);
/// `same`/`valid` are `.word`s for `padding`; `true`/`false` words are accepted for bools.
/// Stored values are normalised: sizes and numeric paddings as `.size(h, w)`, reals as `.real`.
enum ArgumentBinder {
    static func bind(_ descriptor: OpDescriptor, positional: [ArgValue],
                     named: [(String, ArgValue)]) throws -> BoundArguments {
        let op = descriptor.name
        let parameters = descriptor.parameters
        if positional.count > parameters.count {
            throw PoolingError.tooManyArguments(op: op, given: positional.count, max: parameters.count)
        }
        var values: [String: ArgValue] = [:]
        var given = Set<String>()
        for (index, value) in positional.enumerated() {
            let parameter = parameters[index]
            values[parameter.name] = try check(value, against: parameter, op: op)
            given.insert(parameter.name)
        }
        for (name, value) in named {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                throw PoolingError.unknownArgument(op: op, argument: name)
            }
            if given.contains(name) { throw PoolingError.duplicateArgument(op: op, argument: name) }
            values[name] = try check(value, against: parameter, op: op)
            given.insert(name)
        }
        for parameter in parameters where !given.contains(parameter.name) {
            if let value = parameter.defaultValue {
                values[parameter.name] = try check(value, against: parameter, op: op)
            } else if parameter.isRequired {
                throw PoolingError.missingArgument(op: op, argument: parameter.name)
            }
        }
        return BoundArguments(op: op, values: values, given: given)
    }

    /// Largest size argument (kernel, stride, padding, dilation, adaptive size): 2^24, the
    /// largest image side libpng accepts. It keeps the window arithmetic far from Int overflow
    /// (`max(2, 9223372036854775807)` trapped in `outputLength`, found by fuzzing).
    static let maximumSize = 1 << 24

    /// Checks one value against its parameter kind and returns its normalised form.
    static func check(_ value: ArgValue, against parameter: Parameter, op: String) throws -> ArgValue {
        let name = parameter.name
        func invalid(_ reason: String) -> PoolingError {
            PoolingError.invalidArgument(op: op, argument: name, reason: reason)
        }
        switch parameter.kind {
        case .size(let minimum):
            guard let (h, w) = sizeValue(value) else {
                throw invalid("\(name) must be a size like 3 or 3x2, got \(quoted(value))")
            }
            if h < minimum || w < minimum {
                throw invalid("\(name) must be at least \(minimum), got \(value)")
            }
            if h > maximumSize || w > maximumSize {
                throw invalid("\(name) must be at most \(maximumSize), got \(value)")
            }
            return .size(h, w)
        case .padding:
            if case .word(let word) = value {
                let lower = word.lowercased()
                if lower == "same" || lower == "valid" { return .word(lower) }
                throw invalid("\(name) must be a size, same or valid, got \(quoted(value))")
            }
            guard let (h, w) = sizeValue(value) else {
                throw invalid("\(name) must be a size, same or valid, got \(quoted(value))")
            }
            if h < 0 || w < 0 { throw invalid("\(name) must be at least 0, got \(value)") }
            if h > maximumSize || w > maximumSize {
                throw invalid("\(name) must be at most \(maximumSize), got \(value)")
            }
            return .size(h, w)
        case .int(let range):
            guard let n = wholeValue(value) else {
                throw invalid("\(name) must be a whole number, got \(quoted(value))")
            }
            if !range.contains(n) {
                if range.upperBound == Int.max {
                    throw invalid("\(name) must be at least \(range.lowerBound), got \(n)")
                }
                throw invalid("\(name) must be \(range.lowerBound)…\(range.upperBound), got \(n)")
            }
            return .int(n)
        case .positiveReal:
            guard let x = realValue(value), x > 0, x.isFinite else {
                throw invalid("\(name) must be a positive number, got \(quoted(value))")
            }
            return .real(x)
        case .fraction:
            guard let x = realValue(value), x > 0, x < 1 else {
                throw invalid("\(name) must be a number between 0 and 1 (both excluded), got \(quoted(value))")
            }
            return .real(x)
        case .bool:
            switch value {
            case .bool(let b): return .bool(b)
            case .word(let w) where w.lowercased() == "true": return .bool(true)
            case .word(let w) where w.lowercased() == "false": return .bool(false)
            default: throw invalid("\(name) must be true or false, got \(quoted(value))")
            }
        case .choice(let options):
            guard case .word(let word) = value else {
                throw invalid("\(name) must be one of \(options.joined(separator: ", ")), got \(quoted(value))")
            }
            let normalised = String(word.lowercased().map { $0 == "_" ? "-" : $0 })
            guard options.contains(normalised) else {
                throw invalid("\(name) must be one of \(options.joined(separator: ", ")), got \(quoted(value))")
            }
            return .word(normalised)
        }
    }

    private static func quoted(_ value: ArgValue) -> String {
        if case .word(let w) = value { return "\"\(w)\"" }
        return value.description
    }

    private static func wholeValue(_ value: ArgValue) -> Int? {
        switch value {
        case .int(let n): return n
        case .real(let x) where x == x.rounded() && abs(x) < 1e15: return Int(x)
        default: return nil
        }
    }

    private static func realValue(_ value: ArgValue) -> Double? {
        switch value {
        case .int(let n): return Double(n)
        case .real(let x): return x
        default: return nil
        }
    }

    private static func sizeValue(_ value: ArgValue) -> (Int, Int)? {
        if case .size(let h, let w) = value { return (h, w) }
        if let n = wholeValue(value) { return (n, n) }
        return nil
    }
}

extension BoundArguments {
    /// The size argument `name` as (height, width); nil when absent.
    /// - Precondition: `name` is a `.size` or numeric `.padding` parameter (values are normalised).
    public func size(_ name: String) -> (height: Int, width: Int)? {
        if case .size(let h, let w)? = values[name] { return (h, w) }
        return nil
    }

    /// The whole-number argument `name`; nil when absent.
    public func int(_ name: String) -> Int? {
        if case .int(let n)? = values[name] { return n }
        return nil
    }

    /// The real argument `name`; nil when absent.
    public func real(_ name: String) -> Double? {
        switch values[name] {
        case .real(let x)?: return x
        case .int(let n)?: return Double(n)
        default: return nil
        }
    }

    /// The boolean argument `name`; nil when absent.
    public func bool(_ name: String) -> Bool? {
        if case .bool(let b)? = values[name] { return b }
        return nil
    }

    /// The word argument `name` (a `.choice` parameter, normalised); nil when absent.
    public func word(_ name: String) -> String? {
        if case .word(let w)? = values[name] { return w }
        return nil
    }

    /// The padding argument `name`: explicit sizes, `same` or `valid`; nil when absent.
    public func padding(_ name: String) -> PaddingSpec? {
        switch values[name] {
        case .size(let h, let w)?: return .explicit(height: h, width: w)
        case .word("same")?: return .same
        case .word("valid")?: return .valid
        default: return nil
        }
    }
}
