import Foundation
import YAMLLite

/// Reads a file's bytes, saying in words why it cannot be read.
enum TextFile {
    /// Why a file gave no bytes.
    struct Failure: Error, Sendable {
        var message: String
    }

    static func read(_ path: String) throws(Failure) -> Data {
        try checkReadable(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(message: "it cannot be opened (permission denied?)")
        }
        return data
    }

    /// A `Failure` when there is no file at `path` or it is a folder.
    static func checkReadable(_ path: String) throws(Failure) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(message: "no such file")
        }
        if isDirectory.boolValue { throw Failure(message: "it is a folder, not a file") }
    }
}
