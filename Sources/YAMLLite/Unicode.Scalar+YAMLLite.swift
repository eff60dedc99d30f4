extension Unicode.Scalar {
    /// Whether the scalar is YAML whitespace inside a line: a space or a tab.
    var isYAMLWhitespace: Bool { self == " " || self == "\t" }

    /// Whether the scalar is one of the flow indicators `,[]{}`.
    var isFlowIndicator: Bool {
        self == "," || self == "[" || self == "]" || self == "{" || self == "}"
    }

    /// The value of the scalar as a hexadecimal digit, if it is one.
    var hexDigitValue: UInt32? {
        switch value {
        case 0x30...0x39: value - 0x30
        case 0x41...0x46: value - 0x41 + 10
        case 0x61...0x66: value - 0x61 + 10
        default: nil
        }
    }

    /// Whether the scalar may appear unescaped in yaml-lite text: YAML's printable characters
    /// without C1 controls (YAML 1.1 readers treat U+0085 as a line break) and without a BOM.
    var isAllowedRaw: Bool {
        switch value {
        case 0x09, 0x20...0x7E: true
        case 0x00...0x1F, 0x7F...0x9F, 0xFEFF, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    /// Whether the writer shows the scalar as an escape rather than raw: everything not allowed raw,
    /// tabs, line and paragraph separators, format characters (except the joiners emoji and
    /// scripts need), private-use characters and noncharacters, so a reviewer sees each of them.
    var isEscapedByWriter: Bool {
        if !isAllowedRaw || self == "\t" { return true }
        if value < 0xA0 { return false }
        if value == 0x200C || value == 0x200D { return false }
        if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE { return true }
        switch properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .control: return true
        default: return false
        }
    }

    /// The scalar as the `\uXXXX` or `\UXXXXXXXX` escape of a double-quoted string.
    var yamlEscape: String {
        let hex = String(value, radix: 16, uppercase: true)
        if value <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The scalar's code point as `U+XXXX`, for messages.
    var codePointName: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
