import Foundation

/// Class labels from folders (`--labels folder`, torchvision's ImageFolder convention): an
/// input's class is the first folder under the input folder it was found in; classes are
/// sorted by name (byte order, as Python sorts `str`) and numbered from 0.
public struct LabelMap: Sendable, Equatable {
    /// Class names in label order.
    public let classes: [String]
    private let index: [String: Int]
    /// Whether relative paths start with the input folder's own name (several input folders).
    public let skipsFolderName: Bool

    /// A map over `classes` (sorted here, duplicates dropped).
    public init(classes: [String], skipsFolderName: Bool) {
        self.skipsFolderName = skipsFolderName
        self.classes = Set(classes).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        index = Dictionary(uniqueKeysWithValues: self.classes.enumerated().map { ($1, $0) })
    }

    /// The classes of `items` (all inputs of the run, before `--shard`, so that every cluster
    /// shard numbers them alike).
    /// - Parameter skipsFolderName: relative paths start with the input folder's name.
    public init(items: [InputItem], skipsFolderName: Bool) {
        self.init(classes: items.compactMap { Self.classFolder($0, skipsFolderName: skipsFolderName) },
                  skipsFolderName: skipsFolderName)
    }

    /// The label and class of `item`; nil when it is not inside a class folder.
    public func label(of item: InputItem) -> (label: Int, name: String)? {
        guard let c = Self.classFolder(item, skipsFolderName: skipsFolderName), let i = index[c] else { return nil }
        return (i, c)
    }

    /// `classes.json`: `{"classes": [...], "labels": {"name": 0, ...}}`, keys in label order.
    public var json: String {
        let list = JSONValue.array(classes.map { .string($0) })
        let map = JSONValue.object(classes.enumerated().map { ($1, .int($0)) })
        return JSONValue.object([("classes", list), ("labels", map)]).serialized + "\n"
    }

    /// The first folder of `item`'s relative path under its input folder; nil for a file
    /// named directly or lying at the top of its input folder.
    public static func classFolder(_ item: InputItem, skipsFolderName: Bool) -> String? {
        if item.namedDirectly { return nil }
        var parts = item.relativePath.split(separator: "/", omittingEmptySubsequences: true)
        if skipsFolderName && parts.count > 1 { parts.removeFirst() }
        guard parts.count >= 2 else { return nil }
        return String(parts[0])
    }
}
