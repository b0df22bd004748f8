import Foundation
import ImageTensor

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
    /// One word of `options` (bare or quoted, any case; `_` may stand for `-`).
    case choice([String])
}

/// One argument an op takes, in table order (positional arguments fill them in order).
public struct Parameter: Sendable {
    public let name: String
    public let kind: ParameterKind
    /// `nil`: required, unless `isOptional`.
    public let defaultValue: ArgValue?
    /// An argument that may be left out and has no default (e.g. `fractional_max`'s `size`,
    /// an alternative to `ratio`); absent from `BoundArguments.values` when not given.
    public let isOptional: Bool
    /// For an optional argument without a default value, what the op uses when it is left
    /// out, in words (`kernel` for `stride`); shown by `poolpipe ops`.
    public let defaultText: String?
    public init(_ name: String, _ kind: ParameterKind, default defaultValue: ArgValue? = nil,
                optional isOptional: Bool = false, defaultText: String? = nil) {
        self.name = name; self.kind = kind; self.defaultValue = defaultValue
        self.isOptional = isOptional; self.defaultText = defaultText
    }
    /// Whether the argument must be given.
    public var isRequired: Bool { defaultValue == nil && !isOptional }
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

/// The set of ops the stage language knows, by name.
///
/// Thread-safe: registration and lookups are serialised by a lock, so a registry may be
/// shared between threads (`standard` is).
public final class OpRegistry: Sendable {
    /// The ops by name, and their names in the order first registered.
    private let state = Locked<(descriptors: [String: OpDescriptor], order: [String])>(([:], []))

    /// Every op of the product contract (PRODUCT.md §2): `max`, `min`, `avg`, `lp`, `pmean`,
    /// `median`, `blur`, `maxblur`, `adaptive_avg`, `adaptive_max`, `fractional_max`,
    /// `global_avg`, `global_max`, `resize`, `crop`.
    public static let standard: OpRegistry = {
        let registry = OpRegistry()
        for descriptor in StandardOps.all { registry.register(descriptor) }
        return registry
    }()

    /// An empty registry.
    public init() {}

    /// Adds `descriptor`, replacing any op of the same name.
    public func register(_ descriptor: OpDescriptor) {
        state.withLock { s in
            if s.descriptors[descriptor.name] == nil { s.order.append(descriptor.name) }
            s.descriptors[descriptor.name] = descriptor
        }
    }

    /// Every registered op, in the order first registered (the contract's table order for
    /// `standard`).
    public var descriptorsInOrder: [OpDescriptor] {
        state.withLock { s in s.order.compactMap { s.descriptors[$0] } }
    }

    /// The op registered under `name`, if any.
    public func descriptor(named name: String) -> OpDescriptor? {
        state.withLock { $0.descriptors[name] }
    }

    /// Registered op names, sorted.
    public var names: [String] {
        state.withLock { $0.descriptors.keys.sorted() }
    }

    /// Binds `positional` arguments in table order, then `named` ones; checks each value's
    /// type and range, fills defaults, and builds the op.
    /// - Throws: `PoolingError` — `unknownOp`, `tooManyArguments`, `unknownArgument`,
    ///   `duplicateArgument`, `missingArgument`, `invalidArgument`.
    public func make(_ name: String, positional: [ArgValue],
                     named: [(String, ArgValue)]) throws -> any PoolingOperation {
        guard let descriptor = descriptor(named: name) else {
            throw PoolingError.unknownOp(name, known: names)
        }
        let bound = try ArgumentBinder.bind(descriptor, positional: positional, named: named)
        return try descriptor.build(bound)
    }
}
