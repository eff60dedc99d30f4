import Foundation

/// A one-pass reader of the block mappings of scalars that the writer writes, straight from the
/// bytes, with no line table and no node tree.
///
/// It recognises only the writer's own layout: `# ` comment lines first, then `key: value`
/// entries indented by two spaces per level, each value plain, double-quoted with the writer's
/// escapes, a literal block, `{}`, or a nested mapping on the lines below. Whenever it returns a
/// value, the full parser reads the same text the same way; on anything else (another style, a
/// blank line, a comment further down, a character yaml-lite rejects, invalid UTF-8) it returns
/// nil, and the caller parses the text with `YAMLLite.parse`, which reads it or reports the
/// problem at its line and column.
public struct WrittenLayoutScanner {
    /// The value of one entry.
    public enum Value: Equatable, Sendable {
        case scalar(String)
        /// `key:` alone on its line: the entries of a nested mapping follow, two spaces deeper.
        case nested
        /// `key: {}`.
        case emptyMapping
    }

    /// What `next(indent:)` found.
    public enum Item: Equatable, Sendable {
        case entry(key: String, value: Value)
        /// The end of the text, or a line indented less than the mapping being read.
        case end
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Scratch bytes of the scalar being decoded.
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Runs `body` with a scanner over `data`; the scanner must not outlive the call.
    public static func scan<T>(_ data: Data, _ body: (inout WrittenLayoutScanner) -> T?) -> T? {
        data.withUnsafeBytes { raw in
            var scanner = WrittenLayoutScanner(bytes: raw.bindMemory(to: UInt8.self))
            return body(&scanner)
        }
    }

    /// Skips the `#` comment lines at the current position; false when one holds a character
    /// yaml-lite rejects.
    public mutating func skipComments() -> Bool {
        while position < bytes.count, bytes[position] == UInt8(ascii: "#") {
            guard let end = lineEnd(from: position), allowsRaw(position, end), decode(position, end) != nil else { return false }
            position = end + 1
        }
        return true
    }

    /// The next entry of the mapping whose keys are at `indent`, `.end` when it has no more, or
    /// nil when the text is not in the writer's layout.
    public mutating func next(indent: Int) -> Item? {
        if position == bytes.count { return .end }
        var spaces = 0
        while position + spaces < bytes.count, bytes[position + spaces] == UInt8(ascii: " ") { spaces += 1 }
        guard spaces <= indent else { return nil }
        if spaces < indent { return .end }
        guard let (key, afterColon) = scanKey(from: position + indent), afterColon < bytes.count else { return nil }
        if bytes[afterColon] == UInt8(ascii: "\n") {
            position = afterColon + 1
            return .entry(key: key, value: .nested)
        }
        let start = afterColon + 1
        guard bytes[afterColon] == UInt8(ascii: " "), start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            guard let (text, end) = scanDoubleQuoted(from: start), end < bytes.count, bytes[end] == UInt8(ascii: "\n") else { return nil }
            position = end + 1
            return .entry(key: key, value: .scalar(text))
        case UInt8(ascii: "|"):
            guard let text = scanLiteral(header: start, margin: indent + 2) else { return nil }
            return .entry(key: key, value: .scalar(text))
        case UInt8(ascii: "{"):
            guard start + 2 < bytes.count, bytes[start + 1] == UInt8(ascii: "}"), bytes[start + 2] == UInt8(ascii: "\n") else { return nil }
            position = start + 3
            return .entry(key: key, value: .emptyMapping)
        default:
            guard let end = lineEnd(from: start), let text = decode(start, end), Writer.isPlainSafe(text) else { return nil }
            position = end + 1
            return .entry(key: key, value: .scalar(text))
        }
    }

    // MARK: Scalars

