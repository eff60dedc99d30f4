/// Report text written straight into a UTF-8 byte buffer, without building a String per piece:
/// what the spool of a large run does for every case (SPEC §11).
extension Array where Element == UInt8 {
    /// Appends the text's UTF-8 bytes.
    @inlinable
    public static func += (lhs: inout [UInt8], rhs: String) {
        let copied: Void? = rhs.utf8.withContiguousStorageIfAvailable { lhs.append(contentsOf: $0) }
        if copied == nil { lhs.append(contentsOf: rhs.utf8) }
    }

    /// Appends a literal's UTF-8 bytes, with none of a String's checks.
    @inlinable
    public mutating func append(literal: StaticString) {
        append(contentsOf: UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

/// Which text the report writers may copy as it is, with nothing to escape in any of their formats.
public enum PlainText {
    /// True when every byte is printable ASCII other than `& < > " ' \`, or a line feed or tab
    /// when `lineEnds`, or part of a UTF-8 sequence that does not start with `0xC2` (C1 controls),
    /// `0xE2` (line separators, bidirectional controls) or `0xEF` (U+FFFE, U+FFFF): such text reads
    /// the same escaped for JSON, XML and HTML, with no ANSI sequence or hidden character to handle.
    public static func isPlain(_ text: String, lineEnds: Bool) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case 0x20...0x7E: !(byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte == 0x5C)
            case 0x0A, 0x09: lineEnds
            case 0x80...0xFF: byte != 0xC2 && byte != 0xE2 && byte != 0xEF
            default: false
            }
        }
    }
}
