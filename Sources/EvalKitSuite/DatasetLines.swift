import Foundation
import YAMLLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a dataset row is, for its errors: the dataset's path as shown, and the text a
/// diagnostic shows under its heading: a line of the file read whole, or the row's own line.
struct RowPlace {
    let path: String
    private let file: SourceFile?
    private let line: (number: Int, text: String)?

    /// A row of a file read whole.
    init(file: SourceFile) {
        path = file.path
        self.file = file
        line = nil
    }

    /// The row on line `number` of a file read a line at a time.
    init(path: String, line number: Int, text: String) {
        self.path = path
        file = nil
        line = (number, text)
    }

    func diagnostic(_ message: String, at mark: Mark?) -> Diagnostic {
        if let file { return file.diagnostic(message, at: mark) }
        return Diagnostic(message, path: path, mark: mark, sourceLine: mark?.line == line?.number ? line?.text : nil)
    }
}

/// A dataset file read a chunk at a time and split into lines, so a large JSONL file is never
/// held whole (SPEC §11).
final class DatasetLines {
    private let fd: Int32
    private var window = ReadWindow(capacity: 1 << 20)
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
        // How far past the first byte not yet consumed the look has got; reading more may move it.
        var offset = 0
        while true {
            while offset < window.pending {
                let at = window.start + offset
                switch window.buffer[at] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): offset += 1
                case 0xEF where offset == 0 && window.pending >= 3 && window.buffer[at + 1] == 0xBB && window.buffer[at + 2] == 0xBF: offset += 3
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
        return Data(window.buffer[window.start..<window.start + window.pending])
    }

    /// Hands each line that is not blank to `body` with its number (from 1), without its line
    /// end (a "\r" before "\n" is dropped, so CRLF files read as LF ones) and without a leading
    /// byte order mark. A line that is not UTF-8 is an error at the byte that breaks it.
    func forEach(path: String, _ body: (Int, String) throws(Diagnostic) -> Void) throws(Diagnostic) {
        var number = 0
        while true {
            var newline: Int?
            while true {
                let (start, pending) = (window.start, window.pending)
                newline = window.buffer.withUnsafeBytes { bytes in
                    memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), pending).map { UnsafeRawPointer($0) - bytes.baseAddress! }
                }
                if newline != nil || !fill() { break }
            }
            if let failure { throw Diagnostic("cannot read dataset '\(path)': \(failure.message)", path: path) }
            if newline == nil && window.pending == 0 { return }
            number += 1
            let lineEnd = newline ?? window.start + window.pending
            var last = lineEnd
            if last > window.start, window.buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            var first = window.start
            if number == 1, last - first >= 3, window.buffer[first..<first + 3].elementsEqual([0xEF, 0xBB, 0xBF]) { first += 3 }
            window.start = newline.map { $0 + 1 } ?? lineEnd
            let line = window.buffer[first..<last]
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
        window.compact(freeing: 1)
        while true {
            let count = window.read { free in Foundation.read(fd, free.baseAddress!, free.count) }
            if count > 0 { return true }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { failure = TextFile.Failure(message: String(cString: strerror(errno))) }
            atEnd = true
            return false
        }
    }
}
