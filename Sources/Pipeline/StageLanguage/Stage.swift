import Pooling

/// How many times a stage's op is applied.
public enum Repetition: Sendable, Equatable {
    /// Once (no `repeat`/`until` argument).
    case once
    /// `repeat=N`: exactly N times, N ≥ 1.
    case times(Int)
    /// `until=S`: while the longest side is greater than S, S ≥ 1; every application must
    /// shrink the longest side.
    case until(Int)

    /// The argument as written inside the stage's parentheses, or `nil` for `.once`.
    public var argument: String? {
        switch self {
        case .once: return nil
        case let .times(n): return "repeat=\(n)"
        case let .until(s): return "until=\(s)"
        }
    }
}

/// One stage of a list: a bound op and how often it runs.
public struct Stage: Sendable {
    /// The op with its arguments bound and checked.
    public var op: any PoolingOperation
    public var repetition: Repetition
    /// The stage text as the user wrote it (trimmed), for messages.
    public var source: String
    /// `op.canonical` with `, repeat=N` / `, until=S` added inside the parentheses.
    public var canonical: String

    /// Creates a stage; `canonical` is derived from the op and the repetition.
    public init(op: any PoolingOperation, repetition: Repetition = .once, source: String? = nil) {
        self.op = op
        self.repetition = repetition
        self.canonical = Stage.canonical(op.canonical, repetition)
        self.source = source ?? self.canonical
    }

    /// Inserts the repetition argument into an op's canonical form:
    /// `avg(2, …)` → `avg(2, …, until=64)`, `global_avg` → `global_avg(repeat=2)`.
    static func canonical(_ opCanonical: String, _ repetition: Repetition) -> String {
        guard let argument = repetition.argument else { return opCanonical }
        guard opCanonical.hasSuffix(")"), let open = opCanonical.firstIndex(of: "(") else {
            return "\(opCanonical)(\(argument))"
        }
        let inside = opCanonical[opCanonical.index(after: open)..<opCanonical.index(before: opCanonical.endIndex)]
        let separator = inside.allSatisfy(\.isWhitespace) ? "" : ", "
        return "\(opCanonical.dropLast())\(separator)\(argument))"
    }

    /// Largest `repeat=N`.
    public static let maximumRepeat = 10_000

    /// Builds a stage from its parsed form: takes `repeat`/`until` out of the named
    /// arguments and asks `registry` for the op.
    /// - Throws: `StageListError.invalidStage` naming stage `index`.
    static func build(_ syntax: StageSyntax, index: Int, registry: OpRegistry) throws -> Stage {
        func invalid(_ reason: String) -> StageListError {
            .invalidStage(index: index, stage: syntax.source, reason: reason)
        }
        var repetition = Repetition.once
        var repetitionName: String? = nil
        var opArguments: [(String, ArgValue)] = []
        for argument in syntax.named {
            guard argument.name == "repeat" || argument.name == "until" else {
                opArguments.append((argument.name, argument.value))
                continue
            }
            if let earlier = repetitionName {
                throw invalid(earlier == argument.name
                              ? "\(argument.name) is given twice"
                              : "repeat and until cannot be combined")
            }
            repetitionName = argument.name
            guard case let .int(n) = argument.value, n >= 1 else {
                throw invalid("\(argument.name) must be a whole number ≥ 1, got \(argument.value)")
            }
            // A bound on repeat keeps planning finite: `max(3, stride=1, padding=1,
            // repeat=1000000000)` (which never shrinks) made `plan` loop and fill memory.
            if argument.name == "repeat" && n > Self.maximumRepeat {
                throw invalid("repeat must be at most \(Self.maximumRepeat), got \(n)")
            }
            repetition = argument.name == "repeat" ? .times(n) : .until(n)
        }
        do {
            let op = try registry.make(syntax.op, positional: syntax.positional, named: opArguments)
            return Stage(op: op, repetition: repetition, source: syntax.source)
        } catch let PoolingError.unknownArgument(op, argument, known) {
            // `repeat` and `until` are taken out above but are valid names too.
            throw invalid(PoolingError.unknownArgument(op: op, argument: argument,
                                                       known: known + ["repeat", "until"]).description)
        } catch {
            throw invalid(String(describing: error))
        }
    }
}
