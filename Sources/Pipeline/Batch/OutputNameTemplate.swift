/// `--name TEMPLATE`: how output files are named, from `{stem}`, `{ext}` and `{dir}`.
///
/// - `{stem}`: the input's file name without its extension; `{ext}`: the output's extension
///   (`png`, `jpg`, `webp`, `npy`); `{dir}`: the input's folder relative to its input folder
///   (`a/b`; empty for a top-level file or a file named directly).
/// - Without `{dir}` the template names the file inside the mirrored folder
///   (`OUT/<dir>/<rendered>`); with `{dir}` it gives the whole path under OUT, so
///   `{dir}_{stem}.{ext}` can flatten a tree. Empty path parts (an empty `{dir}` followed by
///   `/`) are dropped, and a leading `_`/`-` left by an empty `{dir}` stays as written.
/// - `{{` and `}}` are literal braces.
public struct OutputNameTemplate: Sendable, Equatable {
    enum Piece: Sendable, Equatable { case text(String), stem, ext, dir }

    /// The template as given.
    public let source: String
    let pieces: [Piece]

    /// Whether the template places files itself (it uses `{dir}`).
    var usesDir: Bool { pieces.contains(.dir) }

    /// Parses and checks a template.
    /// - Throws: `OutputNameError` for an unknown field, an unclosed brace, a template without
    ///   `{stem}` (every input would get the same name), or one that could leave OUT (`..`,
    ///   a leading `/`).
    public init(_ source: String) throws {
        self.source = source
        var pieces: [Piece] = []
        var text = ""
        var i = source.startIndex
        while i < source.endIndex {
            let ch = source[i]
            let next = source.index(after: i)
            if ch == "{" && next < source.endIndex && source[next] == "{" { text.append("{"); i = source.index(after: next); continue }
            if ch == "}" && next < source.endIndex && source[next] == "}" { text.append("}"); i = source.index(after: next); continue }
            if ch == "}" { throw OutputNameError.unbalanced(template: source) }
            guard ch == "{" else { text.append(ch); i = next; continue }
            guard let close = source[next...].firstIndex(of: "}") else { throw OutputNameError.unbalanced(template: source) }
            let field = String(source[next..<close])
            if !text.isEmpty { pieces.append(.text(text)); text = "" }
            switch field {
            case "stem": pieces.append(.stem)
            case "ext": pieces.append(.ext)
            case "dir": pieces.append(.dir)
            default: throw OutputNameError.unknownField(field, template: source)
            }
            i = source.index(after: close)
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        guard pieces.contains(.stem) else { throw OutputNameError.noStem(template: source) }
        if source.hasPrefix("/") || source.split(separator: "/").contains(where: { $0 == ".." }) {
            throw OutputNameError.leavesOutput(template: source)
        }
        self.pieces = pieces
    }

    /// The output path relative to OUT for an input of `stem` in relative folder `dir`
    /// (`""` at the top), written with extension `ext`.
    public func render(stem: String, ext: String, dir: String) -> String {
        var name = ""
        for piece in pieces {
            switch piece {
            case .text(let t): name += t
            case .stem: name += stem
            case .ext: name += ext
            case .dir: name += dir
            }
        }
        let path = usesDir || dir.isEmpty ? name : dir + "/" + name
        return path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }
}

/// A `--name` template that cannot be used (a usage error).
public enum OutputNameError: Error, Equatable, CustomStringConvertible {
    case unknownField(String, template: String)
    case unbalanced(template: String)
    case noStem(template: String)
    case leavesOutput(template: String)

    public var description: String {
        switch self {
        case let .unknownField(f, t):
            return "--name \"\(t)\": unknown field {\(f)} (the fields are {stem}, {ext} and {dir})"
        case .unbalanced(let t):
            return "--name \"\(t)\": unbalanced brace (write {{ or }} for a literal brace)"
        case .noStem(let t):
            return "--name \"\(t)\": the template needs {stem}, or every input would get the same name"
        case .leavesOutput(let t):
            return "--name \"\(t)\": outputs must stay inside the output folder (no '..' and no leading '/')"
        }
    }
}
