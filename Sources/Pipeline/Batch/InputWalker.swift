import Foundation

/// One input file found on the command line, in a walked folder or in `--files-from`.
public struct InputItem: Sendable, Equatable, Hashable {
    /// The path as shown to the user (the argument joined with the relative path).
    public var displayPath: String
    /// The absolute, standardised path, used for I/O and in the manifest.
    public var absolutePath: String
    /// The path relative to the folder it was found in, `/` separators; for a file named
    /// directly just its file name. This is the shard key and decides the output path.
    public var relativePath: String
    /// True when the file was named directly (output goes to `OUT/<stem>.<ext>`).
    public var namedDirectly: Bool
    /// The folder under OUT its output goes to before its relative path: the input folder's
    /// name when several folders are given (`OUT/train/…`, `OUT/val/…`), else empty.
    public var outputPrefix: String

    public init(displayPath: String, absolutePath: String, relativePath: String, namedDirectly: Bool,
                outputPrefix: String = "") {
        self.displayPath = displayPath
        self.absolutePath = absolutePath
        self.relativePath = relativePath
        self.namedDirectly = namedDirectly
        self.outputPrefix = outputPrefix
    }
}

/// A file or folder that could not be read while walking; reported as a failed input.
public struct WalkIssue: Sendable, Equatable {
    public var path: String
    public var reason: String
}

/// Errors that stop a run before any work: a missing input or an unreadable list file.
public enum InputError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case unreadableList(path: String, reason: String)
    case escapingListEntry(list: String, line: Int, entry: String)
    case noInputs
    /// Two input folders with the same name would share `OUT/<name>/`.
    case sameFolderName(name: String, first: String, second: String)
    /// The walk found no input at all; the text says where it looked and for what.
    case nothingFound(String)

    public var description: String {
        switch self {
        case .notFound(let p):
            return "input \(p) does not exist"
        case let .unreadableList(p, reason):
            return "cannot read --files-from \(p): \(reason)"
        case let .escapingListEntry(list, line, entry):
            return "\(list) line \(line): \"\(entry)\" climbs out of its folder with '..'; name it with an absolute path instead"
        case .noInputs:
            return "no inputs given"
        case let .sameFolderName(name, first, second):
            return "input folders \(first) and \(second) are both named \"\(name)\"; with several input folders "
                + "each goes to OUT/<folder name>/, so give folders with different names (or run them one at a time)"
        case .nothingFound(let text):
            return text
        }
    }
}

/// Finds image inputs: files named directly, folders walked recursively, `--files-from` lists.
///
/// Folders are walked for `.png .jpg .jpeg .npy` in any case; the decoder is chosen later by
/// content. Names starting with `.` (hidden files, AppleDouble `._x.jpg`, our own temporaries)
/// are skipped. Symbolic links are followed; each directory (device + inode) is walked at most
/// once per run, so link loops end. Within a folder the order is the byte order of the relative
/// paths; folders keep their command-line order. A directory listed in `excludedDirectories`
/// (the output folder) is never entered.
public struct InputWalker: Sendable {
    /// File extensions (lower case, without the dot) picked up from folders.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "npy"]

    public var filter: PathFilter
    /// Absolute paths of directories not to enter (e.g. the output folder).
    public var excludedDirectories: [String]

    public init(filter: PathFilter = PathFilter(), excludedDirectories: [String] = []) {
        self.filter = filter
        self.excludedDirectories = excludedDirectories
    }

    /// The result of a walk.
    public struct Result: Sendable {
        public var items: [InputItem]
        public var issues: [WalkIssue]
    }

    /// Walks `arguments` (files and folders) and the entries of `listFiles` (one path per line,
    /// blank lines and lines starting with `#` ignored).
    ///
    /// List entries that are relative keep their relative path (output
    /// `OUT/<entry dir>/<stem>.<ext>`, shard key = the entry), resolved against the current
    /// directory; absolute entries count as files named directly. Folders in a list are walked.
    /// - Throws: `InputError` for a missing argument or an unreadable list.
    public func walk(arguments: [String], listFiles: [String] = [],
                     currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> Result {
        var state = WalkState(excluded: Set(excludedDirectories.compactMap { FileIdentity(path: $0) }))
        state.folderPrefixes = try Self.folderPrefixes(arguments, cwd: currentDirectory)
        for arg in arguments {
            try add(argument: arg, relativeOverride: nil, cwd: currentDirectory, state: &state)
        }
        state.folderPrefixes = [:]
        for list in listFiles {
            let text: String
            do {
                text = try String(contentsOfFile: list, encoding: .utf8)
            } catch {
                throw InputError.unreadableList(path: list, reason: (error as NSError).localizedDescription)
            }
            var lineNumber = 0
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
                if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
                do {
                    if line.hasPrefix("/") {
                        try add(argument: line, relativeOverride: nil, cwd: currentDirectory, state: &state)
                    } else {
                        let parts = line.split(separator: "/").map(String.init).filter { $0 != "." }
                        if parts.contains("..") {
                            throw InputError.escapingListEntry(list: list, line: lineNumber, entry: line)
                        }
                        try add(argument: line, relativeOverride: parts.joined(separator: "/"),
                                cwd: currentDirectory, state: &state)
                    }
                } catch InputError.notFound {
                    // One missing entry fails that input, not the run.
                    state.issues.append(WalkIssue(path: line, reason: "does not exist (listed in \(list) line \(lineNumber))"))
                }
            }
        }
        return Result(items: state.items, issues: state.issues)
    }

