import ImageTensor

/// Execution settings shared by every pooling kernel.
public struct PoolingContext: Sendable {
    /// Threads a kernel may use for row bands (1 = the calling thread only).
    public var threads: Int
    public init(threads: Int = 1) { self.threads = max(1, threads) }
}

/// One pooling operation with its arguments bound and validated.
///
/// Conforming types are values built by `OpRegistry` from typed, range-checked arguments.
/// `apply` must be a pure function of the input (fractional_max draws from its own seed).
public protocol PoolingOperation: Sendable {
    /// The registry name, e.g. `"max"`.
    var name: String { get }
    /// Canonical printed form with every argument spelled out in table order,
    /// e.g. `max(3, stride=2, padding=1, dilation=1, ceil=false)`. Two operations with the
    /// same canonical form compute the same function.
    var canonical: String { get }
    /// Whether the op mixes samples (averages, blurs), so that premultiplied alpha and
    /// `--linear` apply to it. False for max, min, median and their kin.
    var mixesSamples: Bool { get }
    /// Output height and width for an input of the given size.
    /// Throws `PoolingError.outputTooSmall` (or another `PoolingError`) when the op cannot run.
    func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int)
    /// A per-axis description of padding and edge windows, for `poolpipe plan`.
    func plan(height: Int, width: Int) throws -> StagePlan
    /// Applies the op to every channel independently.
    /// - Precondition: `input.height` and `input.width` are sizes for which `outputSize` succeeds.
    func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor
}

/// What `plan` reports about one axis of one op.
public struct AxisPlan: Sendable, Equatable {
    public var input: Int
    public var output: Int
    /// Padding before and after (after may differ with TF "same" or ceil mode).
    public var padBefore: Int
    public var padAfter: Int
    /// Windows that are not fully inside the unpadded input (touch padding or run past the end).
    public var partialWindows: Int
    /// Input cells at the end that no window covers.
    public var droppedCells: Int
    public init(input: Int, output: Int, padBefore: Int = 0, padAfter: Int = 0,
                partialWindows: Int = 0, droppedCells: Int = 0) {
        self.input = input; self.output = output
        self.padBefore = padBefore; self.padAfter = padAfter
        self.partialWindows = partialWindows; self.droppedCells = droppedCells
    }
}

/// What `plan` reports about one op on one input size.
public struct StagePlan: Sendable, Equatable {
    public var rows: AxisPlan
    public var cols: AxisPlan
    /// Free-form notes, e.g. "ceil mode drops last window".
    public var notes: [String]
    public init(rows: AxisPlan, cols: AxisPlan, notes: [String] = []) {
        self.rows = rows; self.cols = cols; self.notes = notes
    }
}

/// Errors of building or running a pooling op. Messages name the argument and the evidence.
public enum PoolingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An unknown op name; `known` lists the registered ones.
    case unknownOp(String, known: [String])
    /// An argument name the op does not take; `known` lists the ones it does, in order.
    case unknownArgument(op: String, argument: String, known: [String] = [])
    /// More positional arguments than the op takes.
    case tooManyArguments(op: String, given: Int, max: Int)
    /// A required argument is missing.
    case missingArgument(op: String, argument: String)
    /// An argument given twice (positionally and by name, or twice by name).
    case duplicateArgument(op: String, argument: String)
    /// An argument of the wrong type or out of range; `reason` is a complete phrase,
    /// e.g. "padding 2 is more than half of kernel 3".
    case invalidArgument(op: String, argument: String, reason: String)
    /// The output would have fewer than one row or column.
    case outputTooSmall(op: String, input: (Int, Int), output: (Int, Int))
    /// The input has a shape the op cannot take (e.g. blur on 1 pixel is fine; this is for the rest).
    case invalidInput(op: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownOp(name, known):
            return "unknown op \"\(name)\"\(NameSuggestion.phrase(for: name, among: known)) (known: \(known.joined(separator: ", ")))"
        case let .unknownArgument(op, arg, known):
            let list = known.isEmpty ? " (\(op) takes no arguments)" : " (\(op) takes \(known.joined(separator: ", ")))"
            return "\(op) takes no argument \"\(arg)\"\(NameSuggestion.phrase(for: arg, among: known))\(list)"
        case let .tooManyArguments(op, given, max):
            return "\(op) takes at most \(max) positional argument\(max == 1 ? "" : "s"), got \(given)"
        case let .missingArgument(op, arg):
            return "\(op) needs \(arg)"
        case let .duplicateArgument(op, arg):
            return "\(op): \(arg) is given twice"
        case let .invalidArgument(_, _, reason):
            return reason
        case let .outputTooSmall(op, input, output):
            return "\(op) on \(input.0)×\(input.1) gives \(output.0)×\(output.1), less than 1×1"
        case let .invalidInput(op, reason):
            return "\(op): \(reason)"
        }
    }

    public static func == (a: PoolingError, b: PoolingError) -> Bool { a.description == b.description }
}
