/// Compact JSON written by hand into bytes, exactly as Foundation's `JSONEncoder` writes it
/// (no spaces, `/` escaped as `\/`, control characters as `\n`-style or lowercase `\u00xx`
/// escapes, other text as it is, a whole `Double` without `.0`): the request bodies of a large
/// run, whose bytes the response cache hashes, without the encoder's cost.
public enum CompactJSON {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the text as a JSON string literal.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x2F }
        if plain {
            out += text
        } else {
            for byte in text.utf8 {
                switch byte {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x2F: out += "\\/"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case 0..<0x20:
                    out += "\\u00"
                    out.append(digits[Int(byte >> 4)])
                    out.append(digits[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
        }
        out.append(0x22)
    }

    /// Appends the number; false, and nothing appended, for infinity and NaN, which `JSONEncoder`
    /// refuses.
    public static func appendNumber(_ number: Double, to out: inout [UInt8]) -> Bool {
        guard number.isFinite else { return false }
        let text = number.description
        out += text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        return true
    }

    /// Appends the texts as a JSON array of string literals.
    public static func appendStrings(_ texts: [String], to out: inout [UInt8]) {
        out.append(0x5B)
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendString(text, to: &out)
        }
        out.append(0x5D)
    }

    /// A JSON object written member by member: `key` opens the object or adds a comma, then
    /// writes the key; `close` ends the object (`{}` when no member was written).
    public struct Object {
        private var empty = true

        public init() {}

        /// Writes `"name":`, after `{` for the first member or `,` for the others.
        public mutating func key(_ name: String, to out: inout [UInt8]) {
            out += empty ? "{\"" : ",\""
            empty = false
            out += name
            out += "\":"
        }

        public func close(_ out: inout [UInt8]) {
            out += empty ? "{}" : "}"
        }
    }
}
