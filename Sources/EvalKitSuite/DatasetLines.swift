import Foundation
import YAMLLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a dataset row is, for its errors: the dataset's path as shown, and a diagnostic at a
/// mark with the row's source line under it.
struct RowPlace {
    let path: String
    let diagnostic: (String, Mark?) -> Diagnostic

    func diagnostic(_ message: String, at mark: Mark?) -> Diagnostic {
        diagnostic(message, mark)
    }
}

/// A dataset file read a chunk at a time and split into lines, so a large JSONL file is never
/// held whole (SPEC §11).
final class DatasetLines {
    private let fd: Int32
    private var buffer: [UInt8] = Array(repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var failure: TextFile.Failure?

    /// Opens the file; a missing file, a folder or one that cannot be opened is a `Failure` in words.
    init(path: String) throws(TextFile.Failure) {
        try TextFile.checkReadable(path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TextFile.Failure(message: "it cannot be opened (permission denied?)") }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Whether the first character that is not white space (after a byte order mark) is `[`.
    func startsWithArray() -> Bool {
        var position = start
        while true {
            while position < end {
                switch buffer[position] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
                case 0xEF where position == 0 && end >= 3 && buffer[1] == 0xBB && buffer[2] == 0xBF: position += 3
                case let byte: return byte == UInt8(ascii: "[")
                }
            }
            guard fill() else { return false }
        }
    }

    /// The file's bytes not yet handed out: the whole file when nothing has been.
    func rest() throws(TextFile.Failure) -> Data {
        while fill() {}
        if let failure { throw failure }
        return Data(buffer[start..<end])
    }

    /// Hands each line that is not blank to `body` with its number (from 1), without its line
    /// end (a "\r" before "\n" is dropped, so CRLF files read as LF ones) and without a leading
    /// byte order mark. A line that is not UTF-8 is an error at the byte that breaks it.
    func forEach(path: String, _ body: (Int, String) throws(Diagnostic) -> Void) throws(Diagnostic) {
        var number = 0
        while true {
            var newline: Int?
            while true {
                newline = buffer.withUnsafeBytes { bytes in
                    memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), end - start).map { UnsafeRawPointer($0) - bytes.baseAddress! }
                }
                if newline != nil || !fill() { break }
            }
            if let failure { throw Diagnostic("cannot read dataset '\(path)': \(failure.message)", path: path) }
            if newline == nil && start == end { return }
            number += 1
            let lineEnd = newline ?? end
            var last = lineEnd
            if last > start, buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            var first = start
            if number == 1, last - first >= 3, buffer[first] == 0xEF, buffer[first + 1] == 0xBB, buffer[first + 2] == 0xBF { first += 3 }
            start = newline.map { $0 + 1 } ?? end
            let line = buffer[first..<last]
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw Self.notUTF8(Data(line), path: path, line: number)
            }
            try body(number, text)
        }
    }

    /// The error for a line that is not UTF-8, at the byte that breaks it.
    private static func notUTF8(_ line: Data, path: String, line number: Int) -> Diagnostic {
        do {
            _ = try SourceFile(path: path, data: line)
            return Diagnostic("the file is not valid UTF-8", path: path, mark: Mark(line: number, column: 1))
        } catch {
            var shifted = error
            if let mark = error.mark { shifted.mark = Mark(line: number, column: mark.column) }
            return shifted
        }
    }

    /// Reads more of the file after what is pending, making room first; false at its end or on
    /// an error (kept in `failure`).
    private func fill() -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            buffer.replaceSubrange(0..<end - start, with: buffer[start..<end])
            end -= start
            start = 0
        }
        if end == buffer.count { buffer += Array(repeating: 0, count: buffer.count) }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + end, $0.count - end) }
            if count > 0 {
                end += count
                return true
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { failure = TextFile.Failure(message: String(cString: strerror(errno))) }
            atEnd = true
            return false
        }
    }
}
