/// The type of one op argument, with its range check.
public enum ParameterKind: Sendable, Equatable {
    /// `N` or `HxW`, each ≥ `min`.
    case size(min: Int)
    /// `N`, `HxW`, `same` or `valid` (quoted or bare); each number ≥ 0.
    case padding
    /// A whole number in `range`.
    case int(ClosedRange<Int>)
    /// A real number > 0.
    case positiveReal
    /// A real number in the open/closed interval (0, 1).
    case fraction
    /// `true` / `false`.
    case bool
}

/// One argument an op takes, in table order (positional arguments fill them in order).
public struct Parameter: Sendable {
    public let name: String
    public let kind: ParameterKind
    /// `nil`: required.
    public let defaultValue: ArgValue?
    public init(_ name: String, _ kind: ParameterKind, default defaultValue: ArgValue? = nil) {
        self.name = name; self.kind = kind; self.defaultValue = defaultValue
    }
}

/// Arguments after binding: every parameter the op declares that was given or has a default.
/// Values are already type- and range-checked against their `ParameterKind`.
public struct BoundArguments: Sendable {
    public let op: String
    public var values: [String: ArgValue]
    /// Names given explicitly by the user (positionally or by name).
    public var given: Set<String>
    public init(op: String, values: [String: ArgValue], given: Set<String>) {
        self.op = op; self.values = values; self.given = given
    }
}

/// A registered op: its name, parameters in table order, and a builder.
public struct OpDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [Parameter]
    /// Builds the op; throws `PoolingError.invalidArgument` for cross-argument checks
    /// (e.g. padding more than half the kernel).
    public let build: @Sendable (BoundArguments) throws -> any PoolingOperation
    public init(name: String, summary: String, parameters: [Parameter],
                build: @escaping @Sendable (BoundArguments) throws -> any PoolingOperation) {
        self.name = name; self.summary = summary; self.parameters = parameters; self.build = build
    }
}
