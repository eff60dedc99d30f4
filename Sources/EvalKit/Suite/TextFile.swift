import Foundation
import YAMLLite

/// Reads a text file that must be UTF-8, reporting why it cannot be read or where its encoding breaks.
enum TextFile {
    /// Why a file gave no text: unreadable (`mark` nil) or not UTF-8 (`mark` at the first bad byte).
    struct Failure: Error, Sendable {
        var message: String
        var mark: Mark?
    }

    static func read(_ path: String) throws(Failure) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(message: "no such file")
        }
        if isDirectory.boolValue { throw Failure(message: "it is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(message: "it cannot be opened (permission denied?)")
        }
        return try decode(data)
    }

    /// The bytes as a string when they are valid UTF-8.
    static func decode(_ data: Data) throws(Failure) -> String {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                break loop
            case .error:
                throw Failure(message: "the file is not valid UTF-8 text", mark: Mark(line: line, column: column))
            }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
