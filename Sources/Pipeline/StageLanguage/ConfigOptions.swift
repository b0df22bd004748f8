import Foundation
import Yams

/// A top-level value of a config file, as the command line would take it.
public enum ConfigValue: Sendable, Equatable {
    /// A scalar as written (`90`, `npy`, `true`).
    case scalar(String)
    /// A list of scalars.
    case list([String])
    /// Anything else (a map, a list of maps, null).
    case other

    /// `true`/`false` (also YAML's `yes`/`no`), or nil.
    public var bool: Bool? {
        guard case .scalar(let s) = self else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }
}

/// Reads the top-level keys of a YAML or JSON config file (`--config`), in the order written.
public enum ConfigOptions {
    /// The top-level `key: value` pairs of `text`; nil when `text` is not YAML/JSON with a
    /// map at the top (the stage-list reader then says what is wrong).
    public static func read(text: String) -> [(key: String, value: ConfigValue)]? {
        guard let root = try? Yams.compose(yaml: text), let mapping = root.mapping else { return nil }
        return mapping.compactMap { keyNode, node in
            guard let key = keyNode.string else { return nil }
            if let s = node.scalar, node.tag.rawValue != Tag.Name.null.rawValue { return (key, .scalar(s.string)) }
            if let items = node.sequence {
                let scalars = items.compactMap { $0.scalar?.string }
                return (key, scalars.count == items.count ? .list(scalars) : .other)
            }
            return (key, .other)
        }
    }
}