    private struct WalkState {
        var excluded: Set<FileIdentity>
        var visited: Set<FileIdentity> = []
        var items: [InputItem] = []
        var issues: [WalkIssue] = []
        /// Absolute folder argument → its `outputPrefix` (several folders only).
        var folderPrefixes: [String: String] = [:]
    }

    private func add(argument: String, relativeOverride: String?, cwd: String, state: inout WalkState) throws {
        let absolute = Self.absolute(argument, cwd: cwd)
        var st = stat()
        guard stat(absolute, &st) == 0 else { throw InputError.notFound(argument) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            let display = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
            let start = state.items.count
            walkDirectory(absolute: absolute, display: display.isEmpty ? "/" : display,
                          prefix: relativeOverride ?? "", state: &state)
            if relativeOverride == nil, let prefix = state.folderPrefixes[absolute] {
                for i in start..<state.items.count { state.items[i].outputPrefix = prefix }
            }
        } else {
            // The name as given: a symbolic link is read through but named by its own name.
            let name = Self.givenName(argument) ?? (absolute as NSString).lastPathComponent
            let rel = relativeOverride ?? name
            guard filter.accepts(rel) else { return }
            state.items.append(InputItem(displayPath: argument, absolutePath: absolute,
                                         relativePath: rel, namedDirectly: relativeOverride == nil))
        }
    }

    private func walkDirectory(absolute: String, display: String, prefix: String, state: inout WalkState) {
        guard let id = FileIdentity(path: absolute) else {
            state.issues.append(WalkIssue(path: display, reason: "cannot read folder (\(String(cString: strerror(errno))))"))
            return
        }
        if state.excluded.contains(id) || state.visited.contains(id) { return }
        state.visited.insert(id)
        var found: [InputItem] = []
        var stack: [(abs: String, rel: String)] = [(absolute, "")]
        while let (dir, rel) = stack.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: dir)
            } catch {
                state.issues.append(WalkIssue(path: Self.join(display, rel),
                                              reason: "cannot list folder: \((error as NSError).localizedDescription)"))
                continue
            }
            for name in names where !name.hasPrefix(".") {
                let childAbs = dir + "/" + name
                let childRel = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                let isImageName = Self.imageExtensions.contains((name as NSString).pathExtension.lowercased())
                let key = prefix.isEmpty ? childRel : prefix + "/" + childRel
                guard stat(childAbs, &st) == 0 else {
                    // A link to nothing (or a link loop) under an image name is an input that
                    // cannot be read: reported, not silently dropped.
                    let e = errno
                    if isImageName && filter.accepts(key) {
                        let reason = e == ELOOP ? "symbolic link loop" : "broken symbolic link (\(String(cString: strerror(e))))"
                        state.issues.append(WalkIssue(path: Self.join(display, childRel), reason: "cannot read: \(reason)"))
                    }
                    continue
                }
                if (st.st_mode & S_IFMT) != S_IFDIR && (st.st_mode & S_IFMT) != S_IFREG {
                    // A named pipe, device or socket under an image name: never opened (a pipe
                    // would block the run), reported.
                    if isImageName && filter.accepts(key) {
                        let kind = (st.st_mode & S_IFMT) == S_IFIFO ? "a named pipe" : "a device or socket"
                        state.issues.append(WalkIssue(path: Self.join(display, childRel),
                                                      reason: "cannot read: \(kind), not a regular file"))
                    }
                    continue
                }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    let cid = FileIdentity(st)
                    if state.excluded.contains(cid) || state.visited.contains(cid) { continue }
                    state.visited.insert(cid)
                    stack.append((childAbs, childRel))
                } else {
                    guard isImageName, filter.accepts(key) else { continue }
                    found.append(InputItem(displayPath: Self.join(display, childRel), absolutePath: childAbs,
                                           relativePath: key, namedDirectly: false))
                }
            }
        }
        found.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        state.items.append(contentsOf: found)
    }

    /// `a` and `b` joined with one `/` (`a` alone when `b` is empty).
    public static func join(_ a: String, _ b: String) -> String {
        if b.isEmpty { return a }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// `path` made absolute against `cwd` and standardised (`.`/`..` removed, no symlinks resolved).
    public static func absolute(_ path: String, cwd: String) -> String {
        let joined = path.hasPrefix("/") ? path : join(cwd, path)
        return (joined as NSString).standardizingPath
    }
}

/// A file's device and inode: its identity across symbolic links and hard links.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
    init(_ st: stat) {
        device = UInt64(truncatingIfNeeded: st.st_dev)
        inode = UInt64(truncatingIfNeeded: st.st_ino)
    }
    /// The identity of what `path` names after following links; nil when it does not exist.
    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        self.init(st)
    }
}
