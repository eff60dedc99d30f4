import Foundation

extension GoldenStore {
    /// The default golden folder of a suite (SPEC §2): the `golden/` folder of the nearest
    /// ancestor folder of the suite file that has one, else `golden` in the current folder. A
    /// folder under the current one is named relative to it, as a user would type it.
    public static func defaultDirectory(suitePath: String) -> String {
        let manager = FileManager.default
        let here = URL(fileURLWithPath: manager.currentDirectoryPath).standardizedFileURL.path
        var folder = URL(fileURLWithPath: suitePath).standardizedFileURL.deletingLastPathComponent()
        while true {
            let candidate = folder.appendingPathComponent("golden").path
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                let prefix = here.hasSuffix("/") ? here : here + "/"
                return candidate.hasPrefix(prefix) ? String(candidate.dropFirst(prefix.count)) : candidate
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path || folder.path == "/" { return "golden" }
            folder = parent
        }
    }
}
