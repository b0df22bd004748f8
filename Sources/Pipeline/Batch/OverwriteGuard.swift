import Foundation

/// The rule that a run never writes over its inputs: an output path that is, or resolves
/// to (symbolic links, `..`, hard links: the same device and inode), an input file fails
/// the input that would write it, before any work starts.
enum OverwriteGuard {
    /// Sets `conflict` on every planned output whose final path under `outputFolder`
    /// (absolute) is an existing input file. Costs one `stat` per input and per output.
    static func mark(_ planned: inout [PlannedOutput], outputFolder: String, displayRoot: String) {
        var inputs: [FileIdentity: String] = [:]
        for p in planned {
            if let id = FileIdentity(path: p.input.absolutePath), inputs[id] == nil { inputs[id] = p.input.displayPath }
        }
        for i in planned.indices where planned[i].conflict == nil {
            let path = outputFolder + "/" + planned[i].relativeOutput
            guard let id = FileIdentity(path: path), let victim = inputs[id] else { continue }
            let shown = InputWalker.join(displayRoot, planned[i].relativeOutput)
            let which = victim == planned[i].input.displayPath ? "the input itself" : "the input \(victim)"
            planned[i].conflict = "output \(shown) is \(which); a run never writes over its inputs "
                + "(choose another -o folder)"
        }
    }
}
