import Foundation

/// The message of a run that found no input at all (a usage error): where it looked, for
/// what, and what it found instead, e.g.
/// `no input found in photos/ (walked recursively for .jpeg .jpg .npy .png files, any case,
/// matching --include '*.jpg'); it holds 3 other files (.tif, .webp), which poolpipe does
/// not read`.
enum NoInputReport {
    /// Files looked at when counting the other files of the input folders, at most.
    static let scanLimit = 10_000

    static func describe(options: BatchOptions, outputFolder: String) -> String {
        let cwd = options.currentDirectory
        var places = options.inputs.map { "\($0)" }
        places += options.listFiles.map { "the list \($0)" }
        let extensions = InputWalker.imageExtensions.sorted().map { "." + $0 }.joined(separator: " ")
        var looked = "walked recursively for \(extensions) files, any case"
        let include = options.filter.include.map { "--include '\($0.pattern)'" }
        let exclude = options.filter.exclude.map { "--exclude '\($0.pattern)'" }
        if !include.isEmpty { looked += ", matching \(include.joined(separator: " or "))" }
        if !exclude.isEmpty { looked += ", not \(exclude.joined(separator: " or "))" }
        var text = "no input found in \(places.joined(separator: ", ")) (\(looked))"
        let outID = FileIdentity(path: outputFolder)
        var notes: [String] = []
        var others: [String: Int] = [:]
        var images = 0
        for arg in options.inputs {
            let abs = InputWalker.absolute(arg, cwd: cwd)
            guard let id = FileIdentity(path: abs) else { continue }
            if id == outID {
                notes.append("\(arg) is the output folder (-o), which is never searched for inputs")
                continue
            }
            count(in: abs, skipping: outID, others: &others, images: &images)
        }
        let otherTotal = others.values.reduce(0, +)
        if images > 0 && (!include.isEmpty || !exclude.isEmpty) {
            notes.append("\(images) image file\(images == 1 ? "" : "s") there did not pass the filters")
        }
        if otherTotal > 0 {
            let kinds = others.keys.sorted().prefix(8).map { $0.isEmpty ? "no extension" : "." + $0 }
            notes.append("\(otherTotal) other file\(otherTotal == 1 ? "" : "s") there (\(kinds.joined(separator: ", "))), which poolpipe does not read")
        }
        if !notes.isEmpty { text += "; " + notes.joined(separator: "; ") }
        return text
    }

    /// Counts regular files under `folder` (not entering `skipping`): image names and
    /// others by lower-case extension.
    private static func count(in folder: String, skipping: FileIdentity?, others: inout [String: Int], images: inout Int) {
        var stack = [folder]
        var seen = 0
        var visited = Set<FileIdentity>()
        while let dir = stack.popLast(), seen < scanLimit {
            guard let id = FileIdentity(path: dir), id != skipping, visited.insert(id).inserted else { continue }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where !name.hasPrefix(".") {
                let path = dir + "/" + name
                var st = stat()
                guard stat(path, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR { stack.append(path); continue }
                guard (st.st_mode & S_IFMT) == S_IFREG else { continue }
                seen += 1
                let ext = (name as NSString).pathExtension.lowercased()
                if InputWalker.imageExtensions.contains(ext) { images += 1 } else { others[ext, default: 0] += 1 }
            }
        }
    }
}
