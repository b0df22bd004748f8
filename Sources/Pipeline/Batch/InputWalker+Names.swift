import Foundation

extension InputWalker {
    /// The last component of `path` as the user wrote it (`a.png` for `links/a.png`, even when
    /// it is a symbolic link to `screenshot.jpg`); nil for `.`, `..` or `/`, whose name only
    /// the resolved path knows.
    static func givenName(_ path: String) -> String? {
        let parts = path.split(separator: "/")
        guard let last = parts.last, last != ".", last != ".." else { return nil }
        return String(last)
    }

    /// With more than one folder among `arguments`, each folder's absolute path mapped to the
    /// name its outputs go under (`OUT/<name>/…`): its name as given. Empty for one folder.
    /// - Throws: `InputError.sameFolderName` when two different folders share a name.
    static func folderPrefixes(_ arguments: [String], cwd: String) throws -> [String: String] {
        var folders: [(arg: String, abs: String, id: FileIdentity)] = []
        for arg in arguments {
            let abs = absolute(arg, cwd: cwd)
            var st = stat()
            guard stat(abs, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { continue }
            let id = FileIdentity(st)
            if !folders.contains(where: { $0.id == id }) { folders.append((arg, abs, id)) }
        }
        guard folders.count > 1 else { return [:] }
        var result: [String: String] = [:]
        var owner: [String: String] = [:]
        for f in folders {
            let name = givenName(f.arg) ?? ((f.abs as NSString).lastPathComponent.isEmpty ? "root" : (f.abs as NSString).lastPathComponent)
            if let first = owner[name] {
                throw InputError.sameFolderName(name: name, first: first, second: f.arg)
            }
            owner[name] = f.arg
            result[f.abs] = name
        }
        return result
    }
}
