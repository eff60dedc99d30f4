/// XML 1.0 escaping for report text: ANSI escape sequences stripped, characters XML forbids made
/// visible, markup characters escaped by hand.
enum XMLEscaping {
    /// Text content: `&`, `<`, `>` escaped, CR kept as `&#13;` so parsers do not fold it into LF.
    static func text(_ text: String) -> String {
        var out = ""
        for scalar in clean(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An attribute value: markup characters and both quotes escaped, and tab, LF and CR as
    /// character references, which attribute-value normalisation would otherwise turn into spaces.
    static func attribute(_ text: String) -> String {
        var out = ""
        for scalar in clean(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text with ANSI escape sequences removed and every character that XML 1.0 forbids (C0
    /// controls but tab, LF and CR; U+FFFE, U+FFFF), and the C1 controls and DEL that terminals
    /// act on, written as visible `\u001B`-style text.
    static func clean(_ text: String) -> String {
        var out = ""
        for scalar in stripANSI(text).unicodeScalars {
            let value = scalar.value
            let forbidden = (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D)
                || (0x7F...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF
            if forbidden {
                let hex = String(value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text without ANSI escape sequences: CSI (`ESC [` … final byte, or 8-bit U+009B), OSC,
    /// DCS, SOS, PM and APC strings (up to BEL or ST), and the short two- and three-byte forms.
    /// An ESC that starts no complete sequence is kept, to be made visible.
    static func stripANSI(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar.value == 0x1B, i + 1 < scalars.count {
                let next = scalars[i + 1].value
                switch next {
                case 0x5B: // [
                    i = skipCSI(scalars, from: i + 2)
                    continue
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: // ] P X ^ _
                    if let end = stringEnd(scalars, from: i + 2) {
                        i = end
                        continue
                    }
                case 0x20...0x2F: // nF: intermediates then a final byte
                    var j = i + 1
                    while j < scalars.count, (0x20...0x2F).contains(scalars[j].value) { j += 1 }
                    if j < scalars.count, (0x30...0x7E).contains(scalars[j].value) {
                        i = j + 1
                        continue
                    }
                case 0x30...0x7E: // Fp, Fe, Fs: one final byte
                    i += 2
                    continue
                default:
                    break
                }
            } else if scalar.value == 0x9B {
                i = skipCSI(scalars, from: i + 1)
                continue
            } else if [0x9D, 0x90, 0x98, 0x9E, 0x9F].contains(scalar.value), let end = stringEnd(scalars, from: i + 1) {
                i = end
                continue
            }
            out.append(scalar)
            i += 1
        }
        return String(out)
    }

    /// The index after a CSI sequence's parameter, intermediate and final bytes.
    private static func skipCSI(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var j = start
        while j < scalars.count, (0x30...0x3F).contains(scalars[j].value) { j += 1 }
        while j < scalars.count, (0x20...0x2F).contains(scalars[j].value) { j += 1 }
        if j < scalars.count, (0x40...0x7E).contains(scalars[j].value) { j += 1 }
        return j
    }

    /// The index after a control string ended by BEL, `ESC \` or ST (U+009C); nil when it never
    /// ends, so an unterminated introducer hides nothing and is made visible instead.
    private static func stringEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var j = start
        while j < scalars.count {
            let value = scalars[j].value
            if value == 0x07 || value == 0x9C { return j + 1 }
            if value == 0x1B, j + 1 < scalars.count, scalars[j + 1] == "\\" { return j + 2 }
            j += 1
        }
        return nil
    }
}