    /// A key at `start` and the index just after its `:`, which is followed by a space or the line end.
    private mutating func scanKey(from start: Int) -> (String, Int)? {
        if bytes[start] == UInt8(ascii: "\"") {
            guard let (key, end) = scanDoubleQuoted(from: start), end < bytes.count, bytes[end] == UInt8(ascii: ":") else { return nil }
            return (key, end + 1)
        }
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            if bytes[index] == UInt8(ascii: ":"), index + 1 < bytes.count,
               bytes[index + 1] == UInt8(ascii: " ") || bytes[index + 1] == UInt8(ascii: "\n") {
                guard let key = decode(start, index), Writer.isPlainSafe(key) else { return nil }
                return (key, index + 1)
            }
            index += 1
        }
        return nil
    }

    /// A double-quoted scalar on one line, with only the escapes the writer writes, and the index
    /// after its closing quote.
    private mutating func scanDoubleQuoted(from open: Int) -> (String, Int)? {
        scratch.removeAll(keepingCapacity: true)
        var index = open + 1
        var run = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard allowsRaw(run, index) else { return nil }
                scratch.append(contentsOf: bytes[run..<index])
                guard let text = String(validating: scratch, as: UTF8.self) else { return nil }
                return (text, index + 1)
            }
            if byte == UInt8(ascii: "\\") {
                guard allowsRaw(run, index) else { return nil }
                scratch.append(contentsOf: bytes[run..<index])
                guard let after = scanEscape(at: index) else { return nil }
                index = after
                run = index
                continue
            }
            if byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// Appends the character of the escape at `backslash` to `scratch`; the index after it.
    private mutating func scanEscape(at backslash: Int) -> Int? {
        guard backslash + 1 < bytes.count else { return nil }
        switch bytes[backslash + 1] {
        case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "n"): scratch.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): scratch.append(UInt8(ascii: "\t"))
        case UInt8(ascii: "r"): scratch.append(UInt8(ascii: "\r"))
        case UInt8(ascii: "0"): scratch.append(0)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = bytes[backslash + 1] == UInt8(ascii: "u") ? 4 : 8
            guard backslash + 2 + digits <= bytes.count else { return nil }
            var value: UInt32 = 0
            for index in (backslash + 2)..<(backslash + 2 + digits) {
                guard let digit = Unicode.Scalar(bytes[index]).hexDigitValue else { return nil }
                value = value << 4 | digit
            }
            // A surrogate escape pairs with the next one in the full parser: leave it to that.
            guard !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value) else { return nil }
            scratch.append(contentsOf: UTF8.encode(scalar)!)
            return backslash + 2 + digits
        default:
            return nil
        }
        return backslash + 2
    }

    /// A literal block scalar whose `|` is at `header`, its lines at `margin`; on return the
    /// position is the line after it.
    private mutating func scanLiteral(header: Int, margin: Int) -> String? {
        var index = header + 1
        var hasDigit = false
        var chomping: UInt8 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "2") {
            hasDigit = true
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            chomping = bytes[index]
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\n") else { return nil }
        index += 1
        scratch.removeAll(keepingCapacity: true)
        var lineCount = 0
        var lastIsEmpty = false
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                guard lineCount > 0 else { return nil }
                scratch.append(UInt8(ascii: "\n"))
                lastIsEmpty = true
                lineCount += 1
                index += 1
                continue
            }
            var spaces = 0
            while index + spaces < bytes.count, spaces < margin, bytes[index + spaces] == UInt8(ascii: " ") { spaces += 1 }
            if spaces < margin { break }
            let start = index + margin
            guard let end = lineEnd(from: start), end > start, allowsRaw(start, end) else { return nil }
            // The indentation of the first line decides the block's unless a digit gives it.
            if lineCount == 0, !hasDigit, bytes[start] == UInt8(ascii: " ") { return nil }
            guard bytes[start..<end].contains(where: { $0 != UInt8(ascii: " ") }) else { return nil }
            if lineCount > 0 { scratch.append(UInt8(ascii: "\n")) }
            scratch.append(contentsOf: bytes[start..<end])
            lastIsEmpty = false
            lineCount += 1
            index = end + 1
        }
        guard lineCount > 0, chomping == UInt8(ascii: "+") || !lastIsEmpty else { return nil }
        if chomping != UInt8(ascii: "-") { scratch.append(UInt8(ascii: "\n")) }
        position = index
        return String(validating: scratch, as: UTF8.self)
    }

    // MARK: Bytes

    /// The index of the `\n` ending the line at `start`; nil at a last line without one.
    private func lineEnd(from start: Int) -> Int? {
        guard start <= bytes.count else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start...]).firstIndex(of: UInt8(ascii: "\n")).map { start + $0 }
    }

    /// The text of bytes `start..<end` when they are valid UTF-8.
    private func decode(_ start: Int, _ end: Int) -> String? {
        String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Whether bytes `start..<end` hold only characters yaml-lite allows raw (`isAllowedRaw`) and
    /// no tab (which the writer never writes raw), judged on the bytes: no control character,
    /// C1 control, byte order mark, U+FFFE or U+FFFF.
    private func allowsRaw(_ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte < 0x20 || byte == 0x7F { return false }
            } else if byte == 0xC2, index + 1 < end, (0x80...0x9F).contains(bytes[index + 1]) {
                return false
            } else if byte == 0xEF, index + 2 < end,
                      bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF || bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE {
                return false
            }
            index += 1
        }
        return true
    }
}
